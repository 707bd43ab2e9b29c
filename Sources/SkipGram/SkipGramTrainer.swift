#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import SenseVecCore

/// What a finished (or interrupted) training call did.
public struct TrainingSummary: Sendable {
    /// Wall-clock seconds of this call.
    public var seconds: Double
    /// Tokens read in this call (as word2vec counts them: before subsampling).
    public var wordsRead: Int
    /// Tokens kept after subsampling (the centre words actually trained) in this call.
    public var wordsTrained: Int
    /// Mean loss per example over the last part of training (sampled), NaN when none was measured.
    public var loss: Double
    public var threads: Int
    public var wordsPerSecond: Double { seconds > 0 ? Double(wordsRead) / seconds : 0 }
}

/// Hogwild SGD over a ``SkipGramModel`` (Mikolov et al. 2013; Recht et al. 2011 for lock-free SGD).
///
/// The encoded corpus is split into `threads` equal parts; thread t always trains on part t. Work proceeds
/// in *rounds* of at most `roundTokens` tokens per thread: a round runs all threads concurrently on the
/// shared weights, then the calling thread records positions, reports progress and writes a checkpoint
/// when one is due. Round r of thread t draws from `SenseRandom(seed:, stream: r·threads + t)`, so a run
/// is fully described by its weights and positions, and `threads == 1` with one seed gives the same bits
/// every time — also across a checkpoint and resume.
///
/// Per sentence (at most `maxSentenceLength` tokens, as word2vec), tokens are subsampled (``Subsampler``);
/// for each kept centre word the window is shrunk uniformly to b ∈ 1…window (word2vec's dynamic window);
/// the learning rate decays linearly with the tokens read by all threads (``LearningRateSchedule``),
/// refreshed every 10,000 tokens.
public final class SkipGramTrainer {
    public let model: SkipGramModel
    public let corpus: EncodedCorpus
    /// Tokens per thread per round.
    public var roundTokens = 100_000
    /// Optional stop request checked between rounds (e.g. for tests); training then returns unfinished.
    public var shouldStop: (() -> Bool)? = nil
    /// Set when this trainer is one of several processes training one model (see ``ParallelTraining``).
    public var parallel: ParallelTraining? = nil
    /// The settings a divergence error tells the user to lower, with their values; nil: `--alpha`, and
    /// `--negative` and `--window` where the configuration uses them. A trainer run for another command's options
    /// names those (topical senses: `--lr`).
    public var settingsToLower: [String]? = nil

    let sampler: NegativeSampler
    let subsampler: Subsampler
    let hsLabels: [Float]

    /// Prepares training of `model` on `corpus` (encoded with `model.vocabulary`). A model whose
    /// progress is unfinished is resumed; its corpus must match the one it started on.
    public init(model: SkipGramModel, corpus: EncodedCorpus) throws {
        try TrainingRounds.prepare(&model.progress, corpus: corpus, vocabularySize: model.vocabulary.count,
                                   configuration: model.configuration)
        self.model = model
        self.corpus = corpus
        sampler = NegativeSampler(counts: model.vocabulary.counts)
        subsampler = Subsampler(counts: model.vocabulary.counts, sample: model.configuration.sample)
        hsLabels = TrainingRounds.hierarchicalSoftmaxLabels(model.tree)
    }

