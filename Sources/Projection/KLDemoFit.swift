#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The result of fitting one Gaussian with ``KLDemo/fit(_:initialMean:initialSigma:maxIterations:gradientTolerance:)``.
public struct KLDemoFit: Sendable {
    public var direction: KLDirection
    public var mean: Double
    public var sigma: Double
    /// KL(p‖q) and KL(q‖p) at the fitted q, in nats.
    public var forwardKL: Double
    public var reverseKL: Double
    public var iterations: Int
    /// True when the gradient norm fell below the tolerance.
    public var converged: Bool
    /// qᵢ on the grid.
    public var q: [Double]
}

extension KLDemo {
    /// Fits q = N(μ, σ²) (on the grid) by gradient descent on (μ, log σ) for the chosen divergence.
    ///
    /// Plain gradient descent with a backtracking (Armijo) line search: a step t is accepted when
    /// loss(θ − t g) ≤ loss(θ) − ½ t ‖g‖², otherwise halved; after an accepted step t doubles (up to 16), so no
    /// learning rate needs tuning. Stops when ‖g‖ < `gradientTolerance`, when no step decreases the loss,
    /// or after `maxIterations`. Deterministic: the same inputs give the same bits.
    ///
    /// The default start, N(0.5, 0.5²), sits just right of the middle and is narrow. Reverse KL has saddle
    /// points where q straddles both modes; a wide start (σ ≳ the mode distance / 2) drifts onto one and
    /// crawls, which ``KLDemoFit/converged`` then reports as false.
    public func fit(_ direction: KLDirection, initialMean: Double = 0.5, initialSigma: Double = 0.5,
                    maxIterations: Int = 10_000, gradientTolerance: Double = 1e-7) throws -> KLDemoFit {
        guard initialMean.isFinite else { throw KLDemoError("the initial mean must be finite") }
        guard initialSigma.isFinite, initialSigma > 0 else {
            throw KLDemoError("the initial standard deviation must be positive, got \(initialSigma)")
        }
        guard maxIterations >= 0 else { throw KLDemoError("the iteration limit must be ≥ 0") }
        var mu = initialMean, s = log(initialSigma)
        var current = objective(direction, mean: mu, logSigma: s)
        var step = 1.0
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            let g = current.gradient
            let norm2 = g.mean * g.mean + g.logSigma * g.logSigma
            if norm2.squareRoot() < gradientTolerance { converged = true; break }
            var accepted = false
            while step > 1e-20 {
                let candidate = objective(direction, mean: mu - step * g.mean, logSigma: s - step * g.logSigma)
                if candidate.loss.isFinite, candidate.loss <= current.loss - 0.5 * step * norm2 {
                    mu -= step * g.mean
                    s -= step * g.logSigma
                    current = candidate
                    accepted = true
                    step = min(16, step * 2)
                    break
                }
                step *= 0.5
            }
            iterations += 1
            if !accepted {
                // No descent step exists at machine precision: we are at a (numerical) stationary point.
                converged = norm2.squareRoot() < 1e-5
                break
            }
        }
        let lq = logQ(mean: mu, logSigma: s)
        let q = lq.map { exp($0) }
        // Both divergences from log-probabilities, so a q that underflows in the far tails stays finite.
        let forward = objective(.forward, mean: mu, logSigma: s).loss
        let reverse = objective(.reverse, mean: mu, logSigma: s).loss
        return KLDemoFit(direction: direction, mean: mu, sigma: exp(s), forwardKL: forward, reverseKL: reverse,
                         iterations: iterations, converged: converged, q: q)
    }
}
