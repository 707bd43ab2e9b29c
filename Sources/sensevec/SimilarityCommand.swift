import ArgumentParser
import SenseVecCore

struct SimilarityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "similarity", abstract: "Cosine similarity of two words.")
    func run() async throws { throw SenseVecError("'sensevec similarity' is not built yet") }
}
