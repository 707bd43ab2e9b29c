import ArgumentParser
import SenseVecCore

struct DisambiguateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disambiguate", abstract: "The sense of a word in a context.")
    func run() async throws { throw SenseVecError("'sensevec disambiguate' is not built yet") }
}
