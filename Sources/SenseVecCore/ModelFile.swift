import Foundation

/// A trained model as read from a file: what every consumer (queries, evaluation, projection, the explorer, the
/// command line) works with, whatever trainer wrote it.
public enum TrainedModel: Sendable {
    /// Plain word vectors: word2vec text or binary, or a TensorBoard projector TSV pair.
    case wordVectors(WordVectors)
    /// The input vectors (the word vectors) of a native skip-gram model file (kind `skipgram`); the rest of the
    /// training state (output layer, progress) is the trainer's business and is not loaded.
    case skipGram(WordVectors)
    /// A multi-sense model (native kind `senses`).
    case senses(SenseVectors)
    /// A subword model (native kind `subword`): vectors for its vocabulary and for any other string from its
    /// character n-grams.
    case subwords(SubwordVectors)

    /// The model's rows as word vectors: one per word, or, for a sense model, one per active sense (`word#k`, see
    /// ``SenseVectors/flattenedVectors()``).
    public func vectors() throws -> WordVectors {
        switch self {
        case .wordVectors(let v), .skipGram(let v): return v
        case .senses(let s): return try s.flattenedVectors()
        case .subwords(let s): return try s.wordVectors()
        }
    }

    /// The sense model, or nil for word vectors.
    public var senseVectors: SenseVectors? {
        if case .senses(let s) = self { return s }
        return nil
    }
}

/// Opens every kind of model file SenseVec reads, by looking at its first bytes: a native container
/// (``NativeModelFile``, of kind `skipgram`, `subword` or `senses`) or word vectors in any ``WordVectorsFormat``.
/// This is the one place model files are recognised; a file of another native kind (a checkpoint, say) is
/// refused with a message that names its kind.
public enum ModelFile {
    /// The native kind of a skip-gram model file.
    public static let skipGramKind = "skipgram"
    /// The native kind of a sense model file (``SenseVectors/fileKind``).
    public static let sensesKind = SenseVectors.fileKind
    /// The native kind of a subword model file (``SubwordVectors/fileKind``).
    public static let subwordKind = SubwordVectors.fileKind

    /// The `kind` of a SenseVec native model file, or nil when `path` is not one (or cannot be read).
    public static func nativeKind(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 8 + 4 + 2 + 256)) ?? Data())
        guard head.count >= 14, Array(head[0..<8]) == NativeModelFile.magic else { return nil }
        let length = Int(head[12]) | Int(head[13]) << 8
        guard head.count >= 14 + length else { return nil }
        return String(decoding: head[14..<(14 + length)], as: UTF8.self)
    }

    /// Whether the file at `path` starts with the native container's magic number.
    static func hasNativeMagic(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: NativeModelFile.magic.count)) ?? Data()) == NativeModelFile.magic
    }

    /// Reads the model at `path`.
    ///
    /// - Parameter limit: for word2vec files, read only the first `limit` words (the most frequent); native
    ///   files are always read whole.
    public static func open(path: String, limit: Int? = nil) throws -> TrainedModel {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SenseVecError("no such model file: '\(path)'")
        }
        if isFolder.boolValue { throw SenseVecError("'\(path)' is a folder where a model file was expected") }
        // The first bytes are read to recognise the kind, then the file is opened again: only a regular file will do.
        try InputFile.requireFinite(path, sequential: false)
        guard FileManager.default.isReadableFile(atPath: path) else { throw SenseVecError("cannot read model '\(path)'") }
        switch nativeKind(path: path) {
        case sensesKind?:
            return .senses(try SenseVectors.load(path: path))
        case subwordKind?:
            return .subwords(try SubwordVectors.load(path: path))
        case skipGramKind?:
            return .skipGram(try skipGramWordVectors(try NativeModelFile.read(path: path, expectedKind: skipGramKind), path: path))
        case let kind?:
            throw SenseVecError("'\(path)' is a SenseVec '\(EscapedText.printable(kind))' file, not a model: models are word vectors (word2vec text or binary, projector TSV), skip-gram, subword and sense models")
        case nil:
            if hasNativeMagic(path: path) {
                // A native file whose kind cannot be read: the container's checks name what is wrong with it.
                let file = try NativeModelFile.read(path: path)
                throw SenseVecError("'\(path)' is a SenseVec '\(EscapedText.printable(file.kind))' file, not a model")
            }
            return .wordVectors(try WordVectors.load(path: path, limit: limit))
        }
    }

    /// The word vectors (input rows) of a native skip-gram model, after every field of its `settings` section is
    /// checked (``SkipGramSettingsSection``): the dimension is that section's, the words those of its `vocabulary`
    /// section.
    public static func skipGramWordVectors(_ file: NativeModelFile, path: String = "model") throws -> WordVectors {
        let dimension = try SkipGramSettingsSection(file, check: ModelFieldCheck(path: path, kind: "skip-gram")).dimension
        let (words, _) = try file.vocabularySection(path: path)
        let values = try file.matrixSection("input", rows: words.count, dimension: dimension, path: path)
        return try WordVectors(words: words, dimension: dimension, values: values)
    }

    /// A 64-bit checksum of the file's bytes (FNV-1a over 8-byte words, then the tail bytes), in hex: the key under
    /// which derived data (the explorer's map) is cached.
    public static func checksum(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SenseVecError("cannot read '\(path)'") }
        defer { try? handle.close() }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        while true {
            let chunk = (try? handle.read(upToCount: 1 << 20)) ?? Data()
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
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}

