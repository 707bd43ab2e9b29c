import Synchronization
import SenseVecCore

/// One thread's work for one round of skip-gram or CBOW training, for word rows (``SkipGramTrainer``) and subword
/// rows (``SubwordTrainer``): everything is `let` and Sendable except the weights, whose races are the deliberate
/// Hogwild ones (see ``SharedWeights``). ``run(from:end:limit:rng:processedBase:counter:)`` picks the output layer
/// once per round; the loop is ``SentenceLoop`` over that ``OutputLayerStep`` and the ``InputRows`` `Input`, with
/// the thread's ``ThreadState`` (buffers allocated once per call). Both layers are generic parameters, so every
/// combination is compiled into its own loop, and the hot loops use raw pointers only.
struct RoundJob<Input: InputRows>: Sendable {
    let configuration: SkipGramConfiguration
    let weights: SharedWeights
    let corpus: EncodedCorpus
    let sampler: NegativeSampler
    let subsampler: Subsampler
    let tree: HuffmanTree?
    let hsLabels: [Float]
    let schedule: LearningRateSchedule
    /// What the input rows are made from (``InputRows/Source``).
    let input: Input.Source
    /// Processes training the same model: the tokens this process reads stand for this many of the run's
    /// (see ``ParallelTraining``); 1 alone.
    var processedScale = 1

    /// Trains on sentences starting at `from` until `limit` tokens were read or `end` is reached.
    func run(from: Int, end: Int, limit: Int, rng: inout SenseRandom, processedBase: Int, counter: TokenCounter) -> RoundResult {
        let c = configuration
        var state = ThreadState(maxLength: c.maxSentenceLength, window: c.window,
                                negatives: c.outputLayer == .negativeSampling ? c.negative : 0,
                                outputs: weights.outputRows, stride: weights.stride,
                                bag: Input.bagCapacity(input, window: c.window), rng: rng)
        defer { rng = state.rng; state.deallocate() }
        let loop = SentenceLoop(configuration: c, schedule: schedule, processedScale: processedScale,
                                processedBase: processedBase, counter: counter, inputTouched: weights.inputTouched)
        let w = OutputWeights(output: weights.output, stride: weights.stride, touched: weights.outputTouched)
        // The softmax writes every output row.
        if c.outputLayer == .softmax, let touched = weights.outputTouched { touched.update(repeating: 1, count: weights.outputRows) }
        return RoundTables.with(corpus: corpus, sampler: sampler, subsampler: subsampler, tree: tree, hsLabels: hsLabels) { t in
            Input.with(input, weights: weights) { rows in
                switch c.outputLayer {
                case .negativeSampling:
                    let layer = NegativeSamplingStep(weights: w, negatives: c.negative, table: t.samplerTable,
                                                     tableCount: t.samplerCount)
                    return train(layer, rows, loop: loop, from: from, end: end, limit: limit, tables: t, state: &state)
                case .hierarchicalSoftmax:
                    let layer = HierarchicalSoftmaxStep(weights: w, points: t.points!, offsets: t.offsets!, labels: t.hsLabels!)
                    return train(layer, rows, loop: loop, from: from, end: end, limit: limit, tables: t, state: &state)
                case .softmax:
                    let layer = SoftmaxStep(weights: w, vocabularySize: weights.outputRows)
                    return train(layer, rows, loop: loop, from: from, end: end, limit: limit, tables: t, state: &state)
                }
            }
        }
    }

