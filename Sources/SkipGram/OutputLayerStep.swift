import SenseVecCore

/// One training thread's scratch space, allocated once per round and reused for every example (no allocation in
/// the loops): the sentence being read, the context words of the current position, the output rows and labels of
/// a binary-logistic update, the score and delta buffers of the batched and softmax updates, the hidden vector
/// and its gradient, and the input rows of a subword CBOW window. The random stream and the learning rate are the
/// thread's own too.
struct ThreadState {
    let sentence: UnsafeMutablePointer<Int32>
    let contexts: UnsafeMutablePointer<Int32>
    /// Output rows of one update: the target followed by its negatives (negative sampling), or a window's shared
    /// negatives.
    let outRows: UnsafeMutablePointer<Int32>
    /// Labels [1, 0, 0, …] of `outRows`.
    let nsLabels: UnsafeMutablePointer<Float>
    /// Labels [1, 1, …] of a window's context words.
    let ones: UnsafeMutablePointer<Float>
    /// The input rows of a CBOW window whose input is a mean of several rows per word (``SubwordRows``), and
    /// their count.
    let bag: UnsafeMutablePointer<Int32>
    var bagCount = 0
    let scores: UnsafeMutablePointer<Float>
    let deltas: UnsafeMutablePointer<Float>
    let hidden: UnsafeMutablePointer<Float>
    let grad: UnsafeMutablePointer<Float>
    /// The sum of a window's steps to its input word (the per-pair update with the centre as input).
    let windowStep: UnsafeMutablePointer<Float>
    var rng: SenseRandom
    /// η of the updates, refreshed from the global schedule as tokens are read.
    var alpha: Float = 0

    /// Buffers for sentences of `maxLength` tokens, windows of `window` words each side, `negatives` negatives,
    /// `outputs` output rows (the softmax's vocabulary), rows of `stride` floats and a CBOW bag of `bag` row ids.
    init(maxLength: Int, window: Int, negatives: Int, outputs: Int, stride: Int, bag: Int, rng: SenseRandom) {
        let maxIn = 2 * window, maxOut = max(negatives + 1, 64)
        sentence = .allocate(capacity: maxLength)
        contexts = .allocate(capacity: maxIn)
        outRows = .allocate(capacity: maxOut)
        nsLabels = .allocate(capacity: max(maxOut, maxIn))
        nsLabels.initialize(repeating: 0, count: max(maxOut, maxIn)); nsLabels[0] = 1
        ones = .allocate(capacity: maxIn)
        ones.initialize(repeating: 1, count: maxIn)
        self.bag = .allocate(capacity: max(1, bag))
        scores = .allocate(capacity: maxIn * maxOut + outputs)
        deltas = .allocate(capacity: maxIn * stride)
        hidden = .allocate(capacity: stride)
        grad = .allocate(capacity: stride)
        windowStep = .allocate(capacity: stride)
        self.rng = rng
    }

    func deallocate() {
        sentence.deallocate(); contexts.deallocate(); outRows.deallocate(); nsLabels.deallocate(); ones.deallocate()
        bag.deallocate()
        scores.deallocate(); deltas.deallocate(); hidden.deallocate(); grad.deallocate()
        windowStep.deallocate()
    }
}

/// The output layer of one update, as fastText's `Loss`: hidden vector h, target word y; adds −η ∂L/∂h to the
/// thread's gradient buffer, updates the output rows and returns the loss L(h, y) (when `measure`, else what the
/// layer computes anyway). The three layers are ``NegativeSamplingStep``, ``HierarchicalSoftmaxStep`` and
/// ``SoftmaxStep``; ``RoundJob``'s loop is generic over this protocol and ``InputRows``, so each pair is
/// specialized.
protocol OutputLayerStep {
    /// The output matrix the layer updates.
    var weights: OutputWeights { get }
    func update(hidden: UnsafePointer<Float>, target: Int32, state: inout ThreadState, measure: Bool) -> Float
    /// One h against the `count` targets of a window (the window-batched update of ``SubwordRows``): adds −η ∂L/∂h
    /// of the window's loss to the gradient buffer and returns that loss. By default the sum of the targets'
    /// updates, all seeing the same h; negative sampling shares one set of negatives among the targets.
    func update(hidden: UnsafePointer<Float>, targets: UnsafePointer<Int32>, count: Int, state: inout ThreadState,
                measure: Bool) -> Float
    /// The binary-logistic output rows and labels of target `y` (negative sampling draws its negatives here), or
    /// nil for a layer without them (the softmax).
    func rows(for y: Int32, state: inout ThreadState) -> (rows: UnsafePointer<Int32>, labels: UnsafePointer<Float>, count: Int)?
}

/// The output weights an update writes: U (row r at `output + r * stride`).
struct OutputWeights {
    let output: UnsafeMutablePointer<Float>
    let stride: Int
    /// Set to 1 for every row an update writes (``SharedWeights/outputTouched``), when recorded.
    var touched: UnsafeMutablePointer<UInt8>? = nil
}

