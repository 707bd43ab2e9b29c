/// Agreement between an induced clustering and gold labels.
public enum ClusteringScores {
    /// Purity: the accuracy of the best many-to-one mapping from clusters to labels,
    /// Σ_k max_c |cluster k ∩ label c| / N (Manning et al., Introduction to IR, §16.3).
    public static func purity(labels: [Int], clusters: [Int]) -> Double {
        precondition(labels.count == clusters.count)
        guard !labels.isEmpty else { return 0 }
        var table: [Int: [Int: Int]] = [:]
        for (l, c) in zip(labels, clusters) { table[c, default: [:]][l, default: 0] += 1 }
        let hits = table.values.reduce(0) { $0 + ($1.values.max() ?? 0) }
        return Double(hits) / Double(labels.count)
    }

    /// The adjusted Rand index (Hubert & Arabie 1985):
    /// ARI = (Σ_ij C(n_ij,2) − [Σ_i C(a_i,2) Σ_j C(b_j,2)] / C(n,2)) /
    ///       (½[Σ_i C(a_i,2) + Σ_j C(b_j,2)] − [Σ_i C(a_i,2) Σ_j C(b_j,2)] / C(n,2)).
    /// 1 for identical partitions, about 0 for independent ones; 1 when both put everything in one cluster, 0 when
    /// only one of them does and the expected index equals the maximum (the degenerate case).
    public static func adjustedRandIndex(labels: [Int], clusters: [Int]) -> Double {
        precondition(labels.count == clusters.count)
        let n = labels.count
        guard n > 1 else { return 1 }
        func pairs(_ k: Int) -> Double { Double(k) * Double(k - 1) / 2 }
        var joint: [Int: Int] = [:], a: [Int: Int] = [:], b: [Int: Int] = [:]
        for (l, c) in zip(labels, clusters) {
            joint[l &* 1_000_003 &+ c, default: 0] += 1
            a[l, default: 0] += 1
            b[c, default: 0] += 1
        }
        let index = joint.values.reduce(0.0) { $0 + pairs($1) }
        let sa = a.values.reduce(0.0) { $0 + pairs($1) }, sb = b.values.reduce(0.0) { $0 + pairs($1) }
        let expected = sa * sb / pairs(n)
        let maximum = (sa + sb) / 2
        guard maximum != expected else { return a.count == b.count && a.count == 1 ? 1 : 0 }
        return (index - expected) / (maximum - expected)
    }
}
