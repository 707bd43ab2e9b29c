import SenseVecCore

/// Where a training run stands; saved in models and checkpoints so a run can be resumed.
public struct TrainingProgress: Sendable, Equatable {
    /// True when all epochs are done.
    public var finished = false
    /// The current epoch (0-based).
    public var epoch = 0
    /// Rounds completed so far over the whole run; round r of thread t draws from
    /// `SenseRandom(seed: seed, stream: r·threads + t)`, so no generator state needs saving.
    public var round = 0
    /// Tokens read so far (all threads, all epochs; drives the learning rate).
    public var wordsProcessed = 0
    /// Tokens kept after subsampling so far.
    public var wordsTrained = 0
    /// Next token index of each thread in the current epoch.
    public var positions: [Int] = []
    /// In-vocabulary tokens of the training corpus (one epoch) and its encoded length, to check a resume
    /// uses the same text.
    public var corpusWords = 0
    public var corpusLength = 0
    /// Seconds spent training before this point (sums over resumed runs).
    public var seconds = 0.0

    public init() {}
}

/// A skip-gram/CBOW model: vocabulary, settings, the input vectors (the word vectors), the output vectors,
/// and the training progress. Saved as a ``NativeModelFile`` of kind "skipgram" with sections
/// `settings`, `vocabulary`, `input`, `output`, `progress`.
public final class SkipGramModel {
    public let configuration: SkipGramConfiguration
    public let vocabulary: Vocabulary
    public let weights: SharedWeights
    public var progress: TrainingProgress
    /// The Huffman tree (hierarchical softmax only).
    public let tree: HuffmanTree?

    /// A fresh model: input rows initialized as word2vec does (uniform in ±0.5/d, from `seed`), output zero.
    public init(configuration: SkipGramConfiguration, vocabulary: Vocabulary) throws {
        try configuration.validate()
        guard vocabulary.count > 0 else { throw SenseVecError("the vocabulary is empty") }
        self.configuration = configuration
        self.vocabulary = vocabulary
        let tree = configuration.outputLayer == .hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        self.tree = tree
        weights = try SharedWeights(dimension: configuration.dimension, inputRows: vocabulary.count,
                                    outputRows: tree?.innerNodeCount ?? vocabulary.count)
        var rng = SenseRandom(seed: configuration.seed, stream: 0xFFFF_FFFF)
        weights.initializeInput(rng: &rng)
        progress = TrainingProgress()
    }

    init(configuration: SkipGramConfiguration, vocabulary: Vocabulary, weights: SharedWeights, progress: TrainingProgress) {
        self.configuration = configuration
        self.vocabulary = vocabulary
        self.tree = configuration.outputLayer == .hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        self.weights = weights
        self.progress = progress
    }

    /// The same model over `weights` (of the same shape), with this model's progress; this model's weights are
    /// copied into them when `copying` (else they are used as they are).
    public func rehosted(on weights: SharedWeights, copying: Bool) -> SkipGramModel {
        precondition(weights.dimension == self.weights.dimension && weights.inputRows == self.weights.inputRows
                     && weights.outputRows == self.weights.outputRows)
        if copying {
            weights.input.update(from: self.weights.input, count: max(1, weights.inputRows) * weights.stride)
            weights.output.update(from: self.weights.output, count: max(1, weights.outputRows) * weights.stride)
        }
        return SkipGramModel(configuration: configuration, vocabulary: vocabulary, weights: weights, progress: progress)
    }

    /// The trained word vectors (input rows), one per vocabulary word, in vocabulary order.
    public func wordVectors() throws -> WordVectors {
        try WordVectors(words: vocabulary.words, dimension: configuration.dimension, values: weights.inputValues())
    }

    /// Memory the training of `words` vocabulary entries over `tokens` encoded tokens needs, in bytes
    /// (both padded matrices, the encoded corpus, the sampler and the Huffman tree).
    public static func estimatedMemory(configuration c: SkipGramConfiguration, words: Int, tokens: Int) -> Int {
        let stride = (c.dimension + 7) / 8 * 8
        return 2 * words * stride * 4 + tokens * 4 + words * 64 + (c.outputLayer == .hierarchicalSoftmax ? words * 200 : 0)
    }

    // MARK: - Native model file

    /// The native model file contents.
    public func file() -> NativeModelFile {
        var f = NativeModelFile(kind: SkipGramModule.modelKind)
        Self.setSettings(configuration, in: &f)
        Self.setVocabulary(vocabulary, in: &f)
        f.set("input") { w in w.append(floats: weights.inputValues()) }
        f.set("output") { w in w.append(UInt64(weights.outputRows)); w.append(floats: weights.outputValues()) }
        Self.setProgress(progress, in: &f)
        return f
    }

