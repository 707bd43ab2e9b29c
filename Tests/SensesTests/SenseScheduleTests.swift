import Testing
@testable import Senses
import SenseVecCore

/// The sense trainer's learning rate is the skip-gram trainer's ``LearningRateSchedule`` (one schedule): linear in
/// the words processed over all epochs, divided by one more word, floored at 10⁻⁴ of the start.
@Suite struct SenseScheduleTests {
    @Test func senseWorkerDecaysByTheSharedSchedule() throws {
        let (sentences, _) = PlantedCorpus.generate(sentences: 200, seed: 5)
        let (vocabulary, corpus) = try PlantedCorpus.encode(sentences)
        var c = PlantedCorpus.configuration(seed: 5).value
        c.learningRate = 0.05
        let run = try SenseTrainingRun(configuration: c, vocabulary: vocabulary, corpus: corpus)
        // A short run, so that 1/(N + 1) is far above the floor and the two conventions tell apart at the end.
        let total = 1_000
        let worker = SenseWorker(params: run.params, configuration: c, thread: 0, totalWords: total)
        defer { worker.release() }
        let schedule = LearningRateSchedule(start: 0.05, floor: 0.05e-4, totalTokens: total)
        for done in [0, 1, 250, 999, 1_000, 5_000] {
            #expect(worker.learningRate(afterProcessing: done) == schedule.rate(afterProcessing: done), "after \(done) words")
        }
        #expect(abs(worker.learningRate(afterProcessing: total) - 0.05 / 1_001) < 1e-12)
    }
}
