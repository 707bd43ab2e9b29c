import ArgumentParser
import Foundation
import SenseVecCore

struct SimilarityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Cosine similarity of two words.",
        discussion: "With --json: {\"words\": [W1, W2], \"similarity\": …}.")

    @Argument(help: "Word vectors (word2vec text or binary, auto-detected; or a .tsv projector pair).")
    var vectors: String
    @Argument(help: "The first word.") var word1: String
    @Argument(help: "The second word.") var word2: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let wv = try WordVectors.load(path: vectors)
        let index = CosineIndex(wv)
        let s = try index.similarity(word1, word2)
        if json {
            print("{\"words\": [\(JSONText.quote(word1)), \(JSONText.quote(word2))], \"similarity\": \(JSONText.number(s))}")
        } else {
            print(String(format: "%.6f", s))
        }
    }
}
