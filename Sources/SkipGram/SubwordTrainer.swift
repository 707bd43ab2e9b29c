import SenseVecCore

/// Hogwild SGD over a ``SubwordModel``: the round loop, threads, learning-rate schedule, subsampler,
/// negative sampler, output layers and checkpoints are the skip-gram trainer's (``SkipGramTrainer``); only
/// the input side differs — a word enters as the mean of its word and n-gram rows (``SubwordInput``).
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
/// - `update == .classic`: fastText's loop exactly — for each context word, recompute h, draw K fresh
///   negatives, update, add the step to the centre's rows.
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
    let subsampler: Subsampler
    let hsLabels: [Float]

    /// Prepares training (or resumes an unfinished model on the same corpus).
    public init(model: SubwordModel, corpus: EncodedCorpus) throws {
        try TrainingRounds.prepare(&model.progress, corpus: corpus, vocabularySize: model.vocabulary.count,
                                   configuration: model.configuration)
        self.model = model
        self.corpus = corpus
        sampler = NegativeSampler(counts: model.vocabulary.counts)
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
        let job = SubwordRoundJob(configuration: c, weights: model.weights, corpus: corpus, sampler: sampler,
                                  subsampler: subsampler, tree: model.tree, hsLabels: hsLabels, schedule: schedule,
                                  rowOffsets: model.rowOffsets, rowIndices: model.rowIndices,
                                  maxRowsPerWord: model.maxRowsPerWord)
        return try TrainingRounds.run(model, corpus: corpus, schedule: schedule, roundTokens: roundTokens,
                                      shouldStop: shouldStop, progress: progress, checkpointInterval: checkpointInterval,
                                      checkpoint: checkpoint) { from, end, limit, rng, base, counter in
            job.run(from: from, end: end, limit: limit, rng: &rng, processedBase: base, counter: counter)
        }
    }
}

extension SubwordModel: RoundTrainable {}

/// One thread's work for one round of subword training (see ``SubwordTrainer``): the same ``SentenceLoop``,
/// ``OutputLayerStep`` and ``ThreadState`` as ``RoundJob``, with each word's input the mean of its rows.
struct SubwordRoundJob: Sendable {
    let configuration: SkipGramConfiguration
    let weights: SharedWeights
    let corpus: EncodedCorpus
    let sampler: NegativeSampler
    let subsampler: Subsampler
    let tree: HuffmanTree?
    let hsLabels: [Float]
    let schedule: LearningRateSchedule
    let rowOffsets: [Int]
    let rowIndices: [Int32]
    let maxRowsPerWord: Int

    func run(from: Int, end: Int, limit: Int, rng: inout SenseRandom, processedBase: Int, counter: TokenCounter) -> RoundResult {
        let c = configuration
        let K = c.outputLayer == .negativeSampling ? c.negative : 0
        var state = ThreadState(maxLength: c.maxSentenceLength, window: c.window, negatives: K,
                                outputs: weights.outputRows, stride: weights.stride, rng: rng)
        defer { rng = state.rng; state.deallocate() }
        let loop = SentenceLoop(configuration: c, schedule: schedule, processedScale: 1, processedBase: processedBase,
                                counter: counter)
        let w = OutputWeights(output: weights.output, stride: weights.stride)
        return RoundTables.with(corpus: corpus, sampler: sampler, subsampler: subsampler, tree: tree, hsLabels: hsLabels) { t in
            switch c.outputLayer {
            case .negativeSampling:
                let layer = NegativeSamplingStep(weights: w, negatives: K, table: t.samplerTable, tableCount: t.samplerCount)
                return train(layer, loop: loop, from: from, end: end, limit: limit, tables: t, state: &state)
            case .hierarchicalSoftmax:
                let layer = HierarchicalSoftmaxStep(weights: w, points: t.points!, offsets: t.offsets!, labels: t.hsLabels!)
                return train(layer, loop: loop, from: from, end: end, limit: limit, tables: t, state: &state)
            case .softmax:
                let layer = SoftmaxStep(weights: w, vocabularySize: weights.outputRows)
                return train(layer, loop: loop, from: from, end: end, limit: limit, tables: t, state: &state)
            }
        }
    }

