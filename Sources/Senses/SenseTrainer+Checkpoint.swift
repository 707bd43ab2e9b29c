import Dispatch
import Synchronization
import SenseVecCore
import SkipGram

/// Where a multi-sense training run stands, besides the weights: each worker's position, completed epochs and
/// random stream, and the shared counters. Saved in checkpoints (``SenseTrainingRun/save(to:)``).
public struct SenseTrainingProgress: Sendable, Equatable {
    /// Worker threads of the run (the corpus is cut into this many equal parts; worker t always trains on part t).
    public var threads: Int
    /// The next token index of each worker in its part.
    public var positions: [Int]
    /// Epochs each worker has completed.
    public var epochs: [Int]
    /// Each worker's ``SenseRandom`` state.
    public var randomStates: [[UInt64]]
    /// Tokens read by all workers so far (drives the learning rate and the warm-up).
    public var wordsProcessed = 0
    /// Sense vectors scored and occurrences trained so far (for the final report).
    public var senseEvaluations = 0
    public var occurrences = 0
    /// In-vocabulary tokens of the training corpus and its encoded length, to check that a resume reads the
    /// same text.
    public var corpusWords = 0
    public var corpusLength = 0
    /// Seconds of training so far (summed over resumed runs).
    public var seconds = 0.0
    /// True once every worker has completed every epoch and the run has ended.
    public var finished = false
}

/// A multi-sense training run that can stop between rounds, be saved as a checkpoint and be resumed.
///
/// Training proceeds in *rounds*: in each, every worker trains on up to `roundTokens` tokens of its part of the
/// corpus (stopping at a sentence start, so sentences are cut exactly as in one uninterrupted pass), then all
/// workers wait; between rounds the calling thread may write a checkpoint. A worker's random stream and position
/// are carried from round to round, so with one thread a run gives the same bits however it is cut into rounds,
/// also across a checkpoint and a resume in another process (the learning rate depends only on the tokens read).
/// With several threads the Hogwild races make every run different anyway.
public final class SenseTrainingRun: @unchecked Sendable {
    /// Settings (a resumed run keeps the settings it was started with).
    public let configuration: SenseTrainingConfiguration
    public let vocabulary: Vocabulary
    public private(set) var progress: SenseTrainingProgress
    let tree: HuffmanTree
    let params: SenseParameters

    /// A fresh run: sense 0 of every word initialized from the seed (as word2vec), output vectors zero.
    public init(configuration cfg: SenseTrainingConfiguration, vocabulary: Vocabulary, corpus: EncodedCorpus) throws {
        try cfg.validate()
        guard vocabulary.count >= 1 else { throw SenseVecError("the vocabulary is empty: nothing to train") }
        guard corpus.wordCount >= 1 else { throw SenseVecError("the corpus has no in-vocabulary words: nothing to train") }
        configuration = cfg
        self.vocabulary = vocabulary
        tree = HuffmanTree(counts: vocabulary.counts)
        var initRng = SenseRandom(seed: cfg.seed, stream: 0xFFFF)
        params = try SenseParameters(vocabulary: vocabulary, tree: tree, dimension: cfg.dimension,
                                     maxSenses: cfg.maxSenses, occurrencesPerSense: cfg.occurrencesPerSense,
                                     rng: &initRng)
        let threads = min(cfg.threads, max(1, corpus.tokens.count / 1000))
        progress = SenseTrainingProgress(
            threads: threads,
            positions: (0..<threads).map { corpus.tokens.count * $0 / threads },
            epochs: [Int](repeating: 0, count: threads),
            randomStates: (0..<threads).map { SenseRandom(seed: cfg.seed, stream: UInt64($0)).state })
        progress.corpusWords = corpus.wordCount
        progress.corpusLength = corpus.tokens.count
    }

    /// A run read back from a checkpoint (``load(path:)``).
    init(configuration: SenseTrainingConfiguration, vocabulary: Vocabulary, tree: HuffmanTree,
         parameters: SenseParameters, progress: SenseTrainingProgress) {
        self.configuration = configuration
        self.vocabulary = vocabulary
        self.tree = tree
        params = parameters
        self.progress = progress
    }

