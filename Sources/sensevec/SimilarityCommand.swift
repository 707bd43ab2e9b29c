import ArgumentParser
import Evaluation
import Foundation
import SenseVecCore

struct SimilarityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Cosine similarity of two words.",
        discussion: "With --json: {\"words\": [W1, W2], \"similarity\": …}.")

    @Argument(help: "Word vectors (word2vec text or binary, auto-detected; or a .tsv projector pair), or a native skip-gram or subword model (a subword model scores any words, from their character n-grams).")
    var vectors: String
    @Argument(help: "The first word.") var word1: String
    @Argument(help: "The second word.") var word2: String

    @OptionGroup var jsonOption: JSONOption

    func run() async throws {
        let query = try QueryVectors.load(vectors)
        let s: Float
        if query.subwords == nil {
            s = try CosineIndex(query.vectors).similarity(word1, word2)
        } else {
            s = VectorKernels.cosine(try query.requireVector(for: word1), try query.requireVector(for: word2))
        }
        if jsonOption.json {
            print("{\"words\": [\(JSONText.quote(word1)), \(JSONText.quote(word2))], \"similarity\": \(JSONText.number(s))}")
        } else {
            print(String(format: "%.6f", s))
        }
    }
}
