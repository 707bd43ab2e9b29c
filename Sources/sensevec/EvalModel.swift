import Evaluation
import Foundation
import SenseVecCore
import Senses
import SkipGram

/// A model given to `sensevec eval`: plain word vectors (word2vec text/binary, TSV pair) or a multi-sense
/// model (native file of kind "senses"). Word vectors are also usable as a one-sense-per-word model.
struct EvalModel {
    let path: String
    let vectors: WordVectors?
    let senses: any SenseModel
    /// A subword model (native kind "subword"): `vectors` are its vocabulary's composed vectors, and it gives
    /// vectors to out-of-vocabulary words.
    var subwords: SubwordModel? = nil

    /// A short name for tables: the file name.
    var name: String { (path as NSString).lastPathComponent }
    var isSenseModel: Bool { vectors == nil }

    static func load(_ path: String) throws -> EvalModel {
        if try isNativeFile(path) {
            if try nativeKind(path) == SubwordModel.modelKind || nativeKind(path) == SkipGramModule.modelKind {
                let q = try QueryVectors.load(path)
                return EvalModel(path: path, vectors: q.vectors, senses: SingleSenseModel(q.vectors), subwords: q.subwords)
            }
            return EvalModel(path: path, vectors: nil, senses: try loadSenseModel(path))
        }
        let v = try loadWordVectors(path)
        return EvalModel(path: path, vectors: v, senses: SingleSenseModel(v))
    }

    /// True when the file starts with the native container's magic bytes.
    static func isNativeFile(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                throw SenseVecError("'\(path)' is a folder where a model file was expected")
            }
            throw SenseVecError("cannot read model '\(path)': no such file or not readable")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: NativeModelFile.magic.count)) ?? Data()
        return Array(head) == NativeModelFile.magic
    }

    /// The kind named in a native file's header (without reading the rest of the file).
    static func nativeKind(_ path: String) throws -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = Array((try? handle.read(upToCount: NativeModelFile.magic.count + 6 + 64)) ?? Data())
        let base = NativeModelFile.magic.count + 4
        guard head.count >= base + 2 else { return nil }
        let length = Int(head[base]) | Int(head[base + 1]) << 8
        guard head.count >= base + 2 + length else { return nil }
        return String(decoding: head[(base + 2)..<(base + 2 + length)], as: UTF8.self)
    }

    static func loadSenseModel(_ path: String) throws -> any SenseModel {
        try SenseVectors.load(path: path)
    }

    static func loadWordVectors(_ path: String) throws -> WordVectors {
        try WordVectors.load(path: path)
    }
}
