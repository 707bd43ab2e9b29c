#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The prior p(z | x) over the senses of a word, given the expected number of occurrences n_k of each of its
/// senses (the sufficient statistics the trainer updates online).
///
/// - ``Kind/dirichletProcess``: the stick-breaking construction of a Dirichlet process with concentration α
///   (Bartunov, Kondrashkin, Osokin, Vetrov, "Breaking Sticks and Ambiguities with Adaptive Skip-gram",
///   AISTATS 2016). π_k = v_k Π_{r<k} (1 − v_r); the variational posterior of each stick is
///   Beta(a_k, b_k) with a_k = 1 + n_k and b_k = α + Σ_{r>k} n_r, so
///
///       E[log π_k] = ψ(a_k) − ψ(a_k + b_k) + Σ_{r<k} [ψ(b_r) − ψ(a_r + b_r)]
///       E[π_k]     = a_k / (a_k + b_k) · Π_{r<k} b_r / (a_r + b_r).
///
///   The last allocated stick's b is α alone: it stands for the infinite tail of unused senses. A small α
///   makes a new sense expensive (its E[log π] is about ψ(α) − log N for a word seen N times).
/// - ``Kind/fixed``: a fixed number K of senses with a categorical prior estimated from smoothed expected
///   counts (stochastic EM): π_k = (n_k + β) / (Σ_r n_r + K·β), used both as E[π_k] and through log π_k.
public struct SensePrior: Sendable, Equatable {
    /// Which prior.
    public enum Kind: String, Sendable, CaseIterable {
        case dirichletProcess = "dp"
        case fixed
    }

    public var kind: Kind
    /// DP concentration α (``Kind/dirichletProcess``) or the count smoothing β (``Kind/fixed``).
    public var alpha: Double
    /// K for the fixed prior (the number of senses a word may have); ignored by the DP prior.
    public var senseCount: Int

    public init(kind: Kind, alpha: Double, senseCount: Int) {
        self.kind = kind
        self.alpha = alpha
        self.senseCount = senseCount
    }

    /// Writes E[log π_k] for the `m` allocated senses with expected counts `counts[0..<m]` into `out`.
    @inlinable
    public func expectedLogWeights(counts: UnsafePointer<Float>, _ m: Int, into out: UnsafeMutablePointer<Double>) {
        switch kind {
        case .dirichletProcess:
            var tail = alpha
            for k in stride(from: m - 1, through: 0, by: -1) {  // out[k] temporarily holds b_k
                out[k] = tail
                tail += Double(max(0, counts[k]))
            }
            var logRest = 0.0
            for k in 0..<m {
                let a = 1 + Double(max(0, counts[k])), b = out[k]
                let psiSum = SpecialFunctions.digamma(a + b)
                out[k] = SpecialFunctions.digamma(a) - psiSum + logRest
                logRest += SpecialFunctions.digamma(b) - psiSum
            }
        case .fixed:
            var total = 0.0
            for k in 0..<m { total += Double(max(0, counts[k])) }
            let denominator = log(total + Double(max(senseCount, m)) * alpha)
            for k in 0..<m { out[k] = log(Double(max(0, counts[k])) + alpha) - denominator }
        }
    }

    /// Writes E[π_k] for the `m` allocated senses into `out`.
    @inlinable
    public func expectedWeights(counts: UnsafePointer<Float>, _ m: Int, into out: UnsafeMutablePointer<Double>) {
        switch kind {
        case .dirichletProcess:
            var tail = alpha
            for k in stride(from: m - 1, through: 0, by: -1) {
                out[k] = tail
                tail += Double(max(0, counts[k]))
            }
            var rest = 1.0
            for k in 0..<m {
                let a = 1 + Double(max(0, counts[k])), b = out[k]
                out[k] = rest * a / (a + b)
                rest *= b / (a + b)
            }
        case .fixed:
            var total = 0.0
            for k in 0..<m { total += Double(max(0, counts[k])) }
            let denominator = total + Double(max(senseCount, m)) * alpha
            for k in 0..<m { out[k] = (Double(max(0, counts[k])) + alpha) / denominator }
        }
    }

    /// E[log π_k] for expected counts `counts` (convenience for queries and tests).
    public func expectedLogWeights(counts: [Float]) -> [Double] {
        var out = [Double](repeating: 0, count: counts.count)
        counts.withUnsafeBufferPointer { c in out.withUnsafeMutableBufferPointer { o in
            if !c.isEmpty { expectedLogWeights(counts: c.baseAddress!, c.count, into: o.baseAddress!) }
        } }
        return out
    }

    /// E[π_k] for expected counts `counts` (convenience for queries and tests).
    public func expectedWeights(counts: [Float]) -> [Double] {
        var out = [Double](repeating: 0, count: counts.count)
        counts.withUnsafeBufferPointer { c in out.withUnsafeMutableBufferPointer { o in
            if !c.isEmpty { expectedWeights(counts: c.baseAddress!, c.count, into: o.baseAddress!) }
        } }
        return out
    }
}
