import Testing
import Foundation
@testable import SenseVecCore

/// One stretched, unimodal cloud on the sphere: normalize(μ + Σ_j s_j g_j e_j + σ g), with a few directions e_j of
/// large spread s_j (as register or setting stretch a word's context vectors) and isotropic noise σ.
func stretchedCloud(d: Int, count n: Int, spreads: [Float], noise: Float, seed: UInt64) -> [Float] {
    var rng = SenseRandom(seed: seed, stream: 11)
    func gaussian() -> Float {
        let u = max(rng.nextDouble(), 1e-12), v = rng.nextDouble()
        return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
    }
    var points: [Float] = []
    for _ in 0..<n {
        var p = [Float](repeating: 0, count: d)
        p[0] = 1
        for (j, s) in spreads.enumerated() { p[j + 1] += s * gaussian() }
        for t in 0..<d { p[t] += noise * gaussian() }
        let norm = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
        points += p.map { $0 / norm }
    }
    return points
}

@Suite struct SenseMixtureSplitTests {
    func gaussians(_ n: Int, seed: UInt64, mixture: Bool) -> [Double] {
        var rng = SenseRandom(seed: seed, stream: 3)
        return (0..<n).map { i in
            let u = max(rng.nextDouble(), 1e-12), v = rng.nextDouble()
            let g = (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
            return mixture ? g + (i % 3 == 0 ? 4 : -1) : g
        }
    }

    /// One Gaussian is rarely significant (Δ is a BIC difference: about −3 log m plus a χ²-like excess) and never
    /// passes the default gain; two separated modes (one third of the values 5 standard deviations away) always
    /// do, with a gain that does not depend on how many values there are.
    @Test func bimodalityTellsTwoModesFromOne() {
        var significant = 0
        let threshold = SenseMixture.FitOptions().splitThreshold
        for seed in 1...40 {
            let one = SenseMixture.bimodality(gaussians(500, seed: UInt64(seed), mixture: false))
            if one.evidence > 0 { significant += 1 }
            #expect(one.gainPerValue < threshold, "seed \(seed): \(one)")
            let two = SenseMixture.bimodality(gaussians(500, seed: UInt64(seed), mixture: true))
            #expect(two.evidence > 100 && two.gainPerValue > 5 * threshold, "seed \(seed): \(two)")
            let twoMore = SenseMixture.bimodality(gaussians(5000, seed: UInt64(seed), mixture: true))
            #expect(abs(twoMore.gainPerValue - two.gainPerValue) < 0.15, "seed \(seed): \(two) against \(twoMore)")
        }
        #expect(significant <= 3, "\(significant) of 40 single Gaussians gave Δ > 0")
        #expect(SenseMixture.bimodality([1, 2, 3]) == .none)
        #expect(SenseMixture.bimodality([Double](repeating: 2, count: 50)) == .none)
    }

    /// The case the penalized likelihood gets wrong: a unimodal cloud stretched along a few directions. BIC splits
    /// it (every sense gains more likelihood than it costs); the held-out split test keeps one sense.
    @Test func aStretchedCloudKeepsOneSenseWhereBICSplitsIt() {
        for seed in UInt64(1)...3 {
            let points = stretchedCloud(d: 40, count: 1000, spreads: [0.4, 0.3, 0.25], noise: 0.05, seed: seed)
            var options = SenseMixture.FitOptions()
            options.maxSenses = 6
            options.seed = seed
            options.selection = .penalizedLikelihood
            let bic = SenseMixture.fit(points: points, dimension: 40, options: options)
            #expect(bic.mixture.count >= 3, "BIC: \(bic.scores)")
            options.selection = .splitTest
            let split = SenseMixture.fit(points: points, dimension: 40, options: options)
            #expect(split.mixture.count == 1, "split test: \(split.scores)")
        }
    }

    /// Planted senses are found by the split test, their number included.
    @Test func splitTestRecoversPlantedSensesAndTheirNumber() {
        for (k, seed) in [(1, UInt64(1)), (2, 2), (3, 3), (4, 4)] {
            let (points, labels) = plantedPoints(d: 30, k: k, perSense: 200, noise: 0.25, seed: seed)
            var options = SenseMixture.FitOptions()
            options.maxSenses = 8
            options.seed = seed
            options.selection = .splitTest
            let fit = SenseMixture.fit(points: points, dimension: 30, options: options)
            #expect(fit.mixture.count == k, "planted \(k), found \(fit.mixture.count): \(fit.scores)")
            let assigned = labels.indices.map { fit.assignment($0) }
            #expect(ClusteringMetrics(induced: assigned, gold: labels).purity >= 0.97)
            // The scores: one row per K reached, the evidence of each split above the threshold.
            #expect(fit.scores.first?.senses == 1)
            for row in fit.scores.dropFirst() where row.senses <= fit.mixture.count {
                #expect(row.score > options.splitThreshold)
            }
        }
    }

    /// Same seed, same fit.
    @Test func splitTestIsDeterministic() {
        let (points, _) = plantedPoints(d: 20, k: 3, perSense: 120, noise: 0.3, seed: 5)
        var options = SenseMixture.FitOptions()
        options.selection = .splitTest
        options.seed = 7
        let a = SenseMixture.fit(points: points, dimension: 20, options: options)
        let b = SenseMixture.fit(points: points, dimension: 20, options: options)
        #expect(a.mixture.means == b.mixture.means && a.mixture.counts == b.mixture.counts)
    }
}
