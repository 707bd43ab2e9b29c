import SenseVecCore

/// A subword skip-gram/CBOW model (Bojanowski et al. 2017, "Enriching Word Vectors with Subword
/// Information"; fastText's unsupervised models): vocabulary, settings, the input matrix (one row per
/// vocabulary word, then one per n-gram hash bucket that a vocabulary word uses, then one zero row), the output
/// matrix, and the training progress. Saved (streamed) as a ``NativeModelFile`` of kind "subword" with the
/// skip-gram model's sections (`settings`, `vocabulary`, `input`, `output`, `progress`) plus `subwords` (minn,
/// maxn, buckets and the hash's name) and `ngram-buckets` (the bucket of each stored n-gram row).
///
/// **Only the buckets in use have rows.** Training reads and writes only the buckets of the vocabulary's
/// n-grams; any other bucket keeps its initial value for ever. Those buckets get no row: an n-gram of an unseen
/// string that falls into one counts as the zero row (`zeroRow`). This is fastText's arithmetic with untrained
/// buckets initialized to zero (fastText's own initialization leaves most of them zero: with t threads it fills
/// only the first t of ten blocks of the matrix), and it cuts the matrix to the buckets the vocabulary reaches:
/// 1 − e^(−g/B) of B buckets for g distinct n-grams. Rows of buckets are ordered by their first use in vocabulary
/// (frequency) order, so the n-grams of frequent words lie together in memory.
///
/// The vector of any string is the mean of its input rows (``SubwordInput``): for a vocabulary word its
/// own row and its n-gram rows; for any other string its n-gram rows only (the zero vector when it has
/// none, e.g. the empty string with minn ≥ 3), as fastText's `getWordVector`.
public final class SubwordModel {
    public static let modelKind = "subword"
    /// The name of the n-gram hash stored in the file (checked on load).
    public static let hashName = "fnv1a32-signed-bytes"

    public let configuration: SkipGramConfiguration
    public let ngrams: CharacterNgrams
    public let vocabulary: Vocabulary
    /// Input rows `0..<words` are the words' own rows, rows `words + i` the n-gram bucket `storedBuckets[i]`,
    /// and the last row (``zeroRow``) stays zero.
    public let weights: SharedWeights
    public var progress: TrainingProgress
    /// The Huffman tree (hierarchical softmax only).
    public let tree: HuffmanTree?
    /// The bucket of each stored n-gram row, in row order (row `words + i` holds bucket `storedBuckets[i]`).
    public let storedBuckets: [Int32]
    /// The input row of each bucket: its stored row, or ``zeroRow`` for a bucket no vocabulary word uses.
    let bucketRows: [Int32]
    /// The row that stands for an untrained bucket; it is never written.
    public var zeroRow: Int { vocabulary.count + storedBuckets.count }
    /// The input rows of vocabulary word w are `rowIndices[rowOffsets[w] ..< rowOffsets[w + 1]]`: its own row
    /// first, then its n-gram rows.
    let rowOffsets: [Int]
    let rowIndices: [Int32]
    /// The most input rows of one vocabulary word.
    let maxRowsPerWord: Int
    /// How far h of vocabulary word w moves per unit of step added to each of its rows: (1/n) Σ_k m_k, m_k the
    /// number of times row k appears in its list (1 when no bucket repeats).
    let rowGains: [Float]

    /// A fresh model: every stored input row (words and the buckets they use) initialized as word2vec does
    /// (uniform in ±0.5/d, from `seed`), output rows zero.
    public convenience init(configuration: SkipGramConfiguration, ngrams: CharacterNgrams, vocabulary: Vocabulary) throws {
        try configuration.validate()
        guard vocabulary.count > 0 else { throw SenseVecError("the vocabulary is empty") }
        let stored = Self.bucketsInUse(ngrams: ngrams, vocabulary: vocabulary)
        guard vocabulary.count + stored.count < Int(Int32.max) else { throw SenseVecError("too many words and buckets") }
        let tree = configuration.outputLayer == .hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        let weights = try SharedWeights(dimension: configuration.dimension, inputRows: vocabulary.count + stored.count + 1,
                                        outputRows: tree?.innerNodeCount ?? vocabulary.count)
        var rng = SenseRandom(seed: configuration.seed, stream: 0xFFFF_FFFF)
        weights.initializeInput(rng: &rng)
        weights.inputRow(vocabulary.count + stored.count).update(repeating: 0, count: weights.stride)
        try self.init(configuration: configuration, ngrams: ngrams, vocabulary: vocabulary, storedBuckets: stored,
                      weights: weights, progress: TrainingProgress())
    }

