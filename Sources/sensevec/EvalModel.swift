import Evaluation
import Foundation
import SenseVecCore

/// A model given to `sensevec eval`: plain word vectors (word2vec text/binary, TSV pair) or a multi-sense
/// model (native file of kind "senses"). Word vectors are also usable as a one-sense-per-word model.
struct EvalModel {
    let path: String
    let vectors: WordVectors?
    let senses: any SenseModel
    /// A subword model (native kind "subword"): `vectors` are its vocabulary's composed vectors, and it gives
    /// vectors to out-of-vocabulary words.
    var subwords: SubwordVectors? = nil

    /// A short name for tables: the file name.
    var name: String { (path as NSString).lastPathComponent }
    var isSenseModel: Bool { vectors == nil }

    static func load(_ path: String) throws -> EvalModel {
        switch try ModelFile.open(path: path) {
        case .senses(let s): return EvalModel(path: path, vectors: nil, senses: s)
        case .wordVectors(let v), .skipGram(let v): return EvalModel(path: path, vectors: v, senses: SingleSenseModel(v))
        case .subwords(let s):
            let v = try s.wordVectors()
            return EvalModel(path: path, vectors: v, senses: SingleSenseModel(v), subwords: s)
        }
    }
}
