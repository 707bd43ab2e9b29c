import Testing
import Foundation
@testable import Senses
@testable import SenseVecCore
import SkipGram
@testable import SyntheticCorpus

/// Topical senses on the synthetic corpus, whose sentence frames put the same word in several kinds of sentence:
/// the split tests separate the frames, and the merge test on context words joins the frames of one meaning.
@Suite struct TopicalMergeSyntheticTests {
    @Test func plantedHomographsKeepTheirMeaningsAndControlsOneSense() throws {
        let (vocab, corpus, _) = try TopicalSenseModelTests.syntheticCorpus(tokens: 300_000)
        var c = SenseTrainingConfiguration()
        c.dimension = 24; c.maxSenses = 5; c.threads = 2; c.epochs = 2; c.sample = 1e-3; c.occurrencesPerSense = 50
        c.fitSample = 1000; c.contextKind = .topic
        var sg = SkipGramConfiguration()
        sg.dimension = c.dimension; sg.window = c.window; sg.epochs = c.epochs; sg.threads = c.threads
        sg.seed = c.seed; sg.sample = c.sample; sg.minCount = 1
        let wordVectors = try SkipGramModel(configuration: sg, vocabulary: vocab)
        try SkipGramTrainer(model: wordVectors, corpus: corpus).train()
        func senses(_ model: SenseVectors, _ word: String) -> Int { model.activeSenses(ofIndex: vocab.index(of: word)!).count }

        let merged = try TopicalSenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus, wordVectors: wordVectors)
        let planted = SyntheticLexicon.homographs.map { ($0.word, $0.senses.count) }
        let exact = planted.filter { senses(merged, $0.0) == $0.1 }.count
        let several = planted.filter { senses(merged, $0.0) >= 2 }.count
        #expect(exact >= 6 && several >= 7, "homographs: \(planted.map { "\($0.0) \(senses(merged, $0.0))/\($0.1)" })")
        let controls = SyntheticLexicon.controls.map { ($0, senses(merged, $0)) }
        #expect(controls.allSatisfy { $0.1 == 1 }, "controls: \(controls)")

        // Joining senses whose vectors have the same nearest words leaves fewer words with several senses, and a
        // model that loads and answers. (On a corpus and model this small the sense vectors stay near the word's
        // vector, so the join also joins planted meanings: it is off by default.)
        var joining = c
        joining.neighbourMerge = 3
        let joined = try TopicalSenseTrainer(configuration: joining).train(vocabulary: vocab, corpus: corpus, wordVectors: wordVectors)
        #expect(joined.multiSenseWordCount < merged.multiSenseWordCount,
                "multi-sense words: \(joined.multiSenseWordCount) with the neighbour join, \(merged.multiSenseWordCount) without")
        #expect(joined.settings.contains { $0.name == "neighbour merge" && $0.value == "3" })
        let reloaded = try SenseVectors.load(joined.nativeFile(), path: "joined")
        #expect(reloaded.multiSenseWordCount == joined.multiSenseWordCount)

        // Without merging, the frames of the controls are senses of their own.
        c.mergeThreshold = -1
        let split = try TopicalSenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus, wordVectors: wordVectors)
        let splitControls = SyntheticLexicon.controls.filter { senses(split, $0) >= 2 }
        #expect(splitControls.count >= 6, "controls split without merging: \(splitControls)")
        #expect(split.multiSenseWordCount > merged.multiSenseWordCount)
    }
}
