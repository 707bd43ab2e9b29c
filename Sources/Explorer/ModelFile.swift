import Foundation
import SenseVecCore

extension ModelFile {
    /// Opens the model at `path` (any kind ``ModelFile/open(path:limit:)`` reads) for the explorer: a sense model
    /// becomes a ``SenseExplorerModel``, word vectors and a skip-gram or subword model's (vocabulary) vectors a ``WordVectorsExplorerModel``.
    public static func explorerModel(path: String) throws -> any ExplorerModel {
        switch try open(path: path) {
        case .senses(let s): return try SenseExplorerModel(source: SenseVectorsSource(s))
        case .wordVectors(let v), .skipGram(let v): return WordVectorsExplorerModel(vectors: v)
        case .subwords(let s): return WordVectorsExplorerModel(vectors: try s.wordVectors())
        }
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
