import Foundation

/// The similarity kernel of the embedding: w(d²) for squared distance d² between two map points.
///
/// - ``studentT(degreesOfFreedom:)``: w = (1 + d²/α)^−α — Kobak et al. 2019 ("Heavy-tailed kernels reveal a
///   finer cluster structure in t-SNE visualisations"); α = 1 is the Cauchy kernel of t-SNE
///   (van der Maaten & Hinton 2008), smaller α gives heavier tails, α → ∞ tends to the Gaussian.
/// - ``gaussian``: w = exp(−d²), the kernel of (symmetric) SNE (Hinton & Roweis 2002).
///
/// With q_ij = w_ij / Z, Z = Σ_{k≠l} w_kl, the gradient of KL(P‖Q) is
/// ∂C/∂y_i = 4 Σ_j (p_ij − q_ij) g_ij (y_i − y_j), where g = −d ln w / d(d²):
/// g = 1/(1 + d²/α) for the t kernel and g = 1 for the Gaussian.
public enum EmbeddingKernel: Sendable, Equatable {
    case studentT(degreesOfFreedom: Double)
    case gaussian

    /// The t-SNE kernel (Cauchy, α = 1).
    public static let cauchy = EmbeddingKernel.studentT(degreesOfFreedom: 1)

    /// True for α = 1, where the hot loops use w = 1/(1+d²) and w·g = w² with no pow().
    @inlinable public var isCauchy: Bool { self == .studentT(degreesOfFreedom: 1) }

    /// w(d²).
    @inlinable @inline(__always)
    public func weight(_ d2: Double) -> Double {
        switch self {
        case .studentT(let a): return a == 1 ? 1 / (1 + d2) : pow(1 + d2 / a, -a)
        case .gaussian: return exp(-d2)
        }
    }

    /// ln w(d²), computed without underflow (the Gaussian's w underflows for d² > 745).
    @inlinable @inline(__always)
    public func logWeight(_ d2: Double) -> Double {
        switch self {
        case .studentT(let a): return -a * log1p(d2 / a)
        case .gaussian: return -d2
        }
    }

    /// g(d²) = −d ln w / d(d²).
    @inlinable @inline(__always)
    public func g(_ d2: Double) -> Double {
        switch self {
        case .studentT(let a): return 1 / (1 + d2 / a)
        case .gaussian: return 1
        }
    }
}
