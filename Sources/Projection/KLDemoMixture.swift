#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mixture of one-dimensional Gaussians, p(x) = Σₖ wₖ N(x; mₖ, sₖ²), evaluated in log space so the far tails
/// never underflow to zero (reverse KL needs log p everywhere q has mass).
public struct GaussianMixture1D: Sendable, Equatable {
    public struct Component: Sendable, Equatable {
        public var weight: Double
        public var mean: Double
        public var standardDeviation: Double
        public init(weight: Double, mean: Double, standardDeviation: Double) {
            self.weight = weight
            self.mean = mean
            self.standardDeviation = standardDeviation
        }
    }

    /// Components with weights normalized to sum to 1.
    public let components: [Component]

    /// Validates the components (finite means, positive standard deviations, non-negative weights with a
    /// positive sum) and normalizes the weights.
    public init(_ components: [Component]) throws {
        guard !components.isEmpty else { throw KLDemoError("a mixture needs at least one component") }
        var total = 0.0
        for (k, c) in components.enumerated() {
            guard c.mean.isFinite else { throw KLDemoError("component \(k + 1): the mean must be finite") }
            guard c.standardDeviation.isFinite, c.standardDeviation > 0 else {
                throw KLDemoError("component \(k + 1): the standard deviation must be positive, got \(c.standardDeviation)")
            }
            guard c.weight.isFinite, c.weight >= 0 else {
                throw KLDemoError("component \(k + 1): the weight must be non-negative, got \(c.weight)")
            }
            total += c.weight
        }
        guard total > 0 else { throw KLDemoError("the mixture weights sum to 0") }
        self.components = components.map {
            Component(weight: $0.weight / total, mean: $0.mean, standardDeviation: $0.standardDeviation)
        }
    }

    /// The lecture's default: two equal, well separated modes, ½·N(−2.5, 0.7²) + ½·N(2.5, 0.7²).
    public static let twoModes = try! GaussianMixture1D([
        Component(weight: 0.5, mean: -2.5, standardDeviation: 0.7),
        Component(weight: 0.5, mean: 2.5, standardDeviation: 0.7),
    ])

    /// A grid range that holds essentially all of p's mass and of any moment-matched Gaussian:
    /// mean ± 6 standard deviations of the mixture, widened to every component's mean ± 6 sₖ.
    public var suggestedRange: (lower: Double, upper: Double) {
        let m = mean, sd = variance.squareRoot()
        var lo = m - 6 * sd, hi = m + 6 * sd
        for c in components {
            lo = min(lo, c.mean - 6 * c.standardDeviation)
            hi = max(hi, c.mean + 6 * c.standardDeviation)
        }
        return (lo, hi)
    }

    /// log p(x) by log-sum-exp over components.
    public func logDensity(_ x: Double) -> Double {
        var terms: [Double] = []
        terms.reserveCapacity(components.count)
        for c in components where c.weight > 0 {
            let z = (x - c.mean) / c.standardDeviation
            terms.append(log(c.weight) - 0.5 * z * z - log(c.standardDeviation) - 0.5 * log(2 * Double.pi))
        }
        let m = terms.max() ?? -.infinity
        guard m.isFinite else { return -.infinity }
        var s = 0.0
        for t in terms { s += exp(t - m) }
        return m + log(s)
    }

    /// The mixture's mean Σ wₖ mₖ.
    public var mean: Double { components.reduce(0) { $0 + $1.weight * $1.mean } }

    /// The mixture's variance Σ wₖ (sₖ² + mₖ²) − mean².
    public var variance: Double {
        let m = mean
        return components.reduce(0) { $0 + $1.weight * ($1.standardDeviation * $1.standardDeviation + $1.mean * $1.mean) } - m * m
    }
}