extension OutputLayerStep {
    @inline(__always)
    func update(hidden: UnsafePointer<Float>, targets: UnsafePointer<Int32>, count: Int, state: inout ThreadState,
                measure: Bool) -> Float {
        var l: Float = 0
        for k in 0..<count { l += update(hidden: hidden, target: targets[k], state: &state, measure: measure) }
        return l
    }

    /// The binary-logistic update of h against `rows(for: target)` (``BinaryLogisticOutput``).
    @inline(__always)
    func binaryUpdate(_ weights: OutputWeights, hidden: UnsafePointer<Float>, target: Int32, state: inout ThreadState,
                      measure: Bool) -> Float {
        let (rows, labels, n) = rows(for: target, state: &state)!
        return BinaryLogisticOutput.update(hidden: hidden, hiddenGradient: state.grad, output: weights.output,
                                           stride: weights.stride, rows: rows, labels: labels, count: n,
                                           learningRate: state.alpha, computeLoss: measure)
    }
}

/// Negative sampling: rows [y, n_1 … n_K] with labels [1, 0 … 0], the K negatives drawn from the sampler's table
/// (count^0.75, Mikolov et al. 2013b; count^0.5 for subword models, as fastText), draws equal to y skipped.
struct NegativeSamplingStep: OutputLayerStep {
    let weights: OutputWeights
    let negatives: Int
    let table: UnsafePointer<UInt64>
    let tableCount: Int

    @inline(__always)
    func rows(for y: Int32, state: inout ThreadState) -> (rows: UnsafePointer<Int32>, labels: UnsafePointer<Float>, count: Int)? {
        state.outRows[0] = y
        var n = 1
        for _ in 0..<negatives {
            let s = NegativeSampler.draw(table, count: tableCount, rng: &state.rng)
            if s != y { state.outRows[n] = s; n += 1 }
        }
        if let touched = weights.touched { for k in 0..<n { touched[Int(state.outRows[k])] = 1 } }
        return (UnsafePointer(state.outRows), UnsafePointer(state.nsLabels), n)
    }

    @inline(__always)
    func update(hidden: UnsafePointer<Float>, target: Int32, state: inout ThreadState, measure: Bool) -> Float {
        binaryUpdate(weights, hidden: hidden, target: target, state: &state, measure: measure)
    }

    /// The window's B targets with label 1, then K negatives shared by the window (draws equal to a target
    /// skipped) with label 0 and weight B:
    ///
    ///     L(h) = Σ_b ℓ(u_{c_b}·h, 1) + B Σ_k ℓ(u_{n_k}·h, 0),   ℓ(x, y) = −log σ((2y − 1)x).
    @inline(__always)
    func update(hidden: UnsafePointer<Float>, targets: UnsafePointer<Int32>, count nc: Int, state s: inout ThreadState,
                measure: Bool) -> Float {
        var l = BinaryLogisticOutput.update(hidden: hidden, hiddenGradient: s.grad, output: weights.output,
                                            stride: weights.stride, rows: targets, labels: s.ones, count: nc,
                                            learningRate: s.alpha, computeLoss: measure)
        var nn = 0
        for _ in 0..<negatives {
            let x = NegativeSampler.draw(table, count: tableCount, rng: &s.rng)
            var clash = false
            for k in 0..<nc where targets[k] == x { clash = true }
            if !clash { s.outRows[nn] = x; nn += 1 }
        }
        let ln = BinaryLogisticOutput.update(hidden: hidden, hiddenGradient: s.grad, output: weights.output,
                                             stride: weights.stride, rows: s.outRows, labels: s.nsLabels + 1, count: nn,
                                             learningRate: s.alpha * Float(nc), computeLoss: measure)
        l += Float(nc) * ln
        return l
    }
}

/// Hierarchical softmax: the inner nodes on y's Huffman path with labels 1 − code (Morin & Bengio 2005).
struct HierarchicalSoftmaxStep: OutputLayerStep {
    let weights: OutputWeights
    let points: UnsafePointer<Int32>
    let offsets: UnsafePointer<Int>
    let labels: UnsafePointer<Float>

    @inline(__always)
    func rows(for y: Int32, state: inout ThreadState) -> (rows: UnsafePointer<Int32>, labels: UnsafePointer<Float>, count: Int)? {
        let o = offsets[Int(y)], n = offsets[Int(y) + 1] - o
        if let touched = weights.touched { for k in 0..<n { touched[Int(points[o + k])] = 1 } }
        return (points + o, labels + o, n)
    }

    @inline(__always)
    func update(hidden: UnsafePointer<Float>, target: Int32, state: inout ThreadState, measure: Bool) -> Float {
        binaryUpdate(weights, hidden: hidden, target: target, state: &state, measure: measure)
    }
}

/// The exact softmax over the `vocabularySize` output rows (``SoftmaxOutput``); its loss is always computed.
struct SoftmaxStep: OutputLayerStep {
    let weights: OutputWeights
    let vocabularySize: Int

    @inline(__always)
    func rows(for y: Int32, state: inout ThreadState) -> (rows: UnsafePointer<Int32>, labels: UnsafePointer<Float>, count: Int)? { nil }

