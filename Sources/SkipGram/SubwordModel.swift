import SenseVecCore

/// A subword skip-gram/CBOW model (Bojanowski et al. 2017, "Enriching Word Vectors with Subword
/// Information"; fastText's unsupervised models): vocabulary, settings, the input matrix of `words +
/// buckets` rows (one per vocabulary word, then one per n-gram hash bucket), the output matrix, and the
/// training progress. Saved (streamed) as a ``NativeModelFile`` of kind "subword" with the skip-gram model's sections
/// (`settings`, `vocabulary`, `input`, `output`, `progress`) plus `subwords` (minn, maxn, buckets and the
/// hash's name).
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
    /// Input rows `0..<words` are the words' own rows, rows `words + b` the n-gram buckets b.
    public let weights: SharedWeights
    public var progress: TrainingProgress
    /// The Huffman tree (hierarchical softmax only).
    public let tree: HuffmanTree?
    /// The input rows of vocabulary word w are `rowIndices[rowOffsets[w] ..< rowOffsets[w + 1]]`: its own row
    /// first, then its n-gram rows.
    let rowOffsets: [Int]
    let rowIndices: [Int32]
    /// The most input rows of one vocabulary word.
    let maxRowsPerWord: Int

    /// A fresh model: every input row (words and buckets) initialized as word2vec does (uniform in ±0.5/d,
    /// from `seed`), output rows zero.
    public convenience init(configuration: SkipGramConfiguration, ngrams: CharacterNgrams, vocabulary: Vocabulary) throws {
        try configuration.validate()
        guard vocabulary.count > 0 else { throw SenseVecError("the vocabulary is empty") }
        guard vocabulary.count + ngrams.buckets <= Int(Int32.max) else { throw SenseVecError("too many words and buckets") }
        let tree = configuration.outputLayer == .hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        let weights = try SharedWeights(dimension: configuration.dimension, inputRows: vocabulary.count + ngrams.buckets,
                                        outputRows: tree?.innerNodeCount ?? vocabulary.count)
        var rng = SenseRandom(seed: configuration.seed, stream: 0xFFFF_FFFF)
        weights.initializeInput(rng: &rng)
        self.init(configuration: configuration, ngrams: ngrams, vocabulary: vocabulary, weights: weights,
                  progress: TrainingProgress())
    }

    init(configuration: SkipGramConfiguration, ngrams: CharacterNgrams, vocabulary: Vocabulary, weights: SharedWeights,
         progress: TrainingProgress) {
        self.configuration = configuration
        self.ngrams = ngrams
        self.vocabulary = vocabulary
        self.weights = weights
        self.progress = progress
        self.tree = configuration.outputLayer == .hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        var offsets = [0], indices: [Int32] = []
        offsets.reserveCapacity(vocabulary.count + 1)
        indices.reserveCapacity(vocabulary.count * 16)
        var most = 0
        let V = vocabulary.count
        for (w, word) in vocabulary.words.enumerated() {
            indices.append(Int32(w))
            for b in ngrams.bucketIndices(of: word) { indices.append(Int32(V + b)) }
            most = max(most, indices.count - offsets.last!)
            offsets.append(indices.count)
        }
        rowOffsets = offsets
        rowIndices = indices
        maxRowsPerWord = most
    }

    /// The input rows whose mean is the vector of `word`: its own row when it is in the vocabulary, then
    /// one row (`words + bucket`) per character n-gram.
    public func inputRows(of word: String) -> [Int] {
        if let w = vocabulary.index(of: word) { return rowIndices[rowOffsets[w] ..< rowOffsets[w + 1]].map(Int.init) }
        return ngrams.bucketIndices(of: word).map { vocabulary.count + $0 }
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

    /// Memory the training needs, in bytes: both padded matrices (the input one with `buckets` extra rows),
    /// the encoded corpus, the row lists, the sampler and the Huffman tree.
    public static func estimatedMemory(configuration c: SkipGramConfiguration, buckets: Int, words: Int, tokens: Int) -> Int {
        let stride = (c.dimension + 7) / 8 * 8
        return (2 * words + buckets) * stride * 4 + tokens * 4 + words * (64 + 80)
            + (c.outputLayer == .hierarchicalSoftmax ? words * 200 : 0)
    }

    // MARK: - Native model file

    /// Writes the model atomically. The two matrices are streamed row by row from the weights (no copy of
    /// the `words + buckets` rows is made in memory).
    public func save(to path: String) throws {
        var small = NativeModelFile(kind: Self.modelKind)
        SkipGramModel.setSettings(configuration, in: &small)
        small.set("subwords") { w in
            w.append(UInt32(ngrams.minLength)); w.append(UInt32(ngrams.maxLength)); w.append(UInt64(ngrams.buckets))
            w.append(string: Self.hashName)
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
            bytes("settings"), bytes("subwords"), bytes("vocabulary"),
            matrix("input", weights.input, rows: weights.inputRows),
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
        let expectedOut = c.outputLayer == .hierarchicalSoftmax ? max(1, n - 1) : n
        let weights = try SharedWeights(dimension: d, inputRows: n + buckets, outputRows: expectedOut)
        try Self.readMatrix(f, "input", rows: n + buckets, into: weights.input, weights: weights, bad: bad)
        try Self.readMatrix(f, "output", rows: expectedOut, into: weights.output, weights: weights, bad: bad)
        let pr = try SkipGramModel.readProgress(f, threads: c.threads, check: check)
        return SubwordModel(configuration: c, ngrams: ngrams, vocabulary: vocab, weights: weights, progress: pr)
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
