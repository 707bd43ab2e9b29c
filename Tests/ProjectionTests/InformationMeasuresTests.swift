import Foundation
import Testing
@testable import Projection

@Suite struct InformationMeasuresTests {
    let p = [0.5, 0.5]
    let q = [0.25, 0.75]

    @Test func entropyOfKnownDistributions() throws {
        // Uniform over n outcomes: log n.
        #expect(abs(try InformationMeasures.entropy([0.25, 0.25, 0.25, 0.25]) - log(4)) < 1e-15)
        #expect(abs(try InformationMeasures.entropy(Array(repeating: 0.125, count: 8), base: .bits) - 3) < 1e-12)
        // A point mass has no uncertainty (0 log 0 = 0).
        #expect(try InformationMeasures.entropy([0, 1, 0]) == 0)
        // H(0.1, 0.9) by hand: −0.1 ln 0.1 − 0.9 ln 0.9 = 0.230258… + 0.094824… = 0.325082…
        #expect(abs(try InformationMeasures.entropy([0.1, 0.9]) - 0.3250829733914482) < 1e-14)
        #expect(abs(try InformationMeasures.entropy([0.1, 0.9], base: .custom(10)) - 0.3250829733914482 / log(10)) < 1e-14)
    }

    @Test func klByHand() throws {
        // KL(p‖q) = ½ ln(0.5/0.25) + ½ ln(0.5/0.75) = ½ ln(4/3) = 0.143841…
        #expect(abs(try InformationMeasures.klDivergence(p, q) - 0.5 * log(4.0 / 3)) < 1e-15)
        #expect(abs(try InformationMeasures.klDivergence(p, q) - 0.14384103622589045) < 1e-14)
        // KL(q‖p) = ¼ ln(0.25/0.5) + ¾ ln(0.75/0.5) = 0.130812…
        #expect(abs(try InformationMeasures.reverseKLDivergence(p, q) - 0.13081203594113694) < 1e-14)
        // The two directions differ: KL is not symmetric.
        #expect(try InformationMeasures.klDivergence(p, q) != InformationMeasures.reverseKLDivergence(p, q))
        // In bits: divide by ln 2.
        #expect(abs(try InformationMeasures.klDivergence(p, q, base: .bits) - 0.5 * log2(4.0 / 3)) < 1e-15)
        // KL(p‖p) = 0.
        #expect(abs(try InformationMeasures.klDivergence(q, q)) < 1e-15)
    }

    @Test func crossEntropyIsEntropyPlusKL() throws {
        let a = [0.1, 0.2, 0.3, 0.4], b = [0.4, 0.3, 0.2, 0.1]
        let h = try InformationMeasures.entropy(a)
        let hx = try InformationMeasures.crossEntropy(a, b)
        let kl = try InformationMeasures.klDivergence(a, b)
        #expect(abs(hx - (h + kl)) < 1e-14)
        // By hand: −(0.1 ln 0.4 + 0.2 ln 0.3 + 0.3 ln 0.2 + 0.4 ln 0.1)
        let byHand = -(0.1 * log(0.4) + 0.2 * log(0.3) + 0.3 * log(0.2) + 0.4 * log(0.1))
        #expect(abs(hx - byHand) < 1e-14)
        #expect(kl > 0)
    }

    @Test func zeroesAndInfinities() throws {
        // 0·log(0/q) = 0: outcomes p never produces are free.
        #expect(abs(try InformationMeasures.klDivergence([1, 0], [0.5, 0.5]) - log(2)) < 1e-15)
        // q = 0 < p: q cannot explain an outcome of p.
        #expect(try InformationMeasures.klDivergence([0.5, 0.5], [1, 0]) == .infinity)
        #expect(try InformationMeasures.crossEntropy([0.5, 0.5], [1, 0]) == .infinity)
        // …but the reverse direction is finite: KL(q‖p) with q = (1, 0), p = (½, ½) is ln 2.
        #expect(abs(try InformationMeasures.reverseKLDivergence([0.5, 0.5], [1, 0]) - log(2)) < 1e-15)
        #expect(try InformationMeasures.reverseKLDivergence([1, 0], [0.5, 0.5]) == .infinity)
        // Both zero: contributes nothing.
        #expect(try InformationMeasures.klDivergence([0, 1], [0, 1]) == 0)
    }

    @Test func refusesInvalidInput() {
        #expect(throws: DistributionError.lengthMismatch(p: 2, q: 3)) {
            try InformationMeasures.klDivergence([0.5, 0.5], [0.2, 0.3, 0.5])
        }
        #expect(throws: DistributionError.lengthMismatch(p: 2, q: 3)) {
            try InformationMeasures.reverseKLDivergence([0.5, 0.5], [0.2, 0.3, 0.5])
        }
        #expect(throws: DistributionError.negative(name: "q", index: 0, value: -0.5)) {
            try InformationMeasures.crossEntropy([0.5, 0.5], [-0.5, 1.5])
        }
        #expect(throws: DistributionError.sumNotOne(name: "p", sum: 0.9)) {
            try InformationMeasures.entropy([0.4, 0.5])
        }
        #expect(throws: DistributionError.notFinite(name: "p", index: 1)) {
            try InformationMeasures.entropy([0.5, .nan])
        }
        #expect(throws: DistributionError.empty(name: "p")) { try InformationMeasures.entropy([]) }
        #expect(throws: DistributionError.badBase(1)) { try InformationMeasures.entropy([1], base: .custom(1)) }
        // Small round-off is accepted; the tolerance can be tightened or loosened.
        #expect(throws: Never.self) { try InformationMeasures.entropy([0.3, 0.7 + 1e-9]) }
        #expect(throws: (any Error).self) { try InformationMeasures.entropy([0.3, 0.7 + 1e-9], tolerance: 1e-12) }
        #expect(throws: Never.self) { try InformationMeasures.entropy([0.3, 0.6], tolerance: 0.2) }
        // Messages name the problem.
        #expect(DistributionError.sumNotOne(name: "q", sum: 2).description.contains("sums to 2"))
        #expect(DistributionError.lengthMismatch(p: 2, q: 3).description.contains("different lengths"))
    }

    @Test func gibbsInequalityOnRandomDistributions() throws {
        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<50 {
            let n = 2 + Int(uniform() * 10)
            var a = (0..<n).map { _ in uniform() + 1e-3 }, b = (0..<n).map { _ in uniform() + 1e-3 }
            let sa = a.reduce(0, +), sb = b.reduce(0, +)
            a = a.map { $0 / sa }; b = b.map { $0 / sb }
            #expect(try InformationMeasures.klDivergence(a, b) >= 0)
            #expect(try InformationMeasures.crossEntropy(a, b) >= InformationMeasures.entropy(a) - 1e-12)
            #expect(try InformationMeasures.entropy(a) <= log(Double(n)) + 1e-12)
        }
    }
}