    /// Trains until every epoch is done and returns the model; returns nil when `shouldStop` (asked before each
    /// round) says to stop first, leaving the run resumable.
    ///
    /// - Parameters:
    ///   - corpus: the corpus the run was started on (checked by its length and word count).
    ///   - checkpointInterval: seconds between calls of `checkpoint` (nil: never; 0: after every round).
    ///   - roundTokens: tokens per worker per round.
    ///   - checkpoint: called between rounds, all workers paused, with this run in a consistent state (typically
    ///     `{ try $0.save(to: path) }`). Not called once the run has finished.
    public func train(corpus: EncodedCorpus, progress report: ProgressHandler? = nil,
                      checkpointInterval: Double? = nil, roundTokens: Int = 1 << 20,
                      shouldStop: (() -> Bool)? = nil,
                      checkpoint: ((SenseTrainingRun) throws -> Void)? = nil) throws -> SenseVectors? {
        guard corpus.tokens.count == progress.corpusLength && corpus.wordCount == progress.corpusWords else {
            throw SenseVecError("cannot resume: the corpus differs from the one the checkpoint was trained on (\(corpus.wordCount) words now, \(progress.corpusWords) then)")
        }
        guard roundTokens >= 1 else { throw SenseVecError("round tokens must be at least 1") }
        let cfg = configuration, params = self.params, threads = progress.threads
        let totalWords = corpus.wordCount * cfg.epochs
        let subsampler = Subsampler(counts: vocabulary.counts, sample: cfg.sample, totalTokens: corpus.wordCount)
        let processed = Atomic<Int>(progress.wordsProcessed)
        let failed = Atomic<Bool>(false)
        let secondsBefore = progress.seconds
        // Rates in progress events count from the start of the whole run.
        let clockStart = ContinuousClock.now
        let start = clockStart - .milliseconds(Int64(secondsBefore * 1000))
        var lastCheckpoint = clockStart
        struct WorkerState: Sendable { var position = 0, epochs = 0, random: [UInt64] = [], evaluations = 0, occurrences = 0 }
        while !progress.finished && progress.epochs.contains(where: { $0 < cfg.epochs }) {
            if let shouldStop, shouldStop() { return nil }
            let before = progress
            let results = Mutex<[WorkerState]>([WorkerState](repeating: WorkerState(), count: threads))
            corpus.tokens.withUnsafeBufferPointer { tokens in
                let shared = TokenView(base: tokens.baseAddress!, count: tokens.count)
                let work: @Sendable (Int) -> Void = { t in
                    let lo = shared.count * t / threads, hi = shared.count * (t + 1) / threads
                    var state = WorkerState(position: before.positions[t], epochs: before.epochs[t], random: before.randomStates[t])
                    if state.epochs < cfg.epochs && !failed.load(ordering: .relaxed) {
                        var worker = SenseWorker(params: params, configuration: cfg, thread: t, totalWords: totalWords)
                        worker.rng = SenseRandom(state: state.random)
                        state.position = worker.runEpoch(tokens: shared.base, range: state.position..<hi, limit: roundTokens,
                                                         processed: processed, failed: failed, subsampler: subsampler,
                                                         progress: t == 0 ? report : nil, start: start)
                        worker.flushProgress(processed: processed)
                        if state.position >= hi { state.epochs += 1; state.position = lo }
                        state.random = worker.rng.state
                        state.evaluations = worker.senseEvaluations
                        state.occurrences = worker.occurrences
                        worker.release()
                    }
                    results.withLock { $0[t] = state }
                }
                if threads == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: work) }
            }
            let states = results.withLock { $0 }
            for t in 0..<threads {
                progress.positions[t] = states[t].position
                progress.epochs[t] = states[t].epochs
                progress.randomStates[t] = states[t].random
                progress.senseEvaluations += states[t].evaluations
                progress.occurrences += states[t].occurrences
            }
            progress.wordsProcessed = processed.load(ordering: .relaxed)
            progress.seconds = secondsBefore + SenseTrainer.seconds(since: clockStart)
            if let error = SenseTrainer.divergence(params, vocabulary: vocabulary, configuration: cfg,
                                                   fraction: Double(progress.wordsProcessed) / Double(max(1, totalWords)),
                                                   nonFiniteLikelihood: failed.load(ordering: .relaxed)) {
                throw error
            }
            let done = !progress.epochs.contains { $0 < cfg.epochs }
            if let checkpoint, let checkpointInterval, !done,
               SenseTrainer.seconds(since: lastCheckpoint) >= checkpointInterval {
                try checkpoint(self)
                lastCheckpoint = ContinuousClock.now
            }
        }
        // Every row, once: a rarely updated row may have overflowed where the rounds' checks do not look.
        if let error = SenseTrainer.divergence(params, vocabulary: vocabulary, configuration: cfg, fraction: 1,
                                               nonFiniteLikelihood: false, allRows: true) {
            throw error
        }
        progress.finished = true
        let model = SenseTrainer.finish(params, vocabulary: vocabulary, tree: tree, configuration: cfg, trainedWords: totalWords)
        if let report {
            let seconds = progress.seconds
            report(ProgressEvent(stage: "training senses", fraction: 1,
                                 metrics: [("words/s", Double(totalWords) / max(seconds, 1e-9)),
                                           ("senses/word", model.averageActiveSenses),
                                           ("senses evaluated/occurrence", Double(progress.senseEvaluations)
                                              / Double(max(1, progress.occurrences))),
                                           ("multi-sense words", Double(model.multiSenseWordCount))],
                                 message: "trained \(totalWords) words in \((seconds * 10).rounded() / 10) s; \(model.multiSenseWordCount) words with several senses",
                                 finished: true))
        }
        return model
    }
}
