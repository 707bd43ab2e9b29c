import Testing
import Senses
import SenseVecCore
import Foundation

@Suite struct SensePriorTests {
    @Test func digammaKnownValues() {
        let gamma = 0.5772156649015329
        #expect(abs(SpecialFunctions.digamma(1) + gamma) < 1e-10)
        #expect(abs(SpecialFunctions.digamma(0.5) - (-gamma - 2 * log(2.0))) < 1e-10)
        #expect(abs(SpecialFunctions.digamma(10) - 2.251752589066721) < 1e-10)
        for x in [0.1, 0.7, 3.3, 12.0] {  // recurrence ψ(x+1) = ψ(x) + 1/x
            #expect(abs(SpecialFunctions.digamma(x + 1) - SpecialFunctions.digamma(x) - 1 / x) < 1e-10)
        }
    }

    /// Gamma(shape, 1) by Marsaglia–Tsang (with the shape < 1 boost), for Beta = G_a / (G_a + G_b).
    static func gamma(_ shape: Double, _ rng: inout SenseRandom) -> Double {
        if shape < 1 { return gamma(shape + 1, &rng) * pow(max(rng.nextDouble(), 1e-300), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let x = rng.nextGaussian(), v0 = 1 + c * x
            if v0 <= 0 { continue }
            let v = v0 * v0 * v0, u = rng.nextDouble()
            if log(max(u, 1e-300)) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    @Test func stickBreakingExpectationsMatchClosedFormsAndMonteCarlo() {
        let counts: [Float] = [40, 7, 0.5, 0]
        let alpha = 0.8
        let prior = SensePrior(kind: .dirichletProcess, alpha: alpha, senseCount: 30)
        let elog = prior.expectedLogWeights(counts: counts), e = prior.expectedWeights(counts: counts)
        // Closed forms written out independently.
        var a = [Double](), b = [Double]()
        for k in 0..<counts.count {
            a.append(1 + Double(counts[k]))
            b.append(alpha + counts[(k + 1)...].reduce(0.0) { $0 + Double($1) })
        }
        for k in 0..<counts.count {
            var refLog = SpecialFunctions.digamma(a[k]) - SpecialFunctions.digamma(a[k] + b[k])
            var ref = a[k] / (a[k] + b[k])
            for r in 0..<k {
                refLog += SpecialFunctions.digamma(b[r]) - SpecialFunctions.digamma(a[r] + b[r])
                ref *= b[r] / (a[r] + b[r])
            }
            #expect(abs(elog[k] - refLog) < 1e-12)
            #expect(abs(e[k] - ref) < 1e-12)
        }
        // Monte Carlo: sample the sticks from their Beta posteriors.
        var rng = SenseRandom(seed: 11)
        let n = 100_000
        var sumLog = [Double](repeating: 0, count: 4), sum = [Double](repeating: 0, count: 4)
        for _ in 0..<n {
            var rest = 1.0
            for k in 0..<4 {
                let ga = Self.gamma(a[k], &rng), gb = Self.gamma(b[k], &rng)
                let v = ga / (ga + gb)
                let pi = rest * v
                sum[k] += pi; sumLog[k] += log(max(pi, 1e-300))
                rest *= 1 - v
            }
        }
        for k in 0..<4 {
            #expect(abs(sum[k] / Double(n) - e[k]) < 0.01, "E[π_\(k)] Monte Carlo \(sum[k] / Double(n)) vs \(e[k])")
            #expect(abs(sumLog[k] / Double(n) - elog[k]) < 0.05 * max(1, abs(elog[k])), "E[log π_\(k)] Monte Carlo \(sumLog[k] / Double(n)) vs \(elog[k])")
        }
        // E[π] leaves mass for the infinite tail; E[log π_k] ≤ log E[π_k] (Jensen).
        #expect(e.reduce(0, +) < 1)
        for k in 0..<4 { #expect(elog[k] <= log(e[k]) + 1e-12) }
    }

    @Test func smallAlphaMakesNewSensesExpensive() {
        let counts: [Float] = [1000, 0]
        let lo = SensePrior(kind: .dirichletProcess, alpha: 0.1, senseCount: 30).expectedLogWeights(counts: counts)
        let hi = SensePrior(kind: .dirichletProcess, alpha: 1, senseCount: 30).expectedLogWeights(counts: counts)
        #expect(lo[1] < hi[1] - 2)          // ψ(α) − … dominates: about −10.4 vs −0.58
        #expect(lo[1] < -15)
    }

    @Test func fixedPriorIsSmoothedCounts() {
        let p = SensePrior(kind: .fixed, alpha: 1, senseCount: 3)
        let w = p.expectedWeights(counts: [6, 2, 0])
        #expect(abs(w[0] - 7.0 / 11) < 1e-12 && abs(w[1] - 3.0 / 11) < 1e-12 && abs(w[2] - 1.0 / 11) < 1e-12)
        let lw = p.expectedLogWeights(counts: [6, 2, 0])
        for k in 0..<3 { #expect(abs(lw[k] - log(w[k])) < 1e-12) }
        #expect(abs(w.reduce(0, +) - 1) < 1e-12)
    }
}
