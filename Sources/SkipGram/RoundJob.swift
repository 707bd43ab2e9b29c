import Synchronization
import SenseVecCore

/// One thread's work for one round of word skip-gram or CBOW: everything is `let` and Sendable except the
/// weights, whose races are the deliberate Hogwild ones (see ``SharedWeights``). The loop is ``SentenceLoop``
/// over an ``OutputLayerStep`` with the thread's ``ThreadState`` (buffers allocated once per call); the hot loops
/// use raw pointers only.
struct RoundJob: Sendable {
    let configuration: SkipGramConfiguration
    let weights: SharedWeights
    let corpus: EncodedCorpus
    let sampler: NegativeSampler
    let subsampler: Subsampler
    let tree: HuffmanTree?
    let hsLabels: [Float]
    let schedule: LearningRateSchedule
    /// Processes training the same model: the tokens this process reads stand for this many of the run's
    /// (see ``ParallelTraining``); 1 alone.
    var processedScale = 1

    /// Trains on sentences starting at `from` until `limit` tokens were read or `end` is reached.
    func run(from: Int, end: Int, limit: Int, rng: inout SenseRandom, processedBase: Int, counter: TokenCounter) -> RoundResult {
        let c = configuration
        var state = ThreadState(maxLength: c.maxSentenceLength, window: c.window,
                                negatives: c.outputLayer == .negativeSampling ? c.negative : 0,
                                outputs: weights.inputRows, stride: weights.stride, rng: rng)
        defer { rng = state.rng; state.deallocate() }
        let loop = SentenceLoop(configuration: c, schedule: schedule, processedScale: processedScale,
                                processedBase: processedBase, counter: counter, inputTouched: weights.inputTouched)
        let w = OutputWeights(output: weights.output, stride: weights.stride, touched: weights.outputTouched)
        // The softmax writes every output row.
        if c.outputLayer == .softmax, let touched = weights.outputTouched { touched.update(repeating: 1, count: weights.outputRows) }
        return RoundTables.with(corpus: corpus, sampler: sampler, subsampler: subsampler, tree: tree, hsLabels: hsLabels) { t in
            switch c.outputLayer {
            case .negativeSampling:
                let layer = NegativeSamplingStep(weights: w, negatives: c.negative, table: t.samplerTable, tableCount: t.samplerCount)
                return train(layer, loop: loop, from: from, end: end, limit: limit, tables: t, state: &state)
            case .hierarchicalSoftmax:
                let layer = HierarchicalSoftmaxStep(weights: w, points: t.points!, offsets: t.offsets!, labels: t.hsLabels!)
                return train(layer, loop: loop, from: from, end: end, limit: limit, tables: t, state: &state)
            case .softmax:
                let layer = SoftmaxStep(weights: w, vocabularySize: weights.inputRows)
                return train(layer, loop: loop, from: from, end: end, limit: limit, tables: t, state: &state)
            }
        }
    }

    /// Skip-gram (each context word's row h predicts the centre word, as word2vec), window-batched skip-gram
    /// (``BinaryLogisticOutput/batchedUpdate(input:inputRows:inputCount:output:outputRows:labels:outputCount:stride:learningRate:computeLoss:scores:deltas:)``)
    /// or CBOW (the mean of the context rows predicts the centre; its gradient goes to every context row) over
    /// `layer`.
    @inline(__always)
    func train<L: OutputLayerStep>(_ layer: L, loop: SentenceLoop, from: Int, end: Int, limit: Int, tables: RoundTables,
                                   state: inout ThreadState) -> RoundResult {
        let c = configuration
        let stride = weights.stride, chunks = stride >> 3
        let input = weights.input, output = weights.output
        let cbow = c.architecture == .cbow
        let batched = c.update == .batched && c.outputLayer != .softmax
        return loop.run(from: from, end: end, limit: limit, tables: tables, state: &state) { centre, nc, measure, s, loss in
            if cbow {
                VectorKernels.zero(s.hidden, chunks: chunks)
                let inv = 1 / Float(nc)
                for k in 0..<nc { VectorKernels.axpy(inv, input + Int(s.contexts[k]) &* stride, s.hidden, chunks: chunks) }
                VectorKernels.zero(s.grad, chunks: chunks)
                let l = layer.update(hidden: s.hidden, target: centre, state: &s, measure: measure)
                for k in 0..<nc { VectorKernels.axpy(1, s.grad, input + Int(s.contexts[k]) &* stride, chunks: chunks) }
                if measure { loss.sum += l; loss.examples += 1 }
            } else if batched {
                let (rows, labels, n) = layer.rows(for: centre, state: &s)!
                let l = BinaryLogisticOutput.batchedUpdate(
                    input: input, inputRows: s.contexts, inputCount: nc, output: output, outputRows: rows,
                    labels: labels, outputCount: n, stride: stride, learningRate: s.alpha, computeLoss: measure,
                    scores: s.scores, deltas: s.deltas)
                if measure { loss.sum += l; loss.examples += nc }
            } else {
                for k in 0..<nc {
                    let h = input + Int(s.contexts[k]) &* stride
                    VectorKernels.zero(s.grad, chunks: chunks)
                    let l = layer.update(hidden: h, target: centre, state: &s, measure: measure)
                    VectorKernels.axpy(1, s.grad, h, chunks: chunks)
                    if measure { loss.sum += l; loss.examples += 1 }
                }
            }
        }
    }
}

extension RoundJob {
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
