#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import SenseVecCore
import SkipGram

/// Trains topical senses: each frequent word's occurrences are modelled as a mixture of von Mises–Fisher
/// distributions (``SenseMixture``) over their context vectors (``ContextEncoder``: the smooth-inverse-frequency and
/// distance weighted mean of the skip-gram vectors of ±`contextWindow` words, with the adjacent words as a block of
/// their own), a latent sense per occurrence.
///
/// 1. **Word vectors**: skip-gram with negative sampling (``SkipGram/SkipGramTrainer``) over the corpus, `epochs`
///    passes, window `window`.
/// 2. **Sample**: for every word seen at least 2 · `occurrencesPerSense` times, a uniform sample of `fitSample` of
///    its occurrences (reservoir sampling, one pass).
/// 3. **Mixture per word**: EM on the sample's context vectors with the stick-breaking (or categorical) prior;
///    the number of senses (at most min(T, count / `occurrencesPerSense`)) is chosen by held-out split tests
///    (``SenseMixture/Selection/splitTest``, threshold `splitThreshold`) or, with `senseSelection = .penalizedLikelihood`,
///    by the penalized likelihood (BIC weighted by `sensePenalty`); the K found is fitted by EM started from the K
///    clusters of Ward's agglomerative clustering of `wardSample` of the points (``WardDendrogram``;
///    `senseInitialization`), or from k-means++ seeds. This is Monte Carlo EM: the sample stands for the word's
///    occurrences.
/// 4. **Whole-corpus pass** over the occurrences of words with several senses: the E-step q(z | c_t) of every
///    occurrence gives the expected counts n_k over the whole corpus (the prior's statistics), and a weighted
///    M-step trains one input vector per sense: starting from the word's skip-gram vector, sense k takes the
///    skip-gram (negative sampling) step of the occurrence's ±`window` words weighted by q_k, the output
///    vectors fixed. A sense vector thus lives in the same space as every other word's vector, and its nearest
///    words are words used like that sense. Words with one sense keep their skip-gram vector. The threads share
///    the words (x mod T), not the corpus, so steps 2–4 give the same bits on every run with the same thread count.
public struct TopicalSenseTrainer: Sendable {
    public let configuration: SenseTrainingConfiguration

    public init(configuration: SenseTrainingConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
    }

