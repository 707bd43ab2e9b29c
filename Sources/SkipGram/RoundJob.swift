import Synchronization
import SenseVecCore

/// One thread's work for one round: everything is `let` and Sendable except the weights, whose races are the
/// deliberate Hogwild ones (see ``SharedWeights``). Scratch buffers are allocated once per call and reused
/// for every window; the hot loops use raw pointers only.
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
        let stride = weights.stride
        let window = c.window
        let maxLen = c.maxSentenceLength
        let K = c.outputLayer == .negativeSampling ? c.negative : 0
        let V = weights.inputRows
        let maxOut = max(K + 1, 64)
        let maxIn = 2 * window
        let input = weights.input, output = weights.output
        let sentence = UnsafeMutablePointer<Int32>.allocate(capacity: maxLen)
        let contexts = UnsafeMutablePointer<Int32>.allocate(capacity: maxIn)
        let outRows = UnsafeMutablePointer<Int32>.allocate(capacity: maxOut)
        let nsLabels = UnsafeMutablePointer<Float>.allocate(capacity: maxOut)
        nsLabels.initialize(repeating: 0, count: maxOut); nsLabels[0] = 1
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: maxIn * maxOut + V)
        let deltas = UnsafeMutablePointer<Float>.allocate(capacity: maxIn * stride)
        let hidden = UnsafeMutablePointer<Float>.allocate(capacity: stride)
        let grad = UnsafeMutablePointer<Float>.allocate(capacity: stride)
        defer {
            sentence.deallocate(); contexts.deallocate(); outRows.deallocate(); nsLabels.deallocate()
            scores.deallocate(); deltas.deallocate(); hidden.deallocate(); grad.deallocate()
        }
        var result = RoundResult()
        var pos = from
        var read = 0, trained = 0, sinceReport = 0
        var lossSum: Float = 0, lossExamples = 0
        let scale = processedScale
        var alpha = Float(schedule.rate(afterProcessing: processedBase + scale * counter.value.load(ordering: .relaxed)))
        let chunks = stride >> 3
        let cbow = c.architecture == .cbow
        let batched = c.update == .batched && c.outputLayer != .softmax
        let layer = c.outputLayer
        let treeCodes = tree?.codes ?? [], treePoints = tree?.points ?? [], treeOffsets = tree?.offsets ?? []

        corpus.withTokens { tokensBuf in
        sampler.table.withUnsafeBufferPointer { samplerBuf in
        subsampler.thresholds.withUnsafeBufferPointer { keepBuf in
        treePoints.withUnsafeBufferPointer { pointsBuf in
        treeOffsets.withUnsafeBufferPointer { offsetsBuf in
        hsLabels.withUnsafeBufferPointer { hsLabelsBuf in
            _ = treeCodes
            let tokens = tokensBuf.baseAddress!
            let table = samplerBuf.baseAddress!, tableCount = samplerBuf.count
            let keep = keepBuf.baseAddress!
            let points = pointsBuf.baseAddress, offsets = offsetsBuf.baseAddress, labelsHS = hsLabelsBuf.baseAddress

            @inline(__always) func outputs(for w: Int32, rng: inout SenseRandom) -> (UnsafePointer<Int32>, UnsafePointer<Float>, Int) {
                Self.outputs(for: w, layer: layer, negatives: K, table: table, tableCount: tableCount, offsets: offsets,
                             points: points, labelsHS: labelsHS, outRows: outRows, nsLabels: nsLabels, rng: &rng)
            }

            while read < limit && pos < end {
                var sentenceRead = 0
                let len = Self.readSentence(tokens, position: &pos, end: end, keep: keep, into: sentence,
                                            maxLength: maxLen, read: &sentenceRead, rng: &rng)
                read += sentenceRead; sinceReport += sentenceRead
                if sinceReport >= 10_000 {
                    let total = counter.value.add(sinceReport, ordering: .relaxed).newValue
                    sinceReport = 0
                    alpha = Float(schedule.rate(afterProcessing: processedBase + scale * total))
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
                        // h = mean of the context rows; the gradient goes to every context row (word2vec).
                        VectorKernels.zero(hidden, chunks: chunks)
                        let inv = 1 / Float(nc)
                        for k in 0..<nc { VectorKernels.axpy(inv, input + Int(contexts[k]) &* stride, hidden, chunks: chunks) }
                        VectorKernels.zero(grad, chunks: chunks)
                        let l: Float
                        if layer == .softmax {
                            l = SoftmaxOutput.update(hidden: hidden, hiddenGradient: grad, output: output, stride: stride,
                                                     vocabularySize: V, target: Int(centre), learningRate: alpha, scratch: scores)
                        } else {
                            let (rows, labels, n) = outputs(for: centre, rng: &rng)
                            l = BinaryLogisticOutput.update(hidden: hidden, hiddenGradient: grad, output: output, stride: stride,
                                                            rows: rows, labels: labels, count: n, learningRate: alpha, computeLoss: measure)
                        }
                        for k in 0..<nc { VectorKernels.axpy(1, grad, input + Int(contexts[k]) &* stride, chunks: chunks) }
                        if measure { lossSum += l; lossExamples += 1 }
                    } else if batched {
                        let (rows, labels, n) = outputs(for: centre, rng: &rng)
                        let l = BinaryLogisticOutput.batchedUpdate(
                            input: input, inputRows: contexts, inputCount: nc, output: output, outputRows: rows,
                            labels: labels, outputCount: n, stride: stride, learningRate: alpha, computeLoss: measure,
                            scores: scores, deltas: deltas)
                        if measure { lossSum += l; lossExamples += nc }
                    } else {
                        for k in 0..<nc {
                            let h = input + Int(contexts[k]) &* stride
                            VectorKernels.zero(grad, chunks: chunks)
                            let l: Float
                            if layer == .softmax {
                                l = SoftmaxOutput.update(hidden: h, hiddenGradient: grad, output: output, stride: stride,
                                                         vocabularySize: V, target: Int(centre), learningRate: alpha, scratch: scores)
                            } else {
                                let (rows, labels, n) = outputs(for: centre, rng: &rng)
                                l = BinaryLogisticOutput.update(hidden: h, hiddenGradient: grad, output: output, stride: stride,
                                                                rows: rows, labels: labels, count: n, learningRate: alpha,
                                                                computeLoss: measure)
                            }
                            VectorKernels.axpy(1, grad, h, chunks: chunks)
                            if measure { lossSum += l; lossExamples += 1 }
                        }
                    }
                }
            }
        }}}}}}
        if sinceReport > 0 { _ = counter.value.add(sinceReport, ordering: .relaxed) }
        result.position = pos
        result.read = read
        result.trained = trained
        result.loss = Double(lossSum)
        result.lossExamples = Double(lossExamples)
        return result
    }
}

