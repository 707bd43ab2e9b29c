import ArgumentParser
import Foundation
import SenseVecCore
import Senses
import SkipGram
import Synchronization

/// Options of multi-sense training (`sensevec train --senses T …`). Owned by the multi-sense work.
struct SenseTrainingOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Train up to T senses per word: topical senses by default, Adaptive Skip-gram with --sense-context window. Without it, one vector per word.")
    var senses: Int?

    @Option(name: .long, help: "Prior over senses: dp (Dirichlet-process stick-breaking; --alpha is its concentration, default \(SenseTrainingConfiguration.defaultAlpha), measured on a 3.7M-token corpus; new senses are decided by split tests (--split-margin), so α mainly weighs the senses in the E-step) or fixed (learned categorical prior).")
    var prior: SensePrior.Kind = .dirichletProcess

    @Option(name: .long, parsing: .unconditional, help: "Senses whose prior p(z|x) is below this are ignored by queries.")
    var threshold: Double = 0.01

    @Option(name: .long, parsing: .unconditional, help: "Learning rate in multi-sense mode (decays linearly to 1e-4 of it).")
    var lr: Double = 0.025

    @Option(name: .long, parsing: .unconditional, help: "Adaptive Skip-gram (--sense-context window): fraction of training done with one sense per word before new senses may appear.")
    var warmup: Double = 0.2

    @Option(name: .customLong("occurrences-per-sense"), parsing: .unconditional, help: "A word gets room for one more sense per this many occurrences (rare words cannot carry many senses).")
    var occurrencesPerSense: Int = 100

    @Option(name: .customLong("split-margin"), parsing: .unconditional, help: "Evidence gain (nats per occurrence, prequential, against the one-sense alternative) a split test must show for a new sense to be kept. Default \(SenseTrainingConfiguration().splitMargin), chosen on 20 pseudo-word pairs of a 3.7M-token corpus.")
    var splitMargin: Double = SenseTrainingConfiguration().splitMargin

    @Option(name: .customLong("sense-context"), help: "What senses are estimated from: topic (default: a von Mises-Fisher mixture per word over context vectors of ±--context-window words, the weighted skip-gram vectors of the words plus the adjacent words as a block of their own, on top of skip-gram vectors; the number of senses by held-out split tests, senses of one meaning merged) or window (Adaptive Skip-gram: each sense predicts the ±--window words).")
    var senseContext: SenseContextKind = .topic

    @Option(name: .customLong("context-window"), parsing: .unconditional, help: "Topical senses: context words used on each side of an occurrence.")
    var contextWindow: Int = SenseTrainingConfiguration().contextWindow

    @Option(name: .customLong("sense-penalty"), parsing: .unconditional, help: "Topical senses: weight of the BIC penalty that chooses each word's number of senses (higher: fewer senses).")
    var sensePenalty: Double = SenseTrainingConfiguration().sensePenalty

    @Option(name: .customLong("sense-count"), help: "Topical senses: how each word's number of senses is chosen: split (held-out split tests: a sense is split while the held-out log-odds of the proposed split are bimodal; default) or bic (penalized likelihood, --sense-penalty).")
    var senseCount: SenseMixture.Selection = SenseTrainingConfiguration().senseSelection

    @Option(name: .customLong("split-threshold"), parsing: .unconditional, help: "Topical senses with --sense-count split: held-out log-likelihood gain of two modes over one, in nats per held-out occurrence, a split must exceed (and be significant; higher: fewer senses).")
    var splitThreshold: Double = SenseTrainingConfiguration().splitThreshold

    @Option(name: .customLong("merge-threshold"), parsing: .unconditional, help: "Topical senses: two senses are merged into one while keeping them apart gains less than this many nats per held-out occurrence in a model of their context words (senses drawing their words from one pool are one meaning; negative: never merge).")
    var mergeThreshold: Double = SenseTrainingConfiguration().mergeThreshold

    @Option(name: .customLong("merge-neighbours"), parsing: .unconditional, help: "Topical senses: after the sense vectors are trained, two senses of a word are joined into one when at least this many words are among the 10 nearest to each of their sense vectors (the same substitutes: one meaning in different company; 0, the default: never; 3 joins registers on large corpora but can join meanings of a small model).")
    var mergeNeighbours: Int = SenseTrainingConfiguration().neighbourMerge

    @Option(name: .customLong("sense-init"), help: "Topical senses: where EM starts when each word's senses are fitted again on all its sampled occurrences: ward (the default: Ward's clusters of 300 of them) or kmeans++ (random seeds; the split tests' fit kept unless they do better).")
    var senseInit: SenseMixture.Initialization = SenseTrainingConfiguration().senseInitialization

    @Option(name: .customLong("fit-sample"), parsing: .unconditional, help: "Topical senses: occurrences per word sampled to fit its mixture.")
    var fitSample: Int = SenseTrainingConfiguration().fitSample

    @Option(name: .customLong("remove-directions"), parsing: .unconditional, help: "Topical senses: corpus-wide directions of variation of the context vectors (shared by all words, such as register) removed before fitting.")
    var removeDirections: Int = SenseTrainingConfiguration().removedDirections

    @Option(name: .customLong("context-weights"), help: "Topical senses: how context words are weighted: sif (smooth inverse frequency 1e-3 / (1e-3 + p); default), idf (log N/n), or pmi (positive PMI with the target, from the skip-gram vectors).")
    var contextWeights: ContextWeighting = .sif

    @Option(name: .customLong("context-decay"), parsing: .unconditional, help: "Topical senses: the context word r places from the target weighs r^-DECAY (0: all alike).")
    var contextDecay: Double = SenseTrainingConfiguration().distanceDecay

    @Option(name: .customLong("adjacent-weight"), parsing: .unconditional, help: "Topical senses: weight of the words right before and after the target as a block of their own in the context vector (0: the bag of words alone).")
    var adjacentWeight: Double = SenseTrainingConfiguration().adjacentWeight

    @Option(name: .customLong("word-vectors"), help: "Topical senses: build them on this skip-gram model (native file from 'sensevec train --model', negative sampling) instead of training word vectors first; its vocabulary is used.")
    var wordVectors: String?

    func validate() throws {
        guard contextWindow >= 1 && contextWindow <= 10_000 else { throw ValidationError("--context-window must be in 1...10000 (got \(contextWindow))") }
        guard sensePenalty >= 0 && sensePenalty.isFinite else { throw ValidationError("--sense-penalty must be a non-negative number") }
        guard splitThreshold >= 0 && splitThreshold.isFinite else { throw ValidationError("--split-threshold must be a non-negative number (got \(splitThreshold))") }
        guard mergeThreshold.isFinite else { throw ValidationError("--merge-threshold must be a finite number (got \(mergeThreshold))") }
        let candidates = SenseTrainingConfiguration().neighbourMergeCandidates
        guard mergeNeighbours >= 0 && mergeNeighbours <= candidates else {
            throw ValidationError("--merge-neighbours must be in 0...\(candidates) (got \(mergeNeighbours))")
        }
        guard removeDirections >= 0 else { throw ValidationError("--remove-directions must be 0 or more (got \(removeDirections))") }
        guard splitMargin.isFinite else { throw ValidationError("--split-margin must be a finite number (got \(splitMargin))") }
        guard fitSample >= 10 else { throw ValidationError("--fit-sample must be at least 10") }
        if let senses, senses < 1 || senses > 1000 { throw ValidationError("--senses must be in 1...1000 (got \(senses))") }
        guard threshold >= 0 && threshold < 1 else { throw ValidationError("--threshold must be in [0, 1) (got \(threshold))") }
        guard lr > 0 && lr < 10 else { throw ValidationError("--lr must be in (0, 10) (got \(lr))") }
        guard warmup >= 0 && warmup < 1 else { throw ValidationError("--warmup must be in [0, 1) (got \(warmup))") }
        guard occurrencesPerSense >= 1 else { throw ValidationError("--occurrences-per-sense must be at least 1") }
    }

    /// The trainer's configuration from these options and the shared train options.
    func configuration(dim: Int, window: Int, epochs: Int, threads: Int?, alpha: Double?, seed: UInt64,
                       sample: Double) throws -> SenseTrainingConfiguration {
        var c = SenseTrainingConfiguration()
        // Options of one model given to the other would be ignored: refused instead (a value other than the default).
        let d = SenseTrainingConfiguration()
        if senseContext == .topic {
            if splitMargin != d.splitMargin { throw ValidationError("--split-margin applies to --sense-context window (Adaptive Skip-gram)") }
            if warmup != d.warmup { throw ValidationError("--warmup applies to --sense-context window (Adaptive Skip-gram)") }
        } else {
            let topical: [(String, Bool)] = [
                ("--context-window", contextWindow != d.contextWindow), ("--sense-penalty", sensePenalty != d.sensePenalty),
                ("--sense-count", senseCount != d.senseSelection), ("--split-threshold", splitThreshold != d.splitThreshold),
                ("--merge-threshold", mergeThreshold != d.mergeThreshold), ("--merge-neighbours", mergeNeighbours != d.neighbourMerge), ("--fit-sample", fitSample != d.fitSample),
                ("--sense-init", senseInit != d.senseInitialization),
                ("--remove-directions", removeDirections != d.removedDirections), ("--context-weights", contextWeights != .sif),
                ("--context-decay", contextDecay != d.distanceDecay), ("--adjacent-weight", adjacentWeight != d.adjacentWeight),
            ]
            if let (name, _) = topical.first(where: { $0.1 }) {
                throw ValidationError("\(name) applies to topical senses (--sense-context topic, the default), not to --sense-context window")
            }
        }
        c.maxSenses = senses ?? 1
        c.priorKind = prior
        c.alpha = alpha ?? SenseTrainingConfiguration.defaultAlpha
        c.threshold = threshold
        c.learningRate = lr
        c.warmup = warmup
        c.occurrencesPerSense = occurrencesPerSense
        c.splitMargin = splitMargin
        c.contextKind = senseContext
        c.contextWindow = contextWindow
        c.sensePenalty = sensePenalty
        c.senseSelection = senseCount
        c.splitThreshold = splitThreshold
        c.mergeThreshold = mergeThreshold
        c.neighbourMerge = mergeNeighbours
        c.senseInitialization = senseInit
        c.fitSample = fitSample
        c.removedDirections = removeDirections
        c.associationWeighting = contextWeights == .pmi
        c.frequencyScale = contextWeights == .sif ? SenseTrainingConfiguration().frequencyScale : 0
        c.distanceDecay = contextDecay
        c.adjacentWeight = adjacentWeight
        c.dimension = dim
        c.window = window
        c.epochs = epochs
        c.threads = threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        c.seed = seed
        c.sample = sample
        do { try c.validate() } catch let e as SenseVecError { throw ValidationError(e.description) }
        return c
    }

    /// Reads the corpus, trains, writes the native model (kind "senses") and/or the `word#k` vectors.
    ///
    /// With `checkpointEvery` (minutes) the run is saved atomically to `checkpointPath` between training rounds;
    /// with `resume` it continues from that checkpoint with the checkpoint's settings (`c` is then ignored).
    /// The checkpoint is removed once the model is written.
    func train(corpus: [String], model: String?, output: String?, minCount: Int, maxVocab: Int?,
               lowercase: Bool, stripPunctuation: Bool, maxTokenLength: Int = 100, configuration: SenseTrainingConfiguration,
               quiet: Bool, json: Bool = false, checkpointPath: String? = nil, checkpointEvery: Double? = nil,
               resume: Bool = false) throws {
        guard !corpus.isEmpty else { throw SenseVecError("no corpus given") }
        guard model != nil || output != nil else { throw SenseVecError("multi-sense training needs --model MODEL (and/or --output VECTORS)") }
        let bar = ProgressBar(quiet: quiet)
        let text = Corpus(paths: corpus, options: TokenizerOptions(lowercase: lowercase, stripPunctuation: stripPunctuation,
                                                                   maxTokenLength: maxTokenLength))
        // The trainer's final event carries the summary that --json prints.
        let final = Mutex<ProgressEvent?>(nil)
        let handler: ProgressHandler = { event in
            if event.finished && event.stage == "training senses" { final.withLock { $0 = event } }
            bar.handler(event)
        }
        let c: SenseTrainingConfiguration, vectors: SenseVectors, wordsRead: Int
        let resumingTopical = resume && checkpointPath.map { TopicalCheckpoint.isCheckpoint(path: $0) } == true
        if (configuration.contextKind == .topic && !resume) || resumingTopical {
            let interval = checkpointPath == nil ? nil : checkpointEvery.map { $0 * 60 }
            let save: ((TopicalCheckpoint) throws -> Void)? = checkpointPath.map { path in { try $0.save(to: path) } }
            let encoded: EncodedCorpus, vocabulary: Vocabulary, resuming: SkipGramModel?, pretrained: SkipGramModel?
            if resumingTopical, let checkpointPath {
                if wordVectors != nil { throw SenseVecError("--word-vectors cannot be given with --resume: the checkpoint holds the word vectors") }
                let checkpoint = try TopicalCheckpoint.load(path: checkpointPath)
                let p = checkpoint.wordVectors.progress
                let done = Double(p.wordsProcessed) / Double(max(1, p.corpusWords * checkpoint.configuration.epochs))
                if !quiet { bar.note("resuming from '\(checkpointPath)' (word vectors \(Int((done * 100).rounded()))% done) with its saved settings") }
                c = checkpoint.configuration
                vocabulary = checkpoint.wordVectors.vocabulary
                resuming = checkpoint.wordVectors
                pretrained = nil
                encoded = try EncodedCorpus(text, vocabulary: vocabulary)
                wordsRead = encoded.wordCount
            } else {
                pretrained = try wordVectors.map { try SkipGramModel.load(path: $0) }
                if pretrained != nil && checkpointEvery != nil {
                    throw SenseVecError("--checkpoint-every has nothing to save with --word-vectors (no word vectors are trained)")
                }
                let (counted, stats) = try countedVocabulary(text, corpus: corpus, minCount: minCount, maxVocab: maxVocab,
                                                             replacedBy: pretrained?.vocabulary, configuration: configuration,
                                                             progress: bar.handler)
                vocabulary = counted
                resuming = nil
                encoded = try EncodedCorpus(text, vocabulary: vocabulary)
                c = configuration
                wordsRead = stats.tokens
            }
            vectors = try TopicalSenseTrainer(configuration: c).train(vocabulary: vocabulary, corpus: encoded, progress: handler,
                                                                     wordVectors: pretrained, resuming: resuming,
                                                                     checkpointInterval: interval, checkpoint: save)
        } else {
            if wordVectors != nil { throw SenseVecError("--word-vectors needs --sense-context topic") }
            let run: SenseTrainingRun, encoded: EncodedCorpus
            if resume, let checkpointPath {
                guard FileManager.default.fileExists(atPath: checkpointPath) else {
                    throw SenseVecError("nothing to resume: no checkpoint at '\(checkpointPath)'")
                }
                run = try SenseTrainingRun.load(path: checkpointPath)
                let done = Double(run.progress.wordsProcessed) / Double(max(1, run.progress.corpusWords * run.configuration.epochs))
                if !quiet { bar.note("resuming from '\(checkpointPath)' (\(Int((done * 100).rounded()))% done) with its saved settings") }
                encoded = try EncodedCorpus(text, vocabulary: run.vocabulary)
                wordsRead = encoded.wordCount
            } else {
                let (vocabulary, stats) = try countedVocabulary(text, corpus: corpus, minCount: minCount, maxVocab: maxVocab,
                                                                replacedBy: nil, configuration: configuration,
                                                                progress: bar.handler)
                encoded = try EncodedCorpus(text, vocabulary: vocabulary)
                run = try SenseTrainingRun(configuration: configuration, vocabulary: vocabulary, corpus: encoded)
                wordsRead = stats.tokens
            }
            c = run.configuration
            let interval = checkpointPath == nil ? nil : checkpointEvery.map { $0 * 60 }
            guard let trained = try run.train(corpus: encoded, progress: handler, checkpointInterval: interval,
                                              checkpoint: { try $0.save(to: checkpointPath!) }) else {
                throw SenseVecError("multi-sense training stopped before its end")
            }
            vectors = trained
        }
        if let model { try vectors.save(to: model) }
        if let output { try SenseVectorsText.write(vectors, to: output) }
        if let checkpointPath, FileManager.default.fileExists(atPath: checkpointPath) {
            try? FileManager.default.removeItem(atPath: checkpointPath)
        }
        if json {
            var fields: [(String, String)] = [
                ("words", "\(vectors.count)"), ("dimension", "\(c.dimension)"), ("maxSenses", "\(c.maxSenses)"),
                ("prior", "\"\(c.priorKind.rawValue)\""), ("alpha", "\(c.alpha)"), ("epochs", "\(c.epochs)"),
                ("threads", "\(c.threads)"), ("wordsRead", "\(wordsRead)"),
            ]
            let names = ["words/s": "wordsPerSecond", "senses/word": "sensesPerWord",
                         "senses evaluated/occurrence": "sensesEvaluatedPerOccurrence", "multi-sense words": "multiSenseWords"]
            for (name, value) in final.withLock({ $0 })?.metrics ?? [] {
                if let key = names[name], value.isFinite { fields.append((key, "\(value)")) }
            }
            print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        }
    }
}