    /// The `settings` section (shared with the subword model's file).
    static func setSettings(_ c: SkipGramConfiguration, in f: inout NativeModelFile) {
        f.set("settings") { w in
            w.append(UInt32(c.dimension)); w.append(UInt32(c.window)); w.append(UInt32(c.negative))
            w.append(string: c.outputLayer.rawValue); w.append(string: c.architecture.rawValue)
            w.append(string: c.update.rawValue)
            w.append(c.sample); w.append(UInt64(c.minCount)); w.append(UInt64(c.maxVocabulary ?? 0))
            w.append(UInt32(c.epochs)); w.append(UInt32(c.threads))
            w.append(c.startingAlpha); w.append(c.floorAlpha); w.append(c.seed); w.append(UInt32(c.maxSentenceLength))
        }
    }

    /// The `vocabulary` section.
    static func setVocabulary(_ vocabulary: Vocabulary, in f: inout NativeModelFile) {
        f.set("vocabulary") { w in
            w.append(UInt64(vocabulary.count))
            for (word, count) in zip(vocabulary.words, vocabulary.counts) { w.append(string: word); w.append(UInt64(count)) }
        }
    }

    /// The `progress` section.
    static func setProgress(_ p: TrainingProgress, in f: inout NativeModelFile) {
        f.set("progress") { w in
            w.append(UInt8(p.finished ? 1 : 0)); w.append(UInt64(p.epoch)); w.append(UInt64(p.round))
            w.append(UInt64(p.wordsProcessed)); w.append(UInt64(p.wordsTrained))
            w.append(UInt64(p.corpusWords)); w.append(UInt64(p.corpusLength)); w.append(p.seconds)
            w.append(UInt32(p.positions.count)); for x in p.positions { w.append(UInt64(x)) }
        }
    }

    /// Writes the model atomically.
    public func save(to path: String) throws { try file().write(to: path) }

    /// Loads and checks a model file of kind "skipgram".
    public static func load(path: String) throws -> SkipGramModel {
        try load(NativeModelFile.read(path: path, expectedKind: SkipGramModule.modelKind), path: path)
    }

    public static func load(_ f: NativeModelFile, path: String = "model") throws -> SkipGramModel {
        let check = ModelFieldCheck(path: path, kind: "skip-gram")
        func bad(_ what: String) -> SenseVecError { check.invalid(what) }
        let c = try readSettings(f, check: check)
        let vocab = try readVocabulary(f, check: check)
        let n = vocab.count

        let input = try f.matrixSection("input", rows: n, dimension: c.dimension, path: path)
        var o = try f.reader("output")
        let outRows = try o.readCount()
        let expectedOut = c.outputLayer == .hierarchicalSoftmax ? max(1, n - 1) : n
        guard outRows == expectedOut, o.remaining == outRows * c.dimension * 4 else { throw bad("output matrix size") }
        let output = try o.readFloats(outRows * c.dimension)
        guard output.allSatisfy(\.isFinite) else { throw bad("non-finite weights") }
        let pr = try readProgress(f, threads: c.threads, check: check)

        let weights = try SharedWeights(dimension: c.dimension, inputRows: n, outputRows: outRows)
        weights.setInput(input)
        weights.setOutput(output)
        return SkipGramModel(configuration: c, vocabulary: vocab, weights: weights, progress: pr)
    }

    /// Reads the `settings` section, every field checked by ``SkipGramSettingsSection``.
    static func readSettings(_ f: NativeModelFile, check: ModelFieldCheck) throws -> SkipGramConfiguration {
        let s = try SkipGramSettingsSection(f, check: check)
        guard let ol = OutputLayer(rawValue: s.outputLayer), let ar = Architecture(rawValue: s.architecture),
              let up = UpdateScheme(rawValue: s.update) else { throw check.invalid("unknown training scheme") }
        var c = SkipGramConfiguration()
        c.dimension = s.dimension; c.window = s.window; c.negative = s.negative
        c.outputLayer = ol; c.architecture = ar; c.update = up
        c.sample = s.sample; c.minCount = s.minCount; c.maxVocabulary = s.maxVocabulary == 0 ? nil : s.maxVocabulary
        c.epochs = s.epochs; c.threads = s.threads
        c.alpha = s.alpha; c.minAlpha = s.minAlpha; c.seed = s.seed
        c.maxSentenceLength = s.maxSentenceLength
        return c
    }

    /// Reads the `vocabulary` section (words sorted by count).
    static func readVocabulary(_ f: NativeModelFile, check: ModelFieldCheck) throws -> Vocabulary {
        let (words, counts) = try f.vocabularySection(path: check.path)
        let vocab = try Vocabulary(words: words, counts: counts)
        guard vocab.words == words else { throw check.invalid("vocabulary is not sorted by count") }
        return vocab
    }

