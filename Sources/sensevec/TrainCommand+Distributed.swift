import ArgumentParser
import Distributed
import Foundation
import SenseVecCore
import SkipGram

/// Options of `sensevec train` for large corpora: the memory-mapped encoded corpus and, under `mpirun`,
/// data-parallel training (docs/distributed.md).
struct ScaleOptions: ParsableArguments {
    @Option(name: .customLong("sync-every"), parsing: .unconditional, help: "Under mpirun: combine the processes' models every this many words read by each process (default 20000: within a point of one process on the analogy and similarity sets, measured).")
    var syncEvery: Int = 20_000

    @Option(name: .customLong("sync-mode"), help: "Under mpirun: 'sum' adds every process's updates since the last synchronization, 'average' averages the processes' models.")
    var syncMode: SynchronizationMode = .sum

    @Option(name: .customLong("sync-touched"), help: "Under mpirun: send only the rows written since the last synchronization when they are at most this fraction of a matrix's rows (0: always whole matrices).")
    var syncTouched: Double = DistributedTraining.defaultTouchedRowLimit

    @Option(name: .customLong("sync-precision"), help: "Under mpirun: 'half' sends each process's updates rounded to half precision (half the bytes; default with --sync-mode sum), 'single' the weights (default with average).")
    var syncPrecision: SynchronizationPrecision?

    /// `--sync-precision`, or its default for `--sync-mode`.
    var precision: SynchronizationPrecision { syncPrecision ?? (syncMode == .sum ? .half : .single) }

    @Option(name: .customLong("host-memory"), help: "Under mpirun: 'shared' gives the processes of one host one copy of the model in memory they share (they train it as threads do; only hosts combine their copies), 'separate' one copy per process, all combined.")
    var hostMemory: HostMemory = .shared

    @Flag(name: .customLong("map-corpus"), help: "Keep the encoded corpus in a memory-mapped file beside the output instead of in memory (automatic when it would not fit).")
    var mapCorpus = false

    func validate() throws {
        if syncEvery < 1_000 { throw ValidationError("--sync-every must be at least 1000 words, got \(syncEvery)") }
        if !(0...1).contains(syncTouched) { throw ValidationError("--sync-touched must be a fraction from 0 to 1, got \(syncTouched)") }
        if syncPrecision == .half && syncMode != .sum { throw ValidationError("--sync-precision half needs --sync-mode sum") }
    }
}

extension TrainCommand {
    /// Whether the encoded corpus goes to a mapped file: when asked, or when the model plus an in-memory
    /// corpus of `tokens` ids would not fit in physical memory. Throws when even the model alone would not fit.
    func mapsCorpus(configuration c: SkipGramConfiguration, words: Int, tokens: Int) throws -> Bool {
        let have = Int(ProcessInfo.processInfo.physicalMemory)
        let model = SkipGramModel.estimatedMemory(configuration: c, words: words, tokens: 0)
        if model > have {
            throw SenseVecError("training needs about \(model >> 20) MiB but the machine has \(have >> 20) MiB; lower --dim or --max-vocab")
        }
        return scale.mapCorpus || SkipGramModel.estimatedMemory(configuration: c, words: words, tokens: tokens) > have
    }

    /// Encodes `text` in memory, or into a mapped file beside the outputs (removed as soon as it is mapped).
    func encode(_ text: Corpus, vocabulary: Vocabulary, mapped: Bool) throws -> EncodedCorpus {
        guard mapped || scale.mapCorpus else { return try EncodedCorpus(text, vocabulary: vocabulary) }
        let path = (model ?? output!) + ".tokens-\(getpid())"
        return try EncodedCorpus(text, vocabulary: vocabulary, mappedFile: path)
    }

