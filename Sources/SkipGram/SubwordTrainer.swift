import SenseVecCore

/// Hogwild SGD over a ``SubwordModel``: the round loop, threads, learning-rate schedule, subsampler,
/// negative sampler, output layers, checkpoints and the per-thread loop (``RoundJob``) are the skip-gram
/// trainer's (``SkipGramTrainer``); only the input layer differs — a word enters as the mean of its word and
/// n-gram rows (``SubwordRows``, ``SubwordInput``).
///
/// Skip-gram follows fastText's orientation: the **centre** word is the input (its rows averaged) and each
/// context word in the shrunk window is a target.
/// - `update == .batched` (default): the centre's hidden vector is computed once per window; the targets are
///   the window's B context words (label 1) and, with negative sampling, K negatives shared by the window
///   (label 0, weighted by B so that the expected gradient equals fastText's B·K fresh negatives); with
///   hierarchical softmax the B context words' Huffman paths. The loss of the window,
///
///       L(h) = Σ_b ℓ(u_{c_b}·h, 1) + B Σ_k ℓ(u_{n_k}·h, 0)    (NS),   ℓ(x, y) = −log σ((2y − 1)x),
///
///   is handled by ``BinaryLogisticOutput`` at the weights on entry, then −η ∂L/∂h goes to every row of the
///   centre word once. A window costs n row reads and writes instead of fastText's B·n.
/// - `update == .classic`: fastText's loop — for each context word, draw K fresh negatives, update the output
///   rows, and move the centre's input by the step −η ∂L/∂h before the next context word. fastText adds the step
///   to the centre's n rows and recomputes h from them; here h moves by the step each row would get (h ← h + g·step,
///   g = 1 unless a bucket repeats in the word's list, ``InputRows/follow(_:of:state:)``) and the window's summed
///   step is added to the n rows once, after its last context word. Within one thread nothing reads those rows in
///   between, so the arithmetic is fastText's (up to rounding; Hogwild writes by other threads are the only other
///   difference), with n row reads and writes per window instead of 2n per context word.
///
/// CBOW (fastText's): h is the mean of all rows of all context words (their word rows and n-gram rows
/// together), the centre word is the target, and the step goes to each of those rows.
public final class SubwordTrainer {
    public let model: SubwordModel
    public let corpus: EncodedCorpus
    /// Tokens per thread per round.
    public var roundTokens = 100_000
    /// Optional stop request checked between rounds; training then returns unfinished.
    public var shouldStop: (() -> Bool)? = nil

    let sampler: NegativeSampler
    /// Negatives are drawn with probability ∝ count^0.5, as fastText draws them (word2vec: 0.75).
    public static let negativePower = 0.5
    let subsampler: Subsampler
    let hsLabels: [Float]

    /// Prepares training (or resumes an unfinished model on the same corpus).
    public init(model: SubwordModel, corpus: EncodedCorpus) throws {
        try TrainingRounds.prepare(&model.progress, corpus: corpus, vocabularySize: model.vocabulary.count,
                                   configuration: model.configuration)
        self.model = model
        self.corpus = corpus
        sampler = NegativeSampler(counts: model.vocabulary.counts, power: Self.negativePower)
        subsampler = Subsampler(counts: model.vocabulary.counts, sample: model.configuration.sample)
        hsLabels = TrainingRounds.hierarchicalSoftmaxLabels(model.tree)
    }

    /// Trains until all epochs are done (or `shouldStop` says so); progress and checkpoints as
    /// ``SkipGramTrainer/train(progress:checkpointInterval:checkpoint:)``.
    @discardableResult
    public func train(progress: ProgressHandler? = nil, checkpointInterval: Double? = nil,
                      checkpoint: ((SubwordModel) throws -> Void)? = nil) throws -> TrainingSummary {
        let c = model.configuration
        let schedule = LearningRateSchedule(start: c.startingAlpha, floor: c.floorAlpha, totalTokens: c.epochs * corpus.wordCount)
        let job = RoundJob<SubwordRows>(configuration: c, weights: model.weights, corpus: corpus, sampler: sampler,
                                        subsampler: subsampler, tree: model.tree, hsLabels: hsLabels, schedule: schedule,
                                        input: model.table)
        return try TrainingRounds.run(model, corpus: corpus, schedule: schedule, roundTokens: roundTokens,
                                      shouldStop: shouldStop, progress: progress, checkpointInterval: checkpointInterval,
                                      checkpoint: checkpoint) { from, end, limit, rng, base, counter in
            job.run(from: from, end: end, limit: limit, rng: &rng, processedBase: base, counter: counter)
        }
    }
}

extension SubwordModel: RoundTrainable {}
