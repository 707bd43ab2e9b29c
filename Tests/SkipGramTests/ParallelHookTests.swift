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
                                            initial: ParallelTotals(processed: 0, trained: 0)) { m, _ in
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
                                          initial: ParallelTotals(processed: 0, trained: 0)) { m, _ in
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