    /// `mpirun -np N sensevec train …`: every process trains on its share of the corpus; the processes average
    /// the model every `--sync-every` words; process 0 shows progress and writes the outputs and checkpoints.
    func runDistributed() throws {
        let communicator = try Communicator()
        do {
            try runDistributed(communicator)
            communicator.finalize()
        } catch let failure as AgreedFailure {
            // Written before MPI_Finalize: a peer that has stopped may end the job (mpirun kills the other ranks as
            // soon as one exits non-zero), and it cannot exit before every rank has called finalize.
            FileHandle.standardError.write(Data("Error: \(SenseVecCommand.message(for: failure.error))\n".utf8))
            communicator.finalize()
            throw ExitCode.failure
        } catch is PeerFailure {
            communicator.finalize()
            throw ExitCode.failure
        } catch {
            // An error the other processes cannot know of: report it and end the whole job.
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            communicator.abort()
        }
    }

    private func runDistributed(_ communicator: Communicator) throws {
        let dist = try DistributedTraining(communicator: communicator, syncEvery: scale.syncEvery,
                                           mode: scale.syncMode, touchedRowLimit: scale.syncTouched,
                                           precision: scale.precision, hostMemory: scale.hostMemory)
        let rank = dist.rank
        try communicator.agree {
            if senseOptions.senses != nil {
                throw SenseVecError("multi-sense training (--senses) does not run under mpirun: train it in one process (docs/distributed.md)")
            }
            if continueFrom != nil { throw SenseVecError("--continue-from does not run under mpirun: continue training in one process") }
            if corpus.contains("-") { throw SenseVecError("standard input cannot be split between processes: give files") }
            try checkOutputs()
        }
        let bar = ProgressBar(quiet: quietOption.quiet || rank != 0)
        let text = Corpus(paths: corpus, options: tokenizerOptions)
        let checkpointPath = self.checkpointPath
        var skipModel: SkipGramModel
        var mapped = scale.mapCorpus
        if resume {
            skipModel = try communicator.agree {
                guard FileManager.default.fileExists(atPath: checkpointPath) else {
                    throw SenseVecError("nothing to resume: no checkpoint at '\(checkpointPath)'")
                }
                let m = try SkipGramModel.load(path: checkpointPath)
                try dist.restoreProgress(m, checkpoint: checkpointPath)
                return m
            }
            bar.note("resuming from '\(checkpointPath)' (epoch \(skipModel.progress.epoch + 1) of \(skipModel.configuration.epochs)) with its saved settings")
        } else {
            let c = configuration()
            let (vocabulary, stats) = try dist.vocabulary(of: text, minCount: c.minCount, maxSize: c.maxVocabulary)
            skipModel = try communicator.agree {
                if stats.tokens == 0 { throw SenseVecError("the corpus is empty: no words in \(corpus.joined(separator: ", "))") }
                if vocabulary.count == 0 {
                    throw SenseVecError("no word occurs at least \(c.minCount) times in \(stats.tokens) tokens; lower --min-count")
                }
                let share = (stats.tokens + stats.sentences) / dist.processes + 1
                mapped = try mapsCorpus(configuration: c, words: vocabulary.count, tokens: share)
                return try SkipGramModel(configuration: c, vocabulary: vocabulary)
            }
        }
        let encoded = try communicator.agree { try encode(dist.shard(of: text), vocabulary: skipModel.vocabulary, mapped: mapped) }
        skipModel = try dist.place(skipModel)   // agrees on its own steps
        let globalWords = Int(try communicator.sum([Int64(encoded.wordCount)])[0])
        let trainer = try communicator.agree { () throws -> SkipGramTrainer in
            if encoded.wordCount == 0 {
                // A gzip file cannot be entered in the middle, so it goes whole to one process: name that cause.
                if corpus.contains(where: { $0.hasSuffix(".gz") }) {
                    throw SenseVecError("process \(rank)'s share of the corpus has no words to train on: a .gz file goes whole to one process (gzip cannot be split at byte offsets); give the corpus uncompressed or as several files, or use fewer processes")
                }
                throw SenseVecError("process \(rank)'s share of the corpus has no words to train on: use fewer processes")
            }
            return try SkipGramTrainer(model: skipModel, corpus: encoded)
        }
        let c = skipModel.configuration
        if dist.oneCopy {
            bar.note("\(dist.processes) processes × \(c.threads) threads on one host sharing one model, \(globalWords) words, progress exchanged every \(dist.exchangeEvery(trainer)) words per process")
        } else if dist.hostMemory == .shared {
            bar.note("\(dist.processes) processes × \(c.threads) threads on \(dist.copies) hosts, one model per host in shared memory, \(globalWords) words, hosts' models combined (\(dist.mode.rawValue)) every \(dist.syncEvery) words per process")
        } else {
            bar.note("\(dist.processes) processes × \(c.threads) threads, \(globalWords) words, weights combined (\(dist.mode.rawValue)) every \(dist.syncEvery) words per process")
        }
        let summary = try dist.train(trainer, globalWords: globalWords, progress: bar.handler,
                                     checkpointInterval: checkpointEvery.map { $0 * 60 }) { m in
            try dist.saveCheckpoint(m, to: checkpointPath)
        }
        let perSync = dist.synchronizations > 0 ? dist.synchronizationSeconds / Double(dist.synchronizations) : 0
        let touched = (0..<2).map { m in
            dist.synchronizations > 0 && dist.matrixRows[m] > 0
                ? 100 * Double(dist.touchedRows[m]) / Double(dist.synchronizations * dist.matrixRows[m]) : 0
        }
        if dist.oneCopy {
            bar.note("one copy of the model in shared memory: \(dist.synchronizations) exchanges of the progress only, "
                     + String(format: "%.1f ms each (%.1f s in all on process 0)", perSync * 1000, dist.synchronizationSeconds))
        } else {
            bar.note("\(dist.synchronizations) synchronizations of \(dist.bytesPerSynchronization >> 10) KiB on average (whole model "
                     + "\(dist.modelBytes >> 10) KiB; rows touched: " + String(format: "input %.1f%%, output %.1f%%), ", touched[0], touched[1])
                     + String(format: "%.1f ms each (%.1f s in all on process 0)", perSync * 1000, dist.synchronizationSeconds))
        }
        skipModel.progress.corpusWords = globalWords
        try communicator.agree {
            guard rank == 0 else { return }
            if let output { try skipModel.wordVectors().save(path: output) }
            if let model { try skipModel.save(to: model) }
            for path in [checkpointPath, DistributedTraining.ranksPath(checkpoint: checkpointPath)]
                where FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
        }
        if jsonOption.json && rank == 0 {
            let fields: [(String, String)] = [
                ("words", "\(skipModel.vocabulary.count)"), ("dimension", "\(c.dimension)"),
                ("outputLayer", "\"\(c.outputLayer.rawValue)\""), ("architecture", "\"\(c.architecture.rawValue)\""),
                ("update", "\"\(c.update.rawValue)\""), ("epochs", "\(c.epochs)"), ("threads", "\(c.threads)"),
                ("processes", "\(dist.processes)"), ("syncEvery", "\(dist.syncEvery)"), ("syncMode", "\"\(dist.mode.rawValue)\""),
                ("syncPrecision", "\"\(dist.precision.rawValue)\""),
                ("hostMemory", "\"\(dist.hostMemory.rawValue)\""), ("modelCopies", "\(dist.copies)"),
                ("synchronizations", "\(dist.synchronizations)"), ("synchronizationSeconds", "\(dist.synchronizationSeconds)"),
                ("bytesPerSynchronization", "\(dist.bytesPerSynchronization)"), ("modelBytes", "\(dist.modelBytes)"),
                ("syncTouched", "\(dist.touchedRowLimit)"),
                ("touchedInputFraction", "\(touched[0] / 100)"), ("touchedOutputFraction", "\(touched[1] / 100)"),
                ("seconds", "\(summary.seconds)"), ("wordsRead", "\(summary.wordsRead)"),
                ("wordsTrained", "\(summary.wordsTrained)"), ("wordsPerSecond", "\(summary.wordsPerSecond)"),
                ("loss", summary.loss.isFinite ? "\(summary.loss)" : "null"),
            ]
            print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        }
        dist.release()
    }
}
