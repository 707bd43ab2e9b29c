import Testing
import Foundation
import Senses
import SenseVecCore
import SyntheticCorpus

/// The acceptance check on the embedded synthetic corpus: planted homographs get their planted number of
/// senses (±1) and at least 95% of their occurrences in the planted sense (best mapping); planted single-sense
/// control words keep one sense. (It failed, and was gated, while each sense was a handful of fixed sentences:
/// every fixed sentence was then a latent cause of its own and the controls rightly got 3–4 senses. Each sense's
/// sentences are now drawn from its own word lists in shared frames; see `SyntheticLexicon`.) 600k tokens is
/// about the least at which the three-sense words reliably find their third sense in 3 epochs.
@Suite struct SyntheticCorpusSensesTests {
    @Test
    func plantedHomographsOfTheSyntheticCorpus() throws {
        let tokens = 600_000
        let (text, facts) = SyntheticCorpus(seed: 1).generateText(tokens: tokens)
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        var counts: [String: Int] = [:], order: [String] = []
        for l in lines { for w in l { if counts[w] == nil { order.append(w) }; counts[w, default: 0] += 1 } }
        let vocab = try Vocabulary(words: order, counts: order.map { counts[$0]! })
        var ids: [Int32] = []
        for l in lines { for w in l { ids.append(Int32(vocab.index(of: w)!)) }; ids.append(EncodedCorpus.sentenceBreak) }
        var c = SenseTrainingConfiguration()
        c.dimension = 50; c.window = 5; c.maxSenses = 6; c.threads = 1; c.sample = 1e-3
        c.epochs = 3
        let model = try SenseTrainer(configuration: c).train(vocabulary: vocab, corpus: EncodedCorpus(tokens: ids))
        for (word, senses) in facts.homographs.sorted(by: { $0.key < $1.key }) {
            guard model.index(of: word) != nil else { continue }
            let n = model.senses(of: word)!.count
            var labels: [Int] = [], chosen: [Int] = []
            for o in facts.occurrences where o.word == word {
                let s = lines[o.sentence]
                let left = Array(s[max(0, o.position - 5) ..< o.position])
                let right = Array(s[(o.position + 1) ..< min(s.count, o.position + 6)])
                labels.append(senses.firstIndex(of: o.sense) ?? -1)
                chosen.append(model.explain(word: word, left: left, right: right)!.best)
            }
            let purity = ClusteringMetrics(induced: chosen, gold: labels).purity
            #expect(abs(n - senses.count) <= 1, "\(word): \(n) senses, planted \(senses.count)")
            #expect(purity >= 0.95, "\(word): \(purity) of occurrences in the planted sense")
        }
        for word in facts.singleSenseWords where model.index(of: word) != nil {
            #expect(model.senses(of: word)!.count == 1, "\(word) should keep one sense")
        }
    }
}