    /// `weights` must hold `words + storedBuckets.count + 1` input rows, the last one zero. Throws when a
    /// vocabulary word's n-gram has no stored row.
    init(configuration: SkipGramConfiguration, ngrams: CharacterNgrams, vocabulary: Vocabulary, storedBuckets: [Int32],
         weights: SharedWeights, progress: TrainingProgress) throws {
        self.configuration = configuration
        self.ngrams = ngrams
        self.vocabulary = vocabulary
        self.weights = weights
        self.progress = progress
        self.tree = configuration.outputLayer == .hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        self.storedBuckets = storedBuckets
        let V = vocabulary.count
        precondition(weights.inputRows == V + storedBuckets.count + 1)
        var rows = [Int32](repeating: Int32(V + storedBuckets.count), count: ngrams.buckets)
        for (i, b) in storedBuckets.enumerated() { rows[Int(b)] = Int32(V + i) }
        bucketRows = rows
        var offsets = [0], indices: [Int32] = []
        offsets.reserveCapacity(V + 1)
        indices.reserveCapacity(V * 16)
        var most = 0
        var gains: [Float] = []
        gains.reserveCapacity(V)
        for (w, word) in vocabulary.words.enumerated() {
            indices.append(Int32(w))
            for b in ngrams.bucketIndices(of: word) {
                let r = rows[b]
                guard Int(r) < V + storedBuckets.count else {
                    throw SenseVecError("an n-gram of '\(EscapedText.printable(word))' has no stored row")
                }
                indices.append(r)
            }
            let list = indices[offsets.last!...]
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

    /// The buckets the n-grams of the vocabulary's words fall into, each once, in order of first use (words in
    /// vocabulary order, n-grams in fastText's order).
    public static func bucketsInUse(ngrams: CharacterNgrams, vocabulary: Vocabulary) -> [Int32] {
        var seen = [Bool](repeating: false, count: ngrams.buckets)
        var out: [Int32] = []
        for word in vocabulary.words {
            for b in ngrams.bucketIndices(of: word) where !seen[b] { seen[b] = true; out.append(Int32(b)) }
        }
        return out
    }

    /// fastText's ids of the rows of `word` (what `print-ngrams` and `get_subwords` report): its vocabulary index
    /// when it is a vocabulary word, then `words + bucket` for each n-gram.
    public func ngramIDs(of word: String) -> [Int] {
        let V = vocabulary.count
        let grams = ngrams.bucketIndices(of: word).map { V + $0 }
        if let w = vocabulary.index(of: word) { return [w] + grams }
        return grams
    }

    /// The input rows whose mean is the vector of `word`: its own row when it is in the vocabulary, then
    /// one row per character n-gram (``zeroRow`` for a bucket no vocabulary word uses).
    public func inputRows(of word: String) -> [Int] {
        if let w = vocabulary.index(of: word) { return rowIndices[rowOffsets[w] ..< rowOffsets[w + 1]].map(Int.init) }
        return ngrams.bucketIndices(of: word).map { Int(bucketRows[$0]) }
    }

    /// The vector of any string (see the type's documentation); zero when it has no input rows.
    public func vector(for word: String) -> [Float] {
        let rows = inputRows(of: word).map(Int32.init)
        let d = configuration.dimension
        var hidden = [Float](repeating: 0, count: weights.stride)
        rows.withUnsafeBufferPointer { r in
            hidden.withUnsafeMutableBufferPointer { h in
                SubwordInput.mean(weights.input, rows: r.baseAddress!, count: r.count, stride: weights.stride,
                                  into: h.baseAddress!)
            }
        }
        return Array(hidden[0..<d])
    }

    /// The composed vectors of the vocabulary words, in vocabulary order (what `--output` writes, as
    /// fastText's `.vec` file).
    public func wordVectors() throws -> WordVectors {
        let d = configuration.dimension, stride = weights.stride
        var values = [Float](repeating: 0, count: vocabulary.count * d)
        var hidden = [Float](repeating: 0, count: stride)
        rowIndices.withUnsafeBufferPointer { idx in
            hidden.withUnsafeMutableBufferPointer { h in
                values.withUnsafeMutableBufferPointer { out in
                    for w in 0..<vocabulary.count {
                        let o = rowOffsets[w]
                        SubwordInput.mean(weights.input, rows: idx.baseAddress! + o, count: rowOffsets[w + 1] - o,
                                          stride: stride, into: h.baseAddress!)
                        (out.baseAddress! + w * d).update(from: h.baseAddress!, count: d)
                    }
                }
            }
        }
        return try WordVectors(words: vocabulary.words, dimension: d, values: values)
    }

    /// Memory the training needs, in bytes: both padded matrices (the input one with `ngramRows` rows of
    /// buckets in use, ``bucketsInUse(ngrams:vocabulary:)``), the bucket table, the encoded corpus, the row lists,
    /// the sampler and the Huffman tree.
    public static func estimatedMemory(configuration c: SkipGramConfiguration, buckets: Int, ngramRows: Int, words: Int,
                                       tokens: Int) -> Int {
        let stride = (c.dimension + 7) / 8 * 8
        return (2 * words + ngramRows + 1) * stride * 4 + buckets * 4 + tokens * 4 + words * (64 + 80)
            + (c.outputLayer == .hierarchicalSoftmax ? words * 200 : 0)
    }

    // MARK: - Native model file

    /// Writes the model atomically. The two matrices are streamed row by row from the weights (no copy of
    /// them is made in memory); the zero row is not written.
    public func save(to path: String) throws {
        var small = NativeModelFile(kind: Self.modelKind)
        SkipGramModel.setSettings(configuration, in: &small)
        small.set("subwords") { w in
            w.append(UInt32(ngrams.minLength)); w.append(UInt32(ngrams.maxLength)); w.append(UInt64(ngrams.buckets))
            w.append(string: Self.hashName)
        }
        small.set("ngram-buckets") { w in
            w.append(UInt64(storedBuckets.count))
            for b in storedBuckets { w.append(UInt32(b)) }
        }
        SkipGramModel.setVocabulary(vocabulary, in: &small)
        SkipGramModel.setProgress(progress, in: &small)
        let d = weights.dimension, stride = weights.stride
        func matrix(_ name: String, _ base: UnsafeMutablePointer<Float>, rows: Int) -> NativeModelFile.StreamedSection {
            NativeModelFile.StreamedSection(name: name, byteCount: 8 + rows * d * 4) { sink in
                try sink.append(UInt64(rows))
                for r in 0..<rows { try sink.append(floats: UnsafeBufferPointer(start: base + r * stride, count: d)) }
            }
        }
        let smallSections = Dictionary(uniqueKeysWithValues: small.sections.map { ($0.name, $0.payload) })
        func bytes(_ name: String) -> NativeModelFile.StreamedSection {
            let payload = smallSections[name]!
            return NativeModelFile.StreamedSection(name: name, byteCount: payload.count) { try $0.append(bytes: payload) }
        }
        try NativeModelFile.write(kind: Self.modelKind, sections: [
            bytes("settings"), bytes("subwords"), bytes("ngram-buckets"), bytes("vocabulary"),
            matrix("input", weights.input, rows: weights.inputRows - 1),
            matrix("output", weights.output, rows: weights.outputRows),
            bytes("progress"),
        ], to: path)
    }

    /// Loads and checks a model file of kind "subword".
    public static func load(path: String) throws -> SubwordModel {
        try load(NativeModelFile.read(path: path, expectedKind: modelKind), path: path)
    }

    public static func load(_ f: NativeModelFile, path: String = "model") throws -> SubwordModel {
        let check = ModelFieldCheck(path: path, kind: "subword")
        func bad(_ what: String) -> SenseVecError { check.invalid(what) }
        let c = try SkipGramModel.readSettings(f, check: check)
        var s = try f.reader("subwords")
        let minn = Int(try s.read(UInt32.self)), maxn = Int(try s.read(UInt32.self)), buckets = try s.readCount()
        guard try s.readString() == hashName else { throw bad("unknown n-gram hash") }
        let ngrams: CharacterNgrams
        do { ngrams = try CharacterNgrams(minLength: minn, maxLength: maxn, buckets: buckets) } catch { throw bad("\(error)") }
        let vocab = try SkipGramModel.readVocabulary(f, check: check)
        let n = vocab.count, d = c.dimension
        // The stored buckets; a file without the section (written before it existed) stores every bucket.
        var stored: [Int32]
        if f.hasSection("ngram-buckets") {
            var r = try f.reader("ngram-buckets")
            let count = try r.readCount()
            guard count <= buckets, r.remaining == count * 4 else { throw bad("n-gram bucket list size") }
            stored = []
            stored.reserveCapacity(count)
            var seen = [Bool](repeating: false, count: buckets)
            for _ in 0..<count {
                let b = Int(try r.read(UInt32.self))
                guard b < buckets, !seen[b] else { throw bad("n-gram bucket list") }
                seen[b] = true
                stored.append(Int32(b))
            }
        } else {
            stored = (0..<buckets).map { Int32($0) }
        }
        let expectedOut = c.outputLayer == .hierarchicalSoftmax ? max(1, n - 1) : n
        let weights = try SharedWeights(dimension: d, inputRows: n + stored.count + 1, outputRows: expectedOut)
        try Self.readMatrix(f, "input", rows: n + stored.count, into: weights.input, weights: weights, bad: bad)
        try Self.readMatrix(f, "output", rows: expectedOut, into: weights.output, weights: weights, bad: bad)
        let pr = try SkipGramModel.readProgress(f, threads: c.threads, check: check)
        do {
            return try SubwordModel(configuration: c, ngrams: ngrams, vocabulary: vocab, storedBuckets: stored,
                                    weights: weights, progress: pr)
        } catch { throw bad("\(error)") }
    }

    /// Reads a `rows × dimension` section straight into the padded matrix (no intermediate array).
    static func readMatrix(_ f: NativeModelFile, _ name: String, rows: Int, into base: UnsafeMutablePointer<Float>,
                           weights: SharedWeights, bad: (String) -> SenseVecError) throws {
        var r = try f.reader(name)
        let stored = try r.readCount()
        let d = weights.dimension, stride = weights.stride
        guard stored == rows, r.remaining == rows * d * 4 else { throw bad("\(name) matrix size") }
        let start = r.offset
        var finite = true
        r.bytes.withUnsafeBytes { raw in
            for i in 0..<rows {
                let row = base + i * stride
                for j in 0..<d {
                    let v = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + (i * d + j) * 4, as: UInt32.self)))
                    if !v.isFinite { finite = false }
                    row[j] = v
                }
            }
        }
        guard finite else { throw bad("non-finite weights") }
    }
}