    /// The update of one position (centre word and the `nc` context words of its shrunk window):
    /// - CBOW: h = the mean over the context words (``InputRows/contextMean(count:state:)``) predicts the centre;
    ///   the step −η ∂L/∂h goes to every input row of the mean.
    /// - Skip-gram, per pair (`--update classic`, and always with the softmax): for each context word, the input
    ///   word's h predicts the other word of the pair (context → centre for word rows, centre → context for subword
    ///   rows, ``InputRows/centreIsInput``), and the step goes to the input word's rows before the next pair. When the
    ///   centre is the input, its h is formed once per window and follows each step (``InputRows/follow(_:of:state:)``),
    ///   and the window's summed step reaches its rows once at the end: the same arithmetic (within one thread nothing
    ///   reads those rows before the window ends), with n row writes per window instead of n per pair.
    /// - Skip-gram, window-batched (`--update batched`): ``InputRows/batchedUpdate(_:centre:count:state:measure:)``,
    ///   the one orientation-specific step (see ``InputRows``).
    @inline(__always)
    func train<L: OutputLayerStep>(_ layer: L, _ rows: Input, loop: SentenceLoop, from: Int, end: Int, limit: Int,
                                   tables: RoundTables, state: inout ThreadState) -> RoundResult {
        let c = configuration
        let chunks = weights.stride >> 3
        let cbow = c.architecture == .cbow
        let batched = c.update == .batched && c.outputLayer != .softmax
        return loop.run(from: from, end: end, limit: limit, tables: tables, state: &state) { centre, nc, measure, s, loss in
            if cbow {
                let h = rows.contextMean(count: nc, state: &s)
                VectorKernels.zero(s.grad, chunks: chunks)
                let l = layer.update(hidden: h, target: centre, state: &s, measure: measure)
                rows.addToContexts(s.grad, count: nc, state: s)
                if measure { loss.sum += l; loss.examples += 1 }
            } else if batched {
                let l = rows.batchedUpdate(layer, centre: centre, count: nc, state: &s, measure: measure)
                if measure { loss.sum += l; loss.examples += nc }
            } else if Input.centreIsInput {
                // One input word for the whole window: h is formed once and follows each step; the steps are
                // summed and reach the centre's rows once, after the window (nothing reads those rows in between).
                let h = rows.hidden(of: centre, state: s)
                VectorKernels.zero(s.windowStep, chunks: chunks)
                for k in 0..<nc {
                    VectorKernels.zero(s.grad, chunks: chunks)
                    let l = layer.update(hidden: h, target: s.contexts[k], state: &s, measure: measure)
                    VectorKernels.axpy(1, s.grad, s.windowStep, chunks: chunks)
                    if k + 1 < nc { rows.follow(s.grad, of: centre, state: s) }
                    if measure { loss.sum += l; loss.examples += 1 }
                }
                rows.add(s.windowStep, to: centre)
            } else {
                for k in 0..<nc {
                    let word = s.contexts[k]
                    let h = rows.hidden(of: word, state: s)
                    VectorKernels.zero(s.grad, chunks: chunks)
                    let l = layer.update(hidden: h, target: centre, state: &s, measure: measure)
                    rows.add(s.grad, to: word)
                    if measure { loss.sum += l; loss.examples += 1 }
                }
            }
        }
    }
}

extension SentenceLoop {
    /// Reads one sentence from `position` (at most `maxLength` kept tokens; a sentence break ends it),
    /// subsampling as it goes (word2vec discards before windowing). Returns the kept tokens' count; `read`
    /// receives the tokens read before subsampling.
    @inline(__always)
    static func readSentence(_ tokens: UnsafePointer<Int32>, position pos: inout Int, end: Int, keep: UnsafePointer<UInt64>,
                             into sentence: UnsafeMutablePointer<Int32>, maxLength: Int, read: inout Int,
                             rng: inout SenseRandom) -> Int {
        var len = 0
        while pos < end {
            let w = tokens[pos]
            pos += 1
            if w < 0 { if len > 0 { break } else { continue } }
            read += 1
            if Subsampler.keep(keep, word: Int(w), rng: &rng) {
                sentence[len] = w; len += 1
                if len >= maxLength { break }
            }
        }
        return len
    }
}

/// Tokens read by all threads in the current round (shared; drives the learning rate).
final class TokenCounter: Sendable {
    let value = Atomic<Int>(0)
}