extension SenseTrainingOptions {
    /// The corpus's vocabulary (or `replacedBy`, the given word vectors' vocabulary) with the checks both sense
    /// trainers need before any work: a corpus with words, a word above `minCount`, and the memory the training
    /// will take (``SenseTrainer/estimatedMemory(configuration:words:tokens:)``) within the machine's.
    func countedVocabulary(_ text: Corpus, corpus: [String], minCount: Int, maxVocab: Int?, replacedBy given: Vocabulary?,
                           configuration: SenseTrainingConfiguration,
                           progress: ProgressHandler?) throws -> (Vocabulary, TokenizerStatistics) {
        var (vocabulary, stats) = try Vocabulary.count(text, minCount: minCount, maxSize: maxVocab, progress: progress)
        if let given { vocabulary = given }
        if stats.tokens == 0 { throw SenseVecError("the corpus is empty: no words in \(corpus.joined(separator: ", "))") }
        if vocabulary.count == 0 { throw SenseVecError("no word occurs at least \(minCount) times in \(stats.tokens) tokens; lower --min-count") }
        let need = SenseTrainer.estimatedMemory(configuration: configuration, words: vocabulary.count, tokens: stats.tokens + stats.sentences)
        let have = Int(ProcessInfo.processInfo.physicalMemory)
        if need > have {
            let lower = configuration.contextKind == .topic ? "--dim, --senses, --fit-sample or --max-vocab" : "--dim, --senses or --max-vocab"
            throw SenseVecError("multi-sense training needs about \(need >> 20) MiB but the machine has \(have >> 20) MiB; lower \(lower)")
        }
        return (vocabulary, stats)
    }
}