extension NativeModelFile {
    /// The `vocabulary` section of a model file: a UInt64 count, then each word (length-prefixed UTF-8) with its
    /// UInt64 corpus count, most frequent first. The counts must sum to at most 2⁶² (the Huffman tree adds them).
    public func vocabularySection(path: String = "model") throws -> (words: [String], counts: [Int]) {
        let check = ModelFieldCheck(path: path, kind: kind)
        var v = try reader("vocabulary")
        let size = try v.read(UInt64.self)
        guard size >= 1, size <= UInt64(v.remaining / 12) else { throw check.invalid("vocabulary size \(size)") }
        let n = Int(size)
        var words: [String] = [], counts: [Int] = []
        words.reserveCapacity(n); counts.reserveCapacity(n)
        var total = 0
        for _ in 0..<n {
            words.append(try v.readString())
            let c = try check.integer("the count of '\(EscapedText.printable(words[words.count - 1]))'", try v.read(UInt64.self), in: 0...(1 << 62))
            total += c
            try check.require(total <= 1 << 62, "the total word count", "above 2^62", "at most 2^62")
            counts.append(c)
        }
        return (words, counts)
    }

    /// A section holding exactly `rows` × `dimension` finite Float32 values, row-major.
    /// A matrix section written as a UInt64 row count and then `rows × dimension` little-endian floats (the subword
    /// model's layout), read straight into `rows` rows of `stride` floats at `base` (padding untouched). A wrong size
    /// or a non-finite value is refused through `check`.
    public func readRows(_ name: String, rows: Int, dimension: Int, into base: UnsafeMutablePointer<Float>, stride: Int,
                         check: ModelFieldCheck) throws {
        var r = try reader(name)
        guard try r.readCount() == rows, r.remaining == rows * dimension * 4 else { throw check.invalid("\(name) matrix size") }
        let start = r.offset
        var finite = true
        r.bytes.withUnsafeBytes { raw in
            for i in 0..<rows {
                let row = base + i * stride
                for j in 0..<dimension {
                    let v = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + (i * dimension + j) * 4, as: UInt32.self)))
                    if !v.isFinite { finite = false }
                    row[j] = v
                }
            }
        }
        guard finite else { throw check.invalid("non-finite weights") }
    }

    public func matrixSection(_ name: String, rows: Int, dimension: Int, path: String = "model") throws -> [Float] {
        var r = try reader(name)
        guard dimension >= 1, r.remaining == rows * dimension * 4 else {
            throw SenseVecError("'\(path)': invalid \(kind) model (\(name) matrix has \(r.remaining) bytes, expected \(rows * dimension * 4))")
        }
        let values = try r.readFloats(rows * dimension)
        guard values.allSatisfy(\.isFinite) else {
            throw SenseVecError("'\(path)': invalid \(kind) model (non-finite values in \(name))")
        }
        return values
    }
}
