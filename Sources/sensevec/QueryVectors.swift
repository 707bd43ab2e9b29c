import Foundation
import SenseVecCore

/// The vectors a query command answers from: a word-vectors file, or a native model. A subword model
/// (kind "subword") indexes its vocabulary words' composed vectors and gives a vector to any other string
/// from its character n-grams, so `neighbors`, `similarity`, `analogy`, `vectors` and `eval similarity`
/// accept out-of-vocabulary words with it.
struct QueryVectors {
    let vectors: WordVectors
    let subwords: SubwordVectors?

    static func load(_ path: String, limit: Int? = nil) throws -> QueryVectors {
        switch try ModelFile.open(path: path, limit: limit) {
        case .wordVectors(let v): return QueryVectors(vectors: v, subwords: nil)
        case .subwords(let s):
            let all = try s.wordVectors()
            return QueryVectors(vectors: limit.map { all.prefix($0) } ?? all, subwords: s)
        case .skipGram(let v): return QueryVectors(vectors: limit.map { v.prefix($0) } ?? v, subwords: nil)
        case .senses: throw SenseVecError("'\(path)' is a sense model; this command needs word vectors, a skip-gram model or a subword model (export the senses with `train --senses --output`)")
        }

    }

    /// The vector of `word`: its row when indexed, else (subword models) the mean of its n-gram rows; nil when
    /// the word is unknown (or has no n-gram).
    func vector(for word: String) -> [Float]? {
        if let i = vectors.index(of: word) { return vectors.vector(at: i) }
        guard let subwords, !subwords.inputRows(of: word).isEmpty else { return nil }
        return subwords.vector(for: word)
    }

    /// `vector(for:)` or an error naming the word.
    func requireVector(for word: String) throws -> [Float] {
        guard let v = vector(for: word) else {
            throw SenseVecError(subwords == nil ? "unknown word '\(word)'" : "'\(word)' has no character n-grams in this model")
        }
        return v
    }
}