    /// Reads the `progress` section of a run with `threads` threads.
    static func readProgress(_ f: NativeModelFile, threads: Int, check: ModelFieldCheck) throws -> TrainingProgress {
        var p = try f.reader("progress")
        var pr = TrainingProgress()
        pr.finished = try p.read(UInt8.self) != 0
        pr.epoch = try p.readCount(); pr.round = try p.readCount()
        pr.wordsProcessed = try p.readCount(); pr.wordsTrained = try p.readCount()
        pr.corpusWords = try p.readCount(); pr.corpusLength = try p.readCount()
        pr.seconds = try check.number("training time", try p.readDouble(), ">= 0") { $0 >= 0 }
        let pc = Int(try p.read(UInt32.self))
        guard pc == 0 || pc == threads else { throw check.invalid("\(pc) thread positions for \(threads) threads") }
        for _ in 0..<pc { pr.positions.append(try p.readCount()) }
        return pr
    }
}

// MARK: - Continuing training on new text

/// How the vocabulary is handled when a finished model is trained further on new text.
public enum VocabularyUpdate: String, Sendable, CaseIterable {
    /// Keep the model's words and counts exactly (words of the new text outside the vocabulary are
    /// skipped; the Huffman tree, the negative-sampling and subsampling tables stay as they were).
    /// gensim's `train()` on new sentences without `build_vocab` behaves this way.
    case fixed
    /// Like gensim's `build_vocab(update=True)`: the new text's counts are added to the known words' counts,
    /// words of the new text reaching `minCount` there are added (input rows initialized as in a fresh
    /// model, output rows zero), and the vocabulary is re-sorted by count with every known word keeping its
    /// rows. Negative sampling and softmax only: a hierarchical-softmax tree built from new counts would
    /// no longer match the trained inner-node vectors.
    case grow
}

extension SkipGramModel {
    /// A new model that continues from this finished one on new text: same dimension, output layer and
    /// architecture, both weight matrices carried over, training settings (window, negatives, sample,
    /// epochs, threads, learning rate, seed, update scheme) from `settings`, progress reset (the learning
    /// rate starts again at `settings`' alpha and decays over the new run, as gensim's `train()` does).
    ///
    /// - Parameters:
    ///   - settings: the new run's settings; its dimension, output layer and architecture must match the
    ///     model's (they are the shape of the weights).
    ///   - newCounts: the new text's word counts (all words, before any min-count), used by `.grow`.
    ///   - vocabularyUpdate: `.fixed` or `.grow`.
    public func continuing(with settings: SkipGramConfiguration, newCounts: Vocabulary?,
                           vocabularyUpdate: VocabularyUpdate) throws -> SkipGramModel {
        let old = configuration
        guard progress.finished else {
            throw SenseVecError("the model's training is not finished: finish it with --resume before continuing on new text")
        }
        guard settings.dimension == old.dimension else {
            throw SenseVecError("the model has dimension \(old.dimension), not \(settings.dimension)")
        }
        guard settings.outputLayer == old.outputLayer else {
            throw SenseVecError("the model was trained with output layer '\(old.outputLayer.rawValue)', not '\(settings.outputLayer.rawValue)'")
        }
        guard settings.architecture == old.architecture else {
            throw SenseVecError("the model was trained as '\(old.architecture.rawValue)', not '\(settings.architecture.rawValue)'")
        }
        try settings.validate()
        let d = old.dimension
        switch vocabularyUpdate {
        case .fixed:
            let weights = try SharedWeights(dimension: d, inputRows: self.weights.inputRows, outputRows: self.weights.outputRows)
            weights.setInput(self.weights.inputValues())
            weights.setOutput(self.weights.outputValues())
            return SkipGramModel(configuration: settings, vocabulary: vocabulary, weights: weights, progress: TrainingProgress())
        case .grow:
            guard old.outputLayer != .hierarchicalSoftmax else {
                throw SenseVecError("growing the vocabulary is not supported with hierarchical softmax (the Huffman tree would change); continue with a fixed vocabulary")
            }
            guard let newCounts else { throw SenseVecError("growing the vocabulary needs the new text's counts") }
            var words = vocabulary.words, counts = vocabulary.counts
            for (w, c) in zip(newCounts.words, newCounts.counts) {
                if let i = vocabulary.index(of: w) { counts[i] += c }
                else if c >= settings.minCount { words.append(w); counts.append(c) }
            }
            let grown = try Vocabulary(words: words, counts: counts)
            let weights = try SharedWeights(dimension: d, inputRows: grown.count, outputRows: grown.count)
            var rng = SenseRandom(seed: settings.seed, stream: 0xFFFF_FFFE)
            weights.initializeInput(rng: &rng)   // fresh rows for new words; known rows overwritten below
            let stride = weights.stride
            for (i, w) in grown.words.enumerated() {
                guard let j = vocabulary.index(of: w) else { continue }
                weights.inputRow(i).update(from: self.weights.inputRow(j), count: stride)
                weights.outputRow(i).update(from: self.weights.outputRow(j), count: stride)
            }
            return SkipGramModel(configuration: settings, vocabulary: grown, weights: weights, progress: TrainingProgress())
        }
    }
}
