#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import SenseVecCore
import SkipGram


/// Trains multi-sense vectors with Adaptive Skip-gram (Bartunov et al. 2016) by stochastic variational
/// inference, with new senses grown by split tests.
///
/// For each occurrence of word x (context Y: the whole window of `window` words each side for the E-step, a
/// window drawn from 1…`window` for the M-step, as word2vec):
/// 1. **E-step** (``SensePosterior``): q(z) ∝ exp(E[log π_z] + Σ_{y∈Y} log p(y | z, x)) over the senses of x,
///    the prior from the expected counts (``SensePrior``).
/// 2. **Prior update**: n_k ← n_k + ρ (q_k · N_x − n_k) with ρ = max(1/seen_x, 0.005), the stochastic natural-
///    gradient step on the Beta (or categorical) posterior, N_x the word's corpus count.
/// 3. **M-step**: for every sense with q_k ≥ cutoff, an SGD step on q_k · log p(y | k, x) for each y (input
///    row of sense k and the output rows on y's Huffman path). For a word with several senses both steps are
///    window-batched: the distinct path nodes of the E-step's and the M-step's windows are gathered once, each
///    node is scored once for all senses (``SenseKernels/windowLogLikelihoods(rows:count:skip:output:dimension:nodes:count:scores:stride:logLikelihood:)``),
///    and the M-step reuses those scores, all senses stepping simultaneously (``SenseKernels/windowMStep(nodes:count:scores:stride:output:dimension:terms:count:coefficients:)``).
/// 4. **Growth by split tests** (after a single-sense warm-up): a word with room for another sense estimates the
///    principal direction w of its context vectors (stochastic power iteration), splits its most used sense s
///    (among those that have not failed a test since its last kept split) into v_s ± δw, and runs the split
///    beside a shadow copy of v_s (the one-sense alternative). The split is kept when its prequential log
///    evidence beats the alternative's by more than `splitMargin` nats per occurrence; otherwise v_s is restored,
///    and the word is settled once every sense has failed. Both sides are scored before they train on
///    an occurrence, so the test does not reward over-fitting. See ``SenseTrainingConfiguration/splitBlock``.
public struct SenseTrainer: Sendable {
    public let configuration: SenseTrainingConfiguration

    public init(configuration: SenseTrainingConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
    }

    /// Trains on `corpus` (ids of `vocabulary`, sentences separated by ``EncodedCorpus/sentenceBreak``).
    /// The same as starting a ``SenseTrainingRun`` and training it to the end without checkpoints. Topical senses
    /// (``SenseContextKind/topic``) are trained by ``TopicalSenseTrainer`` instead.
    public func train(vocabulary: Vocabulary, corpus: EncodedCorpus, progress: ProgressHandler? = nil,
                      wordVectors: SkipGramModel? = nil) throws -> SenseVectors {
        if configuration.contextKind == .topic {
            return try TopicalSenseTrainer(configuration: configuration).train(vocabulary: vocabulary, corpus: corpus,
                                                                               progress: progress, wordVectors: wordVectors)
        }
        let run = try SenseTrainingRun(configuration: configuration, vocabulary: vocabulary, corpus: corpus)
        guard let model = try run.train(corpus: corpus, progress: progress) else {
            throw SenseVecError("multi-sense training stopped before its end")
        }
        return model
    }

