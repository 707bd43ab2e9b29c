#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Entropy, cross-entropy and Kullback–Leibler divergences of discrete distributions given as `[Double]`.
///
/// With p, q probability vectors over the same n outcomes (Cover & Thomas, *Elements of Information Theory*,
/// ch. 2; Kullback & Leibler 1951):
/// - entropy            H(p)    = −Σᵢ pᵢ log pᵢ
/// - cross-entropy      H(p, q) = −Σᵢ pᵢ log qᵢ
/// - forward KL         KL(p‖q) = Σᵢ pᵢ log(pᵢ / qᵢ) = H(p, q) − H(p) ≥ 0
/// - reverse KL         KL(q‖p) = Σᵢ qᵢ log(qᵢ / pᵢ)
///
/// Conventions: 0·log 0 = 0 and 0·log(0/q) = 0, so outcomes with pᵢ = 0 contribute nothing to H(p), H(p, q)
/// or KL(p‖q); when qᵢ = 0 < pᵢ, H(p, q) and KL(p‖q) are +∞ (q cannot explain an outcome p produces).
/// Inputs are checked: same non-zero length, finite, non-negative, each summing to 1 within `tolerance`
/// (default 1e-6) — otherwise a ``DistributionError`` is thrown. Results are in nats unless another
/// ``LogarithmBase`` is given; H in base b = H in nats / ln b. Sums are plain left-to-right sums of
/// doubles; KL is not clamped, so round-off may leave a value like −1e-17 for identical inputs.
public enum InformationMeasures {
    /// Default allowed |Σ pᵢ − 1|.
    public static let defaultTolerance = 1e-6

    /// Throws unless `p` is a probability vector (finite, ≥ 0, sum within `tolerance` of 1).
    public static func validate(_ p: [Double], name: String = "p", tolerance: Double = defaultTolerance) throws {
        guard !p.isEmpty else { throw DistributionError.empty(name: name) }
        var sum = 0.0
        for (i, v) in p.enumerated() {
            guard v.isFinite else { throw DistributionError.notFinite(name: name, index: i) }
            guard v >= 0 else { throw DistributionError.negative(name: name, index: i, value: v) }
            sum += v
        }
        guard abs(sum - 1) <= tolerance else { throw DistributionError.sumNotOne(name: name, sum: sum) }
    }

    static func divisor(_ base: LogarithmBase) throws -> Double {
        if case .custom(let b) = base, !(b > 0 && b != 1 && b.isFinite) { throw DistributionError.badBase(b) }
        return base.naturalLogarithm
    }

    static func validatePair(_ p: [Double], _ q: [Double], tolerance: Double) throws {
        guard p.count == q.count else { throw DistributionError.lengthMismatch(p: p.count, q: q.count) }
        try validate(p, name: "p", tolerance: tolerance)
        try validate(q, name: "q", tolerance: tolerance)
    }

    /// Shannon entropy H(p) = −Σ pᵢ log pᵢ (0 log 0 = 0).
    public static func entropy(_ p: [Double], base: LogarithmBase = .nats,
                               tolerance: Double = defaultTolerance) throws -> Double {
        let d = try divisor(base)
        try validate(p, name: "p", tolerance: tolerance)
        var h = 0.0
        for v in p where v > 0 { h -= v * log(v) }
        return h / d
    }

    /// Cross-entropy H(p, q) = −Σ pᵢ log qᵢ; +∞ when some qᵢ = 0 < pᵢ.
    public static func crossEntropy(_ p: [Double], _ q: [Double], base: LogarithmBase = .nats,
                                    tolerance: Double = defaultTolerance) throws -> Double {
        let d = try divisor(base)
        try validatePair(p, q, tolerance: tolerance)
        var h = 0.0
        for i in p.indices where p[i] > 0 {
            if q[i] == 0 { return .infinity }
            h -= p[i] * log(q[i])
        }
        return h / d
    }

    /// Forward Kullback–Leibler divergence KL(p‖q) = Σ pᵢ log(pᵢ/qᵢ); +∞ when some qᵢ = 0 < pᵢ.
    ///
    /// Minimizing it over q is "mean seeking" / moment matching: q must put mass wherever p has any.
    public static func klDivergence(_ p: [Double], _ q: [Double], base: LogarithmBase = .nats,
                                    tolerance: Double = defaultTolerance) throws -> Double {
        let d = try divisor(base)
        try validatePair(p, q, tolerance: tolerance)
        return divergence(p, q) / d
    }

    /// Reverse Kullback–Leibler divergence KL(q‖p) = Σ qᵢ log(qᵢ/pᵢ); +∞ when some pᵢ = 0 < qᵢ.
    ///
    /// Minimizing it over q is "mode seeking": q is punished for mass where p has little, so it settles on one
    /// mode (the objective of variational inference).
    public static func reverseKLDivergence(_ p: [Double], _ q: [Double], base: LogarithmBase = .nats,
                                           tolerance: Double = defaultTolerance) throws -> Double {
        let d = try divisor(base)
        try validatePair(p, q, tolerance: tolerance)
        return divergence(q, p) / d
    }

    /// Σ aᵢ log(aᵢ/bᵢ) in nats over validated inputs.
    static func divergence(_ a: [Double], _ b: [Double]) -> Double {
        var kl = 0.0
        for i in a.indices where a[i] > 0 {
            if b[i] == 0 { return .infinity }
            kl += a[i] * (log(a[i]) - log(b[i]))
        }
        return kl
    }
}
