import Testing
import Foundation
@testable import SenseVecCore

/// Ward's clustering by brute force: merge the pair of clusters whose union increases the within-cluster sum of
/// squares least, n_a n_b / (n_a + n_b) ‖c_a − c_b‖², recomputing centroids each time. Returns the partition
/// (sets of point indices) at every number of clusters.
private func bruteForceWard(_ x: [Float], n: Int, d: Int) -> [Int: Set<Set<Int>>] {
    var clusters: [[Int]] = (0..<n).map { [$0] }
    func centroid(_ c: [Int]) -> [Double] {
        var m = [Double](repeating: 0, count: d)
        for i in c { for t in 0..<d { m[t] += Double(x[i * d + t]) } }
        return m.map { $0 / Double(c.count) }
    }
    var result: [Int: Set<Set<Int>>] = [n: Set(clusters.map { Set($0) })]
    while clusters.count > 1 {
        var best = (0, 1), bestCost = Double.infinity
        for a in 0..<clusters.count {
            for b in (a + 1)..<clusters.count {
                let ca = centroid(clusters[a]), cb = centroid(clusters[b])
                var s = 0.0
                for t in 0..<d { s += (ca[t] - cb[t]) * (ca[t] - cb[t]) }
                let na = Double(clusters[a].count), nb = Double(clusters[b].count)
                let cost = na * nb / (na + nb) * s
                if cost < bestCost { bestCost = cost; best = (a, b) }
            }
        }
        clusters[best.0] += clusters[best.1]
        clusters.remove(at: best.1)
        result[clusters.count] = Set(clusters.map { Set($0) })
    }
    return result
}

private func partition(_ labels: [Int]) -> Set<Set<Int>> {
    var groups: [Int: Set<Int>] = [:]
    for (i, l) in labels.enumerated() { groups[l, default: []].insert(i) }
    return Set(groups.values)
}

@Suite struct WardClusteringTests {
    @Test func nearestNeighbourChainGivesTheGreedyDendrogram() {
        var rng = SenseRandom(seed: 11, stream: 3)
        for (n, d) in [(30, 3), (45, 6)] {
            let x = (0..<(n * d)).map { _ in Float(rng.nextDouble() * 2 - 1) }
            let tree = x.withUnsafeBufferPointer { WardDendrogram(points: $0.baseAddress!, count: n, dimension: d) }
            #expect(tree.merges.count == n - 1)
            #expect(zip(tree.merges, tree.merges.dropFirst()).allSatisfy { $0.height <= $1.height })
            let reference = bruteForceWard(x, n: n, d: d)
            for k in 1...n {
                #expect(partition(tree.cut(clusters: k)) == reference[k], "n \(n), \(k) clusters")
            }
        }
    }

    @Test func nonFinitePointsStillGiveAFullDendrogram() {
        let x: [Float] = [0, 1, .nan, 0, 1, 0, .infinity, 2]
        let tree = x.withUnsafeBufferPointer { WardDendrogram(points: $0.baseAddress!, count: 4, dimension: 2) }
        #expect(tree.merges.count == 3)
        #expect(Set(tree.cut(clusters: 1)) == [0])
    }

    @Test func cutRecoversPlantedGroups() {
        let (points, labels) = plantedPoints(d: 20, k: 3, perSense: 50, noise: 0.15, seed: 5)
        let tree = points.withUnsafeBufferPointer { WardDendrogram(points: $0.baseAddress!, count: 150, dimension: 20) }
        #expect(partition(tree.cut(clusters: 3)) == partition(labels))
        #expect(Set(tree.cut(clusters: 1)) == [0])
        #expect(Set(tree.cut(clusters: 150)).count == 150)
    }

    @Test func wardStartedEMIsDeterministicAndFindsThePlantedSenses() {
        let (points, labels) = plantedPoints(d: 20, k: 3, perSense: 60, noise: 0.3, seed: 8)
        var fits: [[Int]] = []
        for seed in [UInt64(1), 2] {
            var options = SenseMixture.FitOptions()
            options.senses = 3
            options.initialization = .ward
            options.seed = seed
            let fit = SenseMixture.fit(points: points, dimension: 20, options: options)
            fits.append((0..<180).map { fit.assignment($0) })
        }
        #expect(fits[0] == fits[1])
        #expect(ClusteringMetrics(induced: fits[0], gold: labels).adjustedRandIndex > 0.9)
        // Penalized likelihood with Ward starts also finds three.
        var auto = SenseMixture.FitOptions()
        auto.initialization = .ward
        auto.maxSenses = 6
        #expect(SenseMixture.fit(points: points, dimension: 20, options: auto).mixture.count == 3)
        // Split tests with Ward's refit: the split tests choose K (the same K as with k-means++ refits, same seed),
        // and the refit from Ward's K clusters is a fit of that K.
        var split = SenseMixture.FitOptions()
        split.selection = .splitTest
        split.maxSenses = 6
        for seed in [UInt64(1), 2] {
            split.seed = seed
            split.initialization = .kMeansPlusPlus
            let random = SenseMixture.fit(points: points, dimension: 20, options: split)
            split.initialization = .ward
            let fit = SenseMixture.fit(points: points, dimension: 20, options: split)
            #expect(fit.mixture.count == random.mixture.count && fit.mixture.count >= 3)
            #expect(fit.logLikelihood.isFinite && fit.scores.count == random.scores.count)
            #expect(ClusteringMetrics(induced: (0..<180).map { fit.assignment($0) }, gold: labels).adjustedRandIndex > 0.7)
        }
        // A sample of the points seeds EM when there are more than `wardLimit`.
        var sampled = SenseMixture.FitOptions()
        sampled.senses = 3
        sampled.initialization = .ward
        sampled.wardLimit = 40
        let fit = SenseMixture.fit(points: points, dimension: 20, options: sampled)
        #expect(ClusteringMetrics(induced: (0..<180).map { fit.assignment($0) }, gold: labels).adjustedRandIndex > 0.9)
    }
}
