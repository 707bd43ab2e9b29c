#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
        /// The supervised reference (when ``PseudoWordBenchmark/supervisedCeiling`` is on): an L2-regularized
        /// logistic regression on the bag of ±``contextWindow`` context words (``LogisticRegression``, fitted by
        /// L-BFGS), trained with the labels on every occurrence of the pair in the training part (every occurrence
        /// but the held-out ones) and scored on the same held-out occurrences as the model. It uses the labels.
        public var ceilingPurity: Double?
        public var ceilingARI: Double?
    }

    /// The whole report.
    public struct Report: Sendable {
        public var pairs: [PairScore]
        public var trainedWords: Int
        public var seconds: Double
        public var meanPurity: Double { pairs.isEmpty ? 0 : pairs.reduce(0) { $0 + $1.purity } / Double(pairs.count) }
        public var meanARI: Double { pairs.isEmpty ? 0 : pairs.reduce(0) { $0 + $1.adjustedRandIndex } / Double(pairs.count) }
        public var meanSenses: Double { pairs.isEmpty ? 0 : pairs.reduce(0) { $0 + Double($1.senses) } / Double(pairs.count) }
        /// Means of the supervised ceiling, when it was computed.
        public var meanCeilingPurity: Double? {
            pairs.isEmpty || pairs.contains { $0.ceilingPurity == nil } ? nil : pairs.reduce(0) { $0 + $1.ceilingPurity! } / Double(pairs.count)
        }
        public var meanCeilingARI: Double? {
            pairs.isEmpty || pairs.contains { $0.ceilingARI == nil } ? nil : pairs.reduce(0) { $0 + $1.ceilingARI! } / Double(pairs.count)
        }
    }

    public var configuration: SenseTrainingConfiguration
    /// Fraction of the corpus held out for scoring (blocks of up to 10,000 tokens spread over it).
    public var heldOutFraction = 0.1
    /// Context words each side used to score a held-out occurrence.
    public var contextWindow = 5
    /// Also compute the supervised reference of each pair (``PairScore/ceilingPurity``).
    public var supervisedCeiling = false

    public init(configuration: SenseTrainingConfiguration) { self.configuration = configuration }

    /// Chooses `count` pairs by `seed` among words ranked after the 300 most frequent (mostly function words),
    /// with at least `minCount` occurrences and at least 3 letters, pairing each with a word of similar frequency.
    /// With `heldOut` (per-word occurrence counts in the held-out part, ``heldOutCounts(vocabulary:corpus:)``),
    /// only words with at least `minHeldOut` held-out occurrences are used, so that every pair is scored on
    /// occurrences of both of its words (a pair seen through one word only scores ARI 1 by definition).
    /// With `eligible` (for example ``nounLike(vocabulary:corpus:)``), only words marked true are paired.
    public static func choosePairs(vocabulary: Vocabulary, count: Int, seed: UInt64, minCount: Int = 300,
                                   heldOut: [Int]? = nil, minHeldOut: Int = 20, eligible: [Bool]? = nil) -> [Pair] {
        let candidates = pairCandidates(vocabulary: vocabulary, minCount: minCount, heldOut: heldOut,
                                        minHeldOut: minHeldOut, eligible: eligible).words
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

    /// The words ``choosePairs(vocabulary:count:seed:minCount:heldOut:minHeldOut:eligible:)`` may pair, and how
    /// many words pass each of its tests in turn (to explain a shortfall).
    public struct PairCandidates: Sendable, Equatable {
        /// Word ids that pass every test, most frequent first.
        public var words: [Int]
        /// Words ranked after the 300 most frequent with at least 3 letters.
        public var ranked = 0
        /// Of those, words with at least `minCount` occurrences.
        public var frequent = 0
        /// Of those, words with at least `minHeldOut` occurrences in the held-out part (all of them without `heldOut`).
        public var scorable = 0
    }

    /// The candidates of ``choosePairs(vocabulary:count:seed:minCount:heldOut:minHeldOut:eligible:)``.
    public static func pairCandidates(vocabulary: Vocabulary, minCount: Int = 300, heldOut: [Int]? = nil,
                                      minHeldOut: Int = 20, eligible: [Bool]? = nil) -> PairCandidates {
        var result = PairCandidates(words: [])
        for i in 0..<vocabulary.count where i >= 300 && vocabulary.words[i].count >= 3 {
            result.ranked += 1
            guard vocabulary.counts[i] >= minCount else { continue }
            result.frequent += 1
            if let heldOut, heldOut[i] < minHeldOut { continue }
            result.scorable += 1
            if let eligible, !eligible[i] { continue }
            result.words.append(i)
        }
        return result
    }

    /// English determiners and possessives: a word that often follows one of them is noun-like.
    public static let determiners: Set<String> = ["the", "a", "an", "his", "her", "my", "their", "our", "your", "its",
                                                  "this", "these", "those", "every", "no", "each", "some", "any"]

    /// Which words behave like English common nouns in `corpus`, from two counts and no tagger: a word is
    /// noun-like when at least `afterDeterminer` of its occurrences follow a determiner ("the _", "his _") *and*
    /// at least `beforeFunctionWord` of them precede one of the 60 most frequent words that is not a
    /// determiner ("_ of", "_ was", "_ and"). The first test alone also admits adjectives ("the old man"), which
    /// are followed by content words; verbs, adverbs and names fail the first. On the first 20 MB of
    /// gutenberg-19m the same rule, prototyped in Python, kept 245 of the 836 words ranked after 300 with at
    /// least 300 occurrences (`brother`, `week`, `chair`, `country`, `wall`, `paper`); it rejected the adjectives
    /// `small`, `red`, `proper` and missed some nouns (`society`, `times`). The reference runs used frequency-matched *noun* pairs; this lets ``choosePairs`` draw the same kind.
    public static func nounLike(vocabulary: Vocabulary, corpus: EncodedCorpus,
                                afterDeterminer: Double = 0.3, beforeFunctionWord: Double = 0.4) -> [Bool] {
        let n = vocabulary.count
        var isDeterminer = [Bool](repeating: false, count: n), isFunction = [Bool](repeating: false, count: n)
        for w in determiners { if let i = vocabulary.index(of: w) { isDeterminer[i] = true } }
        // Vocabulary ids are in descending frequency order.
        for i in 0..<min(60, n) where !isDeterminer[i] { isFunction[i] = true }
        var total = [Int](repeating: 0, count: n), after = [Int](repeating: 0, count: n), before = [Int](repeating: 0, count: n)
        let t = corpus.tokens
        for i in t.indices where t[i] >= 0 {
            let w = Int(t[i])
            total[w] += 1
            if i > 0 && t[i - 1] >= 0 && isDeterminer[Int(t[i - 1])] { after[w] += 1 }
            if i + 1 < t.count && t[i + 1] >= 0 && isFunction[Int(t[i + 1])] { before[w] += 1 }
        }
        var out = [Bool](repeating: false, count: n)
        for w in 0..<n where total[w] > 0 {
            let all = Double(total[w])
            out[w] = Double(after[w]) >= afterDeterminer * all && Double(before[w]) >= beforeFunctionWord * all
        }
        return out
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

    /// The corpus of a run, split and merged: ``run(vocabulary:corpus:pairs:progress:)`` trains on `train` and
    /// scores the occurrences of pair words in `heldOut`.
    public struct Split: Sendable {
        /// The merged vocabulary (pair words replaced by their pair's token).
        public var merged: Vocabulary
        /// For each word id of the original vocabulary in a pair: the pair's index and 0 (first word) or 1.
        public var pairOf: [Int: PairLabel]
        /// The training part in merged ids, and the same positions in original ids (empty unless asked for:
        /// only the supervised ceiling reads it).
        public var train: [Int32], trainOriginal: [Int32]
        /// The held-out part in merged ids, and the same positions in original ids.
        public var heldOut: [Int32], original: [Int32]
    }
    /// Which pair a word belongs to and which of its two words it is.
    public struct PairLabel: Sendable { public var pair: Int; public var label: Int }

    /// Merges the pairs and splits the corpus into the training and held-out parts.
    public func split(vocabulary: Vocabulary, corpus: EncodedCorpus, pairs: [Pair], keepTrainOriginal: Bool = true) throws -> Split {
        guard !pairs.isEmpty else { throw SenseVecError("pseudo-words: no pairs to merge") }
        guard heldOutFraction > 0 && heldOutFraction < 1 else { throw SenseVecError("held-out fraction must be in (0, 1)") }
        var pairOf: [Int: PairLabel] = [:]
        for (pi, p) in pairs.enumerated() {
            guard let a = vocabulary.index(of: p.first) else { throw SenseVecError("pseudo-words: '\(p.first)' is not in the vocabulary") }
            guard let b = vocabulary.index(of: p.second) else { throw SenseVecError("pseudo-words: '\(p.second)' is not in the vocabulary") }
            guard a != b else { throw SenseVecError("pseudo-words: the pair '\(p.first) \(p.second)' pairs a word with itself") }
            for (w, id) in [(p.first, a), (p.second, b)] {
                if let earlier = pairOf[id] {
                    let e = pairs[earlier.pair]
                    throw SenseVecError("pseudo-words: '\(w)' is in two pairs ('\(e.first) \(e.second)' and '\(p.first) \(p.second)'): a word can be merged into one pair only")
                }
            }
            pairOf[a] = PairLabel(pair: pi, label: 0); pairOf[b] = PairLabel(pair: pi, label: 1)
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
        var train = [Int32](), heldOut = [Int32](), original = [Int32](), trainOriginal = [Int32]()
        train.reserveCapacity(corpus.tokens.count)
        if keepTrainOriginal { trainOriginal.reserveCapacity(corpus.tokens.count) }
        for (i, t) in corpus.tokens.enumerated() {
            let v = t < 0 ? t : map[Int(t)]
            let held = (i / block) % every == every - 1
            if i % block == 0 {
                train.append(EncodedCorpus.sentenceBreak)
                if keepTrainOriginal { trainOriginal.append(EncodedCorpus.sentenceBreak) }
                heldOut.append(EncodedCorpus.sentenceBreak); original.append(EncodedCorpus.sentenceBreak)
            }
            if held { heldOut.append(v); original.append(t) } else {
                train.append(v)
                if keepTrainOriginal { trainOriginal.append(t) }
            }
        }
        return Split(merged: merged, pairOf: pairOf, train: train, trainOriginal: trainOriginal, heldOut: heldOut, original: original)
    }

    /// Runs the benchmark on an encoded corpus.
    public func run(vocabulary: Vocabulary, corpus: EncodedCorpus, pairs: [Pair],
                    progress: ProgressHandler? = nil) throws -> Report {
        let parts = try split(vocabulary: vocabulary, corpus: corpus, pairs: pairs,
                              keepTrainOriginal: supervisedCeiling)
        let merged = parts.merged, pairOf = parts.pairOf, train = parts.train, trainOriginal = parts.trainOriginal
        let heldOut = parts.heldOut, original = parts.original
        let start = ContinuousClock.now
        let trainer = try SenseTrainer(configuration: configuration)
        let trainCorpus = EncodedCorpus(tokens: train)
        let model = try trainer.train(vocabulary: merged, corpus: trainCorpus, progress: progress)
        let trainSeconds = SenseTrainer.seconds(since: start)
        // Score held-out occurrences (original labels from the untouched corpus).
        var labels = [[Int]](repeating: [], count: pairs.count), chosen = [[Int]](repeating: [], count: pairs.count)
        var contexts = [[[Int32]]](repeating: [], count: pairs.count)
        for i in 0..<heldOut.count {
            let t = original[i]
            guard t >= 0, let pl = pairOf[Int(t)] else { continue }
            let pi = pl.pair, label = pl.label
            // A topical model reads its own context window; Adaptive Skip-gram ±contextWindow words.
            let ctx = Self.context(of: i, in: heldOut, window: model.topical != nil ? model.window : contextWindow)
            let e = model.explain(index: Int(heldOut[i]), context: ctx.ids, leftCount: ctx.leftCount)
            labels[pi].append(label)
            chosen[pi].append(e.best)
            if supervisedCeiling { contexts[pi].append(Self.context(of: i, in: heldOut, window: contextWindow).ids) }
        }
        var ceiling: [(purity: Double, ari: Double)]? = nil
        if supervisedCeiling {
            var examples = [[(context: [Int32], label: Int)]](repeating: [], count: pairs.count)
            for i in 0..<trainOriginal.count {
                let t = trainOriginal[i]
                guard t >= 0, let pl = pairOf[Int(t)] else { continue }
                examples[pl.pair].append((Self.context(of: i, in: train, window: contextWindow).ids, pl.label))
            }
            ceiling = (0..<pairs.count).map { pi in
                let predicted = Self.supervisedReference(training: examples[pi], scoring: contexts[pi])
                let m = ClusteringMetrics(induced: predicted, gold: labels[pi])
                return (m.purity, m.adjustedRandIndex)
            }
        }
        var scores: [PairScore] = []
        for (pi, p) in pairs.enumerated() {
            let x = model.index(of: p.token)!
            let m = ClusteringMetrics(induced: chosen[pi], gold: labels[pi])
            scores.append(PairScore(pair: p, heldOutOccurrences: labels[pi].count,
                                    senses: model.activeSenses(ofIndex: x).count,
                                    sensesUsed: Set(chosen[pi]).count,
                                    purity: m.purity, adjustedRandIndex: m.adjustedRandIndex,
                                    ceilingPurity: ceiling?[pi].purity, ceilingARI: ceiling?[pi].ari))
        }
        return Report(pairs: scores, trainedWords: trainCorpus.wordCount * configuration.epochs, seconds: trainSeconds)
    }

    /// The supervised reference of one pair: a ``LogisticRegression`` on the bag of context words (each distinct
    /// word of the context one binary feature), fitted on the labelled `training` contexts (every occurrence of
    /// the pair in the training part), predicting the label of each `scoring` context. Words never seen in
    /// training carry no weight.
    static func supervisedReference(training: [(context: [Int32], label: Int)], scoring: [[Int32]]) -> [Int] {
        var index: [Int32: Int32] = [:]
        func features(_ context: [Int32], adding: Bool) -> [Int32] {
            // Indices in order of first appearance (not a Set's order, which changes from run to run).
            var out: [Int32] = []
            for w in context {
                let j: Int32
                if let k = index[w] { j = k } else if adding { j = Int32(index.count); index[w] = j } else { continue }
                if !out.contains(j) { out.append(j) }
            }
            return out.sorted()
        }
        let examples = training.map { LogisticRegression.Example(features: features($0.context, adding: true), label: $0.label) }
        let model = LogisticRegression.fit(examples: examples, featureCount: index.count)
        return scoring.map { model.predict(features($0, adding: false)) }
    }

    /// The up to `window` tokens each side of position i, within its sentence (left then right).
    public static func context(of i: Int, in tokens: [Int32], window: Int) -> (ids: [Int32], leftCount: Int) {
        var ctx: [Int32] = []
        var j = i - 1, taken = 0
        while j >= 0 && taken < window && tokens[j] >= 0 { ctx.append(tokens[j]); taken += 1; j -= 1 }
        ctx.reverse()
        let leftCount = ctx.count
        j = i + 1; taken = 0
        while j < tokens.count && taken < window && tokens[j] >= 0 { ctx.append(tokens[j]); taken += 1; j += 1 }
        return (ctx, leftCount)
    }
}
