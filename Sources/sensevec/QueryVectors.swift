import Foundation
import SenseVecCore
import SkipGram

/// The vectors a query command answers from: a word-vectors file, or a native model. A subword model
/// (kind "subword") indexes its vocabulary words' composed vectors and gives a vector to any other string
/// from its character n-grams, so `neighbors`, `similarity`, `analogy`, `vectors` and `eval similarity`
/// accept out-of-vocabulary words with it.
struct QueryVectors {
    let vectors: WordVectors
    let subwords: SubwordModel?

    static func load(_ path: String, limit: Int? = nil) throws -> QueryVectors {
        if try EvalModel.isNativeFile(path) {
            let file = try NativeModelFile.read(path: path)
            switch file.kind {
            case SubwordModel.modelKind:
                let model = try SubwordModel.load(file, path: path)
                let all = try model.wordVectors()
                return QueryVectors(vectors: limit.map { all.prefix($0) } ?? all, subwords: model)
            case SkipGramModule.modelKind:
                let all = try SkipGramModel.load(file, path: path).wordVectors()
                return QueryVectors(vectors: limit.map { all.prefix($0) } ?? all, subwords: nil)
            default:
                throw SenseVecError("'\(path)' holds a '\(file.kind)' model; this command needs word vectors, a skip-gram model or a subword model")
            }
        }
        return QueryVectors(vectors: try WordVectors.load(path: path, limit: limit), subwords: nil)
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

    /// Cosine similarity of two vectors (0 when one is zero).
    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var ab: Float = 0, aa: Float = 0, bb: Float = 0
        for j in 0..<min(a.count, b.count) { ab += a[j] * b[j]; aa += a[j] * a[j]; bb += b[j] * b[j] }
        return aa > 0 && bb > 0 ? ab / (aa.squareRoot() * bb.squareRoot()) : 0
    }
}
