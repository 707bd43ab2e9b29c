import Testing
import Foundation
@testable import Senses
import SenseVecCore

/// Planted vMF-like data: `k` random unit directions in d dimensions, points = normalize(μ_z + σ·noise).
func plantedPoints(d: Int, k: Int, perSense: Int, noise: Float, seed: UInt64) -> (points: [Float], labels: [Int]) {
    var rng = SenseRandom(seed: seed, stream: 7)
    func gaussian() -> Float {
        let u = max(rng.nextDouble(), 1e-12), v = rng.nextDouble()
        return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
    }
    var centres: [[Float]] = []
    for _ in 0..<k {
        var c = (0..<d).map { _ in gaussian() }
        let n = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
        c = c.map { $0 / n }
        centres.append(c)
    }
    var points: [Float] = [], labels: [Int] = []
    for i in 0..<(k * perSense) {
        let z = i % k
        var p = (0..<d).map { centres[z][$0] + noise * gaussian() }
        let n = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
        p = p.map { $0 / n }
        points += p; labels.append(z)
    }
    return (points, labels)
}

@Suite struct SenseMixtureTests {
    @Test func besselExpansionAgreesWithSeries() {
        for nu in [10.0, 12.5, 49.0] {
            for x in [0.5, 3.0, 20.0, 80.0, 400.0] {
                let a = SpecialFunctions.logBesselI(nu, x), b = SpecialFunctions.logBesselISeries(nu, x)
                #expect(abs(a - b) < 1e-5 * max(1, abs(b)), "ν \(nu) x \(x): \(a) vs \(b)")
            }
        }
        // I_{1/2}(x) = sqrt(2/(πx)) sinh x.
        for x in [0.3, 2.0, 15.0] {
            #expect(abs(SpecialFunctions.logBesselI(0.5, x) - log((2 / (Double.pi * x)).squareRoot() * sinh(x))) < 1e-9)
        }
    }

    @Test func meanResultantLengthIsMinusTheNormalizersDerivative() {
        for d in [3, 20, 100] {
            for kappa in [0.5, 5.0, 60.0, 300.0] {
                let h = 1e-4 * kappa
                let fd = -(SenseMixture.logNormalizer(dimension: d, kappa: kappa + h)
                           - SenseMixture.logNormalizer(dimension: d, kappa: kappa - h)) / (2 * h)
                let a = SenseMixture.meanResultantLength(dimension: d, kappa: kappa)
                #expect(abs(fd - a) < 1e-5, "d \(d) κ \(kappa): \(fd) vs \(a)")
                #expect(abs(SenseMixture.concentration(dimension: d, meanResultantLength: a) - kappa) < 1e-4 * kappa)
            }
        }
    }

    @Test func kappaGradientMatchesFiniteDifferences() {
        let (points, _) = plantedPoints(d: 16, k: 2, perSense: 40, noise: 0.4, seed: 3)
        var options = SenseMixture.FitOptions()
        options.senses = 2
        let fit = SenseMixture.fit(points: points, dimension: 16, options: options)
        for kappa in [fit.mixture.kappa * 0.5, fit.mixture.kappa, fit.mixture.kappa * 2] {
            var m = fit.mixture
            m.kappa = kappa
            let h = 1e-4 * kappa
            var plus = m, minus = m
            plus.kappa += h; minus.kappa -= h
            let (fd, g) = points.withUnsafeBufferPointer { p in
                ((plus.logLikelihood(points: p.baseAddress!, count: 80) - minus.logLikelihood(points: p.baseAddress!, count: 80)) / (2 * h),
                 m.kappaGradient(points: p.baseAddress!, count: 80))
            }
            #expect(abs(fd - g) < 1e-4 * max(1, abs(g)), "κ \(kappa): finite difference \(fd), gradient \(g)")
        }
        // At the fitted κ the gradient (the M-step's stationarity condition, for fixed responsibilities) is small.
        let g = points.withUnsafeBufferPointer { fit.mixture.kappaGradient(points: $0.baseAddress!, count: 80) }
        #expect(abs(g) < 1.0, "gradient at the fitted κ: \(g)")
    }

