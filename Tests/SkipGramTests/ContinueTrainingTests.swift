import Testing
import Foundation
@testable import SkipGram
import SenseVecCore
import SyntheticCorpus

/// Continuing a finished model on new text (`SkipGramModel.continuing`), with a fixed or a grown vocabulary.
@Suite(.serialized) struct ContinueTrainingTests {
    static func configure(_ c: inout SkipGramConfiguration, layer: OutputLayer = .negativeSampling, epochs: Int) {
        c.dimension = 24; c.epochs = epochs; c.minCount = 3; c.sample = 1e-3; c.seed = 3; c.threads = 1
        c.outputLayer = layer
    }

    static func train(_ model: SkipGramModel, on path: String) throws {
        try SkipGramTrainer(model: model, corpus: try EncodedCorpus(Corpus(paths: [path]), vocabulary: model.vocabulary)).train()
    }

    /// More training on more text of the same kind must improve an under-trained model's planted analogies,
    /// keep its vocabulary, and start from its weights (not from scratch).
    @Test func fixedVocabularyContinuesFromTheTrainedWeights() throws {
        let (path, facts) = try Fixture.corpus(tokens: 60_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try Fixture.train(path) { Self.configure(&$0, epochs: 1) }
        let before = Fixture.analogyAccuracy(try first.wordVectors(), facts.analogyQuestions).0

        var c = first.configuration
        c.epochs = 3; c.seed = 4
        let next = try first.continuing(with: c, newCounts: nil, vocabularyUpdate: .fixed)
        #expect(next.vocabulary.words == first.vocabulary.words && next.vocabulary.counts == first.vocabulary.counts)
        #expect(next.weights.inputValues() == first.weights.inputValues())
        #expect(next.weights.outputValues() == first.weights.outputValues())
        #expect(!next.progress.finished)
        try Self.train(next, on: path)
        let after = Fixture.analogyAccuracy(try next.wordVectors(), facts.analogyQuestions).0
        print("continued training: planted analogies \(before) -> \(after)")
        #expect(next.progress.finished)
        #expect(after > before + 0.1, "before \(before), after \(after)")
        // The original model is untouched (the continuation trained a copy).
        #expect(first.weights.inputValues() != next.weights.inputValues())
    }

    /// Growing: known words keep their rows (re-sorted by the summed counts), new words reaching min-count in
    /// the new text get fresh rows and are trained; rare new words are not added.
    @Test func grownVocabularyKeepsKnownRowsAndTrainsNewWords() throws {
        let (path, _) = try Fixture.corpus(tokens: 20_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try Fixture.train(path) { Self.configure(&$0, epochs: 1) }

        // New text: the old text, then the old text again with a known word replaced by a new word (so the new
        // word shares its contexts), plus one rare new word.
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let known = first.vocabulary.words[20]
        let replaced = original.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: " ", omittingEmptySubsequences: false).map { $0 == known ? "zorbly" : String($0) }.joined(separator: " ")
        }.joined(separator: "\n")
        let extra = original + "\n" + replaced + "\nrareword\n"
        let morePath = path + ".more"
        try AtomicFile.write(extra, to: morePath)
        defer { try? FileManager.default.removeItem(atPath: morePath) }
        let counts = try Vocabulary.count(Corpus(paths: [morePath]), minCount: 1).0

        var c = first.configuration
        c.epochs = 3
        let next = try first.continuing(with: c, newCounts: counts, vocabularyUpdate: .grow)
        // Known words, plus every word reaching min-count in the new text (zorbly, and words rare in the old text).
        let added = zip(counts.words, counts.counts).filter { first.vocabulary.index(of: $0.0) == nil && $0.1 >= c.minCount }
        #expect(next.vocabulary.count == first.vocabulary.count + added.count)
        #expect(added.contains { $0.0 == "zorbly" })
        #expect(next.vocabulary.index(of: "zorbly") != nil)
        #expect(next.vocabulary.index(of: "rareword") == nil)
        let d = c.dimension
        let oldIn = first.weights.inputValues(), newIn = next.weights.inputValues()
        let oldOut = first.weights.outputValues(), newOut = next.weights.outputValues()
        for (j, w) in first.vocabulary.words.enumerated() {
            let i = try #require(next.vocabulary.index(of: w))
            #expect(next.vocabulary.counts[i] == first.vocabulary.counts[j] + counts.counts[counts.index(of: w)!])
            #expect(Array(newIn[i * d ..< (i + 1) * d]) == Array(oldIn[j * d ..< (j + 1) * d]), "input row of \(w)")
            #expect(Array(newOut[i * d ..< (i + 1) * d]) == Array(oldOut[j * d ..< (j + 1) * d]), "output row of \(w)")
        }
        let z = next.vocabulary.index(of: "zorbly")!, q = next.vocabulary.index(of: known)!
        #expect(newOut[z * d ..< (z + 1) * d].allSatisfy { $0 == 0 })
        #expect(newIn[z * d ..< (z + 1) * d].contains { $0 != 0 })
        let initial = Array(newIn[z * d ..< (z + 1) * d])

        try Self.train(next, on: morePath)
        let v = try next.wordVectors()
        #expect(Array(v.values[z * d ..< (z + 1) * d]) != initial)
        // The new word shares the contexts of the known word it replaced: that word is among its nearest neighbours.
        let u = Fixture.normalized(v)
        let near = Fixture.neighbours(u, dimension: d, count: v.count, of: z, k: 5)
        #expect(near.contains(q), "'\(known)' not among the neighbours of its stand-in: \(near.map { v.words[$0] })")
    }

    @Test func refusesWhatCannotBeContinued() throws {
        let (path, _) = try Fixture.corpus(tokens: 5_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let hs = try Fixture.train(path) { Self.configure(&$0, layer: .hierarchicalSoftmax, epochs: 1) }
        let counts = try Vocabulary.count(Corpus(paths: [path]), minCount: 1).0
        #expect(throws: SenseVecError.self) { try hs.continuing(with: hs.configuration, newCounts: counts, vocabularyUpdate: .grow) }
        var other = hs.configuration
        other.dimension = 10
        #expect(throws: SenseVecError.self) { try hs.continuing(with: other, newCounts: nil, vocabularyUpdate: .fixed) }
        other = hs.configuration
        other.outputLayer = .negativeSampling
        #expect(throws: SenseVecError.self) { try hs.continuing(with: other, newCounts: nil, vocabularyUpdate: .fixed) }
        hs.progress.finished = false
        #expect(throws: SenseVecError.self) { try hs.continuing(with: hs.configuration, newCounts: nil, vocabularyUpdate: .fixed) }
    }
}