    /// Trains until all epochs are done (or `shouldStop` says so).
    ///
    /// With ``parallel`` set, rounds are `syncEvery / threads` tokens per thread and each is followed by
    /// `synchronize` (also when this process has just finished); the learning rate follows the tokens of all
    /// processes, and `checkpoint` is called when `synchronize` says so.
    ///
    /// - Parameters:
    ///   - progress: receives "training" events (fraction, words/s/thread, alpha, loss, ETA) from the calling thread.
    ///   - checkpointInterval: seconds between calls of `checkpoint` (nil: never).
    ///   - checkpoint: called between rounds with the model in a consistent state (all workers paused).
    @discardableResult
    public func train(progress: ProgressHandler? = nil, checkpointInterval: Double? = nil,
                      checkpoint: ((SkipGramModel) throws -> Void)? = nil) throws -> TrainingSummary {
        let c = model.configuration
        let totalTokens = c.epochs * (parallel?.globalWords ?? corpus.wordCount)
        let schedule = LearningRateSchedule(start: c.startingAlpha, floor: c.floorAlpha, totalTokens: totalTokens)
        let job = RoundJob<WordRows>(configuration: c, weights: model.weights, corpus: corpus, sampler: sampler,
                                     subsampler: subsampler, tree: model.tree, hsLabels: hsLabels, schedule: schedule,
                                     input: (), processedScale: parallel?.processes ?? 1)
        return try TrainingRounds.run(model, corpus: corpus, schedule: schedule, roundTokens: roundTokens,
                                      shouldStop: shouldStop, progress: progress, checkpointInterval: checkpointInterval,
                                      checkpoint: checkpoint, parallel: parallel, synchronize: parallel?.synchronize,
                                      settingsToLower: settingsToLower) { from, end, limit, rng, base, counter in
            job.run(from: from, end: end, limit: limit, rng: &rng, processedBase: base, counter: counter)
        }
    }
}

extension SkipGramModel: RoundTrainable {}

/// A model the round loop can drive: settings and a resumable position.
protocol RoundTrainable: AnyObject {
    var configuration: SkipGramConfiguration { get }
    var progress: TrainingProgress { get set }
    var vocabulary: Vocabulary { get }
    var weights: SharedWeights { get }
}

/// The round loop shared by ``SkipGramTrainer`` and ``SubwordTrainer`` (see ``SkipGramTrainer`` for the
/// scheme): threads, rounds, positions, the learning-rate schedule, progress events and checkpoints.
enum TrainingRounds {
    /// Checks `corpus` against a vocabulary of `vocabularySize` words and resets or validates `progress`
    /// (an unfinished run is resumed and must see the same corpus).
    /// Also refuses negative sampling with at least as many negatives per example as there are words.
    static func prepare(_ progress: inout TrainingProgress, corpus: EncodedCorpus, vocabularySize: Int,
                        configuration c: SkipGramConfiguration) throws {
        guard corpus.wordCount > 0 else { throw SenseVecError("the corpus has no in-vocabulary words to train on") }
        if c.outputLayer == .negativeSampling && c.negative >= vocabularySize {
            throw SenseVecError("--negative \(c.negative) is not below the vocabulary's \(vocabularySize) words: lower --negative (5–20 is usual)")
        }
        let words = Int32(truncatingIfNeeded: vocabularySize)
        if let bad = corpus.withTokens({ $0.first(where: { $0 >= words || ($0 < 0 && $0 != EncodedCorpus.sentenceBreak) }) }) {
            throw SenseVecError("encoded corpus holds token id \(bad), outside the vocabulary of \(vocabularySize) words")
        }
        let p = progress
        if p.finished || p.positions.isEmpty {
            progress = TrainingProgress()
            progress.corpusWords = corpus.wordCount
            progress.corpusLength = corpus.length
            progress.seconds = p.seconds
        } else if p.corpusLength != corpus.length || p.corpusWords != corpus.wordCount {
            throw SenseVecError("cannot resume: the corpus differs from the one the checkpoint was trained on (\(corpus.wordCount) words now, \(p.corpusWords) then)")
        }
    }

    /// Rows checked after every round for divergence: the most frequent words' rows are updated most often
    /// and are the first to overflow.
    static let divergenceRows = 64

