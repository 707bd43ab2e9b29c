import ArgumentParser
import SenseVecCore

struct AnalogyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analogy", abstract: "Solve A is to B as C is to ?.")
    func run() async throws { throw SenseVecError("'sensevec analogy' is not built yet") }
}
