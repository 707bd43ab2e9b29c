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

/// One thread's work for one round of subword training (see ``SubwordTrainer``); the sentence reader and
/// the output selection are ``RoundJob``'s.
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
        let stride = weights.stride
        let window = c.window
        let maxLen = c.maxSentenceLength
        let K = c.outputLayer == .negativeSampling ? c.negative : 0
        let V = weights.outputRows
        let maxIn = 2 * window
        let maxOut = max(K + 1, 64)
        let input = weights.input, output = weights.output
        let sentence = UnsafeMutablePointer<Int32>.allocate(capacity: maxLen)
        let contexts = UnsafeMutablePointer<Int32>.allocate(capacity: maxIn)
        let outRows = UnsafeMutablePointer<Int32>.allocate(capacity: maxOut)
        let negatives = UnsafeMutablePointer<Int32>.allocate(capacity: max(K, 1))
        let nsLabels = UnsafeMutablePointer<Float>.allocate(capacity: max(maxOut, maxIn))
        nsLabels.initialize(repeating: 0, count: max(maxOut, maxIn)); nsLabels[0] = 1
        let ones = UnsafeMutablePointer<Float>.allocate(capacity: maxIn)
        ones.initialize(repeating: 1, count: maxIn)
        let bag = UnsafeMutablePointer<Int32>.allocate(capacity: maxIn * max(1, maxRowsPerWord))
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(maxOut, V))
        let hidden = UnsafeMutablePointer<Float>.allocate(capacity: stride)
        let grad = UnsafeMutablePointer<Float>.allocate(capacity: stride)
        defer {
            sentence.deallocate(); contexts.deallocate(); outRows.deallocate(); negatives.deallocate()
            nsLabels.deallocate(); ones.deallocate(); bag.deallocate(); scores.deallocate()
            hidden.deallocate(); grad.deallocate()
        }
        var result = RoundResult()
        var pos = from
        var read = 0, trained = 0, sinceReport = 0
        var lossSum: Float = 0, lossExamples = 0
        var alpha = Float(schedule.rate(afterProcessing: processedBase + counter.value.load(ordering: .relaxed)))
        let chunks = stride >> 3
        let cbow = c.architecture == .cbow
        let layer = c.outputLayer
        let batched = c.update == .batched && layer != .softmax
        let treePoints = tree?.points ?? [], treeOffsets = tree?.offsets ?? []

        corpus.tokens.withUnsafeBufferPointer { tokensBuf in
        sampler.table.withUnsafeBufferPointer { samplerBuf in
        subsampler.thresholds.withUnsafeBufferPointer { keepBuf in
        treePoints.withUnsafeBufferPointer { pointsBuf in
        treeOffsets.withUnsafeBufferPointer { offsetsBuf in
        hsLabels.withUnsafeBufferPointer { hsLabelsBuf in
        rowOffsets.withUnsafeBufferPointer { rowOffsetsBuf in
        rowIndices.withUnsafeBufferPointer { rowIndicesBuf in
            let tokens = tokensBuf.baseAddress!
            let table = samplerBuf.baseAddress!, tableCount = samplerBuf.count
            let keep = keepBuf.baseAddress!
            let points = pointsBuf.baseAddress, offsets = offsetsBuf.baseAddress, labelsHS = hsLabelsBuf.baseAddress
            let rowStart = rowOffsetsBuf.baseAddress!, rowList = rowIndicesBuf.baseAddress!

            @inline(__always) func outputs(for w: Int32, rng: inout SenseRandom) -> (UnsafePointer<Int32>, UnsafePointer<Float>, Int) {
                RoundJob.outputs(for: w, layer: layer, negatives: K, table: table, tableCount: tableCount, offsets: offsets,
                                 points: points, labelsHS: labelsHS, outRows: outRows, nsLabels: nsLabels, rng: &rng)
            }
            /// One target against the current hidden vector (any output layer); returns the loss.
            @inline(__always) func target(_ t: Int32, measure: Bool, rng: inout SenseRandom) -> Float {
                if layer == .softmax {
                    return SoftmaxOutput.update(hidden: hidden, hiddenGradient: grad, output: output, stride: stride,
                                                vocabularySize: V, target: Int(t), learningRate: alpha, scratch: scores)
                }
                let (rows, labels, n) = outputs(for: t, rng: &rng)
                return BinaryLogisticOutput.update(hidden: hidden, hiddenGradient: grad, output: output, stride: stride,
                                                   rows: rows, labels: labels, count: n, learningRate: alpha, computeLoss: measure)
            }

            while read < limit && pos < end {
                var sentenceRead = 0
                let len = RoundJob.readSentence(tokens, position: &pos, end: end, keep: keep, into: sentence,
                                                maxLength: maxLen, read: &sentenceRead, rng: &rng)
                read += sentenceRead; sinceReport += sentenceRead
                if sinceReport >= 10_000 {
                    let total = counter.value.add(sinceReport, ordering: .relaxed).newValue
                    sinceReport = 0
                    alpha = Float(schedule.rate(afterProcessing: processedBase + total))
                }
                trained += len
                for i in 0..<len {
                    let centre = sentence[i]
                    let b = window - rng.nextInt(below: window)   // effective window in 1...window
                    var nc = 0
                    let lo = max(0, i - b), hi = min(len - 1, i + b)
                    var j = lo
                    while j <= hi { if j != i { contexts[nc] = sentence[j]; nc += 1 }; j += 1 }
                    if nc == 0 { continue }
                    let measure = (i & 31) == 0
                    if cbow {
                        var nb = 0
                        for k in 0..<nc {
                            let w = Int(contexts[k]), o = rowStart[w], n = rowStart[w + 1] - o
                            (bag + nb).update(from: rowList + o, count: n)
                            nb += n
                        }
                        SubwordInput.mean(input, rows: bag, count: nb, stride: stride, into: hidden)
                        VectorKernels.zero(grad, chunks: chunks)
                        let l = target(centre, measure: measure, rng: &rng)
                        SubwordInput.distribute(grad, to: input, rows: bag, count: nb, stride: stride)
                        if measure { lossSum += l; lossExamples += 1 }
                        continue
                    }
                    let o = rowStart[Int(centre)], rows = rowList + o, n = rowStart[Int(centre) + 1] - o
                    if batched {
                        SubwordInput.mean(input, rows: rows, count: n, stride: stride, into: hidden)
                        VectorKernels.zero(grad, chunks: chunks)
                        var l: Float = 0
                        if layer == .hierarchicalSoftmax {
                            for k in 0..<nc { l += target(contexts[k], measure: measure, rng: &rng) }
                        } else {
                            // Positives: the window's context words; then K shared negatives weighted by B.
                            l = BinaryLogisticOutput.update(hidden: hidden, hiddenGradient: grad, output: output, stride: stride,
                                                            rows: contexts, labels: ones, count: nc, learningRate: alpha,
                                                            computeLoss: measure)
                            var nn = 0
                            for _ in 0..<K {
                                let s = NegativeSampler.draw(table, count: tableCount, rng: &rng)
                                var clash = false
                                for k in 0..<nc where contexts[k] == s { clash = true }
                                if !clash { negatives[nn] = s; nn += 1 }
                            }
                            let ln = BinaryLogisticOutput.update(hidden: hidden, hiddenGradient: grad, output: output, stride: stride,
                                                                 rows: negatives, labels: nsLabels + 1, count: nn,
                                                                 learningRate: alpha * Float(nc), computeLoss: measure)
                            l += Float(nc) * ln
                        }
                        SubwordInput.distribute(grad, to: input, rows: rows, count: n, stride: stride)
                        if measure { lossSum += l; lossExamples += nc }
                    } else {
                        for k in 0..<nc {
                            SubwordInput.mean(input, rows: rows, count: n, stride: stride, into: hidden)
                            VectorKernels.zero(grad, chunks: chunks)
                            let l = target(contexts[k], measure: measure, rng: &rng)
                            SubwordInput.distribute(grad, to: input, rows: rows, count: n, stride: stride)
                            if measure { lossSum += l; lossExamples += 1 }
                        }
                    }
                }
            }
        }}}}}}}}
        if sinceReport > 0 { _ = counter.value.add(sinceReport, ordering: .relaxed) }
        result.position = pos
        result.read = read
        result.trained = trained
        result.loss = Double(lossSum)
        result.lossExamples = Double(lossExamples)
        return result
    }
}
