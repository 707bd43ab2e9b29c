import Foundation
import Testing
import SenseVecCore

@Suite struct ClusteringMetricsTests {
    func close(_ a: Double, _ b: Double, _ tol: Double = 1e-12) -> Bool { abs(a - b) < tol }

    @Test func smallClusteringByHand() {
        // gold: {0,1,2} {3,4,5}; induced: {0,1} {2,3} {4,5}
        let m = ClusteringMetrics(induced: [0, 0, 1, 1, 2, 2], gold: ["x", "x", "x", "y", "y", "y"])
        // Σ C(n_ij,2) = 2, Σ C(a_i,2) = 6, Σ C(b_j,2) = 3, C(6,2) = 15, E = 6·3/15 = 1.2, max = 4.5
        #expect(close(m.adjustedRandIndex, (2 - 1.2) / (4.5 - 1.2)))
        // paired: P = 2/3, R = 2/6, F = 4/9
        #expect(close(m.pairedPrecision, 2.0 / 3))
        #expect(close(m.pairedRecall, 1.0 / 3))
        #expect(close(m.pairedFScore, 4.0 / 9))
        // H(C) = ln 2, H(C|K) = ln2 / 3 → h = 2/3
        #expect(close(m.homogeneity, 2.0 / 3))
        // H(K) = ln 3, H(K|C) = (2/3) ln(3/2) + (1/3) ln 3
        let c = 1 - ((2.0 / 3) * log(1.5) + (1.0 / 3) * log(3.0)) / log(3.0)
        #expect(close(m.completeness, c))
        #expect(close(m.vMeasure, 2 * (2.0 / 3) * c / (2.0 / 3 + c)))
    }

    @Test func scikitLearnDocumentationExample() {
        // adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 4/7 (Σ n_ij pairs 1, E = 1/3, max = 1.5)
        let m = ClusteringMetrics(induced: [0, 0, 1, 2], gold: [0, 0, 1, 1])
        #expect(close(m.adjustedRandIndex, 4.0 / 7))
    }

    @Test func singleClusterAgainstTwoClasses() {
        let m = ClusteringMetrics(induced: [5, 5, 5, 5], gold: [0, 0, 1, 1])
        #expect(close(m.adjustedRandIndex, 0))
        #expect(close(m.homogeneity, 0))
        #expect(close(m.completeness, 1))
        #expect(close(m.vMeasure, 0))
        // P = 2/6, R = 2/2 → F = 1/2
        #expect(close(m.pairedPrecision, 1.0 / 3))
        #expect(close(m.pairedRecall, 1))
        #expect(close(m.pairedFScore, 0.5))
    }

    @Test func allSingletonsAgainstTwoClasses() {
        let m = ClusteringMetrics(induced: [0, 1, 2, 3], gold: [0, 0, 1, 1])
        #expect(close(m.adjustedRandIndex, 0))
        #expect(close(m.homogeneity, 1))
        // H(K) = ln 4, H(K|C) = ln 2 → c = 1/2, V = 2/3
        #expect(close(m.completeness, 0.5))
        #expect(close(m.vMeasure, 2.0 / 3))
        #expect(close(m.pairedPrecision, 0))
        #expect(close(m.pairedFScore, 0))
    }

    @Test func identicalAndDegenerateIdenticalPartitions() {
        for (induced, gold) in [([1, 1, 2, 2, 3], [7, 7, 8, 8, 9]), ([0, 0, 0], [4, 4, 4]), ([0, 1, 2], [2, 0, 1])] {
            let m = ClusteringMetrics(induced: induced, gold: gold)
            #expect(close(m.adjustedRandIndex, 1))
            #expect(close(m.vMeasure, 1))
            #expect(close(m.pairedFScore, 1))
        }
        let one = ClusteringMetrics(induced: [3], gold: ["a"])
        #expect(one.adjustedRandIndex == 1 && one.vMeasure == 1 && one.pairedFScore == 1)
    }

