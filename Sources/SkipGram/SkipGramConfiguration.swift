import SenseVecCore

/// How the output distribution p(y | x) over the vocabulary is computed (or approximated).
public enum OutputLayer: String, Sendable, CaseIterable {
    /// Negative sampling (Mikolov et al. 2013b): log σ(u_y·h) + Σ_k log σ(−u_{n_k}·h), n_k ~ unigram^0.75.
    case negativeSampling = "ns"
    /// Hierarchical softmax over a Huffman tree (Morin & Bengio 2005): p(y|h) = Π_j σ((1−2c_j) u_{p_j}·h).
    case hierarchicalSoftmax = "hs"
    /// The exact softmax p(y|h) = exp(u_y·h) / Σ_w exp(u_w·h): O(V) per example; the reference.
    case softmax
}

/// Which words predict which.
public enum Architecture: String, Sendable, CaseIterable {
    /// Each context word predicts the centre word (word2vec's skip-gram loop: input row of the context word,
    /// output rows of the centre word).
    case skipGram = "skipgram"
    /// The mean of the context words' input rows predicts the centre word.
    case cbow
}

/// How a skip-gram window's updates are applied.
public enum UpdateScheme: String, Sendable, CaseIterable {
    /// word2vec's loop: one (context, centre) pair at a time, fresh negatives for every pair.
    case classic
    /// Window-batched (Ji et al. 2016, pWord2Vec): one set of negatives per centre word shared by all its
    /// context words; the window's B×(k+1) scores and both gradients are small matrix products computed from
    /// the same weights, then applied. Used for skip-gram with negative sampling or hierarchical softmax.
    case batched
}

/// Validated training settings. Defaults follow word2vec where sensible.
public struct SkipGramConfiguration: Sendable, Equatable {
    public var dimension = 100
    public var window = 5
    /// Negative samples per example (negative sampling only).
    public var negative = 5
    public var outputLayer: OutputLayer = .negativeSampling
    public var architecture: Architecture = .skipGram
    public var update: UpdateScheme = .batched
    /// word2vec's `-sample` threshold; 0 disables subsampling.
    public var sample = 1e-3
    public var minCount = 5
    public var maxVocabulary: Int? = nil
    public var epochs = 5
    public var threads = 1
    /// Starting learning rate; nil = 0.025 for skip-gram, 0.05 for CBOW.
    public var alpha: Double? = nil
    /// Learning-rate floor; nil = alpha · 1e-4 (word2vec).
    public var minAlpha: Double? = nil
    public var seed: UInt64 = 1
    /// Longest sentence in tokens (longer ones are cut, as word2vec's MAX_SENTENCE_LENGTH = 1000).
    public var maxSentenceLength = 1000

    public init() {}

    /// The starting learning rate actually used.
    public var startingAlpha: Double { alpha ?? (architecture == .cbow ? 0.05 : 0.025) }
    /// The learning-rate floor actually used.
    public var floorAlpha: Double { minAlpha ?? startingAlpha * 1e-4 }

    /// Throws a one-line error for absurd values.
    public func validate() throws {
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws {
            if !ok { throw SenseVecError(message()) }
        }
        try check(dimension >= 1 && dimension <= 10_000, "--dim must be between 1 and 10000, got \(dimension)")
        try check(window >= 1 && window <= 1000, "--window must be between 1 and 1000, got \(window)")
        try check(negative >= 0 && negative <= 1000, "--negative must be between 0 and 1000, got \(negative)")
        try check(outputLayer != .negativeSampling || negative >= 1, "negative sampling needs --negative of at least 1")
        try check(sample >= 0 && sample < 1 && sample.isFinite, "--sample must be in [0, 1), got \(sample)")
        try check(minCount >= 1, "--min-count must be at least 1, got \(minCount)")
        try check(maxVocabulary.map { $0 >= 1 } ?? true, "--max-vocab must be at least 1")
        try check(epochs >= 1 && epochs <= 100_000, "--epochs must be between 1 and 100000, got \(epochs)")
        try check(threads >= 1 && threads <= 256, "--threads must be between 1 and 256, got \(threads)")
        let a = startingAlpha
        try check(a > 0 && a <= 10 && a.isFinite, "--alpha must be in (0, 10], got \(a)")
        try check(floorAlpha >= 0 && floorAlpha <= a, "--min-alpha must be in [0, alpha], got \(floorAlpha)")
        try check(maxSentenceLength >= 1, "maximum sentence length must be positive")
    }
}
