import SenseVecCore


/// The settings of multi-sense training, validated once before any work.
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
    /// Evidence gain (nats per occurrence) a split must show to be kept (see ``splitBlock``).
    public var splitMargin = 0.15

    /// What senses are estimated from (``SenseTrainer`` dispatches on it). `sensevec train --senses` and `eval
    /// pseudowords` default to ``SenseContextKind/topic`` (docs/senses.md); a configuration built in code starts
    /// from Adaptive Skip-gram and says `.topic` to get topical senses.
    public var contextKind: SenseContextKind = .window
    /// Topical senses: context words used on each side of an occurrence (within its sentence).
    public var contextWindow = 20
    /// Topical senses: occurrences per word sampled (uniformly, reservoir sampling) to fit its mixture.
    public var fitSample = 1000
    /// Topical senses: λ, the weight of the BIC penalty that chooses each word's number of senses.
    public var sensePenalty = 1.0
    /// Topical senses: how each word's number of senses is chosen (``SenseMixture/Selection``): held-out split
    /// tests (default) or the penalized likelihood weighted by ``sensePenalty``.
    public var senseSelection = SenseMixture.Selection.splitTest
    /// Topical senses with split tests: the held-out log-likelihood gain of two modes over one, in nats per held-out
    /// occurrence, a split must exceed (``SenseMixture/bimodality(_:)``).
    public var splitThreshold = SenseMixture.FitOptions().splitThreshold
    /// Topical senses: two senses are merged while keeping them apart gains less than this on held-out context
    /// words, in nats per occurrence (``SenseMixture/mergingSameMeaning(_:points:count:dimension:bags:test:options:)``);
    /// negative: never merge.
    public var mergeThreshold = SenseMixture.MergeTest().threshold
    /// Topical senses: after the sense vectors are trained, two senses of a word are joined when at least this many
    /// words are among the ``neighbourMergeCandidates`` nearest to each of their sense vectors
    /// (``SenseNeighbourMerge``); 0 (the default): never.
    public var neighbourMerge = 0
    /// Topical senses: nearest rows of each sense vector compared by ``neighbourMerge``.
    public var neighbourMergeCandidates = 10
    /// Topical senses: where EM starts when a word's number of senses is fitted again on all its sampled
    /// occurrences (after the split tests) or for each K (BIC): k-means++ seeds, or Ward's clusters of a uniform
    /// sample of ``wardSample`` of them (``SenseMixture/Initialization``).
    public var senseInitialization = SenseMixture.Initialization.ward
    /// Topical senses with Ward's starts: occurrences clustered (O(n²) each word).
    public var wardSample = 300
    /// Topical senses: corpus-wide directions of variation removed from the context vectors
    /// (``TopicalSenseTrainer/removingCommonDirections(_:count:corpus:seed:)``).
    public var removedDirections = 0
    /// Topical senses: weigh context words by their positive PMI with the target (``ContextEncoder/association``)
    /// instead of their IDF.
    public var associationWeighting = false
    /// Topical senses: a of the smooth inverse frequency a / (a + p_y) that weighs context words (0: IDF,
    /// log(N / n_y)); ignored with ``associationWeighting``.
    public var frequencyScale = 1e-3
    /// Topical senses: δ, the word r places from the target weighs r^(−δ) (``ContextEncoder/Shape``).
    public var distanceDecay = 0.5
    /// Topical senses: β, the weight of the adjacent words' block of the context vector (0: the bag alone).
    public var adjacentWeight = 0.3

    public init() {}

    /// Senses whose posterior q is below this in an occurrence receive no update there (their share of the
    /// M-step, q times the gradient, is at most this). 0.05 against 10⁻³: pseudo-words on the first 20 MB of
    /// gutenberg-19m (noun pairs, 3 epochs, 1 thread, deterministic) score purity 0.698 / ARI 0.186 vs
    /// 0.697 / 0.182, and training is 9% faster (235k vs 215k words/s).
    public static let posteriorCutoff = 0.05
    /// Growth of senses by split tests (``SenseTrainer``, step 4). A word with room for another sense first
    /// estimates the direction in which the contexts of its sense s disagree most: block 0 of `splitBlock`
    /// occurrences of s estimates the mean μ of the context vectors c̄, the next ``powerIterationRounds`` blocks run a
    /// stochastic power iteration for the top principal direction w of c̄ − μ. It then splits s into v_s ± δ·w,
    /// δ = 1 / sd(g·w) over the last block, g = ∂ q_s Σ_y log p(y | v_s) / ∂v_s (so the two halves'
    /// log-likelihoods differ by about 2 nats on a typical occurrence), and runs both halves for ``probation``
    /// occurrences beside a shadow copy of v_s (the one-sense alternative, trained on the same occurrences). The
    /// split is kept when the prequential log evidence of the split model beats the alternative's by more than
    /// ``splitMargin`` nats per occurrence over the second half of the probation; otherwise v_s is restored from
    /// the shadow and s is marked as tried. The next test takes the most used sense not yet tried since the
    /// word's last kept split; a word is settled when every sense has been tried (a one-sense word after its
    /// first failed test).
    public static let splitBlock = 50
    /// Power-iteration rounds (blocks) of the split direction (see ``splitBlock``).
    public static let powerIterationRounds = 4
    /// Occurrences of a split's probation (see ``splitBlock``).
    public static let probation = 400

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
        guard splitMargin.isFinite else { throw SenseVecError("split margin must be finite") }
        guard contextWindow >= 1 && contextWindow <= 10_000 else { throw SenseVecError("context window must be in 1...10000 (got \(contextWindow))") }
        guard removedDirections >= 0 && removedDirections < dimension else { throw SenseVecError("removed directions must be in 0..<dimension") }
        try ContextEncoder.Shape(distanceDecay: Float(distanceDecay), adjacentWeight: Float(adjacentWeight),
                                 frequencyScale: Float(frequencyScale)).validate()
        guard fitSample >= 10 else { throw SenseVecError("fit sample must be at least 10 occurrences") }
        guard sensePenalty >= 0 && sensePenalty.isFinite else { throw SenseVecError("sense penalty must be a non-negative number") }
        guard splitThreshold >= 0 && splitThreshold.isFinite else { throw SenseVecError("split threshold must be a non-negative number") }
        guard mergeThreshold.isFinite else { throw SenseVecError("merge threshold must be a finite number") }
        guard neighbourMerge >= 0 && neighbourMerge <= neighbourMergeCandidates else {
            throw SenseVecError("neighbour merge must be in 0...\(neighbourMergeCandidates) shared words (got \(neighbourMerge))")
        }
        guard neighbourMergeCandidates >= 1 && neighbourMergeCandidates <= 1000 else {
            throw SenseVecError("neighbour merge candidates must be in 1...1000 (got \(neighbourMergeCandidates))")
        }
    }

    /// The prior these settings describe.
    public var prior: SensePrior { SensePrior(kind: priorKind, alpha: alpha, senseCount: maxSenses) }
}