    /// The error of a diverged run, or nil: checks the round's loss and the input and output rows of the
    /// ``divergenceRows`` most frequent words (a few thousand floats: negligible next to a round) for
    /// non-finite values.
    static func divergence<Model: RoundTrainable>(_ model: Model, roundLoss: Double, roundExamples: Double = 0, fraction: Double,
                                                  settingsToLower: [String]? = nil, syncEvery: Int? = nil) -> SenseVecError? {
        let w = model.weights, d = w.dimension, stride = w.stride
        var badRow: Int? = nil
        rows: for r in 0..<min(divergenceRows, w.inputRows, model.vocabulary.count) {
            for i in 0..<d where !w.input[r * stride + i].isFinite || (r < w.outputRows && !w.output[r * stride + i].isFinite) {
                badRow = r
                break rows
            }
        }
        // A healthy model's mean loss per example is a few nats (about (1 + k)·log 2 at the start with k negatives,
        // log₂ V · log 2 with hierarchical softmax); a thousand means vectors whose dot products have exploded.
        let meanLoss = roundExamples > 0 ? roundLoss / roundExamples : 0
        guard badRow != nil || !roundLoss.isFinite || meanLoss > Self.divergedMeanLoss else { return nil }
        let c = model.configuration
        let symptom = badRow.map { "the vector of '\(model.vocabulary.words[$0])' is no longer finite" }
            ?? (roundLoss.isFinite ? "the mean loss is \(formatFixed(meanLoss, 0)) nats per example" : "the loss is no longer finite")
        var lower = ["--alpha (now \(c.startingAlpha))"]
        if let syncEvery { lower.append("--sync-every (now \(syncEvery): the processes' summed updates overshoot)") }
        if c.outputLayer == .negativeSampling { lower.append("--negative (now \(c.negative))") }
        if c.architecture == .cbow { lower.append("--window (now \(c.window))") }
        return .trainingDiverged(fraction: fraction, symptom: symptom, lower: settingsToLower ?? lower)
    }

    /// The mean loss per example of a round above which training is taken to have diverged.
    static let divergedMeanLoss = 1000.0

    /// word2vec's hierarchical-softmax labels ℓ = 1 − code along each word's path (empty without a tree).
    static func hierarchicalSoftmaxLabels(_ tree: HuffmanTree?) -> [Float] {
        tree.map { $0.codes.map { Float(1 - Int($0)) } } ?? []
    }

    /// The token range of thread t's part.
    static func part(_ t: Int, of n: Int, threads T: Int) -> Range<Int> {
        (n * t / T) ..< (n * (t + 1) / T)
    }