    /// Subword skip-gram as fastText: the centre word's input h = mean of its rows (word and n-grams) predicts
    /// each context word; window-batched, h predicts the window's context words at once with K shared negatives
    /// weighted by their count B; CBOW: the mean of the context words' rows predicts the centre. The gradient of h
    /// goes to every row of the mean (``SubwordInput``).
    @inline(__always)
    func train<L: OutputLayerStep>(_ layer: L, loop: SentenceLoop, from: Int, end: Int, limit: Int, tables t: RoundTables,
                                   state: inout ThreadState) -> RoundResult {
        let c = configuration
        let stride = weights.stride, chunks = stride >> 3
        let K = c.outputLayer == .negativeSampling ? c.negative : 0
        let maxIn = 2 * c.window
        let input = weights.input, output = weights.output
        let negatives = UnsafeMutablePointer<Int32>.allocate(capacity: max(K, 1))
        let ones = UnsafeMutablePointer<Float>.allocate(capacity: maxIn)
        ones.initialize(repeating: 1, count: maxIn)
        let bag = UnsafeMutablePointer<Int32>.allocate(capacity: maxIn * max(1, maxRowsPerWord))
        defer { negatives.deallocate(); ones.deallocate(); bag.deallocate() }
        let cbow = c.architecture == .cbow
        let hs = c.outputLayer == .hierarchicalSoftmax
        let batched = c.update == .batched && c.outputLayer != .softmax
        return rowOffsets.withUnsafeBufferPointer { rowOffsetsBuf in rowIndices.withUnsafeBufferPointer { rowIndicesBuf in
            let rowStart = rowOffsetsBuf.baseAddress!, rowList = rowIndicesBuf.baseAddress!
            return loop.run(from: from, end: end, limit: limit, tables: t, state: &state) { centre, nc, measure, s, loss in
                if cbow {
                    var nb = 0
                    for k in 0..<nc {
                        let w = Int(s.contexts[k]), o = rowStart[w], n = rowStart[w + 1] - o
                        (bag + nb).update(from: rowList + o, count: n)
                        nb += n
                    }
                    SubwordInput.mean(input, rows: bag, count: nb, stride: stride, into: s.hidden)
                    VectorKernels.zero(s.grad, chunks: chunks)
                    let l = layer.update(hidden: s.hidden, target: centre, state: &s, measure: measure)
                    SubwordInput.distribute(s.grad, to: input, rows: bag, count: nb, stride: stride)
                    if measure { loss.sum += l; loss.examples += 1 }
                    return
                }
                let o = rowStart[Int(centre)], rows = rowList + o, n = rowStart[Int(centre) + 1] - o
                if batched {
                    SubwordInput.mean(input, rows: rows, count: n, stride: stride, into: s.hidden)
                    VectorKernels.zero(s.grad, chunks: chunks)
                    var l: Float = 0
                    if hs {
                        for k in 0..<nc { l += layer.update(hidden: s.hidden, target: s.contexts[k], state: &s, measure: measure) }
                    } else {
                        // Positives: the window's context words; then K shared negatives weighted by B.
                        l = BinaryLogisticOutput.update(hidden: s.hidden, hiddenGradient: s.grad, output: output, stride: stride,
                                                        rows: s.contexts, labels: ones, count: nc, learningRate: s.alpha,
                                                        computeLoss: measure)
                        var nn = 0
                        for _ in 0..<K {
                            let x = NegativeSampler.draw(t.samplerTable, count: t.samplerCount, rng: &s.rng)
                            var clash = false
                            for k in 0..<nc where s.contexts[k] == x { clash = true }
                            if !clash { negatives[nn] = x; nn += 1 }
                        }
                        let ln = BinaryLogisticOutput.update(hidden: s.hidden, hiddenGradient: s.grad, output: output, stride: stride,
                                                             rows: negatives, labels: s.nsLabels + 1, count: nn,
                                                             learningRate: s.alpha * Float(nc), computeLoss: measure)
                        l += Float(nc) * ln
                    }
                    SubwordInput.distribute(s.grad, to: input, rows: rows, count: n, stride: stride)
                    if measure { loss.sum += l; loss.examples += nc }
                } else {
                    for k in 0..<nc {
                        SubwordInput.mean(input, rows: rows, count: n, stride: stride, into: s.hidden)
                        VectorKernels.zero(s.grad, chunks: chunks)
                        let l = layer.update(hidden: s.hidden, target: s.contexts[k], state: &s, measure: measure)
                        SubwordInput.distribute(s.grad, to: input, rows: rows, count: n, stride: stride)
                        if measure { loss.sum += l; loss.examples += 1 }
                    }
                }
            }
        } }
    }
}
