import ArgumentParser
import SenseVecCore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Train on the embedded corpus and show everything SenseVec does.")
    func run() async throws { throw SenseVecError("'sensevec demo' is not built yet") }
}
