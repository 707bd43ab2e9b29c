/// Agreement between an induced clustering and gold classes of the same items: the one implementation of the
/// adjusted Rand index, V-measure, paired F-score and purity used by every benchmark (word sense induction in
/// `Evaluation`, the pseudo-word benchmark in `Senses`).
///
/// All measures are computed from the contingency table `n_ij` (items of class i in cluster j), with row
/// sums `a_i` and column sums `b_j`; labels are arbitrary hashable values.
public struct ClusteringMetrics: Sendable, Equatable {
    /// Adjusted Rand index (Hubert & Arabie 1985): `(Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E)` with
    /// `E = Σ C(a_i,2) Σ C(b_j,2) / C(n,2)`. 1 for identical partitions, about 0 for random ones. When the
    /// denominator is 0 (both partitions a single cluster, or both all singletons, or n < 2) the partitions
    /// are identical and the index is 1, as scikit-learn defines it.
    public var adjustedRandIndex: Double
    /// Homogeneity `1 − H(C|K)/H(C) = I(C;K)/H(C)` (1 when H(C) = 0) (Rosenberg & Hirschberg 2007).
    public var homogeneity: Double
    /// Completeness `1 − H(K|C)/H(K) = I(C;K)/H(K)` (1 when H(K) = 0).
    public var completeness: Double
    /// V-measure, the harmonic mean of homogeneity and completeness (0 when both are 0).
    public var vMeasure: Double
    /// Paired precision `|F(K) ∩ F(C)| / |F(K)|` over unordered pairs of items in one induced cluster (F(K))
    /// and in one gold class (F(C)) (Manandhar et al. 2010, SemEval-2010 task 14).
    public var pairedPrecision: Double
    /// Paired recall `|F(K) ∩ F(C)| / |F(C)|`.
    public var pairedRecall: Double
    /// Paired F-score, the harmonic mean of paired precision and recall. Conventions for the degenerate
    /// cases: when neither clustering has a pair (both all singletons) F = 1; when only one side has no
    /// pair, that side's ratio is 0 and so is F.
    public var pairedFScore: Double
    /// Purity: the accuracy of the best many-to-one mapping from clusters to classes, `Σ_j max_i n_ij / n`
    /// (Manning, Raghavan & Schütze, Introduction to Information Retrieval, §16.3). 0 when there are no items.
    public var purity: Double
    /// Number of items.
    public var count: Int

    /// Compares `induced` cluster labels with `gold` class labels (same length, same item order).
    public init<C: Hashable, G: Hashable>(induced: [C], gold: [G]) {
        precondition(induced.count == gold.count, "clusterings of different lengths")
        let n = induced.count
        count = n
        var classIndex: [G: Int] = [:], clusterIndex: [C: Int] = [:]
        var cells: [Int: Int] = [:]  // key = class * K + cluster, filled after the indices are known
        var classOf = [Int](repeating: 0, count: n), clusterOf = [Int](repeating: 0, count: n)
        for i in 0..<n {
            classOf[i] = classIndex[gold[i]] ?? { let k = classIndex.count; classIndex[gold[i]] = k; return k }()
            clusterOf[i] = clusterIndex[induced[i]] ?? { let k = clusterIndex.count; clusterIndex[induced[i]] = k; return k }()
        }
        let kCount = max(clusterIndex.count, 1)
        var a = [Double](repeating: 0, count: classIndex.count)
        var b = [Double](repeating: 0, count: clusterIndex.count)
        for i in 0..<n {
            cells[classOf[i] * kCount + clusterOf[i], default: 0] += 1
            a[classOf[i]] += 1
            b[clusterOf[i]] += 1
        }
        func pairs(_ x: Double) -> Double { x * (x - 1) / 2 }
        let sumCells = cells.values.reduce(0.0) { $0 + pairs(Double($1)) }
        let sumA = a.reduce(0.0) { $0 + pairs($1) }
        let sumB = b.reduce(0.0) { $0 + pairs($1) }
        let total = pairs(Double(n))

        // Purity: the largest cell of each cluster.
        var largest = [Int](repeating: 0, count: clusterIndex.count)
        for (key, c) in cells { largest[key % kCount] = max(largest[key % kCount], c) }
        purity = n == 0 ? 0 : Double(largest.reduce(0, +)) / Double(n)

        // Adjusted Rand index.
        if total == 0 {
            adjustedRandIndex = 1
        } else {
            let expected = sumA * sumB / total
            let maxIndex = (sumA + sumB) / 2
            adjustedRandIndex = maxIndex == expected ? 1 : (sumCells - expected) / (maxIndex - expected)
        }

        // Entropies in nats (the base cancels in the ratios).
        let nd = Double(n)
        func entropy(_ counts: [Double]) -> Double {
            counts.reduce(0.0) { h, c in c > 0 ? h - (c / nd) * log(c / nd) : h }
        }
        let hC = entropy(a), hK = entropy(b)
        // Mutual information I(C;K) = H(C) − H(C|K) = H(K) − H(K|C), summed directly (as scikit-learn does) and
        // clipped to [0, min(H(C), H(K))], so that rounding cannot make a score fall below 0 or above 1: one
        // cluster gives exactly I = 0 (every term is log 1), hence V = 0 and not −1e-17.
        // Summed in key order: a dictionary's order changes from process to process, and so would the last bits.
        var mutual = 0.0
        for (key, c) in cells.sorted(by: { $0.key < $1.key }) where c > 0 {
            let nij = Double(c)
            mutual += (nij / nd) * log(nd * nij / (a[key / kCount] * b[key % kCount]))
        }
        mutual = min(max(mutual, 0), min(hC, hK))
        homogeneity = hC == 0 ? 1 : mutual / hC
        completeness = hK == 0 ? 1 : mutual / hK
        vMeasure = homogeneity + completeness == 0 ? 0
            : 2 * homogeneity * completeness / (homogeneity + completeness)

        // Paired F-score.
        if sumA == 0 && sumB == 0 {
            pairedPrecision = 1; pairedRecall = 1; pairedFScore = 1
        } else {
            pairedPrecision = sumB > 0 ? sumCells / sumB : 0
            pairedRecall = sumA > 0 ? sumCells / sumA : 0
            pairedFScore = pairedPrecision + pairedRecall == 0 ? 0
                : 2 * pairedPrecision * pairedRecall / (pairedPrecision + pairedRecall)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