extension RoundJob {
    /// The output rows and labels of target `w`: its Huffman path and labels 1 − code (hierarchical softmax),
    /// or `w` with label 1 followed by `negatives` draws with label 0, skipping draws equal to `w` (negative
    /// sampling; written to `outRows`, whose labels `nsLabels` are [1, 0, 0, …]).
    @inline(__always)
    static func outputs(for w: Int32, layer: OutputLayer, negatives K: Int, table: UnsafePointer<UInt64>, tableCount: Int,
                        offsets: UnsafePointer<Int>?, points: UnsafePointer<Int32>?, labelsHS: UnsafePointer<Float>?,
                        outRows: UnsafeMutablePointer<Int32>, nsLabels: UnsafePointer<Float>,
                        rng: inout SenseRandom) -> (UnsafePointer<Int32>, UnsafePointer<Float>, Int) {
        if layer == .hierarchicalSoftmax {
            let o = offsets![Int(w)], n = offsets![Int(w) + 1] - o
            return (points! + o, labelsHS! + o, n)
        }
        outRows[0] = w
        var n = 1
        for _ in 0..<K {
            let s = NegativeSampler.draw(table, count: tableCount, rng: &rng)
            if s != w { outRows[n] = s; n += 1 }
        }
        return (UnsafePointer(outRows), nsLabels, n)
    }

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