    @inline(__always)
    func update(hidden: UnsafePointer<Float>, target: Int32, state: inout ThreadState, measure: Bool) -> Float {
        SoftmaxOutput.update(hidden: hidden, hiddenGradient: state.grad, output: weights.output, stride: weights.stride,
                             vocabularySize: vocabularySize, target: Int(target), learningRate: state.alpha,
                             scratch: state.scores)
    }
}

/// The pointers of a round's read-only tables, valid during ``RoundTables/with(_:_:)``.
struct RoundTables {
    let tokens: UnsafePointer<Int32>
    let keep: UnsafePointer<UInt64>
    let samplerTable: UnsafePointer<UInt64>
    let samplerCount: Int
    let points: UnsafePointer<Int32>?
    let offsets: UnsafePointer<Int>?
    let hsLabels: UnsafePointer<Float>?

    /// Calls `body` with the tables of `corpus`, `sampler`, `subsampler` and the Huffman tree (when given).
    static func with<R>(corpus: EncodedCorpus, sampler: NegativeSampler, subsampler: Subsampler, tree: HuffmanTree?,
                        hsLabels: [Float], _ body: (RoundTables) -> R) -> R {
        let treePoints = tree?.points ?? [], treeOffsets = tree?.offsets ?? []
        return corpus.withTokens { tokens in
            sampler.table.withUnsafeBufferPointer { table in
                subsampler.thresholds.withUnsafeBufferPointer { keep in
                    treePoints.withUnsafeBufferPointer { points in
                        treeOffsets.withUnsafeBufferPointer { offsets in
                            hsLabels.withUnsafeBufferPointer { labels in
                                body(RoundTables(tokens: tokens.baseAddress!, keep: keep.baseAddress!,
                                                 samplerTable: table.baseAddress!, samplerCount: table.count,
                                                 points: points.baseAddress, offsets: offsets.baseAddress,
                                                 hsLabels: labels.baseAddress))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The loss a round accumulates over its measured examples.
struct RoundLoss {
    var sum: Float = 0
    var examples = 0
}

/// The outer loop of ``RoundJob``: reads sentences from the thread's slice (subsampling as word2vec does),
/// refreshes η from the global schedule every 10,000 tokens, and for each kept position draws the effective
/// window b ∈ 1…W, gathers the context words into `state.contexts` and hands the position to `body`
/// (target, number of contexts, whether to measure the loss).
struct SentenceLoop {
    let configuration: SkipGramConfiguration
    let schedule: LearningRateSchedule
    /// The tokens this process reads stand for this many of the run's (``ParallelTraining``); 1 alone.
    let processedScale: Int
    let processedBase: Int
    let counter: TokenCounter
    /// Set to 1 for the input row of every word of a sentence that is trained (``SharedWeights/inputTouched``),
    /// when recorded.
    var inputTouched: UnsafeMutablePointer<UInt8>? = nil

    @inline(__always)
    func run(from: Int, end: Int, limit: Int, tables t: RoundTables, state s: inout ThreadState,
             _ body: (Int32, Int, Bool, inout ThreadState, inout RoundLoss) -> Void) -> RoundResult {
        let window = configuration.window, maxLen = configuration.maxSentenceLength
        var pos = from
        var read = 0, trained = 0, sinceReport = 0
        var loss = RoundLoss()
        let scale = processedScale
        s.alpha = Float(schedule.rate(afterProcessing: processedBase + scale * counter.value.load(ordering: .relaxed)))
        while read < limit && pos < end {
            var sentenceRead = 0
            let len = Self.readSentence(t.tokens, position: &pos, end: end, keep: t.keep, into: s.sentence,
                                            maxLength: maxLen, read: &sentenceRead, rng: &s.rng)
            read += sentenceRead; sinceReport += sentenceRead
            if sinceReport >= 10_000 {
                let total = counter.value.add(sinceReport, ordering: .relaxed).newValue
                sinceReport = 0
                s.alpha = Float(schedule.rate(afterProcessing: processedBase + scale * total))
            }
            trained += len
            // Every kept word of a sentence of two or more is some position's context, so its input row is written
            // (skip-gram, CBOW and the batched update alike).
            if let touched = inputTouched, len > 1 { for i in 0..<len { touched[Int(s.sentence[i])] = 1 } }
            for i in 0..<len {
                let centre = s.sentence[i]
                let b = window - s.rng.nextInt(below: window)   // effective window in 1...window
                var nc = 0
                let lo = max(0, i - b), hi = min(len - 1, i + b)
                var j = lo
                while j <= hi { if j != i { s.contexts[nc] = s.sentence[j]; nc += 1 }; j += 1 }
                if nc == 0 { continue }
                body(centre, nc, (i & 31) == 0, &s, &loss)
            }
        }
        if sinceReport > 0 { _ = counter.value.add(sinceReport, ordering: .relaxed) }
        var result = RoundResult()
        result.position = pos
        result.read = read
        result.trained = trained
        result.loss = Double(loss.sum)
        result.lossExamples = Double(loss.examples)
        return result
    }
}
