import ArgumentParser
import SenseVecCore

struct VocabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vocab", abstract: "Count the words of a corpus.")
    func run() async throws { throw SenseVecError("'sensevec vocab' is not built yet") }
}
