import Foundation
import SenseVecCore
import Senses

/// Opening a model file for `sensevec serve`, and its checksum (the key of the map cache).
public enum ModelFile {
    /// The `kind` of a SenseVec native model file (``NativeModelFile``), or nil when `path` is not one.
    public static func nativeKind(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 8 + 4 + 2 + 256))
        guard head.count >= 14, Array(head[0..<8]) == NativeModelFile.magic else { return nil }
        let length = Int(head[12]) | Int(head[13]) << 8
        guard head.count >= 14 + length else { return nil }
        return String(decoding: head[14..<(14 + length)], as: UTF8.self)
    }

    /// Loads the model at `path`: a Senses model file (native kind "senses") becomes a ``SenseExplorerModel``,
    /// anything else is read by `WordVectors.load(path:)` (word2vec text or binary, projector TSV).
    public static func load(path: String) throws -> any ExplorerModel {
        guard FileManager.default.fileExists(atPath: path) else { throw SenseVecError("no such model file: '\(path)'") }
        switch nativeKind(path: path) {
        case SenseVectors.fileKind?:
            return try SenseExplorerModel(source: SenseVectorsSource(try SenseVectors.load(path: path)))
        case let kind?:
            throw SenseVecError("'\(path)' is a SenseVec '\(kind)' file; serve reads sense models and word vectors (word2vec text or binary): export the vectors first")
        case nil:
            return WordVectorsExplorerModel(vectors: try WordVectors.load(path: path))
        }
    }

    /// A 64-bit checksum of the file's bytes (FNV-1a over 8-byte words, then the tail bytes), in hex.
    public static func checksum(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SenseVecError("cannot read '\(path)'") }
        defer { try? handle.close() }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { raw in
                let words = raw.count / 8
                for i in 0..<words {
                    hash = (hash ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* prime
                }
                for i in (words * 8)..<raw.count { hash = (hash ^ UInt64(raw[i])) &* prime }
            }
            hash = (hash ^ UInt64(chunk.count)) &* prime
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
