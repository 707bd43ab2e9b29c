import Testing
import Senses

@Suite struct ClusteringScoresTests {
    @Test func adjustedRandIndexKnownValues() {
        #expect(abs(ClusteringScores.adjustedRandIndex(labels: [0, 0, 1, 1], clusters: [1, 1, 0, 0]) - 1) < 1e-12)
        // Worked example (Hubert & Arabie): ARI([0,0,1,1],[0,0,1,2]) = 4/7.
        #expect(abs(ClusteringScores.adjustedRandIndex(labels: [0, 0, 1, 1], clusters: [0, 0, 1, 2]) - 4.0 / 7) < 1e-12)
        // ARI([0,0,0,1,1,1],[0,0,1,1,2,2]) = 0.24242424…
        #expect(abs(ClusteringScores.adjustedRandIndex(labels: [0, 0, 0, 1, 1, 1], clusters: [0, 0, 1, 1, 2, 2]) - 0.242424242424) < 1e-9)
        // Everything in one cluster against two labels: 0.
        #expect(ClusteringScores.adjustedRandIndex(labels: [0, 1, 0, 1], clusters: [0, 0, 0, 0]) == 0)
    }

    @Test func purityIsBestManyToOneAccuracy() {
        #expect(ClusteringScores.purity(labels: [0, 0, 1, 1, 1], clusters: [0, 0, 0, 1, 1]) == 0.8)
        #expect(ClusteringScores.purity(labels: [0, 1, 0, 1], clusters: [0, 1, 2, 3]) == 1)
        #expect(ClusteringScores.purity(labels: [0, 1, 1, 1], clusters: [0, 0, 0, 0]) == 0.75)
    }
}
