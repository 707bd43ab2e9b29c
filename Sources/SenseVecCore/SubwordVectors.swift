/// Trained subword vectors (Bojanowski et al. 2017, "Enriching Word Vectors with Subword Information";
/// fastText's unsupervised models): the vocabulary, the character n-gram settings (``CharacterNgrams``) and the
/// input rows, read from a native file of kind `subword` (written by the subword trainer) — what queries,
/// evaluation and the explorer use. The output layer and the training progress in the same file are the trainer's
/// business and are not loaded.
///
/// **The vector of a string** is the mean of its input rows,
///
///     h(s) = (1/n) Σ_{i=1…n} x_{r_i},
///
/// the rows r_i being its own row (vocabulary words only), then one row per character n-gram (a repeated bucket
/// counts once per n-gram). fastText (`getWordVector`) does the same; the paper writes the sum. A string with no
/// n-gram (the empty string with minn ≥ 3) has the zero vector.
///
/// **Only the buckets in use have rows** (``SubwordRowTable``): training reads and writes only the buckets of the
/// vocabulary's n-grams, so any other bucket would keep its initial value for ever. Those buckets have no row; an
/// n-gram of an unseen string that falls into one counts as a zero row. This is fastText's arithmetic with untrained
/// buckets at zero (fastText's own initialization leaves most of them zero: with t threads it fills only the first
/// t of ten blocks of the matrix).
public final class SubwordVectors: @unchecked Sendable {
    /// The native kind of a subword model file.
    public static let fileKind = "subword"
    /// The name of the n-gram hash stored in the file (checked on load).
    public static let hashName = "fnv1a32-signed-bytes"

    /// The vocabulary, the n-gram settings and which row each word and n-gram uses.
    public let table: SubwordRowTable
    public let dimension: Int
    /// Rows 0..<words the words' own rows, then the stored n-gram rows, then one zero row (``SubwordRowTable``);
    /// row r starts at `base + r * stride`, `stride` a multiple of 8 with zero padding (``SubwordInput``'s layout).
    /// Never written while these vectors exist.
    let base: UnsafePointer<Float>
    let stride: Int
    /// Keeps the rows' memory alive.
    let owner: AnyObject

    public var ngrams: CharacterNgrams { table.ngrams }
    public var vocabulary: Vocabulary { table.vocabulary }
    public var words: [String] { table.vocabulary.words }
    /// The words' corpus counts.
    public var counts: [Int] { table.vocabulary.counts }

    /// Vectors over rows in memory owned by `owner` (a trainer's weights, say), not copied: `table.rowCount` rows of
    /// `stride` floats (a multiple of 8, zero-padded), the last one zero. The caller must not write them while the
    /// vectors are in use.
    public init(dimension: Int, rows: UnsafePointer<Float>, stride: Int, keeping owner: AnyObject,
                table: SubwordRowTable) throws {
        guard dimension >= 1, stride >= dimension, stride % 8 == 0 else {
            throw SenseVecError("subword vectors: dimension \(dimension) does not fit rows of \(stride) floats")
        }
        self.dimension = dimension
        self.base = rows
        self.stride = stride
        self.owner = owner
        self.table = table
    }

    /// Memory owned by a ``SubwordVectors`` read from a file (zeroed).
    final class FloatBuffer {
        let pointer: UnsafeMutablePointer<Float>
        init(count: Int) {
            pointer = .allocate(capacity: max(1, count))
            pointer.initialize(repeating: 0, count: max(1, count))
        }
        deinit { pointer.deallocate() }
    }

    /// fastText's ids of the rows of `word` (what `print-ngrams` and `get_subwords` report): its vocabulary index
    /// when it is a vocabulary word, then `words + bucket` for each n-gram.
    public func ngramIDs(of word: String) -> [Int] { table.ngramIDs(of: word) }

    /// The rows whose mean is the vector of `word` (see ``SubwordRowTable/inputRows(of:)``).
    public func inputRows(of word: String) -> [Int] { table.inputRows(of: word) }

    /// The vector of any string: the mean of its input rows (``SubwordInput/mean(_:rows:count:stride:into:)``);
    /// zero when it has none.
    public func vector(for word: String) -> [Float] {
        let rows = inputRows(of: word).map(Int32.init)
        var hidden = [Float](repeating: 0, count: stride)
        rows.withUnsafeBufferPointer { r in
            hidden.withUnsafeMutableBufferPointer { h in
                SubwordInput.mean(base, rows: r.baseAddress!, count: r.count, stride: stride, into: h.baseAddress!)
            }
        }
        return Array(hidden[0..<dimension])
    }

