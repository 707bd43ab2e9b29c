import Foundation
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
    /// The part of speech named by the lemma (`n` for `access.n`, `a` for `hard-a`), nil when it names none.
    public var partOfSpeech: String? { SenseInductionSet.partOfSpeech(ofLemma: lemma) }
}

/// Mean scores over a group of lemmas, in one of the two conventions of the literature.
public struct InductionScores: Sendable, Equatable {
    public var adjustedRandIndex: Double
    public var vMeasure: Double
    public var pairedFScore: Double
    /// AVG = √(F · V), the geometric mean of paired F-score and V-measure (the single number used for SemEval-2010
    /// task 14 since Amrami & Goldberg 2018; it is 0 when every context of a lemma is in one cluster, V = 0,
    /// and when every context is its own cluster, F = 0).
    public var avg: Double { max(0, pairedFScore * vMeasure).squareRoot() }
}

/// A group of lemmas (all, or those of one part of speech) and their averaged scores.
public struct InductionSummary: Sendable {
    /// "all", or a part of speech (`n`, `v`, `a`).
    public var group: String
    public var lemmas: Int
    public var instances: Int
    /// Mean number of induced clusters per lemma, and of gold senses.
    public var clustersPerLemma: Double
    public var goldSensesPerLemma: Double
    /// Each lemma weighs 1 (the AdaGram paper's averaging of ARI).
    public var perLemma: InductionScores
    /// Each lemma weighs its number of instances: `Σ_w n_w·score_w / Σ_w n_w`. This is how the SemEval-2010
    /// task 14 scorer and its paper (Manandhar et al. 2010) average F-score and V-measure over target words, and
    /// it reproduces the paper's baselines on this data (docs/eval.md).
    public var perInstance: InductionScores

    init(group: String, scores: [LemmaInductionScore]) {
        self.group = group
        lemmas = scores.count
        instances = scores.reduce(0) { $0 + $1.instances }
        let m = Double(max(scores.count, 1)), n = Double(max(instances, 1))
        clustersPerLemma = scores.reduce(0.0) { $0 + Double($1.clusters) } / m
        goldSensesPerLemma = scores.reduce(0.0) { $0 + Double($1.goldSenses) } / m
        func mean(_ value: (ClusteringMetrics) -> Double, weighted: Bool) -> Double {
            scores.reduce(0.0) { $0 + value($1.metrics) * (weighted ? Double($1.instances) : 1) } / (weighted ? n : m)
        }
        func means(weighted: Bool) -> InductionScores {
            InductionScores(adjustedRandIndex: mean(\.adjustedRandIndex, weighted: weighted),
                            vMeasure: mean(\.vMeasure, weighted: weighted),
                            pairedFScore: mean(\.pairedFScore, weighted: weighted))
        }
        perLemma = means(weighted: false)
        perInstance = means(weighted: true)
    }
}

/// The outcome of a word sense induction benchmark: per-lemma scores and their averages.
public struct SenseInductionResult: Sendable {
    public var lemmas: [LemmaInductionScore]
    /// Unweighted means over lemmas (the AdaGram paper's averaging of the adjusted Rand index); the same
    /// numbers as `all.perLemma`.
    public var adjustedRandIndex: Double
    public var vMeasure: Double
    public var pairedFScore: Double
    /// Lemmas whose word the model does not know (scored as one cluster).
    public var unknownLemmas: Int
    public var instances: Int
    /// All lemmas, both averaging conventions.
    public var all: InductionSummary
    /// One summary per part of speech named by the lemmas (`n`, `v`, …, in order of first appearance), empty when
    /// the lemmas name fewer than two.
    public var byPartOfSpeech: [InductionSummary]

    public init(lemmas: [LemmaInductionScore]) {
        self.lemmas = lemmas
        all = InductionSummary(group: "all", scores: lemmas)
        adjustedRandIndex = all.perLemma.adjustedRandIndex
        vMeasure = all.perLemma.vMeasure
        pairedFScore = all.perLemma.pairedFScore
        unknownLemmas = lemmas.filter { !$0.known }.count
        instances = all.instances
        var order: [String] = []
        for l in lemmas { if let p = l.partOfSpeech, !order.contains(p) { order.append(p) } }
        byPartOfSpeech = order.count < 2 || lemmas.contains(where: { $0.partOfSpeech == nil }) ? []
            : order.map { p in InductionSummary(group: p, scores: lemmas.filter { $0.partOfSpeech == p }) }
    }
}

/// The standard trivial clusterings of word sense induction (Manandhar et al. 2010): every instance of a lemma in
/// one cluster (the "most frequent sense" baseline, MFS: V-measure 0, high F-score) and every instance in a
/// cluster of its own ("1 cluster per instance": F-score 0, high V-measure).
public enum InductionBaseline: String, Sendable, CaseIterable {
    case oneCluster = "one-cluster"
    case onePerInstance = "one-per-instance"

    /// The clusters of `count` instances.
    public func clusters(count: Int) -> [Int] {
        switch self {
        case .oneCluster: return [Int](repeating: 0, count: count)
        case .onePerInstance: return Array(0..<count)
        }
    }
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
        evaluate(set, progress: progress) { clusters(of: $0, model: model) }
    }

    /// Scores a trivial clustering (``InductionBaseline``); every lemma counts as known.
    public static func evaluate(_ set: SenseInductionSet, baseline: InductionBaseline,
                                progress: ProgressHandler? = nil) -> SenseInductionResult {
        evaluate(set, progress: progress) { (baseline.clusters(count: $0.instances.count), true) }
    }

    /// Scores any clustering: `cluster` gives the induced cluster of each instance of a lemma (only the instances
    /// with a gold sense are passed) and whether the lemma was known.
    public static func evaluate(_ set: SenseInductionSet, progress: ProgressHandler? = nil,
                                cluster: (SenseInductionLemma) -> (clusters: [Int], known: Bool)) -> SenseInductionResult {
        var scores: [LemmaInductionScore] = []
        for (k, lemma) in set.lemmas.enumerated() {
            let scored = lemma.instances.filter { $0.gold != nil }
            guard !scored.isEmpty else { continue }
            let sub = SenseInductionLemma(name: lemma.name, word: lemma.word, instances: scored)
            let (induced, known) = cluster(sub)
            precondition(induced.count == scored.count, "one cluster per instance")
            let gold = scored.map { $0.gold! }
            scores.append(LemmaInductionScore(
                lemma: lemma.name, instances: scored.count, clusters: Set(induced).count,
                goldSenses: Set(gold).count, known: known, metrics: ClusteringMetrics(induced: induced, gold: gold)))
            progress?(ProgressEvent(stage: "sense induction", fraction: Double(k + 1) / Double(set.lemmas.count),
                                    finished: k + 1 == set.lemmas.count))
        }
        return SenseInductionResult(lemmas: scores)
    }
}