    /// Runs rounds until all epochs are done (or `shouldStop` says so). `work(from, end, limit, rng,
    /// processedBase, counter)` trains one thread's share of one round. With `parallel` (one of several
    /// processes), rounds follow its `syncEvery` and `synchronize` (its closure, typed by the model this loop
    /// drives) runs after each round.
    static func run<Model: RoundTrainable>(
        _ model: Model, corpus: EncodedCorpus, schedule: LearningRateSchedule, roundTokens: Int,
        shouldStop: (() -> Bool)?, progress: ProgressHandler?, checkpointInterval: Double?,
        checkpoint: ((Model) throws -> Void)?, parallel: ParallelTraining? = nil,
        synchronize: ((Model, Bool, Error?) throws -> ParallelTotals)? = nil, settingsToLower: [String]? = nil,
        work job: @escaping @Sendable (Int, Int, Int, inout SenseRandom, Int, TokenCounter) -> RoundResult
    ) throws -> TrainingSummary {
        let c = model.configuration
        let T = c.threads
        let P = parallel?.processes ?? 1, rank = parallel?.rank ?? 0
        let totalTokens = c.epochs * (parallel?.globalWords ?? corpus.wordCount)
        let n = corpus.length
        func part(_ t: Int) -> Range<Int> { Self.part(t, of: n, threads: T) }
        if model.progress.positions.isEmpty { model.progress.positions = (0..<T).map { part($0).lowerBound } }
        let start = monotonicSeconds()
        var lastCheckpoint = start
        // Tokens read (and kept) by all processes: this process's own counts unless parallel.
        var global = parallel?.initial ?? ParallelTotals(processed: model.progress.wordsProcessed, trained: model.progress.wordsTrained)
        let startProcessed = global.processed, startTrained = global.trained
        let secondsBefore = model.progress.seconds
        let counter = TokenCounter()
        var recentLoss = 0.0, recentExamples = 0.0
        var lastLoss = Double.nan

        while !model.progress.finished {
            if let shouldStop, shouldStop() { break }
            let round = model.progress.round
            let positions = model.progress.positions
            let parts = (0..<T).map(part)
            let base = global.processed
            counter.value.store(0, ordering: .relaxed)
            let results = Mutex<[RoundResult]>(Array(repeating: RoundResult(), count: T))
            let limit = parallel.map { max(1, ($0.syncEvery + T - 1) / T) } ?? roundTokens
            let work: @Sendable (Int) -> Void = { t in
                guard positions[t] < parts[t].upperBound else { return }
                var rng = SenseRandom(seed: c.seed, stream: UInt64((round * T + t) * P + rank))
                let r = job(positions[t], parts[t].upperBound, limit, &rng, base, counter)
                results.withLock { $0[t] = r }
            }
            if T == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: T, execute: work) }
            let rs = results.withLock { $0 }
            var done = true
            var roundLoss = 0.0, roundExamples = 0.0
            for t in 0..<T {
                roundLoss += rs[t].loss
                roundExamples += rs[t].lossExamples
                if rs[t].position > 0 { model.progress.positions[t] = rs[t].position }
                model.progress.wordsProcessed += rs[t].read
                model.progress.wordsTrained += rs[t].trained
                recentLoss += rs[t].loss; recentExamples += rs[t].lossExamples
                if model.progress.positions[t] < parts[t].upperBound { done = false }
            }
            // Divergence is reported as soon as it shows, not as a non-finite vector after the whole run.
            // With several processes the error goes to the synchronization, which stops all of them together.
            let diverged = divergence(model, roundLoss: roundLoss, roundExamples: roundExamples,
                                      fraction: totalTokens > 0 ? Double(model.progress.wordsProcessed) / Double(totalTokens) : 0,
                                      settingsToLower: settingsToLower,
                                      syncEvery: parallel?.sumsCopies == true ? parallel?.syncEvery : nil)
            if let diverged, synchronize == nil { throw diverged }
            model.progress.round += 1
            if done {
                model.progress.epoch += 1
                model.progress.positions = (0..<T).map { part($0).lowerBound }
                if model.progress.epoch >= c.epochs { model.progress.finished = true }
            }
            var now = monotonicSeconds()
            let checkpointDue = checkpoint != nil && checkpointInterval.map { now - lastCheckpoint >= $0 } == true
            var checkpointNow = checkpointDue && !model.progress.finished
            if let synchronize {
                global = try synchronize(model, checkpointDue, diverged)
                checkpointNow = global.checkpoint
                now = monotonicSeconds()
            } else {
                global = ParallelTotals(processed: model.progress.wordsProcessed, trained: model.progress.wordsTrained)
            }
            model.progress.seconds = secondsBefore + (now - start)
            if recentExamples > 0 { lastLoss = recentLoss / recentExamples }
            if recentExamples > 20_000 { recentLoss = 0; recentExamples = 0 }
            if let progress {
                let processed = global.processed
                let fraction = totalTokens > 0 ? min(1, Double(processed) / Double(totalTokens)) : 1
                let elapsed = now - start
                let rate = elapsed > 0 ? Double(processed - startProcessed) / elapsed : 0
                let eta = rate > 0 ? Double(totalTokens - processed) / rate : 0
                progress(ProgressEvent(stage: "training", fraction: fraction, metrics: [
                    ("epoch", Double(min(model.progress.epoch + 1, c.epochs))),
                    ("words/s/thread", (rate / Double(T * P)).rounded()),
                    ("alpha", schedule.rate(afterProcessing: processed)),
                    ("loss", lastLoss),
                    ("ETA s", eta.rounded()),
                ]))
            }
            if let checkpoint, checkpointNow {
                try checkpoint(model)
                lastCheckpoint = monotonicSeconds()
            }
        }
        let seconds = monotonicSeconds() - start
        let summary = TrainingSummary(seconds: seconds, wordsRead: global.processed - startProcessed,
                                      wordsTrained: global.trained - startTrained,
                                      loss: lastLoss, threads: T * P)
        if let progress, model.progress.finished {
            let message = "done: \(summary.wordsRead) words read, \(summary.wordsTrained) trained after subsampling, "
                + "\(formatFixed(seconds, 1)) s, \(formatFixed(summary.wordsPerSecond, 0)) words/s "
                + "(\(formatFixed(summary.wordsPerSecond / Double(T * P), 0)) per thread), loss \(formatFixed(lastLoss, 4))"
            progress(ProgressEvent(stage: "training", fraction: 1, metrics: [], message: message, finished: true))
        }
        return summary
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func formatFixed(_ v: Double, _ precision: Int) -> String {
    guard v.isFinite else { return "\(v)" }
    var buf = [UInt8](repeating: 0, count: 64)
    let n = buf.withUnsafeMutableBufferPointer { b in
        withVaList([v]) { vsnprintf(UnsafeMutableRawPointer(b.baseAddress!).assumingMemoryBound(to: CChar.self), 64, "%.\(precision)f", $0) }
    }
    return String(decoding: buf[0..<max(0, min(Int(n), 63))], as: UTF8.self)
}

