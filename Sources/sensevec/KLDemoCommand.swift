import ArgumentParser
import SenseVecCore

struct KLDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kl-demo", abstract: "Forward vs reverse KL: fitting one Gaussian to two modes.")
    func run() async throws { throw SenseVecError("'sensevec kl-demo' is not built yet") }
}
