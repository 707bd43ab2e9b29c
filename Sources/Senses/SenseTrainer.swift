#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import SenseVecCore
import SkipGram


/// Trains multi-sense vectors with Adaptive Skip-gram (Bartunov, Kondrashkin, Osokin & Vetrov 2016, "Breaking
/// Sticks and Ambiguities with Adaptive Skip-gram", AISTATS) by stochastic variational inference, with new senses
/// grown by split tests.
///
/// Word x has senses z = 1…m with input vectors v_{x,z}; a context word y is predicted by hierarchical softmax,
/// p(y | z, x) = Π_{n ∈ path(y)} σ(±⟨v_{x,z}, u_n⟩). The prior over senses is the stick-breaking (Dirichlet-process)
/// or categorical prior of ``SensePrior``, summarized by the expected counts n_{x,k}. For each occurrence of x with
/// context C (the whole window of `window` words each side for the E-step, a window drawn from 1…`window` for the
/// M-step, as word2vec), ``SenseWorker`` runs four named steps:
/// 1. **E-step** (``SenseWorker/eStep(word:senses:splitTest:contextCount:fullCount:)``): the posterior
///    q(z | x, C) ∝ p(z | x) · Π_{y∈C} p(y | z, x), computed as exp(E[log π_z] + Σ_y log p(y | z, x)) normalized
///    over the senses of x (``SensePosterior``).
/// 2. **Prior update** (``SenseWorker/updatePrior(word:senses:)``): n_k ← n_k + ρ (q_k · N_x − n_k) with
///    ρ = max(1/seen_x, 0.005), N_x the word's corpus count: the stochastic natural-gradient step on the
///    variational posterior of the stick-breaking proportions (β_k ~ Beta(1 + n_k, α + Σ_{j>k} n_j)).
/// 3. **M-step** (``SenseWorker/mStep(senses:splitTest:nodes:learningRate:)``): for every sense with
///    q_k ≥ ``SenseTrainingConfiguration/posteriorCutoff``, an SGD step on q_k · Σ_{y∈C} log p(y | k, x) for the
///    input row of sense k and the output rows on the Huffman paths of C. The distinct path nodes of the E-step's
///    and the M-step's windows are gathered once, each node is scored once for all senses
///    (``SenseKernels/windowLogLikelihoods(rows:count:skip:output:dimension:nodes:count:scores:stride:logLikelihood:)``),
///    and the M-step reuses those scores, all senses stepping simultaneously
///    (``SenseKernels/windowMStep(nodes:count:scores:stride:output:dimension:terms:count:coefficients:)``).
/// 4. **Split test** (after a single-sense warm-up; ``SplitPhase``): a word with room for another sense estimates
///    the principal direction w of its context vectors (stochastic power iteration,
///    ``SenseWorker/estimateSplit(word:contextCount:direction:powerSum:mean:)``), splits its most used sense s
///    (among those that have not failed a test since its last kept split) into v_s ± δw, and runs the split
///    beside a shadow copy of v_s (the one-sense alternative). The split is kept when its prequential log
///    evidence beats the alternative's by more than `splitMargin` nats per occurrence
///    (``SenseWorker/scoreProbation(word:senses:sense:evidence:)``); otherwise v_s is restored, and the word is
///    settled once every sense has failed. Both sides are scored before they train on an occurrence, so the test
///    does not reward over-fitting. In the paper a sense comes into use once the E-step gives one of the unused
///    sticks posterior mass; here senses are grown only by these tests (``SenseTrainingConfiguration/splitBlock``).
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
            if params.phase[x] == .estimating { params.abandonSplit(word: x) }
            if params.phase[x] == .probation {
                let n = Int(params.gainCount[x])
                params.endProbation(word: x, keep: n >= SenseTrainingConfiguration.probation / 4
                                        && params.evidenceGain[x] / Double(max(1, n)) > cfg.splitMargin)
            }
        }
        return SenseVectors(parameters: params, vocabulary: vocabulary, tree: tree, configuration: cfg, trainedWords: trainedWords)
    }

    /// Words whose sense rows are checked after every round (the most frequent are updated most often and are
    /// the first to overflow), and the number of output rows checked nearest the tree's root (on every path).
    static let divergenceRows = 64

    /// The error of a diverged run, or nil: a round's log-likelihood that was not finite
    /// (`nonFiniteLikelihood`), or a non-finite value in the senses of the ``divergenceRows`` most frequent words
    /// or in the output rows nearest the root (`allRows`: in every row, a pass over the whole model).
    static func divergence(_ p: SenseParameters, vocabulary: Vocabulary, configuration cfg: SenseTrainingConfiguration,
                           fraction: Double, nonFiniteLikelihood: Bool, allRows: Bool = false) -> SenseVecError? {
        let d = p.dimension
        func finite(_ r: UnsafePointer<Float>) -> Bool {
            var ok = true
            for i in 0..<d where !r[i].isFinite { ok = false; break }
            return ok
        }
        var symptom: String? = nonFiniteLikelihood ? "a log-likelihood is no longer finite" : nil
        words: for x in 0..<(allRows ? p.vocabularySize : min(divergenceRows, p.vocabularySize)) where symptom == nil {
            // The rows the model is built from (``SenseVectors/init(parameters:vocabulary:tree:configuration:trainedWords:)``).
            for k in 0..<max(1, Int(p.allocated[x]) - Int(p.candidate[x])) where !finite(p.row(x, k)) {
                symptom = "the vector of '\(EscapedText.printable(vocabulary.words[x]))' is no longer finite"
                break words
            }
        }
        if symptom == nil {
            for r in (allRows ? 0 : max(0, p.outputRows - divergenceRows))..<p.outputRows where !finite(p.output + r * d) {
                symptom = "an output row is no longer finite"
                break
            }
        }
        guard let symptom else { return nil }
        return .trainingDiverged(fraction: fraction, symptom: symptom, lower: ["--lr (now \(cfg.learningRate))"])
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


/// A word's split test as one occurrence sees it: the test's sense and pool rows, read once from
/// ``SenseParameters`` (another thread may end the test meanwhile, Hogwild; the rows stay valid pool rows).
enum SplitTestView {
    /// No test, or one this occurrence cannot take part in.
    case none
    /// Estimating the direction to split `sense` along (``SplitPhase/estimating``).
    case estimating(sense: Int, direction: UnsafeMutablePointer<Float>, powerSum: UnsafeMutablePointer<Float>,
                    mean: UnsafeMutablePointer<Float>)
    /// `sense` is split; the newest sense (the word's last) is its other half and `shadow` the copy of v_s from
    /// before the split (``SplitPhase/probation``).
    case probation(sense: Int, shadow: UnsafeMutablePointer<Float>)
}

/// One worker thread's scratch and loop. Owns its random stream; the only shared state is ``SenseParameters``.
/// The steps of one occurrence are described on ``SenseTrainer``.
struct SenseWorker {
    let p: SenseParameters
    let cfg: SenseTrainingConfiguration
    let prior: SensePrior
    let thread: Int
    let totalWords: Int
    /// The learning rate over the `totalWords` words of all epochs.
    let schedule: LearningRateSchedule
    var rng: SenseRandom
    var sentence: [Int32]
    // Scratch owned by this worker (allocated once, freed by `release()`); no allocation in the loop.
    /// The M-step's (shrunk) window and the E-step's (full) window of the current occurrence.
    let context: UnsafeMutablePointer<Int32>
    let fullContext: UnsafeMutablePointer<Int32>
    /// The scored vectors: the senses, then a probation's shadow.
    let rowPointers: UnsafeMutablePointer<UnsafePointer<Float>>
    /// E[log π_k], Σ_y log p(y | k, x) per scored vector, and q(k | x, C).
    let logPrior: UnsafeMutablePointer<Double>
    let logLik: UnsafeMutablePointer<Double>
    let posterior: UnsafeMutablePointer<Double>
    /// The single-sense step's gradient.
    let gradient: UnsafeMutablePointer<Float>
    /// A direction estimate's q_s-weighted gradient of Σ_y log p(y | v_s) over the full window.
    let gradientSum: UnsafeMutablePointer<Float>
    /// c̄ − μ of the current occurrence (direction estimates).
    let contextVector: UnsafeMutablePointer<Float>
    /// A probation's one-sense alternative: its expected counts and log prior.
    let altCounts: UnsafeMutablePointer<Float>
    let altLogPrior: UnsafeMutablePointer<Double>
    /// The distinct path nodes of the current window (window-batched E- and M-steps).
    let window: SenseKernels.WindowNodes
    /// Multi-sense occurrences: the E-step's node scores (one row of `window.capacity` per scored vector), which
    /// rows to skip, the M-step's terms, their coefficients and the per-sense gradients.
    let scores: UnsafeMutablePointer<Float>
    let skip: UnsafeMutablePointer<Bool>
    let terms: UnsafeMutablePointer<SenseKernels.WindowTerm>
    let coefficients: UnsafeMutablePointer<Float>
    let senseGradients: UnsafeMutablePointer<Float>
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
        schedule = LearningRateSchedule(start: configuration.learningRate, floor: configuration.learningRate * 1e-4,
                                        totalTokens: totalWords)
        rng = SenseRandom(seed: configuration.seed, stream: UInt64(thread))
        sentence = []; sentence.reserveCapacity(1024)
        context = .allocate(capacity: 2 * configuration.window)
        fullContext = .allocate(capacity: 2 * configuration.window)
        let t = configuration.maxSenses
        rowPointers = .allocate(capacity: t + 1)
        rowPointers.initialize(repeating: UnsafePointer(params.output), count: t + 1)
        logPrior = .allocate(capacity: t); logPrior.initialize(repeating: 0, count: t)
        logLik = .allocate(capacity: t + 1); logLik.initialize(repeating: 0, count: t + 1)
        posterior = .allocate(capacity: t); posterior.initialize(repeating: 0, count: t)
        gradient = .allocate(capacity: configuration.dimension)
        gradient.initialize(repeating: 0, count: configuration.dimension)
        contextVector = .allocate(capacity: configuration.dimension)
        gradientSum = .allocate(capacity: configuration.dimension)
        gradientSum.initialize(repeating: 0, count: configuration.dimension)
        altCounts = .allocate(capacity: t); altCounts.initialize(repeating: 0, count: t)
        altLogPrior = .allocate(capacity: t); altLogPrior.initialize(repeating: 0, count: t)
        var longest = 1
        for w in 0..<params.vocabularySize { longest = max(longest, params.paths.offsets[w + 1] - params.paths.offsets[w]) }
        window = SenseKernels.WindowNodes(innerNodes: params.vocabularySize, maxContext: 2 * configuration.window,
                                          maxPathLength: longest)
        // Scored vectors: the senses plus a probation's shadow; terms: the senses, the shadow and the direction estimate.
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
        context.deallocate(); fullContext.deallocate(); rowPointers.deallocate(); logPrior.deallocate()
        logLik.deallocate(); posterior.deallocate(); gradient.deallocate(); gradientSum.deallocate()
        contextVector.deallocate(); altCounts.deallocate(); altLogPrior.deallocate()
        window.deallocate()
        scores.deallocate(); skip.deallocate(); terms.deallocate(); coefficients.deallocate(); senseGradients.deallocate()
    }

    /// The learning rate after `done` of all epochs' words: word2vec's linear decay from `learningRate` to its
    /// floor of 10⁻⁴ of the start (``LearningRateSchedule``, the skip-gram trainer's schedule).
    @inline(__always)
    func learningRate(afterProcessing done: Int) -> Double { schedule.rate(afterProcessing: done) }

    mutating func flushProgress(processed: borrowing Atomic<Int>) {
        processed.add(sinceReport, ordering: .relaxed)
        sinceReport = 0
    }

    /// Trains on the sentences of `tokens[range]`, stopping early at the first sentence start at or beyond
    /// `limit` tokens from `range.lowerBound` (a training round, see ``SenseTrainingRun``). Returns the token index
    /// reached: training on `a..<b` then on `returned..<b` gives the same bits as one call on `a..<b`.
    /// Frequent words are dropped with the keep probabilities of `subsampler` (one uniform draw per token when
    /// `sample` > 0).
    @discardableResult
    mutating func runEpoch(tokens: UnsafePointer<Int32>, range: Range<Int>, limit: Int = .max, processed: borrowing Atomic<Int>,
                           failed: borrowing Atomic<Bool>, subsampler: Subsampler,
                           progress: ProgressHandler?, start: ContinuousClock.Instant) -> Int {
        subsampler.keepProbabilities.withUnsafeBufferPointer { keep in
            runEpoch(tokens: tokens, range: range, limit: limit, processed: processed, failed: failed,
                     keep: keep.baseAddress!, progress: progress, start: start)
        }
    }

    private mutating func runEpoch(tokens: UnsafePointer<Int32>, range: Range<Int>, limit: Int, processed: borrowing Atomic<Int>,
                                   failed: borrowing Atomic<Bool>, keep: UnsafePointer<Double>,
                                   progress: ProgressHandler?, start: ContinuousClock.Instant) -> Int {
        var i = range.lowerBound
        while i < range.upperBound && i - range.lowerBound < limit {
            // Gather one sentence (at most 1000 kept words), dropping frequent words by subsampling.
            sentence.removeAll(keepingCapacity: true)
            var raw = 0
            while i < range.upperBound && sentence.count < 1000 {
                let w = tokens[i]; i += 1
                if w < 0 { if sentence.isEmpty { continue } else { break } }
                raw += 1
                if cfg.sample > 0 && keep[Int(w)] < rng.nextDouble() { continue }
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
            let lr = Float(learningRate(afterProcessing: done))
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
            ("lr", learningRate(afterProcessing: done)),
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
            if growing && p.phase[x] == .idle && p.settled[x] == 0 {
                if m < p.capacity(x), let s = p.nextSplitSense(x) {
                    _ = p.beginSplit(word: x, sense: s)
                } else { p.settled[x] = 1 }
            }
            if m == 1 && p.phase[x] == .idle {
                // One sense: plain hierarchical-softmax skip-gram step, q = 1.
                singleSenseStep(p.row(x, 0), nodes: window.gather(paths: p.paths, context: context, count: c), learningRate: lr)
                senseEvaluations += 1
                continue
            }
            // The E-step sees the whole window (as disambiguation does); the M-step the shrunk one (word2vec).
            var cf = 0
            for j in max(0, pos - cfg.window)..<min(n, pos + cfg.window + 1) where j != pos {
                fullContext[cf] = sentence[j]; cf += 1
            }
            if !multiSenseStep(x: x, m: m, contextCount: c, fullCount: cf, lr: lr) { return false }
        }
        return true
    }

    /// The step of a word with one sense and no split test (q = 1): the skip-gram step on v over the gathered
    /// window (``SenseKernels/windowStep(_:output:dimension:nodes:count:weight:gradient:updateOutputs:)``); v then
    /// moves by the summed gradient.
    @inline(__always)
    func singleSenseStep(_ v: UnsafeMutablePointer<Float>, nodes n: Int, learningRate lr: Float) {
        gradient.update(repeating: 0, count: p.dimension)
        SenseKernels.windowStep(v, output: p.output, dimension: p.dimension, nodes: window, count: n,
                                weight: lr, gradient: gradient, updateOutputs: true)
        VectorKernels.axpy(1, gradient, v, count: p.dimension)
    }

    /// One occurrence of a word with several senses or a split test: E-step, prior update, the probation's
    /// evidence comparison, M-step, then the end of a due probation or a direction-estimate step (see
    /// ``SenseTrainer``). `m` senses were allocated when the occurrence started; returns false on a NaN.
    mutating func multiSenseStep(x: Int, m requested: Int, contextCount c: Int, fullCount cf: Int, lr: Float) -> Bool {
        let base = p.slotBase[x]
        // Another thread may have changed this word's senses since `requested` was read (Hogwild): use the rows
        // that are there now, and read each split-test row once.
        var m = min(requested, Int(p.allocated[x]))
        for k in 0..<m where p.slotRow[base + k] < 0 { m = k; break }
        guard m >= 1 else { return true }
        let test = splitTest(word: x, senses: m)
        let (evidence, nodes) = eStep(word: x, senses: m, splitTest: test, contextCount: c, fullCount: cf)
        guard !evidence.isNaN else { return false }
        evidenceSum += evidence / Double(cf); evidenceCount += 1
        updatePrior(word: x, senses: m)
        var probationStep = 0
        if case .probation(let s, _) = test {
            probationStep = scoreProbation(word: x, senses: m, sense: s, evidence: evidence)
        }
        let estimating = mStep(senses: m, splitTest: test, nodes: nodes, learningRate: lr)
        switch test {
        case .none:
            break
        case .probation:
            if probationStep >= SenseTrainingConfiguration.probation {
                let keep = p.gainCount[x] > 0 && p.evidenceGain[x] / Double(p.gainCount[x]) > cfg.splitMargin
                p.endProbation(word: x, keep: keep)
            }
        case .estimating(_, let direction, let powerSum, let mean):
            if estimating { estimateSplit(word: x, contextCount: cf, direction: direction, powerSum: powerSum, mean: mean) }
        }
        return true
    }

    /// The word's split test as this occurrence of x with `m` senses takes part in it; ``SplitTestView/none`` when
    /// there is none or its rows are not (or no longer) consistent with the senses read.
    @inline(__always)
    func splitTest(word x: Int, senses m: Int) -> SplitTestView {
        let s = Int(p.splitSense[x])
        switch p.phase[x] {
        case .idle:
            return .none
        case .estimating:
            let direction = p.directionRow[x], powerSum = p.powerSumRow[x], mean = p.meanRow[x]
            guard s < m && direction >= 0 && powerSum >= 0 && mean >= 0 else { return .none }
            return .estimating(sense: s, direction: p.poolRow(direction), powerSum: p.poolRow(powerSum), mean: p.poolRow(mean))
        case .probation:
            let shadow = p.shadowRow[x]
            guard p.candidate[x] != 0 && s < m - 1 && shadow >= 0 else { return .none }
            return .probation(sense: s, shadow: p.poolRow(shadow))
        }
    }

    /// **E-step**: the posterior q(z | x, C) ∝ p(z | x) · Π_{y∈C} p(y | z, x) over the `m` senses of x, with
    /// log p(z | x) taken as E[log π_z] under the expected counts (``SensePrior/expectedLogWeights(counts:_:into:)``)
    /// and C the full window (`fullContext[0..<cf]`). A sense whose prior is below ~10⁻⁷ (log < −16) is skipped
    /// (q = 0), except a probation's newest sense. Fills `rowPointers`, `logPrior`, `logLik` (row m: a probation's
    /// shadow), `posterior` and the node scores the M-step reuses; the distinct nodes of the full and the shrunk
    /// window (`context[0..<c]`) are gathered once into `window`. Returns the log evidence
    /// log Σ_z p(z | x) Π_y p(y | z, x) (NaN when the parameters diverged) and the number of nodes gathered.
    @inline(__always)
    mutating func eStep(word x: Int, senses m: Int, splitTest test: SplitTestView, contextCount c: Int,
                        fullCount cf: Int) -> (evidence: Double, nodes: Int) {
        for k in 0..<m { rowPointers[k] = UnsafePointer(p.row(x, k)) }
        prior.expectedLogWeights(counts: p.slotCount + p.slotBase[x], m, into: logPrior)
        var newest = -1, scored = m
        if case .probation(_, let shadow) = test {
            newest = m - 1
            rowPointers[m] = UnsafePointer(shadow)
            scored = m + 1
        }
        for k in 0..<m where k != newest && logPrior[k] < -16 { logPrior[k] = -.infinity }
        for k in 0..<scored { skip[k] = k < m && logPrior[k] == -.infinity }
        let nodes = window.gather(paths: p.paths, context: fullContext, count: cf, mContext: context, mCount: c)
        SenseKernels.windowLogLikelihoods(rows: rowPointers, count: scored, skip: skip, output: p.output, dimension: p.dimension,
                                          nodes: window, count: nodes, scores: scores, stride: window.capacity,
                                          logLikelihood: logLik)
        let evidence = SensePosterior.normalize(logLikelihood: logLik, logPrior: logPrior, count: m, posterior: posterior)
        if !evidence.isNaN { senseEvaluations += scored }
        return (evidence, nodes)
    }

    /// **Prior update**: n_k ← n_k + ρ (q_k · N_x − n_k), ρ = max(1/seen_x, 0.005), for the `m` senses of x: the
    /// stochastic natural-gradient step on the variational posterior of the prior (for the stick-breaking prior,
    /// the Beta posteriors of the stick proportions are functions of the n_k), as if the whole corpus's N_x
    /// occurrences had this occurrence's posterior. Once ρ has reached its floor (200 occurrences) seen_x is not
    /// written again: the frequent words' counters share cache lines, and two threads writing them on every
    /// occurrence cost more than the step itself.
    @inline(__always)
    func updatePrior(word x: Int, senses m: Int) {
        let seenNow = Int(p.seen[x]) + 1
        if seenNow <= 200 { p.seen[x] = Int32(seenNow) }
        let rho = Float(max(1 / Double(seenNow), 0.005))
        let total = Float(p.counts[x])
        let counts = p.slotCount + p.slotBase[x]
        for k in 0..<m {
            let slot = counts + k
            slot.pointee += rho * (Float(posterior[k]) * total - slot.pointee)
        }
    }

    /// **Split test** during a probation of `sense` (split into it and the newest sense, m − 1): the prequential
    /// log evidence of the split model (`evidence`, from the E-step) against the one-sense alternative: the shadow
    /// v_s in place of both halves, with their expected counts merged, each scored before training on this
    /// occurrence. Over the second half of the probation the difference is summed into
    /// ``SenseParameters/evidenceGain``. Returns the probation's occurrence count including this one.
    @inline(__always)
    mutating func scoreProbation(word x: Int, senses m: Int, sense s: Int, evidence: Double) -> Int {
        let base = p.slotBase[x]
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
        let step = Int(p.probationSteps[x]) + 1
        p.probationSteps[x] = Int32(clamping: step)
        if step > SenseTrainingConfiguration.probation / 2 && alternative.isFinite && evidence.isFinite {
            p.evidenceGain[x] += evidence - alternative
            p.gainCount[x] += 1
        }
        return step
    }

    /// **M-step** from the E-step's scores: an SGD step with rate `lr` on q_k · Σ_{y∈C} log p(y | k, x) over the
    /// shrunk window for every sense with q_k ≥ ``SenseTrainingConfiguration/posteriorCutoff`` (input row and
    /// output rows); during a probation also the shadow, weighted by q_s + q_new (the alternative sees the
    /// occurrences of both halves; output rows are the split model's); while estimating a split direction, the
    /// gradient of q_s · Σ_y log p(y | v_s) over the full window into `gradientSum` (no step). Returns whether that
    /// gradient was taken (q_s ≥ the cutoff).
    @inline(__always)
    func mStep(senses m: Int, splitTest test: SplitTestView, nodes: Int, learningRate lr: Float) -> Bool {
        let d = p.dimension
        let cutoff = SenseTrainingConfiguration.posteriorCutoff
        var termCount = 0
        for k in 0..<m where posterior[k] >= cutoff {
            let g = senseGradients + k * d
            g.update(repeating: 0, count: d)
            terms[termCount] = SenseKernels.WindowTerm(row: k, vector: rowPointers[k], weight: lr * Float(posterior[k]),
                                                       fullWindow: false, gradient: g, updatesOutputs: true)
            termCount += 1
        }
        var shadowRow: UnsafeMutablePointer<Float>? = nil
        var estimating = false
        switch test {
        case .none:
            break
        case .probation(let s, let shadow):
            shadowRow = shadow
            let g = senseGradients + m * d
            g.update(repeating: 0, count: d)
            terms[termCount] = SenseKernels.WindowTerm(row: m, vector: rowPointers[m], weight: lr * Float(posterior[s] + posterior[m - 1]),
                                                       fullWindow: false, gradient: g, updatesOutputs: false)
            termCount += 1
        case .estimating(let s, _, _, _):
            estimating = posterior[s] >= cutoff
            if estimating {
                gradientSum.update(repeating: 0, count: d)
                terms[termCount] = SenseKernels.WindowTerm(row: s, vector: rowPointers[s], weight: Float(posterior[s]),
                                                           fullWindow: true, gradient: gradientSum, updatesOutputs: false)
                termCount += 1
            }
        }
        SenseKernels.windowMStep(nodes: window, count: nodes, scores: scores, stride: window.capacity,
                                 output: p.output, dimension: d, terms: terms, count: termCount, coefficients: coefficients)
        for k in 0..<m where posterior[k] >= cutoff {
            VectorKernels.axpy(1, senseGradients + k * d, UnsafeMutablePointer(mutating: rowPointers[k]), count: d)
        }
        if let shadowRow { VectorKernels.axpy(1, senseGradients + m * d, shadowRow, count: d) }
        return estimating
    }

    /// **Split test**, estimating the direction to split sense s along, on the occurrences of s (q_s ≥ the
    /// posterior cutoff): block 0 (``SenseTrainingConfiguration/splitBlock`` occurrences) estimates the mean μ of
    /// the context vectors c̄ (the mean first-sense vector of the E-step's context words); the next
    /// ``SenseTrainingConfiguration/powerIterationRounds`` blocks run a stochastic power iteration,
    /// w ← Σ_block ((c̄ − μ)·w)(c̄ − μ) normalized, for the top principal direction of c̄ − μ (the direction along
    /// which the contexts disagree most). During the last block the occurrence gradients g (`gradientSum`,
    /// q_s-weighted) give the scale: δ = 1 / sd(g·w), so that the two halves' log-likelihoods differ by about
    /// 2 nats on a typical occurrence; the new sense gets the share of s's count whose contexts project positively
    /// (clamped to 0.1…0.9). Then sense s is split (``SenseParameters/split(word:delta:share:)``).
    mutating func estimateSplit(word x: Int, contextCount cf: Int, direction w: UnsafeMutablePointer<Float>,
                                powerSum acc: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>) {
        let d = p.dimension
        guard cf > 0 else { return }
        // c̄ − μ into contextVector.
        contextVector.update(repeating: 0, count: d)
        let inv = 1 / Float(cf)
        for i in 0..<cf { VectorKernels.axpy(inv, p.row(Int(fullContext[i]), 0), contextVector, count: d) }
        let step = Int(p.estimationSteps[x]) + 1
        p.estimationSteps[x] = Int32(clamping: step)
        let block = SenseTrainingConfiguration.splitBlock
        if step <= block {
            VectorKernels.axpy(1 / Float(block), contextVector, mean, count: d)
            return
        }
        VectorKernels.axpy(-1, mean, contextVector, count: d)
        if step == block + 1 {
            let norm = VectorKernels.dot(contextVector, contextVector, count: d).squareRoot()
            guard norm > 0 && norm.isFinite else { p.abandonSplit(word: x); return }
            for i in 0..<d { w[i] = contextVector[i] / norm; acc[i] = 0 }
        }
        let projection = VectorKernels.dot(contextVector, w, count: d)
        VectorKernels.axpy(projection, contextVector, acc, count: d)
        let blocks = SenseTrainingConfiguration.powerIterationRounds + 1
        if step > block * (blocks - 1) {
            let g = VectorKernels.dot(gradientSum, w, count: d)
            p.gradientSquares[x] += Double(g * g)
            if projection > 0 { p.positiveProjections[x] += 1 }
        }
        guard step % block == 0 else { return }
        if step >= block * blocks {
            let variance = p.gradientSquares[x] / Double(block)
            guard variance > 0 && variance.isFinite else { p.abandonSplit(word: x); return }
            let share = min(0.9, max(0.1, Float(p.positiveProjections[x]) / Float(block)))
            p.split(word: x, delta: Float(1 / variance.squareRoot()), share: share)
        } else {
            let norm = VectorKernels.dot(acc, acc, count: d).squareRoot()
            guard norm > 0 && norm.isFinite else { p.abandonSplit(word: x); return }
            for i in 0..<d { w[i] = acc[i] / norm; acc[i] = 0 }
        }
    }
}
