import ArgumentParser
import SenseVecCore
#if SENSEVEC_EXPLORER
import Explorer
#endif

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Explore a model in the browser.")
    func run() async throws { throw SenseVecError("'sensevec serve' is not built yet") }
}
