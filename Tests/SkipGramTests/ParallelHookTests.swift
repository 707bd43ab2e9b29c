import Foundation
import Testing
@testable import SkipGram
import SenseVecCore

/// The trainer's hooks for data-parallel and beyond-memory training leave one-process training unchanged.
@Suite struct ParallelHookTests {
    static func setUp(_ path: String) throws -> (SkipGramConfiguration, Vocabulary, Corpus) {
        var c = SkipGramConfiguration()
        c.threads = 1; c.dimension = 24; c.epochs = 2; c.minCount = 3; c.seed = 5
        let corpus = Corpus(paths: [path])
        return (c, try Vocabulary.count(corpus, minCount: c.minCount).0, corpus)
    }

    @Test func mappedCorpusTrainsTheSameBitsAsInMemory() throws {
        let (path, _) = try Fixture.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (c, vocab, corpus) = try Self.setUp(path)
        let a = try SkipGramModel(configuration: c, vocabulary: vocab)
        try SkipGramTrainer(model: a, corpus: try EncodedCorpus(corpus, vocabulary: vocab)).train()
        let b = try SkipGramModel(configuration: c, vocabulary: vocab)
        let mapped = try EncodedCorpus(corpus, vocabulary: vocab, mappedFile: path + ".tokens")
        #expect(mapped.mapped != nil)
        try SkipGramTrainer(model: b, corpus: mapped).train()
        #expect(a.weights.inputValues() == b.weights.inputValues())
        #expect(a.weights.outputValues() == b.weights.outputValues())
    }

    /// One "process" whose synchronization changes nothing, with rounds as long as the plain trainer's,
    /// is the plain trainer; the hook is called once per round, the last time with the model finished.
    @Test func parallelTrainingOfOneProcessIsPlainTraining() throws {
        let (path, _) = try Fixture.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (c, vocab, corpus) = try Self.setUp(path)
        let encoded = try EncodedCorpus(corpus, vocabulary: vocab)
        let a = try SkipGramModel(configuration: c, vocabulary: vocab)
        let plain = try SkipGramTrainer(model: a, corpus: encoded)
        plain.roundTokens = 7_000
        try plain.train()
        let b = try SkipGramModel(configuration: c, vocabulary: vocab)
        let trainer = try SkipGramTrainer(model: b, corpus: encoded)
        var calls = 0, finishedCalls = 0
        trainer.parallel = ParallelTraining(processes: 1, rank: 0, globalWords: encoded.wordCount, syncEvery: 7_000,
                                            initial: ParallelTotals(processed: 0, trained: 0)) { m, _, _ in
            calls += 1
            if m.progress.finished { finishedCalls += 1 }
            return ParallelTotals(processed: m.progress.wordsProcessed, trained: m.progress.wordsTrained)
        }
        let summary = try trainer.train()
        #expect(a.weights.inputValues() == b.weights.inputValues())
        #expect(calls == b.progress.round && finishedCalls == 1)
        #expect(summary.wordsRead == c.epochs * encoded.wordCount)
    }

    /// With two processes, the learning rate follows the tokens of both: a process reading half of the run's
    /// tokens ends at the floor, and its own draws differ from those of process 0.
    @Test func twoProcessScheduleAndStreams() throws {
        let (path, _) = try Fixture.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (c, vocab, corpus) = try Self.setUp(path)
        let encoded = try EncodedCorpus(corpus, vocabulary: vocab)
        func run(rank: Int) throws -> (SkipGramModel, [Double]) {
            let m = try SkipGramModel(configuration: c, vocabulary: vocab)
            let t = try SkipGramTrainer(model: m, corpus: encoded)
            nonisolated(unsafe) var alphas: [Double] = []
            // The other process is taken to read as much as this one: totals are twice this process's.
            t.parallel = ParallelTraining(processes: 2, rank: rank, globalWords: 2 * encoded.wordCount, syncEvery: 5_000,
                                          initial: ParallelTotals(processed: 0, trained: 0)) { m, _, _ in
                ParallelTotals(processed: 2 * m.progress.wordsProcessed, trained: 2 * m.progress.wordsTrained)
            }
            try t.train(progress: { e in
                if let a = e.metrics.first(where: { $0.name == "alpha" }) { alphas.append(a.value) }
            })
            return (m, alphas)
        }
        let (m0, alphas) = try run(rank: 0)
        let (m1, _) = try run(rank: 1)
        #expect(alphas.count > 3)
        #expect(alphas.last! < c.startingAlpha * 0.01)
        #expect(zip(alphas, alphas.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(m0.weights.inputValues() != m1.weights.inputValues())
    }
}

/// The touched-row record (``SharedWeights/trackTouchedRows()``) that lets a synchronization send only the rows
/// written since the last one: every row a round changes is marked, for every architecture and output layer.
@Suite struct TouchedRowTests {
    static let settings: [(String, @Sendable (inout SkipGramConfiguration) -> Void)] = [
        ("skip-gram ns batched", { _ in }),
        ("skip-gram ns classic", { $0.update = .classic }),
        ("skip-gram hs", { $0.outputLayer = .hierarchicalSoftmax }),
        ("cbow ns", { $0.architecture = .cbow }),
        ("cbow hs", { $0.architecture = .cbow; $0.outputLayer = .hierarchicalSoftmax }),
        ("skip-gram softmax", { $0.outputLayer = .softmax }),
    ]

    @Test(arguments: 0..<settings.count)
    func everyRowARoundChangesIsMarked(setting: Int) throws {
        let (path, _) = try Fixture.corpus(tokens: 20_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var (c, vocab, corpus) = try ParallelHookTests.setUp(path)
        Self.settings[setting].1(&c)
        let encoded = try EncodedCorpus(corpus, vocabulary: vocab)
        let model = try SkipGramModel(configuration: c, vocabulary: vocab)
        let w = model.weights
        let trainer = try SkipGramTrainer(model: model, corpus: encoded)
        // Two rounds of 1,500 tokens, recorded from the second (the first makes the output rows non-zero, so that
        // input rows change wherever they are written).
        trainer.roundTokens = 1_500
        var rounds = 0
        trainer.shouldStop = { rounds += 1; return rounds > 1 }
        try trainer.train()
        let input = w.inputValues(), output = w.outputValues()
        w.trackTouchedRows()
        rounds = 0
        try trainer.train()
        let name = Self.settings[setting].0, d = w.dimension
        let input2 = w.inputValues(), output2 = w.outputValues()
        var changed = [0, 0], marked = [0, 0], unmarked = [0, 0]
        for (m, (before, after, rows, touched)) in [(input, input2, w.inputRows, w.inputTouched!),
                                                     (output, output2, w.outputRows, w.outputTouched!)].enumerated() {
            for r in 0..<rows {
                let moved = before[r * d ..< (r + 1) * d] != after[r * d ..< (r + 1) * d]
                if moved { changed[m] += 1 }
                if touched[r] != 0 { marked[m] += 1 }
                if moved && touched[r] == 0 { unmarked[m] += 1 }
            }
        }
        #expect(unmarked == [0, 0], "\(name): rows changed but not marked (input, output): \(unmarked)")
        #expect(changed[0] > 10 && changed[1] > 10, "\(name): \(changed)")
        // Few rows are written in 1,500 tokens: the input rows marked are those of the words read.
        #expect(marked[0] < w.inputRows, "\(name): \(marked[0]) of \(w.inputRows) input rows marked")
        w.clearTouchedRows()
        #expect((0..<w.inputRows).allSatisfy { w.inputTouched![$0] == 0 })
    }
}