    @Test func labelsArePermutationInvariant() {
        let a = ClusteringMetrics(induced: [0, 0, 1, 1, 2, 2, 0], gold: [1, 0, 0, 1, 1, 2, 2])
        let b = ClusteringMetrics(induced: [9, 9, 4, 4, 7, 7, 9], gold: ["q", "p", "p", "q", "q", "r", "r"])
        #expect(a == b)
        // Swapping roles swaps homogeneity with completeness and precision with recall; ARI and V stay.
        let c = ClusteringMetrics(induced: [1, 0, 0, 1, 1, 2, 2], gold: [0, 0, 1, 1, 2, 2, 0])
        #expect(close(a.adjustedRandIndex, c.adjustedRandIndex))
        #expect(close(a.homogeneity, c.completeness))
        #expect(close(a.pairedPrecision, c.pairedRecall))
        #expect(close(a.vMeasure, c.vMeasure))
    }

    @Test func adjustedRandIndexKnownValues() {
        // Relabelled identical partitions: 1.
        #expect(close(ClusteringMetrics(induced: [1, 1, 0, 0], gold: [0, 0, 1, 1]).adjustedRandIndex, 1))
        // gold {0,1,2}{3,4,5}, induced {0,1}{2,3}{4,5}: Σ C(n_ij,2) = 2, Σ C(a_i,2) = 6, Σ C(b_j,2) = 3, C(6,2) = 15,
        // E = 6·3/15 = 1.2, max = 4.5 → ARI = 0.8/3.3 = 0.2424…
        #expect(close(ClusteringMetrics(induced: [0, 0, 1, 1, 2, 2], gold: [0, 0, 0, 1, 1, 1]).adjustedRandIndex, 0.8 / 3.3))
        // Everything in one cluster against two labels: Σ C(b_j,2) = C(n,2), so index = E and ARI = 0.
        #expect(ClusteringMetrics(induced: [0, 0, 0, 0], gold: [0, 1, 0, 1]).adjustedRandIndex == 0)
    }

    /// scikit-learn's `adjusted_rand_score` special case: when neither partition has a pair (both all
    /// singletons) or both are one cluster, the partitions are identical and the index is 1.0 — not 0, which a
    /// second implementation used to return for the all-singletons case.
    @Test func adjustedRandIndexOfTwoAllSingletonPartitionsIsOne() {
        for n in [2, 3, 10] {
            let singletons = ClusteringMetrics(induced: Array(0..<n), gold: Array((0..<n).reversed()))
            #expect(singletons.adjustedRandIndex == 1)
            #expect(singletons.vMeasure == 1 && singletons.pairedFScore == 1 && singletons.purity == 1)
            let oneCluster = ClusteringMetrics(induced: [Int](repeating: 4, count: n), gold: [Int](repeating: 0, count: n))
            #expect(oneCluster.adjustedRandIndex == 1)
            // One cluster and one class: H(C) = H(K) = 0, so h = c = 1 and V = 1; every pair is shared, F = 1.
            #expect(oneCluster.vMeasure == 1 && oneCluster.pairedFScore == 1)
        }
        // One side all singletons, the other one cluster: nothing in common beyond chance, ARI 0.
        #expect(ClusteringMetrics(induced: [0, 1, 2, 3], gold: [0, 0, 0, 0]).adjustedRandIndex == 0)
    }

    @Test func purityIsBestManyToOneAccuracy() {
        // clusters {0,1,2} → labels 0,0,1 (2 right), {3,4} → 1,1 (2 right): 4/5
        #expect(ClusteringMetrics(induced: [0, 0, 0, 1, 1], gold: [0, 0, 1, 1, 1]).purity == 0.8)
        #expect(ClusteringMetrics(induced: [0, 1, 2, 3], gold: [0, 1, 0, 1]).purity == 1)
        #expect(ClusteringMetrics(induced: [0, 0, 0, 0], gold: [0, 1, 1, 1]).purity == 0.75)
        #expect(ClusteringMetrics(induced: [Int](), gold: [Int]()).purity == 0)
    }
}