    /// Trains on `corpus` (ids of `vocabulary`). `wordVectors`, when given, replaces step 1: a trained skip-gram
    /// model with negative sampling over the same vocabulary (its input vectors give the contexts, its output
    /// vectors the M-step of the sense vectors).
    ///
    /// `checkpoint` is called about every `checkpointInterval` seconds while the word vectors train (step 1, the
    /// longest), with a ``TopicalCheckpoint``; `resuming`, the word vectors of such a checkpoint, continues them where
    /// they stopped (steps 2–4 are then run as in an uninterrupted run).
    public func train(vocabulary: Vocabulary, corpus: EncodedCorpus, progress: ProgressHandler? = nil,
                      wordVectors: SkipGramModel? = nil, resuming: SkipGramModel? = nil,
                      checkpointInterval: Double? = nil,
                      checkpoint: ((TopicalCheckpoint) throws -> Void)? = nil) throws -> SenseVectors {
        let cfg = configuration
        guard vocabulary.count >= 1 else { throw SenseVecError("the vocabulary is empty: nothing to train") }
        guard corpus.wordCount >= 1 else { throw SenseVecError("the corpus has no in-vocabulary words: nothing to train") }
        guard corpus.tokens.count < Int(UInt32.max) else { throw SenseVecError("the corpus is too long for sense training (at most 4 billion tokens)") }
        let start = ContinuousClock.now
        let d = cfg.dimension, v = vocabulary.count
        // 1. Word vectors.
        let skipGram: SkipGramModel
        var stageSeconds: [(String, Double)] = []
        var stageStart = ContinuousClock.now
        if let wordVectors {
            guard wordVectors.vocabulary.words == vocabulary.words else {
                throw SenseVecError("the word vectors' vocabulary differs from the corpus vocabulary")
            }
            guard wordVectors.configuration.dimension == d, wordVectors.configuration.outputLayer == .negativeSampling else {
                throw SenseVecError("the word vectors must be a skip-gram model with negative sampling of dimension \(d)")
            }
            skipGram = wordVectors
        } else {
            var sg = SkipGramConfiguration()
            sg.dimension = d; sg.window = cfg.window; sg.epochs = cfg.epochs; sg.threads = cfg.threads
            sg.seed = cfg.seed; sg.sample = cfg.sample; sg.alpha = cfg.learningRate; sg.minCount = 1
            if let resuming {
                guard resuming.vocabulary.words == vocabulary.words, resuming.configuration.dimension == d,
                      resuming.configuration.epochs == sg.epochs, resuming.configuration.outputLayer == .negativeSampling else {
                    throw SenseVecError("the checkpoint's word vectors do not match this run (vocabulary, dimension or epochs)")
                }
            }
            let trainedWordVectors = try resuming ?? SkipGramModel(configuration: sg, vocabulary: vocabulary)
            let skipGramTrainer = try SkipGramTrainer(model: trainedWordVectors, corpus: corpus)
            // Its learning rate is this command's --lr (--alpha is the prior's concentration here).
            skipGramTrainer.settingsToLower = ["--lr (now \(cfg.learningRate))"]
            var wordVectorProgress: ProgressHandler? = nil
            if let progress {
                wordVectorProgress = { (e: ProgressEvent) in
                    var event = e
                    event.stage = "training word vectors"
                    event.finished = false
                    progress(event)
                }
            }
            var saveCheckpoint: ((SkipGramModel) throws -> Void)? = nil
            if let checkpoint {
                saveCheckpoint = { m in try checkpoint(TopicalCheckpoint(configuration: cfg, wordVectors: m)) }
            }
            try skipGramTrainer.train(progress: wordVectorProgress, checkpointInterval: checkpointInterval, checkpoint: saveCheckpoint)
            skipGram = trainedWordVectors
        }
        stageSeconds.append(("word vectors", SenseTrainer.seconds(since: stageStart)))
        stageStart = ContinuousClock.now
        let weights = skipGram.weights
        var plainEncoder = try ContextEncoder(dimension: d, rawVectors: weights.input, stride: weights.stride,
                                              counts: vocabulary.counts, window: cfg.contextWindow)
        let sif = !cfg.associationWeighting && cfg.frequencyScale > 0
        let shape = ContextEncoder.Shape(distanceDecay: Float(cfg.distanceDecay), adjacentWeight: Float(cfg.adjacentWeight),
                                         frequencyScale: sif ? Float(cfg.frequencyScale) : 0)
        plainEncoder = try ContextEncoder(
            dimension: d, vectors: plainEncoder.vectors,
            weights: sif ? ContextEncoder.smoothInverseFrequency(counts: vocabulary.counts, scale: cfg.frequencyScale) : plainEncoder.weights,
            window: cfg.contextWindow, shape: shape)
        if cfg.associationWeighting {
            var targets = [Float](repeating: 0, count: v * d), outputs = targets
            for x in 0..<v {
                for i in 0..<d { targets[x * d + i] = weights.input[x * weights.stride + i]; outputs[x * d + i] = weights.output[x * weights.stride + i] }
            }
            plainEncoder = try ContextEncoder(dimension: d, vectors: plainEncoder.vectors, weights: plainEncoder.weights,
                                              window: cfg.contextWindow,
                                              association: .init(targets: targets, outputs: outputs,
                                                                 shift: Float(log(Double(skipGram.configuration.negative)))),
                                              shape: shape)
        }
        if cfg.removedDirections > 0 {
            plainEncoder = try Self.removingCommonDirections(plainEncoder, count: cfg.removedDirections, corpus: corpus, seed: cfg.seed)
        }
        let encoder = plainEncoder
        let p = encoder.pointDimension
        // 2. Reservoir samples of the occurrences of eligible words.
        let minimum = 2 * cfg.occurrencesPerSense
        var slot = [Int](repeating: -1, count: v)
        var eligible: [Int] = []
        if cfg.maxSenses >= 2 {
            for x in 0..<v where vocabulary.counts[x] >= minimum { slot[x] = eligible.count; eligible.append(x) }
        }
        let r = cfg.fitSample
        var samples = [UInt32](repeating: 0, count: eligible.count * r)
        var seen = [Int](repeating: 0, count: eligible.count)
        var rng = SenseRandom(seed: cfg.seed, stream: 0x5A3B1E)
        corpus.tokens.withUnsafeBufferPointer { tokens in
            for t in 0..<tokens.count {
                let x = Int(tokens[t])
                guard x >= 0 else { continue }
                let s = slot[x]
                guard s >= 0 else { continue }
                seen[s] += 1
                if seen[s] <= r { samples[s * r + seen[s] - 1] = UInt32(t) }
                else {
                    let j = rng.nextInt(below: seen[s])
                    if j < r { samples[s * r + j] = UInt32(t) }
                }
            }
        }
        // 3. One mixture per eligible word.
        let threads = max(1, cfg.threads)
        let mixtures = SlotTable<SenseMixture>(count: eligible.count)
        let next = Atomic<Int>(0), done = Atomic<Int>(0)
        let window = cfg.contextWindow
        let bagWeights = SenseMixture.ContextBags.normalized(
            weights: ContextEncoder.smoothInverseFrequency(counts: vocabulary.counts, scale: SenseTrainingConfiguration().frequencyScale))
        let bagBackground = SenseMixture.ContextBags.background(counts: vocabulary.counts, weights: bagWeights)
        let mergeTest = SenseMixture.MergeTest(threshold: cfg.mergeThreshold)
        corpus.tokens.withUnsafeBufferPointer { tokens in
            let shared = TokenView(base: tokens.baseAddress!, count: tokens.count)
            let eligibleWords = eligible, sampleTable = samples, seenCounts = seen
            do {
                let work: @Sendable (Int) -> Void = { thread in
                  encoder.withTables { tables in
                    let points = UnsafeMutablePointer<Float>.allocate(capacity: r * p)
                    let context = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * window)
                    defer { points.deallocate(); context.deallocate() }
                    while true {
                        let s = next.add(1, ordering: .relaxed).oldValue
                        guard s < eligibleWords.count else { break }
                        let x = eligibleWords[s]
                        var n = 0
                        var bagIDs: [Int32] = [], bagOffsets = [0]
                        for i in 0..<min(r, seenCounts[s]) {
                            let (c, left) = Self.gatherContext(tokens: shared, position: Int(sampleTable[s * r + i]), window: window, into: context)
                            let norm = encoder.encode(ids: context, count: c, leftCount: left, excluding: Int32(x), tables: tables,
                                                      into: points + n * p)
                            if norm > 0 {
                                n += 1
                                for j in 0..<c where context[j] != Int32(x) { bagIDs.append(context[j]) }
                                bagOffsets.append(bagIDs.count)
                            }
                        }
                        guard n >= 2 else { continue }
                        var options = SenseMixture.FitOptions()
                        options.maxSenses = min(cfg.maxSenses, max(1, vocabulary.counts[x] / cfg.occurrencesPerSense))
                        options.penalty = cfg.sensePenalty
                        options.selection = cfg.senseSelection
                        options.splitThreshold = cfg.splitThreshold
                        options.initialization = cfg.senseInitialization
                        options.wardLimit = cfg.wardSample
                        options.prior = SensePrior(kind: cfg.priorKind, alpha: cfg.alpha, senseCount: options.maxSenses)
                        options.seed = cfg.seed &+ UInt64(x)
                        var fit = SenseMixture.fit(points: points, count: n, dimension: p, options: options)
                        if fit.mixture.count >= 2 && options.selection == .splitTest {
                            let bags = SenseMixture.ContextBags(ids: bagIDs, offsets: bagOffsets, wordWeights: bagWeights,
                                                                background: bagBackground)
                            fit = SenseMixture.mergingSameMeaning(fit, points: points, count: n, dimension: p, bags: bags,
                                                                  test: mergeTest, options: options)
                        }
                        mixtures.set(s, fit.mixture)
                        let finished = done.add(1, ordering: .relaxed).newValue
                        if thread == 0, let progress, finished % 64 == 0 {
                            progress(ProgressEvent(stage: "fitting senses", fraction: Double(finished) / Double(eligibleWords.count)))
                        }
                    }
                  }
                }
                if threads == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: work) }
            }
        }
        stageSeconds.append(("sample and fit", SenseTrainer.seconds(since: stageStart)))
        samples = []  // the sampled positions (4 bytes × fit sample × fitted words) are not needed any more
        stageStart = ContinuousClock.now
        // 4. Sense rows; whole-corpus E-step counts and weighted M-step of the sense vectors.
        var offsets = [0]
        var kappa = [Float](repeating: 0, count: v)
        var mixtureOf = [SenseMixture?](repeating: nil, count: v)
        for (s, x) in eligible.enumerated() {
            if let m = mixtures.get(s), m.count >= 2 { mixtureOf[x] = m; kappa[x] = Float(m.kappa) }
        }
        for x in 0..<v { offsets.append(offsets[x] + (mixtureOf[x]?.count ?? 1)) }
        let rows = offsets[v]
        let senseValues = UnsafeMutablePointer<Float>.allocate(capacity: rows * d)
        var means = [Float](repeating: 0, count: rows * p)
        for x in 0..<v {
            for k in 0..<(offsets[x + 1] - offsets[x]) {
                for i in 0..<d { senseValues[(offsets[x] + k) * d + i] = weights.input[x * weights.stride + i] }
            }
            if let m = mixtureOf[x] {
                for i in 0..<(m.count * p) { means[offsets[x] * p + i] = m.means[i] }
            }
        }
        let senseCounts: [Float]
        do {
            senseCounts = try wholeCorpusPass(corpus: corpus, vocabulary: vocabulary, encoder: encoder, weights: weights,
                                              mixtures: mixtureOf, offsets: offsets, means: means, kappa: kappa,
                                              senseValues: senseValues, progress: progress)
        } catch {
            senseValues.deallocate()
            throw error
        }
        stageSeconds.append(("sense vectors", SenseTrainer.seconds(since: stageStart)))
        // 5. Senses of one word whose sense vectors have the same nearest words are one meaning.
        var final = SenseRows(offsets: offsets, values: Array(UnsafeBufferPointer(start: senseValues, count: rows * d)),
                              means: means, kappa: kappa, counts: senseCounts)
        senseValues.deallocate()
        means = []
        if cfg.neighbourMerge > 0 {
            stageStart = ContinuousClock.now
            let groups = try SenseNeighbourMerge(neighbours: cfg.neighbourMergeCandidates, shared: cfg.neighbourMerge)
                .groups(rows: final.values, offsets: offsets, dimension: d, threads: threads)
            final.join(groups, dimension: d, pointDimension: p) { x in
                (0..<d).map { weights.input[x * weights.stride + $0] }
            }
            stageSeconds.append(("neighbour merge", SenseTrainer.seconds(since: stageStart)))
        }
        let multi = (0..<v).reduce(0) { $0 + (final.offsets[$1 + 1] - final.offsets[$1] >= 2 ? 1 : 0) }
        let seconds = SenseTrainer.seconds(since: start)
        let settings: [(String, String)] = [
            ("context", cfg.contextKind.rawValue), ("dimension", "\(d)"), ("window", "\(cfg.window)"),
            ("context window", "\(cfg.contextWindow)"), ("max senses", "\(cfg.maxSenses)"),
            ("prior", cfg.priorKind.rawValue), ("alpha", "\(cfg.alpha)"), ("learning rate", "\(cfg.learningRate)"),
            ("epochs", "\(cfg.epochs)"), ("threads", "\(cfg.threads)"), ("seed", "\(cfg.seed)"),
            ("sample", "\(cfg.sample)"), ("occurrences per sense", "\(cfg.occurrencesPerSense)"),
            ("fit sample", "\(cfg.fitSample)"), ("sense count", cfg.senseSelection.rawValue),
            ("split threshold", "\(cfg.splitThreshold)"), ("merge threshold", "\(cfg.mergeThreshold)"),
            ("neighbour merge", "\(cfg.neighbourMerge)"), ("sense init", cfg.senseInitialization.rawValue), ("sense penalty", "\(cfg.sensePenalty)"),
            ("removed directions", "\(cfg.removedDirections)"), ("association weighting", "\(cfg.associationWeighting)"),
            ("frequency scale", "\(shape.frequencyScale)"), ("distance decay", "\(cfg.distanceDecay)"),
            ("adjacent weight", "\(cfg.adjacentWeight)"),
            ("trained words", "\(corpus.wordCount * cfg.epochs)"),
        ]
        let topical = try TopicalSenses(encoder: encoder, means: final.means, kappa: final.kappa)
        let model = try SenseVectors(words: vocabulary.words, counts: vocabulary.counts, dimension: d, senseOffsets: final.offsets,
                                     senseValues: final.values,
                                     senseCounts: final.counts, outputValues: [], prior: cfg.prior, threshold: cfg.threshold,
                                     window: cfg.contextWindow, settings: settings, topical: topical)
        if let progress {
            let words = corpus.wordCount * cfg.epochs
            progress(ProgressEvent(stage: "training senses", fraction: 1,
                                   metrics: [("words/s", Double(words) / max(seconds, 1e-9)),
                                             ("senses/word", model.averageActiveSenses),
                                             ("multi-sense words", Double(model.multiSenseWordCount)),
                                             ("fitted words", Double(eligible.count)), ("mixtures with several senses", Double(multi))],
                                   message: "trained \(words) words in \((seconds * 10).rounded() / 10) s (" + stageSeconds.map { "\($0.0) \(($0.1 * 10).rounded() / 10) s" }.joined(separator: ", ") + "); \(model.multiSenseWordCount) words with several senses",
                                   finished: true))
        }
        return model
    }

    /// The encoder with the `count` directions along which context vectors vary most across the whole corpus
    /// removed from every word vector: u′_y = u_y − Σ_j (p_j · u_y) p_j, p_j the top eigenvectors of the second
    /// moment E[c cᵀ] of the context vectors of 20,000 random positions (power iteration with deflation). The
    /// first is the direction all contexts share; the next ones are variations shared by all words (such as
    /// register: verse, dialogue, narration), which say nothing about which sense a particular word has
    /// (compare "all-but-the-top", Mu & Viswanath 2018, on word vectors).
    static func removingCommonDirections(_ encoder: ContextEncoder, count: Int, corpus: EncodedCorpus,
                                         seed: UInt64) throws -> ContextEncoder {
        let d = encoder.dimension
        var moment = [Double](repeating: 0, count: d * d)
        var rng = SenseRandom(seed: seed, stream: 0xD1EC)
        let context = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * encoder.window)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: encoder.pointDimension)
        defer { context.deallocate(); c.deallocate() }
        corpus.tokens.withUnsafeBufferPointer { tp in encoder.withTables { tables in
            let tokens = TokenView(base: tp.baseAddress!, count: tp.count)
            for _ in 0..<20_000 {
                let t = rng.nextInt(below: tp.count)
                guard tp[t] >= 0 else { continue }
                let (n, left) = gatherContext(tokens: tokens, position: t, window: encoder.window, into: context)
                guard encoder.encode(ids: context, count: n, leftCount: left, excluding: tp[t], tables: tables, into: c) > 0 else { continue }
                for i in 0..<d { let ci = Double(c[i]); for j in 0..<d { moment[i * d + j] += ci * Double(c[j]) } }
            }
        } }
        var directions: [[Double]] = []
        for _ in 0..<min(count, d - 1) {
            var v = (0..<d).map { _ in rng.nextDouble() - 0.5 }
            var lambda = 0.0
            for _ in 0..<200 {
                var w = [Double](repeating: 0, count: d)
                for i in 0..<d { var s = 0.0; for j in 0..<d { s += moment[i * d + j] * v[j] }; w[i] = s }
                let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0 else { break }
                lambda = norm
                v = w.map { $0 / norm }
            }
            directions.append(v)
            for i in 0..<d { for j in 0..<d { moment[i * d + j] -= lambda * v[i] * v[j] } }
        }
        var vectors = encoder.vectors
        for y in 0..<encoder.weights.count {
            for p in directions {
                var dot = 0.0
                for i in 0..<d { dot += p[i] * Double(vectors[y * d + i]) }
                for i in 0..<d { vectors[y * d + i] -= Float(dot * p[i]) }
            }
        }
        return try ContextEncoder(dimension: d, vectors: vectors, weights: encoder.weights, window: encoder.window,
                                  association: encoder.association, shape: encoder.shape)
    }

    /// The in-sentence context ids of `position` (up to `window` each side, left then right in text order);
    /// returns their number and how many are left of the target.
    @inline(__always)
    static func gatherContext(tokens: TokenView, position t: Int, window: Int, into out: UnsafeMutablePointer<Int32>) -> (count: Int, left: Int) {
        var c = 0
        var j = t - 1
        while j >= 0 && t - j <= window && tokens.base[j] >= 0 { j -= 1 }
        for i in (j + 1)..<t { out[c] = tokens.base[i]; c += 1 }
        let left = c
        j = t + 1
        while j < tokens.count && j - t <= window && tokens.base[j] >= 0 { out[c] = tokens.base[j]; c += 1; j += 1 }
        return (c, left)
    }

    /// Step 4: the E-step of every occurrence of a multi-sense word (summed into expected counts) and the
    /// q-weighted negative-sampling M-step of its sense vectors. Returns the counts of every stored sense (words
    /// with one sense: their corpus count).
    func wholeCorpusPass(corpus: EncodedCorpus, vocabulary: Vocabulary, encoder: ContextEncoder, weights: SharedWeights,
                         mixtures: [SenseMixture?], offsets: [Int], means: [Float], kappa: [Float],
                         senseValues: UnsafeMutablePointer<Float>, progress: ProgressHandler?) throws -> [Float] {
        let cfg = configuration
        let d = cfg.dimension, v = vocabulary.count, p = encoder.pointDimension
        let rows = offsets[v]
        let threads = min(max(1, cfg.threads), max(1, corpus.tokens.count / 1000))
        // Log priors from the sample's counts scaled to the corpus count.
        var logPriors = [Double](repeating: 0, count: rows)
        for x in 0..<v {
            guard let m = mixtures[x] else { continue }
            let total = m.counts.reduce(0, +)
            let scaled = m.counts.map { Float($0 / max(total, 1e-9) * Double(vocabulary.counts[x])) }
            let lp = m.prior.expectedLogWeights(counts: scaled)
            for k in 0..<m.count { logPriors[offsets[x] + k] = lp[k] }
        }
        let counts = Mutex<[Double]>([Double](repeating: 0, count: rows))
        let sampler = NegativeSampler(counts: vocabulary.counts)
        let total = corpus.tokens.count
        let vocabularyCounts = vocabulary.counts
        let keepProbabilities = Subsampler(counts: vocabulary.counts, sample: cfg.sample, totalTokens: corpus.wordCount).keepProbabilities
        let maxSenses = mixtures.reduce(1) { max($0, $1?.count ?? 1) }
        let negatives = 5
        corpus.tokens.withUnsafeBufferPointer { tp in
            let tokens = TokenView(base: tp.baseAddress!, count: tp.count)
            let out = SendablePointer(UnsafePointer(weights.output)), senses = SendablePointer(UnsafePointer(senseValues))
            let senseRows = MutablePointer(senseValues)
            let stride = weights.stride
            do {
                means.withUnsafeBufferPointer { mp in logPriors.withUnsafeBufferPointer { lpp in sampler.table.withUnsafeBufferPointer { tab in
                    let meanRows = SendablePointer(mp.baseAddress!), priors = SendablePointer(lpp.baseAddress!)
                    let table = SendablePointer(tab.baseAddress!), tableCount = tab.count
                    let work: @Sendable (Int) -> Void = { thread in
                      encoder.withTables { tables in
                        // Thread j takes the occurrences of the words x with x mod T = j, reading the whole corpus in
                        // order: an occurrence updates only its own word's sense vectors (the output vectors are fixed)
                        // and counts, so the threads never write the same row and a given number of threads gives the
                        // same bits on every run. The rate decays with the position in the corpus.
                        let schedule = LearningRateSchedule(start: cfg.learningRate, floor: cfg.learningRate * 1e-4,
                                                            totalTokens: total)
                        var rng = SenseRandom(seed: cfg.seed, stream: 0xC0DE + UInt64(thread))
                        var local = [Double](repeating: 0, count: rows)
                        let context = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * cfg.contextWindow)
                        let c = UnsafeMutablePointer<Float>.allocate(capacity: p)
                        let gradient = UnsafeMutablePointer<Float>.allocate(capacity: d)
                        let ll = UnsafeMutablePointer<Double>.allocate(capacity: maxSenses)
                        let q = UnsafeMutablePointer<Double>.allocate(capacity: maxSenses)
                        defer { context.deallocate(); c.deallocate(); gradient.deallocate(); ll.deallocate(); q.deallocate() }
                        var sinceReport = 0
                        for t in 0..<total {
                            sinceReport += 1
                            if sinceReport == 100_000 {
                                sinceReport = 0
                                if thread == 0, let progress {
                                    progress(ProgressEvent(stage: "sense vectors", fraction: Double(t) / Double(total)))
                                }
                            }
                            let x = Int(tokens.base[t])
                            guard x >= 0, x % threads == thread, let m = mixtures[x] else { continue }
                            let (n, left) = Self.gatherContext(tokens: tokens, position: t, window: cfg.contextWindow, into: context)
                            let norm = encoder.encode(ids: context, count: n, leftCount: left, excluding: Int32(x), tables: tables, into: c)
                            let row = offsets[x], k = m.count
                            if norm > 0 {
                                SenseMixture.posterior(means: meanRows.pointer + row * p, count: k, dimension: p,
                                                       kappa: Double(kappa[x]), logPrior: priors.pointer + row, context: c,
                                                       logLikelihood: ll, posterior: q)
                            } else {
                                for z in 0..<k { ll[z] = 0 }
                                SensePosterior.normalize(logLikelihood: ll, logPrior: priors.pointer + row, count: k, posterior: q)
                            }
                            for z in 0..<k { local[row + z] += q[z] }
                            // Weighted M-step on the kept (subsampled) occurrences.
                            if cfg.sample > 0 {
                                if keepProbabilities[x] < rng.nextDouble() { continue }
                            }
                            let lr = Float(schedule.rate(afterProcessing: t))
                            let b = 1 + rng.nextInt(below: cfg.window)
                            var first = t, last = t
                            while first > 0 && t - (first - 1) <= b && tokens.base[first - 1] >= 0 { first -= 1 }
                            while last + 1 < tokens.count && last + 1 - t <= b && tokens.base[last + 1] >= 0 { last += 1 }
                            guard first < last else { continue }
                            for z in 0..<k where q[z] >= SenseTrainingConfiguration.posteriorCutoff {
                                let sense = senseRows.pointer + (row + z) * d
                                gradient.update(repeating: 0, count: d)
                                let scale = lr * Float(q[z])
                                for pos in first...last where pos != t {
                                    let y = tokens.base[pos]
                                    for s in 0...negatives {
                                        let target: Int32 = s == 0 ? y : NegativeSampler.draw(table.pointer, count: tableCount, rng: &rng)
                                        if s > 0 && target == y { continue }
                                        let u = out.pointer + Int(target) * stride
                                        let score = VectorKernels.dot(senses.pointer + (row + z) * d, u, count: d)
                                        let g = scale * ((s == 0 ? 1 : 0) - VectorKernels.sigmoid(score))
                                        VectorKernels.axpy(g, u, gradient, count: d)
                                    }
                                }
                                VectorKernels.axpy(1, gradient, sense, count: d)
                            }
                        }
                        counts.withLock { all in for i in 0..<rows { all[i] += local[i] } }
                      }
                    }
                    if threads == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: work) }
                } } }
            }
        }
        let expected = counts.withLock { $0 }
        var result = [Float](repeating: 0, count: rows)
        for x in 0..<v {
            if mixtures[x] == nil { result[offsets[x]] = Float(vocabularyCounts[x]) }
            else { for k in offsets[x]..<offsets[x + 1] { result[k] = Float(expected[k]) } }
        }
        guard (0..<(rows * d)).allSatisfy({ senseValues[$0].isFinite }) else {
            throw SenseVecError.trainingDiverged(fraction: 1, symptom: "a sense vector is no longer finite",
                                                 lower: ["--lr (now \(cfg.learningRate))"])
        }
        return result
    }
}

