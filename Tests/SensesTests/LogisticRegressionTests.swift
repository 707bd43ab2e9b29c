import Testing
import Foundation
@testable import Senses
import SenseVecCore

@Suite struct LogisticRegressionTests {
    /// Random sparse examples over `features` features, labels from a planted weight vector (noisy).
    static func examples(_ n: Int, features: Int, seed: UInt64) -> (examples: [LogisticRegression.Example], planted: [Double]) {
        var rng = SenseRandom(seed: seed)
        let planted = (0..<features).map { _ in 4 * (rng.nextDouble() - 0.5) }
        var out: [LogisticRegression.Example] = []
        for _ in 0..<n {
            var f = Set<Int32>()
            for _ in 0..<(1 + rng.nextInt(below: 4)) { f.insert(Int32(rng.nextInt(below: features))) }
            let x = f.sorted()
            let s = 0.3 + x.reduce(0.0) { $0 + planted[Int($1)] }
            let label = rng.nextDouble() < 1 / (1 + exp(-s)) ? 1 : 0
            out.append(LogisticRegression.Example(features: x, label: label))
        }
        return (out, planted)
    }

    @Test func gradientMatchesFiniteDifferences() {
        let (examples, _) = Self.examples(40, features: 7, seed: 5)
        var rng = SenseRandom(seed: 9)
        let theta = (0..<8).map { _ in 2 * rng.nextDouble() - 1 }
        for l2 in [0.0, 0.3] {
            let (loss, gradient) = LogisticRegression.objective(parameters: theta, examples: examples, l2: l2)
            #expect(loss > 0)
            for j in theta.indices {
                let h = 1e-6
                var plus = theta, minus = theta
                plus[j] += h; minus[j] -= h
                let numeric = (LogisticRegression.objective(parameters: plus, examples: examples, l2: l2).loss
                    - LogisticRegression.objective(parameters: minus, examples: examples, l2: l2).loss) / (2 * h)
                #expect(abs(numeric - gradient[j]) < 1e-7, "θ[\(j)], λ = \(l2): \(numeric) vs \(gradient[j])")
            }
        }
    }

    @Test func lossIsStableForLargeScores() {
        // s = ±800: log(1 + e^s) must neither overflow nor vanish.
        let examples = [LogisticRegression.Example(features: [0], label: 0), LogisticRegression.Example(features: [0], label: 1)]
        let (loss, gradient) = LogisticRegression.objective(parameters: [800, 0], examples: examples, l2: 0)
        #expect(abs(loss - 400) < 1e-9)  // (800 + 0) / 2
        // σ(800) = 1: residuals 1 − 0 and 1 − 1, so ∂f/∂w₀ = ∂f/∂b = (1 + 0) / 2.
        #expect(abs(gradient[0] - 0.5) < 1e-12 && abs(gradient[1] - 0.5) < 1e-12)
        #expect(LogisticRegression.objective(parameters: [-800, 0], examples: examples, l2: 0).loss.isFinite)
    }

    @Test func lbfgsFindsTheMinimumOfRosenbrock() {
        let r = LBFGS.minimize([-1.2, 1], maxIterations: 500, gradientTolerance: 1e-8) { x in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
        }
        #expect(r.converged)
        #expect(abs(r.x[0] - 1) < 1e-5 && abs(r.x[1] - 1) < 1e-5)
    }

    @Test func fitReachesTheOptimumAndRecoversThePlantedWeights() {
        let (examples, planted) = Self.examples(4000, features: 6, seed: 11)
        let model = LogisticRegression.fit(examples: examples, featureCount: 6, l2: 1e-4)
        // At the optimum the gradient vanishes.
        let (_, g) = LogisticRegression.objective(parameters: model.weights + [model.bias], examples: examples, l2: 1e-4)
        #expect(g.allSatisfy { abs($0) < 1e-5 }, "\(g)")
        for j in 0..<6 { #expect(abs(model.weights[j] - planted[j]) < 0.4, "w[\(j)] \(model.weights[j]) vs \(planted[j])") }
        #expect(abs(model.bias - 0.3) < 0.4)
        // Stronger regularization shrinks the weights.
        let shrunk = LogisticRegression.fit(examples: examples, featureCount: 6, l2: 1)
        #expect(shrunk.weights.reduce(0) { $0 + $1 * $1 } < model.weights.reduce(0) { $0 + $1 * $1 } / 4)
        // Unknown feature indices are ignored.
        #expect(model.probability([0, 99]) == model.probability([0]))
    }
}
