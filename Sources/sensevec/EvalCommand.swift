import ArgumentParser
import SenseVecCore

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate vectors on standard benchmarks.")
    func run() async throws { throw SenseVecError("'sensevec eval' is not built yet") }
}