    /// Ends training: splits still under test are kept when their evidence gain is already established on a
    /// quarter of the probation and restored otherwise; direction estimates are abandoned. Then the model.
    static func finish(_ params: SenseParameters, vocabulary: Vocabulary, tree: HuffmanTree,
                       configuration cfg: SenseTrainingConfiguration, trainedWords: Int) -> SenseVectors {
        for x in 0..<vocabulary.count {
            if params.phase[x] == 1 { params.abandonSplit(word: x) }
            if params.phase[x] == 2 {
                let n = Int(params.tally[x])
                params.endProbation(word: x, keep: n >= cfg.probation / 4 && params.gain[x] / Double(max(1, n)) > cfg.splitMargin)
            }
        }
        return SenseVectors(parameters: params, vocabulary: vocabulary, tree: tree, configuration: cfg, trainedWords: trainedWords)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// A borrowed view of the token array handed to worker threads (read only).
struct TokenView: @unchecked Sendable {
    let base: UnsafePointer<Int32>
    let count: Int
}

/// One worker thread's scratch and loop. Owns its random stream; the only shared state is ``SenseParameters``.
struct SenseWorker {
    let p: SenseParameters
    let cfg: SenseTrainingConfiguration
    let prior: SensePrior
    let thread: Int
    let totalWords: Int
    var rng: SenseRandom
    var sentence: [Int32]
    // Scratch owned by this worker (allocated once, freed by `release()`); no allocation in the loop.
    let context: UnsafeMutablePointer<Int32>
    let rowPointers: UnsafeMutablePointer<UnsafePointer<Float>>
    let logPrior: UnsafeMutablePointer<Double>
    let weights: UnsafeMutablePointer<Double>
    let logLik: UnsafeMutablePointer<Double>
    let posterior: UnsafeMutablePointer<Double>
    let gradient: UnsafeMutablePointer<Float>
    let contributions: UnsafeMutablePointer<Double>
    let gradientSum: UnsafeMutablePointer<Float>
    let fullContext: UnsafeMutablePointer<Int32>
    let contextVector: UnsafeMutablePointer<Float>
    let altCounts: UnsafeMutablePointer<Float>
    let altLogPrior: UnsafeMutablePointer<Double>
    /// The distinct path nodes of the current window (window-batched M-step).
    let window: SenseKernels.WindowNodes
    /// Multi-sense occurrences: the E-step's node scores (one row of `window.capacity` per scored vector), which
    /// rows to skip, the M-step's terms, their coefficients and the per-sense gradients.
    let scores: UnsafeMutablePointer<Float>
    let skip: UnsafeMutablePointer<Bool>
    let terms: UnsafeMutablePointer<SenseKernels.WindowTerm>
    let coefficients: UnsafeMutablePointer<Float>
    let senseGradients: UnsafeMutablePointer<Float>
    var localWords = 0
    /// Sense vectors scored against a context (E-step rows, shadows) and occurrences trained, for reports.
    var senseEvaluations = 0
    var occurrences = 0
    var sinceReport = 0
    var evidenceSum = 0.0
    var evidenceCount = 0
    var lastReport = ContinuousClock.now

    init(params: SenseParameters, configuration: SenseTrainingConfiguration, thread: Int, totalWords: Int) {
        p = params
        cfg = configuration
        prior = configuration.prior
        self.thread = thread
        self.totalWords = totalWords
        rng = SenseRandom(seed: configuration.seed, stream: UInt64(thread))
        sentence = []; sentence.reserveCapacity(1024)
        context = .allocate(capacity: 2 * configuration.window)
        let t = configuration.maxSenses
        rowPointers = .allocate(capacity: t + 1)
        rowPointers.initialize(repeating: UnsafePointer(params.output), count: t + 1)
        logPrior = .allocate(capacity: t); logPrior.initialize(repeating: 0, count: t)
        weights = .allocate(capacity: t); weights.initialize(repeating: 0, count: t)
        logLik = .allocate(capacity: t + 1); logLik.initialize(repeating: 0, count: t + 1)
        posterior = .allocate(capacity: t); posterior.initialize(repeating: 0, count: t)
        gradient = .allocate(capacity: configuration.dimension)
        gradient.initialize(repeating: 0, count: configuration.dimension)
        contributions = .allocate(capacity: t * 2 * configuration.window)
        contributions.initialize(repeating: 0, count: t * 2 * configuration.window)
        fullContext = .allocate(capacity: 2 * configuration.window)
        contextVector = .allocate(capacity: configuration.dimension)
        gradientSum = .allocate(capacity: configuration.dimension)
        gradientSum.initialize(repeating: 0, count: configuration.dimension)
        altCounts = .allocate(capacity: t); altCounts.initialize(repeating: 0, count: t)
        altLogPrior = .allocate(capacity: t); altLogPrior.initialize(repeating: 0, count: t)
        var longest = 1
        for w in 0..<params.vocabularySize { longest = max(longest, params.paths.offsets[w + 1] - params.paths.offsets[w]) }
        window = SenseKernels.WindowNodes(innerNodes: params.vocabularySize, maxContext: 2 * configuration.window,
                                          maxPathLength: longest)
        // Scored vectors: the senses plus a split test's shadow; terms: the senses, the shadow and the split estimate.
        scores = .allocate(capacity: (t + 1) * window.capacity)
        scores.initialize(repeating: 0, count: (t + 1) * window.capacity)
        skip = .allocate(capacity: t + 1); skip.initialize(repeating: false, count: t + 1)
        terms = .allocate(capacity: t + 2)
        terms.initialize(repeating: SenseKernels.WindowTerm(row: 0, vector: UnsafePointer(params.output), weight: 0,
                                                            fullWindow: false, gradient: gradient, updatesOutputs: false),
                         count: t + 2)
        coefficients = .allocate(capacity: 8 * (t + 2)); coefficients.initialize(repeating: 0, count: 8 * (t + 2))
        senseGradients = .allocate(capacity: (t + 1) * configuration.dimension)
        senseGradients.initialize(repeating: 0, count: (t + 1) * configuration.dimension)
    }

    func release() {
        context.deallocate(); rowPointers.deallocate(); logPrior.deallocate(); weights.deallocate()
        logLik.deallocate(); posterior.deallocate(); gradient.deallocate(); contributions.deallocate()
        gradientSum.deallocate(); fullContext.deallocate(); contextVector.deallocate(); altCounts.deallocate(); altLogPrior.deallocate()
        window.deallocate()
        scores.deallocate(); skip.deallocate(); terms.deallocate(); coefficients.deallocate(); senseGradients.deallocate()
    }

    /// Collects the distinct path nodes of `context[0..<c]` for ``contextSteps(_:nodes:weight:updateOutputs:)``.
    @inline(__always)
    func gatherContext(_ c: Int) -> Int { window.gather(paths: p.paths, context: context, count: c) }

    /// The window-batched M-step on sense vector v over the gathered context
    /// (``SenseKernels/windowStep(_:output:dimension:nodes:count:weight:gradient:updateOutputs:)``); v then moves by
    /// the summed gradient.
    @inline(__always)
    func contextSteps(_ v: UnsafeMutablePointer<Float>, nodes n: Int, weight: Float, updateOutputs: Bool) {
        gradient.update(repeating: 0, count: p.dimension)
        SenseKernels.windowStep(v, output: p.output, dimension: p.dimension, nodes: window, count: n,
                                weight: weight, gradient: gradient, updateOutputs: updateOutputs)
        SenseKernels.axpy(1, gradient, v, p.dimension)
    }

    mutating func flushProgress(processed: borrowing Atomic<Int>) {
        processed.add(sinceReport, ordering: .relaxed)
        sinceReport = 0
    }

    /// Trains on the sentences of `tokens[range]`, stopping early at the first sentence start at or beyond
    /// `limit` tokens from `range.lowerBound` (a training round, see ``SenseTrainingRun``). Returns the token index
    /// reached: training on `a..<b` then on `returned..<b` gives the same bits as one call on `a..<b`.
    @discardableResult
    mutating func runEpoch(tokens: UnsafePointer<Int32>, range: Range<Int>, limit: Int = .max, processed: borrowing Atomic<Int>,
                           failed: borrowing Atomic<Bool>, vocabularyCounts: UnsafeMutablePointer<Int>,
                           totalCorpusWords: Int, progress: ProgressHandler?, start: ContinuousClock.Instant) -> Int {
        let sampleThreshold = cfg.sample * Double(totalCorpusWords)
        var i = range.lowerBound
        while i < range.upperBound && i - range.lowerBound < limit {
            // Gather one sentence (at most 1000 kept words), dropping frequent words by subsampling.
            sentence.removeAll(keepingCapacity: true)
            var raw = 0
            while i < range.upperBound && sentence.count < 1000 {
                let w = tokens[i]; i += 1
                if w < 0 { if sentence.isEmpty { continue } else { break } }
                raw += 1
                if cfg.sample > 0 {
                    let f = Double(vocabularyCounts[Int(w)])
                    let keep = ((f / sampleThreshold).squareRoot() + 1) * sampleThreshold / f
                    if keep < rng.nextDouble() { continue }
                }
                sentence.append(w)
            }
            sinceReport += raw
            if sinceReport >= 10_000 {
                let done = processed.add(sinceReport, ordering: .relaxed).newValue
                sinceReport = 0
                if failed.load(ordering: .relaxed) { return i }
                if let progress { report(done: done, progress: progress, start: start) }
            }
            let done = processed.load(ordering: .relaxed) + sinceReport
            let fraction = Double(done) / Double(max(1, totalWords))
            let lr = Float(cfg.learningRate * max(1 - fraction, 1e-4))
            let growing = fraction >= cfg.warmup
            if !processSentence(lr: lr, growing: growing) {
                failed.store(true, ordering: .relaxed)
                return i
            }
        }
        return i
    }

    mutating func report(done: Int, progress: ProgressHandler, start: ContinuousClock.Instant) {
        let now = ContinuousClock.now
        guard now - lastReport > .milliseconds(500) else { return }
        lastReport = now
        let seconds = SenseTrainer.seconds(since: start)
        var active = 0, multi = 0
        for x in 0..<p.vocabularySize {
            let a = Int(p.allocated[x]) - Int(p.candidate[x])
            active += a
            if a > 1 { multi += 1 }
        }
        let fraction = Double(done) / Double(max(1, totalWords))
        progress(ProgressEvent(stage: "training senses", fraction: min(1, fraction), metrics: [
            ("words/s", Double(done) / max(seconds, 1e-9)),
            ("lr", cfg.learningRate * max(1 - fraction, 1e-4)),
            ("senses/word", Double(active) / Double(max(1, p.vocabularySize))),
            ("multi-sense words", Double(multi)),
            ("log-evidence/ctx word", evidenceCount > 0 ? evidenceSum / Double(evidenceCount) : 0),
        ]))
        evidenceSum = 0; evidenceCount = 0
    }

    /// Trains on the words in `sentence`; returns false on a NaN.
    mutating func processSentence(lr: Float, growing: Bool) -> Bool {
        let n = sentence.count
        for pos in 0..<n {
            let x = Int(sentence[pos])
            let b = 1 + rng.nextInt(below: cfg.window)
            var c = 0
            for j in max(0, pos - b)..<min(n, pos + b + 1) where j != pos {
                context[c] = sentence[j]; c += 1
            }
            if c == 0 { continue }
            occurrences += 1
            let m = Int(p.allocated[x])
            // Start a split test once the warm-up is over and the word has room for another sense.
            if growing && p.phase[x] == 0 && p.settled[x] == 0 {
                if m < p.capacity(x), let s = p.nextSplitSense(x) {
                    _ = p.beginSplit(word: x, sense: s)
                } else { p.settled[x] = 1 }
            }
            if m == 1 && p.phase[x] == 0 {
                // One sense: plain hierarchical-softmax skip-gram step, q = 1.
                contextSteps(p.row(x, 0), nodes: gatherContext(c), weight: lr, updateOutputs: true)
                senseEvaluations += 1
                continue
            }
            // The E-step sees the whole window (as disambiguation does); the M-step the shrunk one (word2vec).
            var cf = c
            if cfg.fullWindowPosterior {
                cf = 0
                for j in max(0, pos - cfg.window)..<min(n, pos + cfg.window + 1) where j != pos {
                    fullContext[cf] = sentence[j]; cf += 1
                }
            } else {
                for i in 0..<c { fullContext[i] = context[i] }
            }
            if !multiSenseStep(x: x, m: m, contextCount: c, fullCount: cf, lr: lr) { return false }
        }
        return true
    }

    mutating func multiSenseStep(x: Int, m requested: Int, contextCount c: Int, fullCount cf: Int, lr: Float) -> Bool {
        let d = p.dimension
        let paths = p.paths
        let output = p.output
        let base = p.slotBase[x]
        // Another thread may have changed this word's senses since `requested` was read (Hogwild): use the rows
        // that are there now, and read each split-test row once.
        var m = min(requested, Int(p.allocated[x]))
        for k in 0..<m where p.slotRow[base + k] < 0 { m = k; break }
        guard m >= 1 else { return true }
        var ph = p.phase[x]
        let s = Int(p.splitSense[x])
        let rowA = p.rowA[x], rowB = p.rowB[x], rowC = p.rowC[x]
        if ph == 2 && (p.candidate[x] == 0 || s >= m - 1 || rowB < 0) { ph = 0 }
        if ph == 1 && (s >= m || rowA < 0 || rowB < 0 || rowC < 0) { ph = 0 }
        for k in 0..<m { rowPointers[k] = UnsafePointer(p.row(x, k)) }
        prior.expectedLogWeights(counts: p.slotCount + base, m, into: logPrior)
        let newest = ph == 2 ? m - 1 : -1
        for k in 0..<m where k != newest && logPrior[k] < -16 { logPrior[k] = -.infinity }  // prior below ~1e-7: skip
        // E-step, window-batched: the distinct nodes of the E-step's (full) window and the M-step's (shrunk) one are
        // gathered once; every node is scored once against all senses and, during a probation, the shadow (row m).
        let shadowRow = ph == 2 ? p.poolRow(rowB) : nil
        let scored = m + (shadowRow != nil ? 1 : 0)
        if let shadowRow { rowPointers[m] = UnsafePointer(shadowRow) }
        for k in 0..<scored { skip[k] = k < m && logPrior[k] == -.infinity }
        let nodeCount = window.gather(paths: paths, context: fullContext, count: cf, mContext: context, mCount: c)
        SenseKernels.windowLogLikelihoods(rows: rowPointers, count: scored, skip: skip, output: output, dimension: d,
                                          nodes: window, count: nodeCount, scores: scores, stride: window.capacity,
                                          logLikelihood: logLik)
        let evidence = SensePosterior.normalize(logLikelihood: logLik, logPrior: logPrior, count: m, posterior: posterior)
        guard !evidence.isNaN else { return false }
        evidenceSum += evidence / Double(cf); evidenceCount += 1
        senseEvaluations += m + (ph == 2 ? 1 : 0)
        // Stochastic update of the expected counts n_k (natural gradient of the prior's variational posterior).
        // Once ρ has reached its floor (200 occurrences) the count is not written again: the frequent words' counts
        // share cache lines, and two threads writing them on every occurrence cost more than the step itself.
        let seenNow = Int(p.seen[x]) + 1
        if seenNow <= 200 { p.seen[x] = Int32(seenNow) }
        let rho = Float(max(1 / Double(seenNow), 0.005))
        let total = Float(p.counts[x])
        for k in 0..<m {
            let slot = p.slotCount + base + k
            slot.pointee += rho * (Float(posterior[k]) * total - slot.pointee)
        }
        // Probation: the prequential log evidence of the split model against the one-sense alternative (the
        // shadow of the split sense, with the two halves' counts merged), each scored before training on this
        // occurrence.
        var step = 0
        if shadowRow != nil {
            let llShadow = logLik[m]
            for k in 0..<(m - 1) { altCounts[k] = p.slotCount[base + k] }
            altCounts[s] += p.slotCount[base + m - 1]
            prior.expectedLogWeights(counts: altCounts, m - 1, into: altLogPrior)
            var best = -Double.infinity
            for k in 0..<(m - 1) {
                let ll = k == s ? llShadow : logLik[k]
                altLogPrior[k] += ll
                best = max(best, altLogPrior[k])
            }
            var sum = 0.0
            for k in 0..<(m - 1) where altLogPrior[k] > -.infinity { sum += exp(altLogPrior[k] - best) }
            let alternative = best + log(sum)
            step = Int(p.stepCount[x]) + 1
            p.stepCount[x] = Int32(clamping: step)
            if step > cfg.probation / 2 && alternative.isFinite && evidence.isFinite {
                p.gain[x] += evidence - alternative
                p.tally[x] += 1
            }
        }
        // M-step from the E-step's scores: every sense weighted by its posterior (over the shrunk window), the
        // shadow (the alternative sees the occurrences of both halves; output vectors are the split model's), and
        // during a split's estimation the gradient of q_s · Σ_y log p(y | v_s) over the E-step's window.
        var termCount = 0
        for k in 0..<m where posterior[k] >= cfg.posteriorCutoff {
            let g = senseGradients + k * d
            g.update(repeating: 0, count: d)
            terms[termCount] = SenseKernels.WindowTerm(row: k, vector: rowPointers[k], weight: lr * Float(posterior[k]),
                                                       fullWindow: false, gradient: g, updatesOutputs: true)
            termCount += 1
        }
        if shadowRow != nil {
            let g = senseGradients + m * d
            g.update(repeating: 0, count: d)
            terms[termCount] = SenseKernels.WindowTerm(row: m, vector: rowPointers[m], weight: lr * Float(posterior[s] + posterior[m - 1]),
                                                       fullWindow: false, gradient: g, updatesOutputs: false)
            termCount += 1
        }
        let estimating = ph == 1 && posterior[s] >= cfg.posteriorCutoff
        if estimating {
            gradientSum.update(repeating: 0, count: d)
            terms[termCount] = SenseKernels.WindowTerm(row: s, vector: rowPointers[s], weight: Float(posterior[s]),
                                                       fullWindow: true, gradient: gradientSum, updatesOutputs: false)
            termCount += 1
        }
        SenseKernels.windowMStep(nodes: window, count: nodeCount, scores: scores, stride: window.capacity,
                                 output: output, dimension: d, terms: terms, count: termCount, coefficients: coefficients)
        for k in 0..<m where posterior[k] >= cfg.posteriorCutoff {
            SenseKernels.axpy(1, senseGradients + k * d, UnsafeMutablePointer(mutating: rowPointers[k]), d)
        }
        if let shadowRow {
            SenseKernels.axpy(1, senseGradients + m * d, shadowRow, d)
            if step >= cfg.probation {
                let keep = p.tally[x] > 0 && p.gain[x] / Double(p.tally[x]) > cfg.splitMargin
                p.endProbation(word: x, keep: keep)
            }
        }
        if estimating { estimateSplit(x: x, contextCount: cf, w: p.poolRow(rowA), acc: p.poolRow(rowB), mean: p.poolRow(rowC)) }
        return true
    }

    /// Phase 1 of a split test, on the occurrences of the sense s being split: block 0 estimates the mean μ of
    /// the context vectors c̄ (the mean first-sense vector of the E-step's context words); the next
    /// `splitRounds` blocks run a stochastic power iteration for the top principal direction w of c̄ − μ (the
    /// direction along which the contexts disagree most). During the last block the occurrence gradients
    /// g (`gradientSum`, q_s-weighted) give the scale: δ = splitScale / sd(g·w), so that the two halves'
    /// log-likelihoods differ by about 2·splitScale nats on a typical occurrence. Then sense s is split.
    mutating func estimateSplit(x: Int, contextCount cf: Int, w: UnsafeMutablePointer<Float>,
                                acc: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>) {
        let d = p.dimension
        guard cf > 0 else { return }
        // c̄ − μ into contextVector.
        contextVector.update(repeating: 0, count: d)
        let inv = 1 / Float(cf)
        for i in 0..<cf { SenseKernels.axpy(inv, p.row(Int(fullContext[i]), 0), contextVector, d) }
        let step = Int(p.stepCount[x]) + 1
        p.stepCount[x] = Int32(clamping: step)
        let block = cfg.splitBlock
        if step <= block {
            SenseKernels.axpy(1 / Float(block), contextVector, mean, d)
            return
        }
        SenseKernels.axpy(-1, mean, contextVector, d)
        if step == block + 1 {
            let norm = SenseKernels.dot(contextVector, contextVector, d).squareRoot()
            guard norm > 0 && norm.isFinite else { p.abandonSplit(word: x); return }
            for i in 0..<d { w[i] = contextVector[i] / norm; acc[i] = 0 }
        }
        let projection = SenseKernels.dot(contextVector, w, d)
        SenseKernels.axpy(projection, contextVector, acc, d)
        let rounds = cfg.splitRounds + 1
        if step > block * (rounds - 1) {
            let g = SenseKernels.dot(gradientSum, w, d)
            p.gain[x] += Double(g * g)
            if projection > 0 { p.tally[x] += 1 }
        }
        guard step % block == 0 else { return }
        if step >= block * rounds {
            let variance = p.gain[x] / Double(block)
            guard variance > 0 && variance.isFinite else { p.abandonSplit(word: x); return }
            let share = min(0.9, max(0.1, Float(p.tally[x]) / Float(block)))
            // Orientation: the half toward the contexts with positive projection is the one their gradients
            // favour; flip w if the gradients point the other way on average.
            p.split(word: x, delta: Float(cfg.splitScale / variance.squareRoot()), share: share)
        } else {
            let norm = SenseKernels.dot(acc, acc, d).squareRoot()
            guard norm > 0 && norm.isFinite else { p.abandonSplit(word: x); return }
            for i in 0..<d { w[i] = acc[i] / norm; acc[i] = 0 }
        }
    }
}
