import Testing
import Senses
import SenseVecCore

/// Pair choice of the pseudo-word benchmark.
@Suite struct PseudoWordPairTests {
    /// A corpus in which some words occur only outside the held-out blocks: they must never be paired, since a pair
    /// scored on one word's occurrences only gets ARI 1 by definition.
    @Test func pairsNeedHeldOutOccurrencesOfBothWords() throws {
        // 400 words ranked by frequency; words w300…w339 are the candidates. Even-numbered candidates appear
        // everywhere, odd-numbered ones only outside the held-out blocks.
        let v = 340
        var words: [String] = [], counts: [Int] = []
        for i in 0..<v { words.append("w\(i)"); counts.append(i < 300 ? 10_000 - i : 400) }
        let vocab = try Vocabulary(words: words, counts: counts)
        // 40,000 tokens: held-out blocks of 200 tokens, every 10th block (the benchmark's rule at this length).
        var tokens: [Int32] = []
        var rng = SenseRandom(seed: 3)
        let length = 40_000
        for i in 0..<length {
            if i % 40 == 0 { tokens.append(EncodedCorpus.sentenceBreak); continue }
            if rng.nextInt(below: 2) == 0 {
                var w = 300 + rng.nextInt(below: 40)
                if w % 2 == 1 && (i / 200) % 10 == 9 { w -= 1 }   // odd candidates never in a held-out block
                tokens.append(Int32(w))
            } else { tokens.append(Int32(rng.nextInt(below: 300))) }
        }
        let corpus = EncodedCorpus(tokens: tokens)
        let bench = PseudoWordBenchmark(configuration: SenseTrainingConfiguration())
        let heldOut = bench.heldOutCounts(vocabulary: vocab, corpus: corpus)
        // The held-out counts follow the block rule: odd candidates have none, even ones many.
        #expect((300..<340).filter { $0 % 2 == 1 }.allSatisfy { heldOut[$0] == 0 })
        #expect((300..<340).filter { $0 % 2 == 0 }.allSatisfy { heldOut[$0] >= 20 })
        let withoutFilter = PseudoWordBenchmark.choosePairs(vocabulary: vocab, count: 8, seed: 1, minCount: 100)
        let withFilter = PseudoWordBenchmark.choosePairs(vocabulary: vocab, count: 8, seed: 1, minCount: 100, heldOut: heldOut)
        func odd(_ w: String) -> Bool { Int(w.dropFirst())! % 2 == 1 }
        #expect(withoutFilter.contains { odd($0.first) || odd($0.second) })   // the unfiltered choice hits them
        #expect(!withFilter.isEmpty)
        #expect(!withFilter.contains { odd($0.first) || odd($0.second) })
    }
}
