import Testing
import Foundation
@testable import SkipGram
import SenseVecCore
import SyntheticCorpus

/// Small helpers shared by the training tests.
enum Fixture {
    /// The synthetic corpus written to a temporary file, cached per size.
    static func corpus(tokens: Int, seed: UInt64 = 1) throws -> (path: String, facts: SyntheticCorpusFacts) {
        let (text, facts) = SyntheticCorpus(seed: seed).generateText(tokens: tokens)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("skipgram-test-\(UUID().uuidString).txt").path
        try AtomicFile.write(text, to: path)
        return (path, facts)
    }

    static func train(_ path: String, _ configure: (inout SkipGramConfiguration) -> Void) throws -> SkipGramModel {
        var c = SkipGramConfiguration()
        c.threads = 1
        configure(&c)
        let corpus = Corpus(paths: [path])
        // Exact top-N (core's counting prunes during the pass, as word2vec's ReduceVocab does).
        let vocab = try Vocabulary.count(corpus, minCount: c.minCount).0.pruned(minCount: c.minCount, maxSize: c.maxVocabulary)
        let model = try SkipGramModel(configuration: c, vocabulary: vocab)
        try SkipGramTrainer(model: model, corpus: try EncodedCorpus(corpus, vocabulary: vocab)).train()
        return model
    }

    /// Unit-length rows.
    static func normalized(_ v: WordVectors) -> [Float] {
        var out = v.values
        for i in 0..<v.count {
            let r = i * v.dimension ..< (i + 1) * v.dimension
            let n = max(1e-12, out[r].reduce(0) { $0 + $1 * $1 }.squareRoot())
            for j in r { out[j] /= n }
        }
        return out
    }

    /// Top-1 accuracy of 3CosAdd on the questions whose words are all known (and the number asked).
    static func analogyAccuracy(_ v: WordVectors, _ questions: [(section: String, a: String, b: String, c: String, d: String)]) -> (Double, Int) {
        let u = normalized(v), d = v.dimension
        var asked = 0, right = 0
        for q in questions {
            guard let a = v.index(of: q.a), let b = v.index(of: q.b), let c = v.index(of: q.c), let x = v.index(of: q.d) else { continue }
            asked += 1
            var target = [Float](repeating: 0, count: d)
            for j in 0..<d { target[j] = u[b * d + j] - u[a * d + j] + u[c * d + j] }
            var best = -1, bestScore = -Float.infinity
            for w in 0..<v.count where w != a && w != b && w != c {
                var s: Float = 0
                for j in 0..<d { s += u[w * d + j] * target[j] }
                if s > bestScore { bestScore = s; best = w }
            }
            if best == x { right += 1 }
        }
        return (asked > 0 ? Double(right) / Double(asked) : 0, asked)
    }

    /// The k nearest neighbours (cosine) of row i.
    static func neighbours(_ u: [Float], dimension d: Int, count: Int, of i: Int, k: Int) -> Set<Int> {
        var scored: [(Int, Float)] = []
        for w in 0..<count where w != i {
            var s: Float = 0
            for j in 0..<d { s += u[w * d + j] * u[i * d + j] }
            scored.append((w, s))
        }
        return Set(scored.sorted { $0.1 > $1.1 }.prefix(k).map(\.0))
    }
}

@Suite(.serialized) struct TrainingTests {
    static let slow = ProcessInfo.processInfo.environment["SENSEVEC_SLOW_TESTS"] == "1"

