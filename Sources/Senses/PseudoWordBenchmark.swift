import SenseVecCore

/// The pseudo-word benchmark of sense induction (Gale, Church & Yarowsky 1992; Schütze 1998): in a copy of a
/// corpus, pairs of unrelated words of similar frequency are merged into one token ("apple" and "river" both
/// become "apple_river"); a multi-sense model is trained on the first part of the corpus, and each occurrence of a
/// merged token in the held-out rest is given its most probable sense from its context. A model that separates
/// the two original words scores purity (accuracy under the best sense→word mapping) near 1 and ARI near 1.
public struct PseudoWordBenchmark: Sendable {
    /// One merged pair.
    public struct Pair: Sendable, Equatable {
        public var first: String
        public var second: String
        public init(_ first: String, _ second: String) { self.first = first; self.second = second }
        /// The merged token.
        public var token: String { "\(first)_\(second)" }
    }

    /// Scores of one pair.
    public struct PairScore: Sendable {
        public var pair: Pair
        public var heldOutOccurrences: Int
        /// Active senses of the merged token after training.
        public var senses: Int
        /// Distinct senses chosen over the held-out occurrences.
        public var sensesUsed: Int
        public var purity: Double
        public var adjustedRandIndex: Double
    }

    /// The whole report.
    public struct Report: Sendable {
        public var pairs: [PairScore]
        public var trainedWords: Int
        public var seconds: Double
        public var meanPurity: Double { pairs.isEmpty ? 0 : pairs.reduce(0) { $0 + $1.purity } / Double(pairs.count) }
        public var meanARI: Double { pairs.isEmpty ? 0 : pairs.reduce(0) { $0 + $1.adjustedRandIndex } / Double(pairs.count) }
        public var meanSenses: Double { pairs.isEmpty ? 0 : pairs.reduce(0) { $0 + Double($1.senses) } / Double(pairs.count) }
    }

    public var configuration: SenseTrainingConfiguration
    /// Fraction of the corpus held out for scoring (blocks of up to 10,000 tokens spread over it).
    public var heldOutFraction = 0.1
    /// Context words each side used to score a held-out occurrence.
    public var contextWindow = 5

    public init(configuration: SenseTrainingConfiguration) { self.configuration = configuration }

    /// Chooses `count` pairs by `seed` among words ranked after the 300 most frequent (mostly function words),
    /// with at least `minCount` occurrences and at least 3 letters, pairing each with a word of similar frequency.
    /// With `heldOut` (per-word occurrence counts in the held-out part, ``heldOutCounts(vocabulary:corpus:)``),
    /// only words with at least `minHeldOut` held-out occurrences are used, so that every pair is scored on
    /// occurrences of both of its words (a pair seen through one word only scores ARI 1 by definition).
    public static func choosePairs(vocabulary: Vocabulary, count: Int, seed: UInt64, minCount: Int = 300,
                                   heldOut: [Int]? = nil, minHeldOut: Int = 20) -> [Pair] {
        var candidates: [Int] = []
        for i in 0..<vocabulary.count where i >= 300 && vocabulary.counts[i] >= minCount && vocabulary.words[i].count >= 3 {
            if let heldOut, heldOut[i] < minHeldOut { continue }
            candidates.append(i)
        }
        var rng = SenseRandom(seed: seed)
        var used = Set<Int>()
        var pairs: [Pair] = []
        var attempts = 0
        while pairs.count < count && attempts < 100 * max(1, count) && candidates.count >= 2 {
            attempts += 1
            let i = rng.nextInt(below: candidates.count - 1)
            // Partner: a word at most 5 ranks away (similar frequency) and not adjacent in the list order of
            // first appearance, so the two are unlikely to be related.
            let j = min(candidates.count - 1, i + 1 + rng.nextInt(below: 5))
            let a = candidates[i], b = candidates[j]
            guard a != b, !used.contains(a), !used.contains(b) else { continue }
            used.insert(a); used.insert(b)
            pairs.append(Pair(vocabulary.words[a], vocabulary.words[b]))
        }
        return pairs
    }

    /// Block length and period of the held-out split of a corpus of `tokenCount` tokens: position i is held out
    /// when (i / block) % every == every − 1.
    func heldOutBlocks(tokenCount: Int) -> (block: Int, every: Int) {
        (min(10_000, max(50, tokenCount / 200)), max(2, Int((1 / heldOutFraction).rounded())))
    }

    /// Occurrences of each word of `vocabulary` in the held-out part of `corpus` (see ``run(vocabulary:corpus:pairs:progress:)``).
    public func heldOutCounts(vocabulary: Vocabulary, corpus: EncodedCorpus) -> [Int] {
        var out = [Int](repeating: 0, count: vocabulary.count)
        let (block, every) = heldOutBlocks(tokenCount: corpus.tokens.count)
        for (i, t) in corpus.tokens.enumerated() where t >= 0 && (i / block) % every == every - 1 { out[Int(t)] += 1 }
        return out
    }

