import Testing
import Foundation
@testable import Senses
import SenseVecCore

@Suite struct SenseTrainerTests {
    /// Trains on the planted corpus; returns the model and, for each planted occurrence, the chosen sense.
    static func trainPlanted(sentences: Int = 4000, seed: UInt64 = 1, configure: (inout SenseTrainingConfiguration) -> Void = { _ in })
        throws -> (SenseVectors, [PlantedCorpus.Occurrence], [Int]) {
        let (sents, occ) = PlantedCorpus.generate(sentences: sentences, seed: seed)
        let (vocab, corpus) = try PlantedCorpus.encode(sents)
        var c = PlantedCorpus.configuration(seed: seed).value
        configure(&c)
        let model = try SenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus)
        var chosen: [Int] = []
        for o in occ {
            let s = sents[o.sentence]
            let left = Array(s[max(0, o.position - 4) ..< o.position])
            let right = Array(s[(o.position + 1) ..< min(s.count, o.position + 5)])
            chosen.append(model.explain(word: o.word, left: left, right: right)!.best)
        }
        return (model, occ, chosen)
    }

    @Test func plantedHomographsSplitAndSingleSenseWordsDoNot() throws {
        let (model, occ, chosen) = try Self.trainPlanted()
        for (word, topics) in PlantedCorpus.homographs {
            let n = model.senses(of: word)!.count
            #expect(abs(n - topics.count) <= 1, "\(word): \(n) senses, planted \(topics.count)")
            let idx = occ.indices.filter { occ[$0].word == word }
            let purity = ClusteringMetrics(induced: idx.map { chosen[$0] }, gold: idx.map { occ[$0].topic }).purity
            #expect(purity >= 0.95, "\(word): \(purity) of occurrences in the planted sense")
        }
        for word in PlantedCorpus.singles.keys {
            #expect(model.senses(of: word)!.count == 1, "\(word) should keep one sense")
        }
    }

    @Test func oneThreadAndOneSeedGiveTheSameBits() throws {
        let (a, _, _) = try Self.trainPlanted(sentences: 800, seed: 5) { $0.epochs = 1 }
        let (b, _, _) = try Self.trainPlanted(sentences: 800, seed: 5) { $0.epochs = 1 }
        #expect(a.senseValues == b.senseValues)
        #expect(a.outputValues == b.outputValues)
        #expect(a.senseCounts == b.senseCounts)
    }

    /// Average log evidence log Σ_z exp(E[log π_z] + Σ_y log p(y|z,x)) per occurrence (full window): the ELBO
    /// with q at its optimum, the posterior.
    static func averageEvidence(_ model: SenseVectors, _ corpus: EncodedCorpus, window: Int) -> Double {
        var total = 0.0, n = 0
        let t = corpus.tokens
        for i in 0..<t.count where t[i] >= 0 {
            var ctx: [Int32] = []
            var j = i - 1
            while j >= 0 && j >= i - window && t[j] >= 0 { ctx.append(t[j]); j -= 1 }
            ctx.reverse()
            let leftCount = ctx.count
            j = i + 1
            while j < t.count && j <= i + window && t[j] >= 0 { ctx.append(t[j]); j += 1 }
            let e = model.explain(index: Int(t[i]), context: ctx, leftCount: leftCount)
            var best = -Double.infinity
            for k in e.posterior.indices { best = max(best, e.logPrior[k] + e.contributions[k].reduce(0, +)) }
            var s = 0.0
            for k in e.posterior.indices { s += exp(e.logPrior[k] + e.contributions[k].reduce(0, +) - best) }
            total += best + log(s); n += 1
        }
        return total / Double(n)
    }

    @Test func elboRisesOverTraining() throws {
        let (sents, _) = PlantedCorpus.generate(sentences: 600, seed: 9)
        let (vocab, corpus) = try PlantedCorpus.encode(sents)
        var previous = -Double.infinity
        for epochs in [1, 3, 8] {
            var c = PlantedCorpus.configuration(seed: 9).value
            c.epochs = epochs
            c.learningRate = 0.01
            let model = try SenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus)
            let elbo = Self.averageEvidence(model, corpus, window: 4)
            #expect(elbo > previous, "ELBO after \(epochs) epochs: \(elbo), before: \(previous)")
            previous = elbo
        }
    }

    @Test func memoryFollowsTheSensesUsed() throws {
        let (model, _, _) = try Self.trainPlanted(sentences: 1500) { $0.epochs = 1 }
        // Rare words have capacity one and one stored sense; stored senses never exceed T per word.
        var stored = 0
        for x in 0..<model.count {
            let n = model.senseOffsets[x + 1] - model.senseOffsets[x]
            #expect(n >= 1 && n <= 5)
            #expect(n <= max(1, model.counts[x] / 50))
            stored += n
        }
        #expect(stored < model.count * 5)
        let used = Int(model.settings.first { $0.name == "pool rows used" }!.value)!
        #expect(used <= model.count)
    }

    @Test func fixedPriorAlsoSeparatesPlantedSenses() throws {
        let (model, occ, chosen) = try Self.trainPlanted(sentences: 3000) { $0.priorKind = .fixed; $0.maxSenses = 2; $0.alpha = 1 }
        let idx = occ.indices.filter { occ[$0].word == "bank" }
        let purity = ClusteringMetrics(induced: idx.map { chosen[$0] }, gold: idx.map { occ[$0].topic }).purity
        #expect(model.senses(of: "bank")!.count == 2)
        #expect(purity >= 0.9)
    }

    @Test func invalidConfigurationsAreRejected() {
        var c = SenseTrainingConfiguration(); c.dimension = 0
        #expect(throws: SenseVecError.self) { try SenseTrainer(configuration: c) }
        c = SenseTrainingConfiguration(); c.alpha = -1
        #expect(throws: SenseVecError.self) { try SenseTrainer(configuration: c) }
        c = SenseTrainingConfiguration(); c.threads = 1000
        #expect(throws: SenseVecError.self) { try SenseTrainer(configuration: c) }
    }
}