    /// The composed vectors of the vocabulary words, in vocabulary order (what `train --output` writes, as
    /// fastText's `.vec` file).
    public func wordVectors() throws -> WordVectors {
        let d = dimension, n = vocabulary.count
        var values = [Float](repeating: 0, count: n * d)
        var hidden = [Float](repeating: 0, count: stride)
        table.rowIndices.withUnsafeBufferPointer { idx in
            hidden.withUnsafeMutableBufferPointer { h in
                values.withUnsafeMutableBufferPointer { out in
                    for w in 0..<n {
                        let o = table.rowOffsets[w]
                        SubwordInput.mean(base, rows: idx.baseAddress! + o, count: table.rowOffsets[w + 1] - o,
                                          stride: stride, into: h.baseAddress!)
                        (out.baseAddress! + w * d).update(from: h.baseAddress!, count: d)
                    }
                }
            }
        }
        return try WordVectors(words: words, dimension: d, values: values)
    }

    // MARK: - Native file

    /// The sections a subword model file adds to a skip-gram model's: `subwords` (UInt32 minn, UInt32 maxn, UInt64
    /// buckets, the hash's name) and `ngram-buckets` (UInt64 count, then the bucket of each stored n-gram row as
    /// UInt32, in row order).
    public static func setSections(ngrams: CharacterNgrams, storedBuckets: [Int32], in file: inout NativeModelFile) {
        file.set("subwords") { w in
            w.append(UInt32(ngrams.minLength)); w.append(UInt32(ngrams.maxLength)); w.append(UInt64(ngrams.buckets))
            w.append(string: hashName)
        }
        file.set("ngram-buckets") { w in
            w.append(UInt64(storedBuckets.count))
            for b in storedBuckets { w.append(UInt32(b)) }
        }
    }

    /// Reads the sections of ``setSections(ngrams:storedBuckets:in:)`` and builds the row table over the
    /// vocabulary. A file without `ngram-buckets` stores every bucket.
    public static func readTable(_ file: NativeModelFile, vocabulary: Vocabulary, check: ModelFieldCheck) throws -> SubwordRowTable {
        var s = try file.reader("subwords")
        let minn = Int(try s.read(UInt32.self)), maxn = Int(try s.read(UInt32.self)), buckets = try s.readCount()
        guard try s.readString() == hashName else { throw check.invalid("unknown n-gram hash") }
        let ngrams: CharacterNgrams
        do { ngrams = try CharacterNgrams(minLength: minn, maxLength: maxn, buckets: buckets) } catch { throw check.invalid("\(error)") }
        var stored: [Int32]
        if file.hasSection("ngram-buckets") {
            var r = try file.reader("ngram-buckets")
            let count = try r.readCount()
            guard count <= buckets, r.remaining == count * 4 else { throw check.invalid("n-gram bucket list size") }
            stored = []
            stored.reserveCapacity(count)
            var seen = [Bool](repeating: false, count: buckets)
            for _ in 0..<count {
                let b = Int(try r.read(UInt32.self))
                guard b < buckets, !seen[b] else { throw check.invalid("n-gram bucket list") }
                seen[b] = true
                stored.append(Int32(b))
            }
        } else {
            stored = (0..<buckets).map { Int32($0) }
        }
        do { return try SubwordRowTable(ngrams: ngrams, vocabulary: vocabulary, storedBuckets: stored) } catch { throw check.invalid("\(error)") }
    }

    /// Reads the vectors of a subword model file.
    public static func load(path: String) throws -> SubwordVectors {
        let file = try NativeModelFile.read(path: path, expectedKind: fileKind)
        let check = ModelFieldCheck(path: path, kind: fileKind)
        let dimension = try SkipGramSettingsSection(file, check: check).dimension
        let (words, counts) = try file.vocabularySection(path: path)
        let vocabulary: Vocabulary
        do { vocabulary = try Vocabulary(words: words, counts: counts) } catch { throw check.invalid("\(error)") }
        let table = try readTable(file, vocabulary: vocabulary, check: check)
        let stride = (dimension + 7) / 8 * 8
        let buffer = FloatBuffer(count: table.rowCount * stride)   // zeroed: padding and the zero row
        try file.readRows("input", rows: table.rowCount - 1, dimension: dimension, into: buffer.pointer, stride: stride,
                          check: check)
        return try SubwordVectors(dimension: dimension, rows: buffer.pointer, stride: stride, keeping: buffer, table: table)
    }
}

