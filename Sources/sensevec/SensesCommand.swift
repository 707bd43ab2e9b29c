import ArgumentParser
import SenseVecCore

struct SensesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "senses", abstract: "The senses of a word in a multi-sense model.")
    func run() async throws { throw SenseVecError("'sensevec senses' is not built yet") }
}