/// Writes the active senses as word2vec text rows `word#k` (k in the order `sensevec senses` lists them).
enum SenseVectorsText {
    /// Writes word2vec binary when `path` ends in `.bin` (or `format` says so), word2vec text otherwise.
    static func write(_ model: SenseVectors, to path: String) throws {
        try model.flattenedVectors().save(path: path)
    }
}

extension TrainCommand {
    /// Runs multi-sense training; called by `run()` when `--senses` is given. In this mode `--alpha` is the DP
    /// concentration (or the fixed prior's count smoothing) and `--lr` the learning rate.
    func runSenseTraining() async throws {
        if corpus.isEmpty { throw ValidationError("give at least one corpus file (or - for standard input)") }
        if output == nil && model == nil { throw ValidationError("multi-sense training needs --model MODEL (and/or --output VECTORS for word#k rows)") }
        let c = try senseOptions.configuration(dim: dim, window: window, epochs: epochs, threads: threadsOption.threads,
                                               alpha: alpha, seed: seedOption.seed, sample: sample)
        if let m = checkpointEvery, !(m > 0 && m.isFinite) { throw ValidationError("--checkpoint-every must be a positive number of minutes") }
        try senseOptions.train(corpus: corpus, model: model, output: output, minCount: minCount, maxVocab: maxVocab,
                               lowercase: lowercase, stripPunctuation: stripPunctuation, maxTokenLength: maxTokenLength,
                               configuration: c, quiet: quietOption.quiet,
                               json: jsonOption.json, checkpointPath: checkpointPath, checkpointEvery: checkpointEvery, resume: resume)
    }
}
extension SenseMixture.Selection: ExpressibleByArgument {}