/// Which input row each word and n-gram of a subword model uses: rows 0..<words are the vocabulary's words, row
/// `words + i` the n-gram bucket `storedBuckets[i]`, and row `words + storedBuckets.count` (``zeroRow``) the zero row
/// that stands for every bucket no vocabulary word uses. Shared by the trainer (``rows(ofWord:)`` are its update
/// lists) and by ``SubwordVectors``.
public struct SubwordRowTable: Sendable {
    public let ngrams: CharacterNgrams
    /// The bucket of each stored n-gram row, in row order.
    public let storedBuckets: [Int32]
    /// The input row of each bucket: its stored row, or ``zeroRow``.
    let bucketRows: [Int32]
    /// The words whose rows come first.
    public let vocabulary: Vocabulary
    /// The input rows of vocabulary word w are `rowIndices[rowOffsets[w] ..< rowOffsets[w + 1]]`: its own row
    /// first, then its n-gram rows.
    public let rowOffsets: [Int]
    public let rowIndices: [Int32]
    /// The most input rows of one vocabulary word.
    public let maxRowsPerWord: Int
    /// How far h of vocabulary word w moves per unit of step added to each of its rows: (1/n) Σ_k m_k, m_k the
    /// number of times row k appears in its list (1 when no bucket repeats).
    public let rowGains: [Float]

    /// The row of the buckets no vocabulary word uses.
    public var zeroRow: Int { vocabulary.count + storedBuckets.count }
    /// Rows including the zero row.
    public var rowCount: Int { zeroRow + 1 }

    /// Throws when a vocabulary word's n-gram has no stored row, or there are more rows than Int32 holds.
    public init(ngrams: CharacterNgrams, vocabulary: Vocabulary, storedBuckets: [Int32]) throws {
        let V = vocabulary.count
        guard V + storedBuckets.count < Int(Int32.max) else { throw SenseVecError("too many words and buckets") }
        self.ngrams = ngrams
        self.storedBuckets = storedBuckets
        var rows = [Int32](repeating: Int32(V + storedBuckets.count), count: ngrams.buckets)
        for (i, b) in storedBuckets.enumerated() { rows[Int(b)] = Int32(V + i) }
        bucketRows = rows
        self.vocabulary = vocabulary
        var offsets = [0], indices: [Int32] = [], gains: [Float] = []
        offsets.reserveCapacity(V + 1)
        indices.reserveCapacity(V * 16)
        gains.reserveCapacity(V)
        var most = 0
        for (w, word) in vocabulary.words.enumerated() {
            indices.append(Int32(w))
            for b in ngrams.bucketIndices(of: word) {
                let r = rows[b]
                guard Int(r) < V + storedBuckets.count else {
                    throw SenseVecError("an n-gram of '\(EscapedText.printable(word))' has no stored row")
                }
                indices.append(r)
            }
            let list = indices[offsets[w]...]
            var moves = 0
            for r in list { moves += list.reduce(0) { $0 + ($1 == r ? 1 : 0) } }
            gains.append(Float(moves) / Float(list.count))
            most = max(most, list.count)
            offsets.append(indices.count)
        }
        rowOffsets = offsets
        rowIndices = indices
        maxRowsPerWord = most
        rowGains = gains
    }

    /// The buckets the n-grams of `words` fall into, each once, in order of first use (words in the given order,
    /// n-grams in fastText's order): the n-gram rows a model over these words stores.
    public static func bucketsInUse(ngrams: CharacterNgrams, words: [String]) -> [Int32] {
        var seen = [Bool](repeating: false, count: ngrams.buckets)
        var out: [Int32] = []
        for word in words {
            for b in ngrams.bucketIndices(of: word) where !seen[b] { seen[b] = true; out.append(Int32(b)) }
        }
        return out
    }

    /// The rows of vocabulary word `w`.
    public func rows(ofWord w: Int) -> [Int] { rowIndices[rowOffsets[w] ..< rowOffsets[w + 1]].map(Int.init) }

    /// The input rows whose mean is the vector of `word`: its own row when it is in the vocabulary, then one row
    /// per character n-gram (``zeroRow`` for a bucket no vocabulary word uses).
    public func inputRows(of word: String) -> [Int] {
        if let w = vocabulary.index(of: word) { return rows(ofWord: w) }
        return ngrams.bucketIndices(of: word).map { Int(bucketRows[$0]) }
    }

    /// fastText's ids: the vocabulary index of `word` (if any), then `words + bucket` per n-gram.
    public func ngramIDs(of word: String) -> [Int] {
        let grams = ngrams.bucketIndices(of: word).map { vocabulary.count + $0 }
        if let w = vocabulary.index(of: word) { return [w] + grams }
        return grams
    }
}