    /// The bar, always on: ≥ 90% top-1 on the planted analogies of the synthetic corpus with negative
    /// sampling and with hierarchical softmax (200k tokens, dim 40, 5 epochs, one thread; measured 98.8% NS
    /// and 99.8% HS, a few seconds of CPU each in a debug build, as SkipGram is compiled with -O).
    @Test(arguments: [("ns", "batched"), ("hs", "batched")])
    func plantedAnalogiesNinetyPercent(layer: String, update: String) throws {
        let (path, facts) = try Fixture.corpus(tokens: 200_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try Fixture.train(path) { c in
            c.dimension = 40; c.epochs = 5; c.minCount = 3; c.sample = 1e-3; c.seed = 9
            c.outputLayer = layer == "hs" ? .hierarchicalSoftmax : .negativeSampling
            c.update = UpdateScheme(rawValue: update)!
        }
        let (acc, asked) = Fixture.analogyAccuracy(try model.wordVectors(), facts.analogyQuestions)
        print("planted analogies \(layer)/\(update): \(acc) of \(asked)")
        #expect(asked >= facts.analogyQuestions.count / 2)
        #expect(acc >= 0.9, "\(layer)/\(update): top-1 \(acc) on \(asked) planted questions")
    }

    /// The same bar for word2vec's classic per-pair update, and at a larger size (SENSEVEC_SLOW_TESTS=1).
    @Test(.enabled(if: slow), arguments: [("ns", "batched"), ("ns", "classic"), ("hs", "batched")])
    func plantedAnalogiesNinetyPercentLarger(layer: String, update: String) throws {
        let (path, facts) = try Fixture.corpus(tokens: 400_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try Fixture.train(path) { c in
            c.dimension = 50; c.epochs = 5; c.minCount = 3; c.sample = 1e-3; c.seed = 9
            c.outputLayer = layer == "hs" ? .hierarchicalSoftmax : .negativeSampling
            c.update = UpdateScheme(rawValue: update)!
        }
        let (acc, asked) = Fixture.analogyAccuracy(try model.wordVectors(), facts.analogyQuestions)
        print("planted analogies (slow) \(layer)/\(update): \(acc) of \(asked)")
        #expect(acc >= 0.9, "\(layer): top-1 \(acc) on \(asked) planted questions")
    }

    /// NS and HS approximate the exact softmax: on a small vocabulary their nearest neighbours overlap with
    /// the softmax model's far more than chance.
    @Test func approximationsAgreeWithExactSoftmaxNeighbours() throws {
        let (path, _) = try Fixture.corpus(tokens: 20_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        func vectors(_ layer: OutputLayer) throws -> WordVectors {
            try Fixture.train(path) { c in
                c.dimension = 16; c.epochs = 3; c.minCount = 5; c.maxVocabulary = 80; c.sample = 0; c.seed = 3
                c.outputLayer = layer; c.update = .classic
            }.wordVectors()
        }
        let exact = try vectors(.softmax)
        let n = exact.count, d = exact.dimension, k = 10
        let ue = Fixture.normalized(exact)
        for layer in [OutputLayer.negativeSampling, .hierarchicalSoftmax] {
            let other = try vectors(layer)
            #expect(other.words == exact.words)
            let uo = Fixture.normalized(other)
            var overlap = 0.0
            let probes = Array(0..<min(60, n))
            for i in probes {
                let a = Fixture.neighbours(ue, dimension: d, count: n, of: i, k: k)
                let b = Fixture.neighbours(uo, dimension: d, count: n, of: i, k: k)
                overlap += Double(a.intersection(b).count) / Double(k)
            }
            overlap /= Double(probes.count)
            print("softmax agreement \(layer): top-\(k) overlap \(overlap), \(n) words")
            let chance = Double(k) / Double(n - 1)
            #expect(overlap > max(0.3, 4 * chance), "\(layer): mean top-\(k) overlap with softmax \(overlap), chance \(chance), \(n) words")
        }
    }

    @Test func oneThreadSameSeedGivesIdenticalBits() throws {
        let (path, _) = try Fixture.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for layer in [OutputLayer.negativeSampling, .hierarchicalSoftmax] {
            let run = { try Fixture.train(path) { c in c.dimension = 20; c.epochs = 2; c.seed = 42; c.outputLayer = layer; c.minCount = 2 } }
            let a = try run(), b = try run()
            #expect(a.weights.inputValues() == b.weights.inputValues())
            #expect(a.weights.outputValues() == b.weights.outputValues())
            let other = try Fixture.train(path) { c in c.dimension = 20; c.epochs = 2; c.seed = 43; c.outputLayer = layer; c.minCount = 2 }
            #expect(other.weights.inputValues() != a.weights.inputValues())
        }
    }

    /// Stopping between rounds, saving, loading and resuming gives the same bits as an uninterrupted run.
    @Test func resumeFromSavedModelMatchesUninterruptedRun() throws {
        let (path, _) = try Fixture.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var c = SkipGramConfiguration()
        c.threads = 1; c.dimension = 16; c.epochs = 3; c.minCount = 2; c.seed = 8
        let corpus = Corpus(paths: [path])
        let (vocab, _) = try Vocabulary.count(corpus, minCount: 2)
        let encoded = try EncodedCorpus(corpus, vocabulary: vocab)
        let whole = try SkipGramModel(configuration: c, vocabulary: vocab)
        let t1 = try SkipGramTrainer(model: whole, corpus: encoded)
        t1.roundTokens = 7_000
        try t1.train()

        let part = try SkipGramModel(configuration: c, vocabulary: vocab)
        let t2 = try SkipGramTrainer(model: part, corpus: encoded)
        t2.roundTokens = 7_000
        nonisolated(unsafe) var rounds = 0
        t2.shouldStop = { rounds += 1; return rounds > 5 }
        try t2.train()
        #expect(!part.progress.finished)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sg-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try part.save(to: file)
        let loaded = try SkipGramModel.load(path: file)
        #expect(loaded.progress == part.progress)
        var expected = part.configuration
        expected.alpha = expected.startingAlpha; expected.minAlpha = expected.floorAlpha
        #expect(loaded.configuration == expected)
        #expect(loaded.weights.inputValues() == part.weights.inputValues())
        let t3 = try SkipGramTrainer(model: loaded, corpus: encoded)
        t3.roundTokens = 7_000
        try t3.train()
        #expect(loaded.progress.finished)
        #expect(loaded.weights.inputValues() == whole.weights.inputValues())
        #expect(loaded.weights.outputValues() == whole.weights.outputValues())
        #expect(loaded.progress.wordsProcessed == 3 * encoded.wordCount)
    }

    @Test func multiThreadedTrainingCompletesAndLearns() throws {
        let (path, facts) = try Fixture.corpus(tokens: 60_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try Fixture.train(path) { c in c.dimension = 24; c.epochs = 3; c.threads = 2; c.minCount = 3 }
        #expect(model.progress.finished)
        #expect(model.progress.wordsProcessed == 3 * model.progress.corpusWords)
        let v = try model.wordVectors()
        #expect(v.values.allSatisfy { $0.isFinite })
        _ = facts
    }

    @Test func invalidInputFailsClearly() throws {
        var c = SkipGramConfiguration()
        c.dimension = 0
        #expect(throws: SenseVecError.self) { try c.validate() }
        c = SkipGramConfiguration(); c.window = -1
        #expect(throws: SenseVecError.self) { try c.validate() }
        c = SkipGramConfiguration(); c.threads = 1000
        #expect(throws: SenseVecError.self) { try c.validate() }
        let vocab = try Vocabulary(words: ["a", "b"], counts: [3, 2])
        let model = try SkipGramModel(configuration: SkipGramConfiguration(), vocabulary: vocab)
        #expect(throws: SenseVecError.self) { try SkipGramTrainer(model: model, corpus: EncodedCorpus(tokens: [])) }
        #expect(throws: SenseVecError.self) { try SkipGramTrainer(model: model, corpus: EncodedCorpus(tokens: [0, 7])) }
        #expect(throws: SenseVecError.self) { try SkipGramModel(configuration: SkipGramConfiguration(), vocabulary: try Vocabulary(words: [], counts: [])) }
    }

    @Test func modelFileRejectsCorruption() throws {
        let vocab = try Vocabulary(words: ["a", "b", "c"], counts: [3, 2, 1])
        var c = SkipGramConfiguration(); c.dimension = 4
        let model = try SkipGramModel(configuration: c, vocabulary: vocab)
        var bytes = model.file().serialized()
        #expect(throws: Never.self) { try SkipGramModel.load(NativeModelFile.parse(bytes)) }
        bytes[bytes.count / 2] ^= 0x10
        #expect(throws: SenseVecError.self) { try SkipGramModel.load(NativeModelFile.parse(bytes)) }
        #expect(throws: SenseVecError.self) { try NativeModelFile.parse(Array(model.file().serialized().dropLast(9))) }
    }
}
