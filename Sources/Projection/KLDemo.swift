#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which divergence a Gaussian is fitted by.
public enum KLDirection: String, Sendable, CaseIterable {
    /// Minimize KL(p‖q): moment matching, q covers every mode of p.
    case forward
    /// Minimize KL(q‖p): mode seeking, q settles on one mode.
    case reverse
}

/// Fitting one Gaussian q to a multi-modal p by forward or reverse KL — the classic picture of
/// Bishop, *Pattern Recognition and Machine Learning* (2006), §10.1.2, Fig. 10.3, and Murphy,
/// *Machine Learning: a Probabilistic Perspective* (2012), §21.2.2.
///
/// Everything lives on a uniform grid x₁ < … < xₙ, so both distributions are discrete and
/// ``InformationMeasures`` applies directly:
/// - pᵢ ∝ p(xᵢ) for the mixture p, normalized on the grid (kept as log pᵢ);
/// - qᵢ(μ, s) = exp(eᵢ) / Σⱼ exp(eⱼ) with eᵢ = −(xᵢ − μ)² / (2σ²), σ = eˢ (s = log σ keeps σ > 0).
///
/// Gradients (derived here; checked against finite differences in the tests). With ∂log qᵢ = ∂eᵢ − E_q[∂e],
/// ∂eᵢ/∂μ = (xᵢ − μ)/σ² and ∂eᵢ/∂s = (xᵢ − μ)²/σ²:
/// - forward  F = Σ pᵢ (log pᵢ − log qᵢ):  ∂F/∂θ = E_q[∂e/∂θ] − E_p[∂e/∂θ]. It vanishes when the mean and the
///   variance of q equal those of p — moment matching.
/// - reverse  R = Σ qᵢ (log qᵢ − log pᵢ):  ∂R/∂θ = Σ qᵢ ∂log qᵢ (Lᵢ + 1) = Cov_q(∂e/∂θ, L) with
///   Lᵢ = log qᵢ − log pᵢ (the "+1" drops out because Σ qᵢ ∂log qᵢ = 0).
public struct KLDemo: Sendable {
    public let mixture: GaussianMixture1D
    /// The grid points xᵢ.
    public let grid: [Double]
    /// log pᵢ, normalized so Σ pᵢ = 1.
    public let logP: [Double]

    /// Discretizes `mixture` on `points` evenly spaced values in `lower...upper` (default: the mixture's
    /// ``GaussianMixture1D/suggestedRange``; a grid that cuts off p's tails makes the forward fit match the
    /// moments of the truncated distribution instead).
    public init(mixture: GaussianMixture1D = .twoModes, lower: Double? = nil, upper: Double? = nil,
                points: Int = 601) throws {
        let range = mixture.suggestedRange
        let lower = lower ?? range.lower, upper = upper ?? range.upper
        guard lower.isFinite, upper.isFinite, upper > lower else {
            throw KLDemoError("the grid needs finite bounds with lower < upper (got \(lower)…\(upper))")
        }
        guard points >= 3, points <= 1_000_000 else {
            throw KLDemoError("the grid needs between 3 and 1,000,000 points (got \(points))")
        }
        self.mixture = mixture
        let step = (upper - lower) / Double(points - 1)
        grid = (0..<points).map { lower + Double($0) * step }
        let raw = grid.map { mixture.logDensity($0) }
        let z = Self.logSumExp(raw)
        logP = raw.map { $0 - z }
    }

    /// pᵢ.
    public var p: [Double] { logP.map { exp($0) } }

    /// Grid spacing Δx (pᵢ/Δx approximates the density).
    public var spacing: Double { grid.count > 1 ? grid[1] - grid[0] : 1 }

    /// E_p[x] and Var_p[x] on the grid: where the forward fit must land.
    public var moments: (mean: Double, variance: Double) {
        var m = 0.0, m2 = 0.0
        for (x, lp) in zip(grid, logP) { let w = exp(lp); m += w * x; m2 += w * x * x }
        return (m, m2 - m * m)
    }

    static func logSumExp(_ v: [Double]) -> Double {
        let m = v.max() ?? -.infinity
        guard m.isFinite else { return m }
        var s = 0.0
        for x in v { s += exp(x - m) }
        return m + log(s)
    }

    /// log qᵢ(μ, s) for the Gaussian with mean μ and σ = exp(logSigma), normalized on the grid.
    public func logQ(mean: Double, logSigma: Double) -> [Double] {
        let inv = exp(-2 * logSigma)
        let e = grid.map { -0.5 * ($0 - mean) * ($0 - mean) * inv }
        let z = Self.logSumExp(e)
        return e.map { $0 - z }
    }

    /// Loss and gradient with respect to (μ, log σ) of the chosen divergence at q(μ, σ = e^logSigma).
    public func objective(_ direction: KLDirection, mean: Double, logSigma: Double)
        -> (loss: Double, gradient: (mean: Double, logSigma: Double)) {
        let inv = exp(-2 * logSigma) // 1/σ²
        let lq = logQ(mean: mean, logSigma: logSigma)
        // E_q[∂e] and E_p[∂e] (forward), or the pieces of Cov_q(∂e, L) (reverse).
        var loss = 0.0
        var eqMu = 0.0, eqS = 0.0, epMu = 0.0, epS = 0.0
        var eqL = 0.0, eqMuL = 0.0, eqSL = 0.0
        for i in grid.indices {
            let d = grid[i] - mean
            let gMu = d * inv, gS = d * d * inv
            let q = exp(lq[i])
            eqMu += q * gMu
            eqS += q * gS
            switch direction {
            case .forward:
                let p = exp(logP[i])
                if p > 0 { loss += p * (logP[i] - lq[i]) }
                epMu += p * gMu
                epS += p * gS
            case .reverse:
                guard q > 0 else { continue }
                let l = lq[i] - logP[i]
                loss += q * l
                eqL += q * l
                eqMuL += q * gMu * l
                eqSL += q * gS * l
            }
        }
        switch direction {
        case .forward: return (loss, (eqMu - epMu, eqS - epS))
        case .reverse: return (loss, (eqMuL - eqMu * eqL, eqSL - eqS * eqL))
        }
    }
}
