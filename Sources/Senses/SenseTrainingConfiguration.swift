import SenseVecCore

/// The settings of multi-sense (Adaptive Skip-gram) training, validated once before any work.
public struct SenseTrainingConfiguration: Sendable, Equatable {
    /// The default DP concentration. The AdaGram paper's 0.1 finds almost no senses on corpora of
    /// 10–20M tokens (a new sense costs about ψ(α) − log N nats of prior per occurrence); see docs/senses.md
    /// for the measurements behind this value.
    public static let defaultAlpha = 1.0

    /// Vector dimension.
    public var dimension = 100
    /// Maximal context window; each occurrence uses a window drawn uniformly from 1...window (word2vec).
    public var window = 5
    /// T: the most senses a word may get.
    public var maxSenses = 30
    /// The prior over senses.
    public var priorKind: SensePrior.Kind = .dirichletProcess
    /// DP concentration α (dp prior) or the count smoothing β (fixed prior).
    public var alpha = SenseTrainingConfiguration.defaultAlpha
    /// Initial SGD learning rate, decayed linearly to 1e-4 of it.
    public var learningRate = 0.025
    /// Passes over the corpus.
    public var epochs = 1
    /// Worker threads (Hogwild).
    public var threads = 1
    /// Random seed; one thread and one seed give the same bits.
    public var seed: UInt64 = 1
    /// Subsampling of frequent words (word2vec's `-sample`); 0 disables it.
    public var sample = 1e-4
    /// A sense whose prior E[π_k] is below this is ignored by queries, and a new sense becomes established
    /// once its prior reaches it.
    public var threshold = 0.01
    /// Fraction of training (in words) done with one sense per word before new senses may appear; the
    /// output layer is trained first so that new senses are judged against meaningful output vectors.
    public var warmup = 0.2
    /// A word gets room for one more sense per this many occurrences (so rare words cannot carry many senses).
    public var occurrencesPerSense = 100
    /// Extra sense rows available beyond one per word; nil = as many as there are words. Rows are taken from this
    /// pool only when a word gets a new sense, so memory follows the senses actually used.
    public var poolRows: Int? = nil
    /// Senses whose posterior q is below this in an occurrence receive no update there.
    public var posteriorCutoff = 1e-3
    /// Occurrences a candidate sense gets to become established; after that the candidate is dropped and the
    /// word keeps the senses it has (it is "settled").
    public var candidatePatience = 2000
    /// Whether a candidate sense is also trained on the contexts its word's current senses explain worst
    /// (the split driver). Off = plain AdaGram-style growth, where the new sense learns only from its posterior.
    public var splitDriver = true

    /// While a candidate sense is on probation its prior is computed as if it had at least this fraction of
    /// its word's occurrences (an initialization of its variational stick; its true count still accumulates).
    public var candidateFloor = 0.1
    /// A candidate becomes an established sense when, after 100 occurrences, its prior E[π] (from its true
    /// expected count) reaches this share (and ``threshold``).
    public var promotionShare = 0.15

    public init() {}

    /// Throws a one-line error for absurd values.
    public func validate() throws {
        guard dimension >= 1 && dimension <= 10_000 else { throw SenseVecError("dimension must be in 1...10000 (got \(dimension))") }
        guard window >= 1 && window <= 1000 else { throw SenseVecError("window must be in 1...1000 (got \(window))") }
        guard maxSenses >= 1 && maxSenses <= 1000 else { throw SenseVecError("senses must be in 1...1000 (got \(maxSenses))") }
        guard alpha > 0 && alpha.isFinite else { throw SenseVecError("alpha must be a positive number (got \(alpha))") }
        guard learningRate > 0 && learningRate < 10 else { throw SenseVecError("learning rate must be in (0, 10) (got \(learningRate))") }
        guard epochs >= 1 && epochs <= 10_000 else { throw SenseVecError("epochs must be in 1...10000 (got \(epochs))") }
        guard threads >= 1 && threads <= 256 else { throw SenseVecError("threads must be in 1...256 (got \(threads))") }
        guard sample >= 0 && sample < 1 else { throw SenseVecError("sample must be in [0, 1) (got \(sample))") }
        guard threshold >= 0 && threshold < 1 else { throw SenseVecError("threshold must be in [0, 1) (got \(threshold))") }
        guard warmup >= 0 && warmup < 1 else { throw SenseVecError("warmup must be in [0, 1) (got \(warmup))") }
        guard occurrencesPerSense >= 1 else { throw SenseVecError("occurrences per sense must be at least 1") }
        if let poolRows, poolRows < 0 { throw SenseVecError("pool rows must not be negative") }
        guard posteriorCutoff >= 0 && posteriorCutoff < 1 else { throw SenseVecError("posterior cutoff must be in [0, 1)") }
        guard candidateFloor >= 0 && candidateFloor < 1 else { throw SenseVecError("candidate floor must be in [0, 1)") }
        guard promotionShare >= 0 && promotionShare < 1 else { throw SenseVecError("promotion share must be in [0, 1)") }
        guard candidatePatience >= 1 else { throw SenseVecError("candidate patience must be at least 1") }
    }

    /// The prior these settings describe.
    public var prior: SensePrior { SensePrior(kind: priorKind, alpha: alpha, senseCount: maxSenses) }
}
