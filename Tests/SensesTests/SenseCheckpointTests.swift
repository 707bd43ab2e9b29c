import Testing
import Foundation
@testable import Senses
import SenseVecCore

/// Checkpoints of multi-sense training: a run stopped after a checkpoint and resumed from the file (a new object,
/// as a new process would build) finishes with the same bytes as a run never interrupted.
@Suite struct SenseCheckpointTests {
    static func corpus() throws -> (Vocabulary, EncodedCorpus, SenseTrainingConfiguration) {
        let (sents, _) = PlantedCorpus.generate(sentences: 2500, seed: 3)
        let (vocab, corpus) = try PlantedCorpus.encode(sents)
        var c = PlantedCorpus.configuration(seed: 3).value
        c.sample = 1e-3  // exercise the subsampling draws too
        return (vocab, corpus, c)
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sensevec-\(UUID().uuidString)-\(name)").path
    }

    @Test func resumedRunIsBitIdenticalToAnUninterruptedOne() throws {
        let (vocab, corpus, c) = try Self.corpus()
        let reference = try SenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus).nativeFile().serialized()

        // Rounds of 3,000 tokens, a checkpoint after every round, "killed" after the fifth (mid first epoch of two,
        // after the warm-up, so split tests are under way in the saved state).
        let path = Self.temporaryPath("run.checkpoint")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try SenseTrainingRun(configuration: c, vocabulary: vocab, corpus: corpus)
        var saved = 0
        let stopped = try run.train(corpus: corpus, checkpointInterval: 0, roundTokens: 3000,
                                    shouldStop: { saved >= 5 }, checkpoint: { saved += 1; try $0.save(to: path) })
        #expect(stopped == nil && saved == 5)
        // The in-memory run went no further than the checkpoint; training it on would be the same. Resume from disk.
        let resumed = try SenseTrainingRun.load(path: path)
        #expect(resumed.progress == run.progress)
        #expect(resumed.progress.wordsProcessed > 0 && !resumed.progress.finished)
        #expect(resumed.progress.wordsProcessed < corpus.wordCount * c.epochs)
        #expect(resumed.configuration == c)
        let splitting = (0..<vocab.count).contains { resumed.params.phase[$0] != .idle || resumed.params.allocated[$0] > 1 }
        #expect(splitting, "the checkpoint should be taken while senses are being tested")
        // Saving the loaded run gives the same file: every field survives the round trip.
        let sameCheckpoint = resumed.nativeFile().serialized() == run.nativeFile().serialized()
        #expect(sameCheckpoint)
        let model = try #require(try resumed.train(corpus: corpus, roundTokens: 7000))
        let sameModel = model.nativeFile().serialized() == reference
        #expect(sameModel, "the resumed run's model differs from the uninterrupted run's")
        #expect(resumed.progress.finished)
    }

    /// Settings that training fixes are not written; a checkpoint naming one is read only with the fixed value.
    @Test func fixedSettingsAreCheckedNotWritten() throws {
        let c = SenseTrainingConfiguration()
        let names = Set(c.checkpointSettings.map(\.0))
        #expect(names.isDisjoint(with: SenseTrainingConfiguration.fixedCheckpointSettings.keys))
        let fixed = SenseTrainingConfiguration.fixedCheckpointSettings.map { ($0.key, $0.value) }
        #expect(try SenseTrainingConfiguration(checkpointSettings: c.checkpointSettings + fixed) == c)
        for (name, value) in [("split scale", "2.0"), ("split rounds", "3"), ("full window posterior", "false"),
                              ("probation", "200"), ("split block", "10"), ("posterior cutoff", "0.001"), ("pool rows", "100")] {
            #expect(throws: SenseVecError.self, "\(name) \(value)") {
                _ = try SenseTrainingConfiguration(checkpointSettings: c.checkpointSettings + [(name, value)])
            }
        }
    }

    @Test func resumeRefusesAnotherCorpusAndBrokenFiles() throws {
        let (vocab, corpus, c) = try Self.corpus()
        let run = try SenseTrainingRun(configuration: c, vocabulary: vocab, corpus: corpus)
        let shorter = EncodedCorpus(tokens: Array(corpus.tokens.prefix(corpus.tokens.count - 50)))
        #expect(throws: SenseVecError.self) { _ = try run.train(corpus: shorter) }
        let path = Self.temporaryPath("broken.checkpoint")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try run.save(to: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes.removeLast(100)
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: SenseVecError.self) { _ = try SenseTrainingRun.load(path: path) }
        // A sense model is not a checkpoint.
        try SenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus).save(to: path)
        #expect(throws: SenseVecError.self) { _ = try SenseTrainingRun.load(path: path) }
    }

    @Test func randomStateRoundTrips() {
        var a = SenseRandom(seed: 42, stream: 7)
        for _ in 0..<10 { _ = a.next() }
        var b = SenseRandom(state: a.state)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    }
}
