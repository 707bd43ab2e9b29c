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

    /// The noun heuristic: a word is noun-like when it often follows a determiner *and* often precedes a frequent
    /// function word; adjectives (after "the", before content words), verbs and names fail one of the two tests,
    /// and only noun-like words are paired when `eligible` is given.
    @Test func nounLikeWordsFollowDeterminersAndPrecedeFunctionWords() throws {
        // Sentences: "the chair of …" (noun), "the old man …" (adjective before a noun), "he said …" (verb),
        // "john was …" (name), "the river was …" (noun), "the house and …" (noun).
        let sentences: [[String]] = [
            ["the", "chair", "of", "the", "house", "and", "the", "river", "was", "old"],
            ["the", "old", "man", "said", "that", "john", "was", "in", "the", "house"],
            ["he", "said", "the", "chair", "was", "by", "the", "river", "of", "the", "old", "man"],
            ["a", "river", "and", "a", "house", "of", "john", "said", "he", "was"],
        ]
        // The vocabulary ranks the function words (and 54 fillers) first, so they are "the 60 most frequent";
        // the content words rank after them.
        let function = ["the", "a", "of", "was", "and", "in", "by", "that"] + (0..<54).map { "f\($0)" }
        let content = ["chair", "house", "river", "old", "man", "john", "said", "he"]
        let vocab = try Vocabulary(words: function + content,
                                   counts: function.indices.map { 1_000 - $0 } + content.indices.map { 100 - $0 })
        var tokens: [Int32] = []
        for _ in 0..<5 { for s in sentences { tokens += s.map { Int32(vocab.index(of: $0)!) }; tokens.append(EncodedCorpus.sentenceBreak) } }
        let nouns = PseudoWordBenchmark.nounLike(vocabulary: vocab, corpus: EncodedCorpus(tokens: tokens))
        func isNoun(_ w: String) -> Bool { nouns[vocab.index(of: w)!] }
        #expect(isNoun("chair") && isNoun("house") && isNoun("river"))
        #expect(!isNoun("old"))     // after "the" but before content words ("man")
        #expect(!isNoun("said") && !isNoun("john") && !isNoun("the"))
    }

    @Test func eligibleWordsRestrictThePairs() throws {
        var words: [String] = [], counts: [Int] = []
        for i in 0..<340 { words.append("w\(i)"); counts.append(10_000 - i) }
        let vocab = try Vocabulary(words: words, counts: counts)
        let eligible = (0..<340).map { $0 % 3 == 0 }
        let pairs = PseudoWordBenchmark.choosePairs(vocabulary: vocab, count: 6, seed: 2, minCount: 100, eligible: eligible)
        #expect(pairs.count == 6)
        for p in pairs { for w in [p.first, p.second] { #expect(Int(w.dropFirst())! % 3 == 0, "\(w) is not eligible") } }
    }
}

/// The whole benchmark on the synthetic corpus with topical senses: merged words of different topics are told
/// apart from their held-out contexts (the model reads its own ±20-word window there).
@Suite struct PseudoWordTopicalTests {
    @Test func topicalSensesSeparateMergedWords() throws {
        let (vocab, corpus, _) = try TopicalSenseModelTests.syntheticCorpus(tokens: 200_000)
        var c = SenseTrainingConfiguration()
        c.dimension = 24; c.maxSenses = 2; c.threads = 1; c.epochs = 2; c.sample = 1e-3; c.occurrencesPerSense = 50
        c.fitSample = 300; c.contextKind = .topic
        var bench = PseudoWordBenchmark(configuration: c)
        let heldOut = bench.heldOutCounts(vocabulary: vocab, corpus: corpus)
        // Three pairs of frequent words (from rank 40 on) with at least 30 held-out occurrences each.
        let candidates = (40..<400).filter { heldOut[$0] >= 30 }.prefix(6).map { vocab.words[$0] }
        try #require(candidates.count == 6)
        let pairs = (0..<3).map { PseudoWordBenchmark.Pair(candidates[$0], candidates[$0 + 3]) }
        bench.supervisedCeiling = true
        let report = try bench.run(vocabulary: vocab, corpus: corpus, pairs: pairs)
        let scores = report.pairs.map { ($0.pair.token, $0.purity, $0.adjustedRandIndex, $0.ceilingPurity ?? -1) }
        #expect(report.pairs.count == 3)
        // Two of the three pairs are separated (the third, a pronoun with an adverb, is not), every reference is.
        #expect(report.meanPurity > 0.65 && report.pairs.filter { $0.adjustedRandIndex > 0.3 }.count >= 2, "\(scores)")
        #expect(report.pairs.allSatisfy { ($0.ceilingPurity ?? 0) > 0.95 }, "\(scores)")
    }
}
