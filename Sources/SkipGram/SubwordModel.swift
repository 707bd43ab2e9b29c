import SenseVecCore

/// A subword skip-gram/CBOW model in training (Bojanowski et al. 2017, "Enriching Word Vectors with Subword
/// Information"; fastText's unsupervised models): vocabulary, settings, the input matrix (one row per vocabulary
/// word, then one per n-gram hash bucket that a vocabulary word uses, then one zero row: ``SubwordRowTable``), the
/// output matrix, and the training progress. Its trained vectors are ``vectors()`` (``SubwordVectors``, what
/// queries use). Saved (streamed) as a ``NativeModelFile`` of kind "subword" with the skip-gram model's sections
/// (`settings`, `vocabulary`, `input`, `output`, `progress`) plus `subwords` and `ngram-buckets`
/// (``SubwordVectors/setSections(ngrams:storedBuckets:in:)``).
///
/// Only the buckets the vocabulary's n-grams use have rows: no other bucket is ever read or written in training.
/// Their rows are ordered by first use in vocabulary (frequency) order, so the n-grams of frequent words lie
/// together in memory; the matrix holds 1 − e^(−g/B) of B buckets for g distinct n-grams.
public final class SubwordModel {
    public static let modelKind = SubwordVectors.fileKind

    public let configuration: SkipGramConfiguration
    /// Which input row each word and n-gram uses.
    public let table: SubwordRowTable
    /// Input rows as ``table`` lays them out; the last row (``SubwordRowTable/zeroRow``) stays zero.
    public let weights: SharedWeights
    public var progress: TrainingProgress
    /// The Huffman tree (hierarchical softmax only).
    public let tree: HuffmanTree?

    public var ngrams: CharacterNgrams { table.ngrams }
    public var vocabulary: Vocabulary { table.vocabulary }

    /// A fresh model: every stored input row (words and the buckets they use) initialized as fastText does
    /// (uniform in ±1/d, from `seed`), output rows zero.
    public convenience init(configuration: SkipGramConfiguration, ngrams: CharacterNgrams, vocabulary: Vocabulary) throws {
        try configuration.validate()
        guard vocabulary.count > 0 else { throw SenseVecError("the vocabulary is empty") }
        let table = try SubwordRowTable(ngrams: ngrams, vocabulary: vocabulary,
                                        storedBuckets: SubwordRowTable.bucketsInUse(ngrams: ngrams, words: vocabulary.words))
        let tree = configuration.outputLayer == .hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        let weights = try SharedWeights(dimension: configuration.dimension, inputRows: table.rowCount,
                                        outputRows: tree?.innerNodeCount ?? vocabulary.count)
        var rng = SenseRandom(seed: configuration.seed, stream: 0xFFFF_FFFF)
        weights.initializeInput(rng: &rng, width: 2)
        weights.inputRow(table.zeroRow).update(repeating: 0, count: weights.stride)
        self.init(configuration: configuration, table: table, weights: weights, progress: TrainingProgress())
    }

    /// `weights` must hold `table.rowCount` input rows, the last one zero.
    init(configuration: SkipGramConfiguration, table: SubwordRowTable, weights: SharedWeights, progress: TrainingProgress) {
        precondition(weights.inputRows == table.rowCount)
        self.configuration = configuration
        self.table = table
        self.weights = weights
        self.progress = progress
        self.tree = configuration.outputLayer == .hierarchicalSoftmax ? HuffmanTree(counts: table.vocabulary.counts) : nil
    }

    /// The trained vectors, over the input rows themselves (not copied; do not train while using them): the
    /// vector of any string, the vocabulary's word vectors.
    public func vectors() throws -> SubwordVectors {
        try SubwordVectors(dimension: weights.dimension, rows: weights.input, stride: weights.stride, keeping: weights,
                           table: table)
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
        SubwordVectors.setSections(ngrams: ngrams, storedBuckets: table.storedBuckets, in: &small)
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
        let c = try SkipGramModel.readSettings(f, check: check)
        let vocab = try SkipGramModel.readVocabulary(f, check: check)
        let table = try SubwordVectors.readTable(f, vocabulary: vocab, check: check)
        let n = vocab.count, d = c.dimension
        let expectedOut = c.outputLayer == .hierarchicalSoftmax ? max(1, n - 1) : n
        let weights = try SharedWeights(dimension: d, inputRows: table.rowCount, outputRows: expectedOut)
        try f.readRows("input", rows: table.rowCount - 1, dimension: d, into: weights.input, stride: weights.stride, check: check)
        try f.readRows("output", rows: expectedOut, dimension: d, into: weights.output, stride: weights.stride, check: check)
        let pr = try SkipGramModel.readProgress(f, threads: c.threads, check: check)
        return SubwordModel(configuration: c, table: table, weights: weights, progress: pr)
    }
}
