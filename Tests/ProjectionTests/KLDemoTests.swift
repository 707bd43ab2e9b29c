import Foundation
import Testing
@testable import Projection

@Suite struct KLDemoTests {
    static let demo = try! KLDemo(points: 241)

    @Test(arguments: [KLDirection.forward, .reverse])
    func gradientsMatchFiniteDifferences(direction: KLDirection) {
        let h = 1e-6
        for (mu, s) in [(0.3, 0.0), (-1.2, log(0.5)), (2.5, log(1.7)), (0.0, log(3.0))] {
            let g = Self.demo.objective(direction, mean: mu, logSigma: s).gradient
            let dMu = (Self.demo.objective(direction, mean: mu + h, logSigma: s).loss
                - Self.demo.objective(direction, mean: mu - h, logSigma: s).loss) / (2 * h)
            let dS = (Self.demo.objective(direction, mean: mu, logSigma: s + h).loss
                - Self.demo.objective(direction, mean: mu, logSigma: s - h).loss) / (2 * h)
            #expect(abs(g.mean - dMu) <= 1e-6 * max(1, abs(dMu)), "\(direction) ∂μ at (\(mu), \(s)): \(g.mean) vs \(dMu)")
            #expect(abs(g.logSigma - dS) <= 1e-6 * max(1, abs(dS)), "\(direction) ∂s at (\(mu), \(s)): \(g.logSigma) vs \(dS)")
        }
    }

    @Test func objectiveAgreesWithInformationMeasures() throws {
        let q = Self.demo.logQ(mean: 0.7, logSigma: log(1.3)).map { exp($0) }
        let p = Self.demo.p
        let forward = Self.demo.objective(.forward, mean: 0.7, logSigma: log(1.3)).loss
        let reverse = Self.demo.objective(.reverse, mean: 0.7, logSigma: log(1.3)).loss
        #expect(abs(forward - (try InformationMeasures.klDivergence(p, q, tolerance: 1e-9))) < 1e-10)
        #expect(abs(reverse - (try InformationMeasures.reverseKLDivergence(p, q, tolerance: 1e-9))) < 1e-10)
    }

    @Test func forwardFitMatchesMomentsBetweenTheModes() throws {
        let fit = try Self.demo.fit(.forward)
        #expect(fit.converged)
        let (m, v) = Self.demo.moments
        #expect(abs(fit.mean - m) < 1e-4)            // moment matching: E_q[x] = E_p[x] …
        #expect(abs(fit.sigma - v.squareRoot()) < 1e-3) // … and Var_q = Var_p
        #expect(fit.mean > -2 && fit.mean < 2)          // between the modes at ±2.5
        #expect(fit.iterations < 500)
        #expect(fit.sigma > 1.8)                        // wide enough to cover both
        // The grid moments are close to the mixture's analytic ones.
        #expect(abs(m - GaussianMixture1D.twoModes.mean) < 1e-3)
    }

    @Test func reverseFitPicksOneMode() throws {
        let fit = try Self.demo.fit(.reverse, initialMean: 0.5, initialSigma: 0.5)
        #expect(fit.converged)
        #expect(abs(fit.mean - 2.5) < 0.05)   // the mode on the side it started
        #expect(abs(fit.sigma - 0.7) < 0.05)  // about that mode's width
        let left = try Self.demo.fit(.reverse, initialMean: -1, initialSigma: 1)
        #expect(left.converged)
        #expect(abs(left.mean + 2.5) < 0.05)
        // Each fit is best in its own divergence.
        let forward = try Self.demo.fit(.forward)
        #expect(forward.forwardKL < fit.forwardKL)
        #expect(fit.reverseKL < forward.reverseKL)
        // The mode-seeking fit pays about −ln(weight of its mode) = ln 2 in reverse KL, while its forward KL
        // is large (it leaves the other mode uncovered).
        #expect(abs(fit.reverseKL - log(2)) < 0.01)
        #expect(fit.forwardKL > 2 * forward.forwardKL)
    }

    @Test func fitIsDeterministic() throws {
        let a = try Self.demo.fit(.reverse), b = try Self.demo.fit(.reverse)
        #expect(a.mean == b.mean && a.sigma == b.sigma && a.iterations == b.iterations)
    }

    @Test func refusesBadSettings() {
        #expect(throws: KLDemoError.self) { try KLDemo(lower: 1, upper: 1) }
        #expect(throws: KLDemoError.self) { try KLDemo(points: 2) }
        #expect(throws: KLDemoError.self) { try GaussianMixture1D([]) }
        #expect(throws: KLDemoError.self) { try GaussianMixture1D([.init(weight: 1, mean: 0, standardDeviation: 0)]) }
        #expect(throws: KLDemoError.self) { try GaussianMixture1D([.init(weight: -1, mean: 0, standardDeviation: 1)]) }
        #expect(throws: KLDemoError.self) { try GaussianMixture1D([.init(weight: 0, mean: 0, standardDeviation: 1)]) }
        #expect(throws: KLDemoError.self) { try Self.demo.fit(.forward, initialSigma: -1) }
    }

    @Test func mixtureLogDensityIsNormalizedAndNeverUnderflows() throws {
        let m = GaussianMixture1D.twoModes
        var integral = 0.0
        let step = 0.001
        for i in 0..<20_000 { integral += exp(m.logDensity(-10 + (Double(i) + 0.5) * step)) * step }
        #expect(abs(integral - 1) < 1e-6)
        #expect(m.logDensity(200).isFinite) // far tail: a large negative number, not −∞
        #expect(abs(m.variance - (0.49 + 6.25)) < 1e-12) // Σ w(s²+m²) − mean², mean = 0
        let lopsided = try GaussianMixture1D([.init(weight: 3, mean: -1, standardDeviation: 1),
                                              .init(weight: 1, mean: 3, standardDeviation: 0.5)])
        #expect(abs(lopsided.mean - 0) < 1e-12) // ¾·(−1) + ¼·3
        #expect(abs(lopsided.variance - (0.75 * 2 + 0.25 * 9.25)) < 1e-12)
    }
}