    /// Runs the benchmark on an encoded corpus.
    public func run(vocabulary: Vocabulary, corpus: EncodedCorpus, pairs: [Pair],
                    progress: ProgressHandler? = nil) throws -> Report {
        guard !pairs.isEmpty else { throw SenseVecError("pseudo-words: no pairs to merge") }
        guard heldOutFraction > 0 && heldOutFraction < 1 else { throw SenseVecError("held-out fraction must be in (0, 1)") }
        var pairOf: [Int: (pair: Int, label: Int)] = [:]
        for (pi, p) in pairs.enumerated() {
            guard let a = vocabulary.index(of: p.first) else { throw SenseVecError("pseudo-words: '\(p.first)' is not in the vocabulary") }
            guard let b = vocabulary.index(of: p.second) else { throw SenseVecError("pseudo-words: '\(p.second)' is not in the vocabulary") }
            guard a != b, pairOf[a] == nil, pairOf[b] == nil else { throw SenseVecError("pseudo-words: pairs must use distinct words ('\(p.first)', '\(p.second)')") }
            pairOf[a] = (pi, 0); pairOf[b] = (pi, 1)
        }
        // The merged vocabulary: words outside pairs keep their counts; each pair becomes one token.
        var words: [String] = [], counts: [Int] = []
        for i in 0..<vocabulary.count where pairOf[i] == nil { words.append(vocabulary.words[i]); counts.append(vocabulary.counts[i]) }
        for p in pairs {
            words.append(p.token)
            counts.append(vocabulary.counts[vocabulary.index(of: p.first)!] + vocabulary.counts[vocabulary.index(of: p.second)!])
        }
        let merged = try Vocabulary(words: words, counts: counts)
        var map = [Int32](repeating: 0, count: vocabulary.count)
        for i in 0..<vocabulary.count {
            let name = pairOf[i].map { pairs[$0.pair].token } ?? vocabulary.words[i]
            map[i] = Int32(merged.index(of: name)!)
        }
        // Held out: blocks of up to 10,000 tokens spread over the corpus (every ⌈1/fraction⌉-th block), so that
        // book-specific words are not all on one side; a sentence break separates blocks.
        let (block, every) = heldOutBlocks(tokenCount: corpus.tokens.count)
        var train = [Int32](), heldOut = [Int32](), original = [Int32]()
        train.reserveCapacity(corpus.tokens.count)
        for (i, t) in corpus.tokens.enumerated() {
            let v = t < 0 ? t : map[Int(t)]
            let held = (i / block) % every == every - 1
            if i % block == 0 { train.append(EncodedCorpus.sentenceBreak); heldOut.append(EncodedCorpus.sentenceBreak); original.append(EncodedCorpus.sentenceBreak) }
            if held { heldOut.append(v); original.append(t) } else { train.append(v) }
        }
        let start = ContinuousClock.now
        let trainer = try SenseTrainer(configuration: configuration)
        let trainCorpus = EncodedCorpus(tokens: train)
        let model = try trainer.train(vocabulary: merged, corpus: trainCorpus, progress: progress)
        let trainSeconds = SenseTrainer.seconds(since: start)
        // Score held-out occurrences (original labels from the untouched corpus).
        var labels = [[Int]](repeating: [], count: pairs.count), chosen = [[Int]](repeating: [], count: pairs.count)
        for i in 0..<heldOut.count {
            let t = original[i]
            guard t >= 0, let (pi, label) = pairOf[Int(t)] else { continue }
            var ctx: [Int32] = []
            var j = i - 1
            var taken = 0
            while j >= 0 && taken < contextWindow && heldOut[j] >= 0 { ctx.append(heldOut[j]); taken += 1; j -= 1 }
            ctx.reverse()
            j = i + 1; taken = 0
            while j < heldOut.count && taken < contextWindow && heldOut[j] >= 0 { ctx.append(heldOut[j]); taken += 1; j += 1 }
            let e = model.explain(index: Int(heldOut[i]), context: ctx)
            labels[pi].append(label)
            chosen[pi].append(e.best)
        }
        var scores: [PairScore] = []
        for (pi, p) in pairs.enumerated() {
            let x = model.index(of: p.token)!
            scores.append(PairScore(pair: p, heldOutOccurrences: labels[pi].count,
                                    senses: model.activeSenses(ofIndex: x).count,
                                    sensesUsed: Set(chosen[pi]).count,
                                    purity: ClusteringScores.purity(labels: labels[pi], clusters: chosen[pi]),
                                    adjustedRandIndex: ClusteringScores.adjustedRandIndex(labels: labels[pi], clusters: chosen[pi])))
        }
        return Report(pairs: scores, trainedWords: trainCorpus.wordCount * configuration.epochs, seconds: trainSeconds)
    }
}
