import ArgumentParser
import Foundation
import SenseVecCore
import SkipGram

/// Options of subword training (`sensevec train --subwords …`): fastText's character n-gram model.
struct SubwordTrainingOptions: ParsableArguments {
    @Flag(name: .long, help: "Train subword vectors (fastText's model: a word is the mean of its word row and its hashed character n-gram rows). --model then keeps the n-gram rows, so queries accept any string.")
    var subwords = false

    @Option(name: .long, parsing: .unconditional, help: "With --subwords: shortest character n-gram (default 3, as fastText).")
    var minn: Int?

    @Option(name: .long, parsing: .unconditional, help: "With --subwords: longest character n-gram (default 6, as fastText).")
    var maxn: Int?

    @Option(name: .long, parsing: .unconditional, help: "With --subwords: hash buckets for n-grams (default 2000000, as fastText; memory is about buckets × dim × 4 bytes).")
    var buckets: Int?

    func validate() throws {
        if !subwords {
            if minn != nil || maxn != nil || buckets != nil { throw ValidationError("--minn, --maxn and --buckets need --subwords") }
            return
        }
        do { _ = try ngrams() } catch { throw ValidationError("\(error)") }
    }

    /// The n-gram settings these options describe.
    func ngrams() throws -> CharacterNgrams {
        try CharacterNgrams(minLength: minn ?? 3, maxLength: maxn ?? 6, buckets: buckets ?? 2_000_000)
    }
}

extension TrainCommand {
    /// Runs subword training; called by `run()` when `--subwords` is given.
    func runSubwordTraining() async throws {
        if senseOptions.senses != nil { throw ValidationError("--subwords and --senses exclude each other") }
        if continueFrom != nil { throw ValidationError("--continue-from is not supported with --subwords") }
        let bar = ProgressBar(quiet: quietOption.quiet)
        let text = Corpus(paths: corpus, options: tokenizerOptions)
        let subwordModel: SubwordModel
        if resume {
            guard FileManager.default.fileExists(atPath: checkpointPath) else {
                throw SenseVecError("nothing to resume: no checkpoint at '\(checkpointPath)'")
            }
            subwordModel = try SubwordModel.load(path: checkpointPath)
            if !quietOption.quiet { bar.note("resuming from '\(checkpointPath)' (epoch \(subwordModel.progress.epoch + 1) of \(subwordModel.configuration.epochs)) with its saved settings") }
        } else {
            let c = configuration()
            let ngrams = try subwordOptions.ngrams()
            let (vocabulary, stats) = try Vocabulary.count(text, minCount: c.minCount, maxSize: c.maxVocabulary)
            if stats.tokens == 0 { throw SenseVecError("the corpus is empty: no words in \(corpus.joined(separator: ", "))") }
            if vocabulary.count == 0 {
                throw SenseVecError("no word occurs at least \(c.minCount) times in \(stats.tokens) tokens; lower --min-count")
            }
            let ngramRows = SubwordRowTable.bucketsInUse(ngrams: ngrams, words: vocabulary.words).count
            let need = SubwordModel.estimatedMemory(configuration: c, buckets: ngrams.buckets, ngramRows: ngramRows,
                                                    words: vocabulary.count, tokens: stats.tokens + stats.sentences)
            let have = Int(ProcessInfo.processInfo.physicalMemory)
            if need > have {
                throw SenseVecError("subword training needs about \(need >> 20) MiB but the machine has \(have >> 20) MiB; lower --buckets or --dim")
            }
            subwordModel = try SubwordModel(configuration: c, ngrams: ngrams, vocabulary: vocabulary)
        }
        let encoded = try EncodedCorpus(text, vocabulary: subwordModel.vocabulary)
        let trainer = try SubwordTrainer(model: subwordModel, corpus: encoded)
        let checkpointPath = self.checkpointPath
        var usageBefore = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usageBefore)
        let summary = try trainer.train(progress: bar.handler, checkpointInterval: checkpointEvery.map { $0 * 60 }) { m in
            try m.save(to: checkpointPath)
        }
        var usageAfter = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usageAfter)
        func cpu(_ u: rusage) -> Double {
            Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6
        }
        if let output { try subwordModel.vectors().wordVectors().save(path: output) }
        if let model { try subwordModel.save(to: model) }
        if FileManager.default.fileExists(atPath: checkpointPath) { try? FileManager.default.removeItem(atPath: checkpointPath) }
        if jsonOption.json {
            let c = subwordModel.configuration, g = subwordModel.ngrams
            let fields: [(String, String)] = [
                ("words", "\(subwordModel.vocabulary.count)"), ("dimension", "\(c.dimension)"),
                ("minn", "\(g.minLength)"), ("maxn", "\(g.maxLength)"), ("buckets", "\(g.buckets)"),
                ("bucketsInUse", "\(subwordModel.table.storedBuckets.count)"),
                ("outputLayer", "\"\(c.outputLayer.rawValue)\""), ("architecture", "\"\(c.architecture.rawValue)\""),
                ("update", "\"\(c.update.rawValue)\""), ("epochs", "\(c.epochs)"), ("threads", "\(c.threads)"),
                ("seconds", "\(summary.seconds)"), ("cpuSeconds", "\(cpu(usageAfter) - cpu(usageBefore))"), ("wordsRead", "\(summary.wordsRead)"),
                ("wordsTrained", "\(summary.wordsTrained)"), ("wordsPerSecond", "\(summary.wordsPerSecond)"),
                ("loss", summary.loss.isFinite ? "\(summary.loss)" : "null"),
            ]
            print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        }
    }
}