    @Test func emRecoversPlantedSensesAndTheirNumber() {
        for (k, seed) in [(1, UInt64(1)), (2, 2), (3, 3), (4, 4)] {
            let (points, labels) = plantedPoints(d: 30, k: k, perSense: 150, noise: 0.25, seed: seed)
            var options = SenseMixture.FitOptions()
            options.maxSenses = 8
            options.seed = seed
            let fit = SenseMixture.fit(points: points, dimension: 30, options: options)
            #expect(fit.mixture.count == k, "planted \(k), found \(fit.mixture.count): \(fit.scores)")
            let assigned = labels.indices.map { fit.assignment($0) }
            #expect(ClusteringScores.purity(labels: labels, clusters: assigned) >= 0.97)
            // Shares close to uniform.
            for w in fit.mixture.weights { #expect(abs(w - 1 / Double(k)) < 0.08) }
        }
    }

    @Test func fixedNumberOfSensesIsRespected() {
        let (points, labels) = plantedPoints(d: 20, k: 2, perSense: 100, noise: 0.3, seed: 9)
        var options = SenseMixture.FitOptions()
        options.senses = 2
        let fit = SenseMixture.fit(points: points, dimension: 20, options: options)
        #expect(fit.mixture.count == 2)
        #expect(ClusteringScores.purity(labels: labels, clusters: labels.indices.map { fit.assignment($0) }) >= 0.97)
        // EM does not lower the likelihood below the one-sense fit.
        var one = options
        one.senses = 1
        let single = SenseMixture.fit(points: points, dimension: 20, options: one)
        #expect(fit.logLikelihood > single.logLikelihood)
    }

    @Test func posteriorIsTheNormalizedPriorTimesLikelihood() {
        let m = SenseMixture(dimension: 2, means: [1, 0, 0, 1], counts: [30, 10], kappa: 4,
                             prior: SensePrior(kind: .fixed, alpha: 1, senseCount: 2))
        let q = m.posterior(context: [0.6, 0.8])
        let lp = m.logPrior
        let a = exp(lp[0] + 4 * 0.6), b = exp(lp[1] + 4 * 0.8)
        #expect(abs(q[0] - a / (a + b)) < 1e-12 && abs(q[1] - b / (a + b)) < 1e-12)
    }
}

@Suite struct SenseInducerTests {
    /// Word vectors with two topics: words 0–9 near direction A, 10–19 near B, plus the target (20).
    static func topicVectors() throws -> WordVectors {
        var rng = SenseRandom(seed: 5, stream: 1)
        let d = 12
        var values: [Float] = []
        for w in 0..<21 {
            for i in 0..<d {
                let base: Float = w < 10 ? (i == 0 ? 1 : 0) : (w < 20 ? (i == 1 ? 1 : 0) : 0.5)
                values.append(base + 0.3 * (rng.nextFloat() - 0.5))
            }
        }
        return try WordVectors(words: (0..<20).map { "w\($0)" } + ["target"], dimension: d, values: values)
    }

    @Test func inducesPlantedSensesFromContexts() throws {
        let inducer = try SenseInducer(vectors: Self.topicVectors(), counts: [Int](repeating: 100, count: 21))
        var rng = SenseRandom(seed: 11, stream: 2)
        var contexts: [(left: [String], right: [String])] = [], labels: [Int] = []
        for i in 0..<120 {
            let topic = i % 2
            let words = (0..<6).map { _ in "w\(topic * 10 + rng.nextInt(below: 10))" }
            contexts.append((Array(words[0..<3]) + ["unknown"], ["target"] + Array(words[3...])))
            labels.append(topic)
        }
        contexts.append((["nothing", "known"], []))
        let r = try inducer.induce(word: "target", contexts: contexts)
        #expect(r.senses.count == 2, "\(r.scores)")
        #expect(r.emptyContexts == 1)
        #expect(ClusteringScores.purity(labels: labels, clusters: Array(r.assignments.prefix(120))) >= 0.98)
        // Telling words of a sense come from its topic; nearest words too.
        for s in r.senses {
            let topics = Set(s.tellingWords.prefix(3).map { Int($0.word.dropFirst())! / 10 })
            #expect(topics.count == 1, "\(s.tellingWords)")
            #expect(s.nearestWords.count == 8)
        }
        #expect(r.posteriors.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-9 })
        // A fixed K.
        var options = SenseMixture.FitOptions()
        options.senses = 3
        #expect(try inducer.induce(word: "target", contexts: contexts, options: options).senses.count == 3)
        // No known word at all: an error.
        #expect(throws: SenseVecError.self) { try inducer.induce(word: "target", contexts: [(["zzz"], ["yyy"])]) }
    }
}