/// What one thread did in one round.
struct RoundResult: Sendable {
    var position = 0
    var read = 0
    var trained = 0
    var loss = 0.0
    var lossExamples = 0.0
}

/// Words read and kept by all processes of a parallel run so far, and whether a checkpoint is due now.
public struct ParallelTotals: Sendable, Equatable {
    public var processed: Int
    public var trained: Int
    public var checkpoint: Bool
    public init(processed: Int, trained: Int, checkpoint: Bool = false) {
        self.processed = processed; self.trained = trained; self.checkpoint = checkpoint
    }
}

/// Data-parallel training by model averaging: `processes` trainers, each on its own share of the corpus, start
/// from the same weights and, after every `syncEvery` tokens each has read, replace their weights by the mean
/// of all processes' weights (McDonald et al. 2010's iterative parameter mixing, applied to Hogwild SGD).
/// The learning rate is one schedule over the tokens of all processes (``LearningRateSchedule`` with
/// `epochs × globalWords` tokens), estimated between synchronizations as the last known total plus
/// `processes ×` this process's own tokens since then. Process `rank` draws round r of thread t from stream
/// `(r·threads + t)·processes + rank`, so no two processes share random numbers.
///
/// The library holds no communication code: `synchronize` is supplied by the caller (the CLI's MPI layer).
public struct ParallelTraining {
    public var processes: Int
    public var rank: Int
    /// In-vocabulary tokens of one epoch over all processes.
    public var globalWords: Int
    /// Tokens each process reads between synchronizations.
    public var syncEvery: Int
    /// Whether synchronizations sum the updates of several copies of the model (false when the processes share
    /// one copy, and only their progress is exchanged): a divergence then names `--sync-every`.
    public var sumsCopies = true
    /// The totals over all processes when training starts (non-zero when resuming).
    public var initial: ParallelTotals
    /// Called after every round, with all threads paused, with the model, whether this process's checkpoint
    /// clock says one is due, and the error that stops this process's training (divergence), if any. Must
    /// throw when any process has an error (so that all stop together), else combine the weights of all
    /// processes and return the totals over all processes; `checkpoint` must be the same on every process (the
    /// trainer then calls its checkpoint closure, finished or not) and should be false once any process has finished.
    public var synchronize: (SkipGramModel, Bool, Error?) throws -> ParallelTotals

    public init(processes: Int, rank: Int, globalWords: Int, syncEvery: Int, initial: ParallelTotals,
                synchronize: @escaping (SkipGramModel, Bool, Error?) throws -> ParallelTotals) {
        precondition(processes >= 1 && rank >= 0 && rank < processes && syncEvery >= 1)
        self.processes = processes; self.rank = rank; self.globalWords = globalWords
        self.syncEvery = syncEvery; self.initial = initial; self.synchronize = synchronize
    }
}