/// The rows of a topical model being assembled: word x's senses are rows `offsets[x] ..< offsets[x + 1]` of
/// `values` (d each), `means` (p each: the vMF mean directions, zero for a word with one sense) and `counts`
/// (expected occurrences of each sense); `kappa[x]` is x's concentration (0 with one sense).
struct SenseRows: Sendable {
    var offsets: [Int]
    var values: [Float]
    var means: [Float]
    var kappa: [Float]
    var counts: [Float]

    /// Joins the senses of each word as `groups` says (``SenseNeighbourMerge/groups(rows:offsets:dimension:threads:)``),
    /// in place (rows only move towards the front, so no second copy of the arrays is made): a joined sense has the
    /// summed count, the count-weighted mean of its members' vectors and the direction of the count-weighted sum of
    /// their mean directions (the mean direction of the union of their occurrences when the members share κ, as
    /// they do), and the groups of a word are ordered by decreasing count. A word left with one sense gets
    /// `wordVector(x)` (its skip-gram vector, as every word with one sense), a zero mean and κ = 0.
    mutating func join(_ groups: [[Int]?], dimension d: Int, pointDimension p: Int, wordVector: (Int) -> [Float]) {
        let words = offsets.count - 1
        guard groups.contains(where: { $0 != nil }) else { return }
        var out = 0
        var newOffsets = [0]
        newOffsets.reserveCapacity(words + 1)
        for x in 0..<words {
            let first = offsets[x], k = offsets[x + 1] - first
            guard let labels = groups[x], labels.count == k else {
                if out != first {
                    for r in 0..<k {
                        for t in 0..<d { values[(out + r) * d + t] = values[(first + r) * d + t] }
                        for t in 0..<p { means[(out + r) * p + t] = means[(first + r) * p + t] }
                        counts[out + r] = counts[first + r]
                    }
                }
                out += k
                newOffsets.append(out)
                continue
            }
            let g = (labels.max() ?? 0) + 1
            var total = [Double](repeating: 0, count: g), size = [Int](repeating: 0, count: g)
            for (i, l) in labels.enumerated() { total[l] += Double(counts[first + i]); size[l] += 1 }
            let order = (0..<g).sorted { total[$0] != total[$1] ? total[$0] > total[$1] : $0 < $1 }
            // The joined rows are computed from the word's rows before any of them is overwritten.
            var joinedValues: [Float] = [], joinedMeans: [Float] = []
            for l in order {
                if g == 1 {
                    joinedValues += wordVector(x)
                    joinedMeans += [Float](repeating: 0, count: p)
                    continue
                }
                var value = [Double](repeating: 0, count: d), mean = [Double](repeating: 0, count: p)
                for i in labels.indices where labels[i] == l {
                    // Equal weights when the whole-corpus pass gave the members no occurrence at all.
                    let w = total[l] > 0 ? Double(counts[first + i]) / total[l] : 1 / Double(size[l])
                    for t in 0..<d { value[t] += w * Double(values[(first + i) * d + t]) }
                    for t in 0..<p { mean[t] += w * Double(means[(first + i) * p + t]) }
                }
                let length = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
                joinedValues += value.map { Float($0) }
                joinedMeans += mean.map { Float(length > 0 ? $0 / length : 0) }
            }
            for (j, l) in order.enumerated() {
                for t in 0..<d { values[(out + j) * d + t] = joinedValues[j * d + t] }
                for t in 0..<p { means[(out + j) * p + t] = joinedMeans[j * p + t] }
                counts[out + j] = Float(total[l])
            }
            if g == 1 { kappa[x] = 0 }
            out += g
            newOffsets.append(out)
        }
        values.removeLast(values.count - out * d)
        means.removeLast(means.count - out * p)
        counts.removeLast(counts.count - out)
        offsets = newOffsets
    }
}

/// A read-only pointer handed to worker threads.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafePointer<T>
    init(_ p: UnsafePointer<T>) { pointer = p }
}

/// A mutable pointer handed to worker threads (Hogwild updates).
struct MutablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { pointer = p }
}

/// Results written by worker threads into distinct slots.
final class SlotTable<T: Sendable>: @unchecked Sendable {
    private var items: [T?]
    private let lock = Mutex<Void>(())
    init(count: Int) { items = [T?](repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.withLock { _ in items[i] = value } }
    func get(_ i: Int) -> T? { lock.withLock { _ in items[i] } }
}
