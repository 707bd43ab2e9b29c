import ArgumentParser
import Foundation
import SenseVecCore
import SkipGram
import Distributed

/// `sensevec train`: skip-gram / CBOW word vectors (and, with `--senses`, multi-sense vectors).
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train skip-gram or CBOW word vectors (or multi-sense vectors with --senses).",
        discussion: """
        Reads plain text (files, folders, .gz, or - for stdin), builds the vocabulary, and trains with lock-free \
        multi-threaded SGD. Vectors are written in word2vec binary format when OUTPUT ends in .bin, else in \
        word2vec text format. --model saves the native model (vocabulary, both weight matrices, settings and \
        progress). With --checkpoint-every M a checkpoint is written atomically to MODEL.checkpoint (or \
        OUTPUT.checkpoint) every M minutes; --resume continues from it.
        --continue-from OLD.sgm trains a finished model further on NEW text: the model's dimension, output \
        layer and architecture are kept, the other training settings come from this command line, and the \
        learning rate starts again at --alpha. --vocab-update fixed (default) keeps the model's words and \
        counts (new words are skipped); --vocab-update grow adds the new text's counts and the new words \
        reaching --min-count in it (negative sampling and --softmax only), like gensim's \
        build_vocab(update=True).
        Example: sensevec train corpus.txt.gz --output vectors.bin --threads 2 --sample 1e-4
        Example: sensevec train more.txt --continue-from old.sgm --vocab-update grow --model new.sgm --output new.bin
        """)

    @Argument(help: "Text files or folders to train on (plain or .gz; - reads standard input).")
    var corpus: [String] = []

    @Option(name: .long, help: "Where to write the vectors (.bin: word2vec binary; .txt/.vec or other: word2vec text).")
    var output: String?

    @Option(name: .long, help: "Where to write the native model (needed to continue training later).")
    var model: String?

    @Option(name: .customLong("continue-from"), help: "Continue training this finished native model on the given (new) text.")
    var continueFrom: String?

    @Option(name: .customLong("vocab-update"), help: "With --continue-from: 'fixed' keeps the model's vocabulary, 'grow' adds the new text's words (not with --hs).")
    var vocabUpdate: VocabularyUpdate = .fixed

    @Option(name: .long, parsing: .unconditional, help: "Vector dimension.")
    var dim: Int = 100

    @Option(name: .long, parsing: .unconditional, help: "Maximum distance between a word and its context words (shrunk at random per word).")
    var window: Int = 5

    @Option(name: .long, parsing: .unconditional, help: "Negative samples per example (negative sampling).")
    var negative: Int?

    @Flag(name: .long, help: "Use hierarchical softmax (Huffman tree) instead of negative sampling.")
    var hs = false

    @Flag(name: .long, help: "Use the exact full softmax (slow: only for small vocabularies).")
    var softmax = false

    @Option(name: .long, parsing: .unconditional, help: "Subsampling threshold for frequent words (word2vec's -sample; 0 disables).")
    var sample: Double = 1e-3

    @Option(name: .customLong("min-count"), parsing: .unconditional, help: "Ignore words seen fewer times than this.")
    var minCount: Int = 5

    @Option(name: .customLong("max-vocab"), parsing: .unconditional, help: "Keep at most this many of the most frequent words.")
    var maxVocab: Int?

    @Option(name: .long, parsing: .unconditional, help: "Passes over the corpus.")
    var epochs: Int = 5

    @OptionGroup var threadsOption: ThreadsOption<AllProcessors>

    @Option(name: .long, parsing: .unconditional, help: "Starting learning rate (default 0.025 for skip-gram, 0.05 for CBOW). With --senses: the prior's concentration.")
    var alpha: Double?

    @Option(name: .customLong("min-alpha"), parsing: .unconditional, help: "Learning-rate floor (default alpha × 1e-4, as word2vec).")
    var minAlpha: Double?

    @Flag(name: .long, help: "Train CBOW (the context mean predicts the word) instead of skip-gram.")
    var cbow = false

    @Option(name: .long, help: "How a skip-gram window is updated: batched (shared negatives, pWord2Vec; the default for word vectors) or classic (word2vec's and fastText's per-pair loop; the default with --subwords). (values: classic, batched)")
    var update: UpdateScheme?

    @OptionGroup var seedOption: SeedOption<TrainCommand>

    @OptionGroup var quietOption: QuietOption

    @OptionGroup var jsonOption: JSONOption

    @Flag(name: .long, help: "Resume from the checkpoint (MODEL.checkpoint or OUTPUT.checkpoint) with its saved settings.")
    var resume = false

    @Option(name: .customLong("checkpoint-every"), parsing: .unconditional, help: "Write a checkpoint every this many minutes (fractions allowed).")
    var checkpointEvery: Double?

    @Flag(name: .long, help: "Lowercase the text before counting.")
    var lowercase = false

    @Flag(name: .customLong("strip-punctuation"), help: "Remove ASCII punctuation from tokens.")
    var stripPunctuation = false

    @Option(name: .customLong("max-token-length"), parsing: .unconditional, help: "Cut longer tokens to this many bytes, on a UTF-8 character boundary (word2vec's limit is 100).")
    var maxTokenLength: Int = 100

    @OptionGroup var senseOptions: SenseTrainingOptions

    @OptionGroup var scale: ScaleOptions   // TrainCommand+Distributed.swift
    @OptionGroup(title: "Subword (fastText) options") var subwordOptions: SubwordTrainingOptions   // TrainCommand+Subwords.swift

    /// How the corpus is cut into tokens.
    var tokenizerOptions: TokenizerOptions {
        TokenizerOptions(lowercase: lowercase, stripPunctuation: stripPunctuation, maxTokenLength: maxTokenLength)
    }

    func validate() throws {
        guard maxTokenLength >= 1 && maxTokenLength <= 100_000 else {
            throw ValidationError("--max-token-length must be in 1...100000 bytes (got \(maxTokenLength))")
        }
        if senseOptions.senses != nil {
            // Flags of skip-gram training that the multi-sense trainers do not use are refused, not ignored.
            let ignored: [(Bool, String)] = [
                (hs, "--hs"), (softmax, "--softmax"), (cbow, "--cbow"), (negative != nil, "--negative"),
                (continueFrom != nil, "--continue-from"), (update != nil, "--update"), (vocabUpdate != .fixed, "--vocab-update"),
                (minAlpha != nil, "--min-alpha"),
            ]
            if let (_, flag) = ignored.first(where: { $0.0 }) {
                throw ValidationError("\(flag) does not apply to multi-sense training (--senses): its model has its own hierarchical softmax and learning rate (--lr)")
            }
            return
        }
        if corpus.isEmpty { throw ValidationError("give at least one corpus file (or - for standard input)") }
        if output == nil && model == nil { throw ValidationError("give --output VECTORS and/or --model MODEL") }
        if hs && softmax { throw ValidationError("choose one of --hs and --softmax") }
        if let m = checkpointEvery, !(m > 0 && m.isFinite) { throw ValidationError("--checkpoint-every must be a positive number of minutes") }
        if continueFrom != nil && resume { throw ValidationError("--resume and --continue-from exclude each other (a continued run is resumed with --resume alone)") }
        do { try configuration().validate() } catch { throw ValidationError("\(error)") }
    }

    /// The training settings these options describe.
    func configuration() -> SkipGramConfiguration {
        var c = SkipGramConfiguration()
        c.dimension = dim; c.window = window; c.negative = negative ?? 5
        c.outputLayer = hs ? .hierarchicalSoftmax : softmax ? .softmax : .negativeSampling
        c.architecture = cbow ? .cbow : .skipGram
        c.update = update ?? (subwordOptions.subwords ? .classic : .batched)
        c.sample = sample; c.minCount = minCount; c.maxVocabulary = maxVocab; c.epochs = epochs
        c.threads = threadsOption.threads ?? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 64))
        c.alpha = alpha; c.minAlpha = minAlpha; c.seed = seedOption.seed
        return c
    }

    var checkpointPath: String { (model ?? output!) + ".checkpoint" }

    /// Checks the files this run writes before any work (see ``OutputPaths``).
    func checkOutputs() throws {
        let inputs: [String?] = corpus + ((try? TextSource(paths: corpus).expandedFiles()) ?? []) + [continueFrom, senseOptions.wordVectors]
        let metadata = output.flatMap { WordVectorsFormat(path: $0) == .tsv ? WordVectors.metadataPath(forTSV: $0) : nil }
        try OutputPaths.check([("--output", output), ("the metadata of --output", metadata), ("--model", model)], inputs: inputs)
    }

    func run() async throws {
        if Communicator.launchedByMPI {   // TrainCommand+Distributed.swift
            if subwordOptions.subwords { throw SenseVecError("subword training does not run under mpirun yet; train it in one process") }
            try runDistributed(); return
        }
        try checkOutputs()
        // Every mode reads its text at least twice (vocabulary, then encoding): standard input is copied to a
        // temporary file first, removed when training ends or on a signal.
        let (paths, spool) = try StandardInputSpool.replacingStandardInput(in: corpus)
        defer { spool?.remove() }
        if let spool, spool.bytes == 0, corpus.count == 1 { throw SenseVecError("the corpus is empty: standard input gave no text") }
        var command = self
        command.corpus = paths
        try await command.trainSpooled()
    }

    /// Trains in the mode the options choose, from files only (`run()` has replaced `-` by a copy of standard input).
    private func trainSpooled() async throws {
        if subwordOptions.subwords { try await runSubwordTraining(); return }   // TrainCommand+Subwords.swift
        if senseOptions.senses != nil {
            try await runSenseTraining()
            return
        }
        let bar = ProgressBar(quiet: quietOption.quiet)
        let text = Corpus(paths: corpus, options: tokenizerOptions)
        let skipModel: SkipGramModel
        var mapped = false
        if resume {
            guard FileManager.default.fileExists(atPath: checkpointPath) else {
                throw SenseVecError("nothing to resume: no checkpoint at '\(checkpointPath)'")
            }
            skipModel = try SkipGramModel.load(path: checkpointPath)
            if !quietOption.quiet { bar.note("resuming from '\(checkpointPath)' (epoch \(skipModel.progress.epoch + 1) of \(skipModel.configuration.epochs)) with its saved settings") }
        } else if let continueFrom {
            let old = try SkipGramModel.load(path: continueFrom)
            var c = configuration()
            let oc = old.configuration
            if (hs || softmax) && c.outputLayer != oc.outputLayer {
                throw SenseVecError("'\(continueFrom)' was trained with output layer '\(oc.outputLayer.rawValue)', not '\(c.outputLayer.rawValue)'")
            }
            if cbow && oc.architecture != .cbow { throw SenseVecError("'\(continueFrom)' is a skip-gram model, not CBOW") }
            if dim != 100 && dim != oc.dimension { throw SenseVecError("'\(continueFrom)' has dimension \(oc.dimension), not \(dim)") }
            c.dimension = oc.dimension; c.outputLayer = oc.outputLayer; c.architecture = oc.architecture
            if alpha == nil { c.alpha = oc.alpha }
            let mode = vocabUpdate
            var newCounts: Vocabulary? = nil
            if mode == .grow {
                let (counted, stats) = try Vocabulary.count(text, minCount: 1, maxSize: nil)
                if stats.tokens == 0 { throw SenseVecError("the corpus is empty: no words in \(corpus.joined(separator: ", "))") }
                newCounts = counted
            }
            skipModel = try old.continuing(with: c, newCounts: newCounts, vocabularyUpdate: mode)
            if !quietOption.quiet {
                bar.note("continuing '\(continueFrom)' (\(old.vocabulary.count) words) with vocabulary \(mode.rawValue): \(skipModel.vocabulary.count) words")
            }
        } else {
            let c = configuration()
            let (vocabulary, stats) = try Vocabulary.count(text, minCount: c.minCount, maxSize: c.maxVocabulary)
            if stats.tokens == 0 { throw SenseVecError("the corpus is empty: no words in \(corpus.joined(separator: ", "))") }
            if vocabulary.count == 0 {
                throw SenseVecError("no word occurs at least \(c.minCount) times in \(stats.tokens) tokens; lower --min-count")
            }
            mapped = try mapsCorpus(configuration: c, words: vocabulary.count, tokens: stats.tokens + stats.sentences)
            skipModel = try SkipGramModel(configuration: c, vocabulary: vocabulary)
        }
        let encoded = try encode(text, vocabulary: skipModel.vocabulary, mapped: mapped)
        let trainer = try SkipGramTrainer(model: skipModel, corpus: encoded)
        let checkpointPath = self.checkpointPath
        let summary = try trainer.train(progress: bar.handler, checkpointInterval: checkpointEvery.map { $0 * 60 }) { m in
            try m.save(to: checkpointPath)
        }
        if let output {
            try skipModel.wordVectors().save(path: output)
        }
        if let model { try skipModel.save(to: model) }
        if FileManager.default.fileExists(atPath: checkpointPath) { try? FileManager.default.removeItem(atPath: checkpointPath) }
        if jsonOption.json {
            let c = skipModel.configuration
            let fields: [(String, String)] = [
                ("words", "\(skipModel.vocabulary.count)"), ("dimension", "\(c.dimension)"),
                ("outputLayer", "\"\(c.outputLayer.rawValue)\""), ("architecture", "\"\(c.architecture.rawValue)\""),
                ("update", "\"\(c.update.rawValue)\""), ("epochs", "\(c.epochs)"), ("threads", "\(c.threads)"),
                ("seconds", "\(summary.seconds)"), ("wordsRead", "\(summary.wordsRead)"),
                ("wordsTrained", "\(summary.wordsTrained)"), ("wordsPerSecond", "\(summary.wordsPerSecond)"),
                ("loss", summary.loss.isFinite ? "\(summary.loss)" : "null"),
            ]
            print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        }
    }
}

extension ProgressBar {
    /// A one-line note on stderr.
    func note(_ text: String) { render(ProgressEvent(stage: "train", message: text, finished: true)) }
}

extension TrainCommand: SeedDescription {
    static let seedHelp = "Random seed. With --threads 1 the same seed gives identical vectors."
}
