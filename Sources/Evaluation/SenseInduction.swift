import SenseVecCore

/// Scores of word sense induction on one lemma.
public struct LemmaInductionScore: Sendable {
    public var lemma: String
    /// Instances with a gold sense.
    public var instances: Int
    /// Distinct induced clusters and gold senses among them.
    public var clusters: Int
    public var goldSenses: Int
    /// False when the model does not know the word (all instances then form one cluster).
    public var known: Bool
    public var metrics: ClusteringMetrics
}

/// The outcome of a word sense induction benchmark: per-lemma scores and their unweighted means over lemmas
/// (the AdaGram paper's averaging of the adjusted Rand index).
public struct SenseInductionResult: Sendable {
    public var lemmas: [LemmaInductionScore]
    public var adjustedRandIndex: Double
    public var vMeasure: Double
    public var pairedFScore: Double
    /// Lemmas whose word the model does not know (scored as one cluster).
    public var unknownLemmas: Int
    public var instances: Int
}

/// Word sense induction with a sense model: each occurrence goes to its most probable sense
/// `argmax_z q(z | word, context)` (AdaGram's disambiguation), and the clusters are compared with the gold
/// senses per lemma by ARI, V-measure and paired F-score.
public enum SenseInduction {
    /// Induced cluster (sense index) of every instance of `lemma`; all 0 when the word is unknown.
    public static func clusters(of lemma: SenseInductionLemma, model: some SenseModel) -> (clusters: [Int], known: Bool) {
        let word = model.foldedSenses(of: lemma.word)?.word ?? lemma.word
        var known = false
        let clusters = lemma.instances.map { inst -> Int in
            guard let q = model.posterior(of: word, left: inst.left, right: inst.right), !q.isEmpty else { return 0 }
            known = true
            return SenseSimilarity.argmax(q)
        }
        return (clusters, known)
    }

    public static func evaluate(_ set: SenseInductionSet, model: some SenseModel,
                                progress: ProgressHandler? = nil) -> SenseInductionResult {
        var scores: [LemmaInductionScore] = []
        for (k, lemma) in set.lemmas.enumerated() {
            let scored = lemma.instances.filter { $0.gold != nil }
            guard !scored.isEmpty else { continue }
            let sub = SenseInductionLemma(name: lemma.name, word: lemma.word, instances: scored)
            let (induced, known) = clusters(of: sub, model: model)
            let gold = scored.map { $0.gold! }
            scores.append(LemmaInductionScore(
                lemma: lemma.name, instances: scored.count, clusters: Set(induced).count,
                goldSenses: Set(gold).count, known: known, metrics: ClusteringMetrics(induced: induced, gold: gold)))
            progress?(ProgressEvent(stage: "sense induction", fraction: Double(k + 1) / Double(set.lemmas.count),
                                    finished: k + 1 == set.lemmas.count))
        }
        let m = Double(max(scores.count, 1))
        return SenseInductionResult(
            lemmas: scores,
            adjustedRandIndex: scores.reduce(0) { $0 + $1.metrics.adjustedRandIndex } / m,
            vMeasure: scores.reduce(0) { $0 + $1.metrics.vMeasure } / m,
            pairedFScore: scores.reduce(0) { $0 + $1.metrics.pairedFScore } / m,
            unknownLemmas: scores.filter { !$0.known }.count,
            instances: scores.reduce(0) { $0 + $1.instances })
    }
}
