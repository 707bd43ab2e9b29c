#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SenseVecCore

/// Binary logistic regression on sparse binary features (a bag of words: each example is the set of its
/// feature indices), L2-regularized, fitted by L-BFGS on the full objective.
///
/// p(y = 1 | x) = σ(b + Σ_{j ∈ x} w_j), and the objective (see ``objective(parameters:examples:l2:)``) is the mean
/// log-loss plus (λ/2)‖w‖² (the bias is not penalized). With λ = 1/n it is scikit-learn's `LogisticRegression`
/// default (C = 1: Σ log-loss + ½‖w‖²). The supervised reference of the pseudo-word benchmark.
public struct LogisticRegression: Sendable {
    /// One example: distinct feature indices in 0..<featureCount, and a label 0 or 1.
    public struct Example: Sendable {
        public var features: [Int32]
        public var label: Int
        public init(features: [Int32], label: Int) { self.features = features; self.label = label }
    }

    public var weights: [Double]
    public var bias: Double

    public init(weights: [Double], bias: Double) { self.weights = weights; self.bias = bias }

    /// The objective and its gradient at θ = (w_0 … w_{F−1}, b):
    /// f(θ) = (1/n) Σ_i [log(1 + e^{s_i}) − y_i s_i] + (λ/2) Σ_j w_j², s_i = b + Σ_{j ∈ x_i} w_j;
    /// ∂f/∂w_j = (1/n) Σ_{i: j ∈ x_i} (σ(s_i) − y_i) + λ w_j, ∂f/∂b = (1/n) Σ_i (σ(s_i) − y_i).
    /// log(1 + e^s) = −log σ(−s) is evaluated with the stable ``VectorKernels/logSigmoid(_:)`` so that large |s|
    /// neither overflows nor loses the loss. A pure function (checked against finite differences in the tests).
    public static func objective(parameters θ: [Double], examples: [Example], l2: Double) -> (loss: Double, gradient: [Double]) {
        let f = θ.count - 1
        var gradient = [Double](repeating: 0, count: θ.count)
        guard !examples.isEmpty else { return (0, gradient) }
        let n = Double(examples.count)
        var loss = 0.0
        for e in examples {
            var s = θ[f]
            for j in e.features { s += θ[Int(j)] }
            loss += -VectorKernels.logSigmoid(-s) - Double(e.label) * s
            let r = (VectorKernels.sigmoid(s) - Double(e.label)) / n
            gradient[f] += r
            for j in e.features { gradient[Int(j)] += r }
        }
        loss /= n
        for j in 0..<f {
            loss += 0.5 * l2 * θ[j] * θ[j]
            gradient[j] += l2 * θ[j]
        }
        return (loss, gradient)
    }

    /// Fits the model on `examples` over `featureCount` features. `l2` defaults to 1/n (scikit-learn's C = 1).
    public static func fit(examples: [Example], featureCount: Int, l2: Double? = nil,
                           maxIterations: Int = 200) -> LogisticRegression {
        let lambda = l2 ?? 1 / Double(max(1, examples.count))
        let start = [Double](repeating: 0, count: featureCount + 1)
        let result = LBFGS.minimize(start, maxIterations: maxIterations) {
            objective(parameters: $0, examples: examples, l2: lambda)
        }
        return LogisticRegression(weights: Array(result.x[0..<featureCount]), bias: result.x[featureCount])
    }

    /// p(y = 1 | features); indices outside the fitted features are ignored (words never seen in training).
    public func probability(_ features: [Int32]) -> Double {
        var s = bias
        for j in features where j >= 0 && Int(j) < weights.count { s += weights[Int(j)] }
        return VectorKernels.sigmoid(s)
    }

    /// The more probable label.
    public func predict(_ features: [Int32]) -> Int { probability(features) >= 0.5 ? 1 : 0 }
}

/// Limited-memory BFGS (Nocedal 1980; Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithms 7.4 and
/// 7.5): the search direction is −H∇f with H the inverse-Hessian estimate built from the last `memory` pairs
/// (s = Δx, y = Δ∇f) by the two-loop recursion, scaled by sᵀy / yᵀy; steps come from a backtracking line search
/// with the Armijo condition f(x + αd) ≤ f(x) + 10⁻⁴ α ∇fᵀd. Pairs with sᵀy ≤ 0 are skipped (the update would
/// not be positive definite).
public enum LBFGS {
    public struct Result: Sendable {
        public var x: [Double]
        public var value: Double
        public var iterations: Int
        /// True when ‖∇f‖∞ fell below the tolerance (rather than the iteration limit or a stalled line search).
        public var converged: Bool
    }

    public static func minimize(_ x0: [Double], memory: Int = 10, maxIterations: Int = 200,
                                gradientTolerance: Double = 1e-6,
                                _ f: ([Double]) -> (loss: Double, gradient: [Double])) -> Result {
        var x = x0
        var (value, g) = f(x)
        var ss: [[Double]] = [], ys: [[Double]] = [], rhos: [Double] = []
        let dot = VectorKernels.dot as ([Double], [Double]) -> Double
        for iteration in 0..<maxIterations {
            if g.reduce(0.0, { max($0, abs($1)) }) <= gradientTolerance {
                return Result(x: x, value: value, iterations: iteration, converged: true)
            }
            // Two-loop recursion: d = −H g.
            var q = g
            var alphas = [Double](repeating: 0, count: ss.count)
            for k in stride(from: ss.count - 1, through: 0, by: -1) {
                alphas[k] = rhos[k] * dot(ss[k], q)
                for i in q.indices { q[i] -= alphas[k] * ys[k][i] }
            }
            if let s = ss.last, let y = ys.last {
                let gamma = dot(s, y) / dot(y, y)
                for i in q.indices { q[i] *= gamma }
            }
            for k in 0..<ss.count {
                let beta = rhos[k] * dot(ys[k], q)
                for i in q.indices { q[i] += ss[k][i] * (alphas[k] - beta) }
            }
            var d = q.map { -$0 }
            var slope = dot(g, d)
            if !(slope < 0) {  // not a descent direction (numerical trouble): restart from steepest descent
                ss.removeAll(); ys.removeAll(); rhos.removeAll()
                d = g.map { -$0 }
                slope = dot(g, d)
            }
            // Backtracking line search; the first step of a fresh start is scaled to a unit move.
            var step = ss.isEmpty ? min(1, 1 / max(1e-12, d.reduce(0.0) { max($0, abs($1)) })) : 1
            var accepted = false
            var xNew = x, valueNew = value, gNew = g
            for _ in 0..<40 {
                for i in x.indices { xNew[i] = x[i] + step * d[i] }
                (valueNew, gNew) = f(xNew)
                if valueNew.isFinite && valueNew <= value + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            guard accepted else { return Result(x: x, value: value, iterations: iteration, converged: false) }
            var s = [Double](repeating: 0, count: x.count), y = s
            for i in x.indices { s[i] = xNew[i] - x[i]; y[i] = gNew[i] - g[i] }
            let sy = dot(s, y)
            if sy > 1e-12 {
                ss.append(s); ys.append(y); rhos.append(1 / sy)
                if ss.count > memory { ss.removeFirst(); ys.removeFirst(); rhos.removeFirst() }
            }
            x = xNew; value = valueNew; g = gNew
        }
        return Result(x: x, value: value, iterations: maxIterations,
                      converged: g.reduce(0.0, { max($0, abs($1)) }) <= gradientTolerance)
    }
}
