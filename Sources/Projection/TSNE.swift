import Foundation
import SenseVecCore

/// A complete t-SNE (or SNE) run with the usual recipe, built from the swappable parts:
/// ``Affinities`` → ``Initialization`` → ``GradientDescent`` phases (early exaggeration, normal, optional late
/// exaggeration) with progress callbacks (van der Maaten & Hinton 2008; van der Maaten 2014; Linderman et al.
/// 2019; Belkina et al. 2019; Kobak & Berens 2019).
public struct TSNE: Sendable {
    public enum InitialLayout: String, Sendable, CaseIterable { case pca, random }

    public var perplexity: Double = 30
    /// Iterations with early exaggeration (counted in ``iterations``).
    public var earlyIterations: Int = 250
    /// Total iterations, early phase included.
    public var iterations: Int = 750
    public var exaggeration: Double = 12
    /// Exaggeration of the phase after the early one (1 = none; > 1 is "late exaggeration").
    public var lateExaggeration: Double = 1
    /// nil = max(N / exaggeration, 50) per phase (Belkina et al. 2019).
    public var learningRate: Double? = nil
    public var initialMomentum: Double = 0.5
    public var finalMomentum: Double = 0.8
    public var kernel: EmbeddingKernel = .cauchy
    /// nil = exact up to ``exactLimit`` points, FFT above.
    public var method: GradientMethod? = nil
    public var theta: Double = 0.5
    /// How the nearest neighbours of the sparse affinities are found (methods other than exact).
    public var neighbors: NeighborSearch = .automatic
    public var initialization: InitialLayout = .pca
    public var threads: Int = 1
    public var seed: UInt64 = 1
    public var callbackInterval: Int = 50
    /// Grid of the FFT method.
    public var interpolation = InterpolationGrid()

    /// Largest N for which the default method is exact (all-pairs P and gradient).
    public static let exactLimit = 2_000

    public init() {}

    /// The method used for `count` points.
    public func resolvedMethod(count: Int) -> GradientMethod {
        method ?? (count <= Self.exactLimit ? .exact : .fft)
    }

    /// Checks the options; throws one readable line for absurd values.
    public func validate(count: Int) throws {
        guard perplexity > 0 else { throw SenseVecError("perplexity must be positive, got \(perplexity)") }
        guard count >= 2 else { throw SenseVecError("t-SNE needs at least 2 points, got \(count)") }
        guard Double(count - 1) >= perplexity else {
            throw SenseVecError("perplexity \(perplexity) is too large for \(count) points (needs at most N−1 = \(count - 1))")
        }
        guard iterations >= 1, earlyIterations >= 0, earlyIterations <= iterations else {
            throw SenseVecError("need 0 ≤ early iterations (\(earlyIterations)) ≤ iterations (\(iterations)) and iterations ≥ 1")
        }
        guard exaggeration > 0, lateExaggeration > 0 else { throw SenseVecError("exaggeration must be positive") }
        if let lr = learningRate, !(lr > 0) { throw SenseVecError("learning rate must be positive, got \(lr)") }
        if case .studentT(let a) = kernel, !(a > 0) { throw SenseVecError("degrees of freedom must be positive, got \(a)") }
        guard theta >= 0, theta <= 2 else { throw SenseVecError("theta must be in 0...2, got \(theta)") }
        guard threads >= 1 else { throw SenseVecError("threads must be at least 1") }
    }

    /// Affinities for `data` as this configuration would compute them.
    public func affinities(for data: DataMatrix, progress: ProgressHandler? = nil) throws -> Affinities {
        try affinitiesAndProjection(for: data, progress: progress).0
    }

    /// The affinities and, when the neighbour search projected the data on principal components, that PCA.
    func affinitiesAndProjection(for data: DataMatrix, progress: ProgressHandler?) throws -> (Affinities, PCA?) {
        if resolvedMethod(count: data.rows) == .exact {
            return (try Affinities.exact(data, perplexity: perplexity, threads: threads), nil)
        }
        let k = min(data.rows - 1, max(1, Int(3 * perplexity)))
        let nn = try Neighbors.find(data, k: k, method: neighbors, threads: threads, seed: seed, progress: progress)
        var p = Affinities.fromNeighbors(nn, perplexity: perplexity, threads: threads)
        p.neighbors = (neighbors.resolved(rows: data.rows, dimension: data.columns).name, nn.recall, nn.recallSample)
        return (p, nn.projection)
    }

    /// The result of a run.
    public struct Result: Sendable {
        /// `count × 2` map coordinates, row-major, in input order.
        public var positions: [Double]
        public var klDivergence: Double
        public var iterations: Int
        public var method: GradientMethod
        public var seconds: (affinities: Double, optimization: Double)
        /// Neighbour search used for the sparse affinities, and its measured recall (nil for exact P).
        public var neighbors: (method: String, recall: Double?, sample: Int)? = nil
    }

    /// Runs affinities, initialization and the optimization phases. Progress events: stage "affinities", then
    /// "t-SNE" with fraction, KL and exaggeration every ``callbackInterval`` iterations. `shouldStop` is asked
    /// at each callback.
    public func run(_ data: DataMatrix, progress: ProgressHandler? = nil,
                    shouldStop: (@Sendable () -> Bool)? = nil) throws -> Result {
        try validate(count: data.rows)
        let n = data.rows
        let method = resolvedMethod(count: n)
        let t0 = Date()
        progress?(ProgressEvent(stage: "affinities", fraction: 0,
                                message: method == .exact ? "all pairs" : "\(min(n - 1, Int(3 * perplexity))) nearest neighbours"))
        let (p, projection) = try affinitiesAndProjection(for: data, progress: progress)
        progress?(ProgressEvent(stage: "affinities", fraction: 1, finished: true))
        let init0: [Double]
        if initialization == .random {
            init0 = try Initialization.random(count: n, seed: seed)
        } else if let projection, projection.components >= 2 {
            // The neighbour search already fitted the leading components: reuse its first two.
            init0 = Initialization.fromScores(projection.scores, components: projection.components)
        } else {
            init0 = try Initialization.pca(data, seed: seed, threads: threads)
        }
        let t1 = Date()
        let gd = try GradientDescent(affinities: p, initial: init0, kernel: kernel, method: method,
                                     theta: theta, threads: threads, interpolation: interpolation)
        var kl = Double.nan
        var stopped = false
        let total = iterations
        let callback: (OptimizationStatus) -> Bool = { s in
            progress?(ProgressEvent(stage: "t-SNE", fraction: Double(s.iteration) / Double(total),
                                    metrics: [("iter", Double(s.iteration)), ("KL", s.klDivergence),
                                              ("exaggeration", s.exaggeration)]))
            if let shouldStop, shouldStop() { stopped = true; return false }
            return true
        }
        if earlyIterations > 0 {
            kl = try gd.optimize(iterations: earlyIterations, exaggeration: exaggeration, momentum: initialMomentum,
                                 learningRate: learningRate ?? max(Double(n) / exaggeration, 50),
                                 callbackInterval: callbackInterval, callback: callback)
        }
        if !stopped && iterations > earlyIterations {
            kl = try gd.optimize(iterations: iterations - earlyIterations, exaggeration: lateExaggeration,
                                 momentum: finalMomentum,
                                 learningRate: learningRate ?? max(Double(n) / lateExaggeration, 50),
                                 callbackInterval: callbackInterval, callback: callback)
        }
        // The reported KL is that of the final map.
        kl = gd.gradient(exaggeration: 1, wantKL: true).kl
        let t2 = Date()
        progress?(ProgressEvent(stage: "t-SNE", fraction: 1, metrics: [("KL", kl)], finished: true))
        return Result(positions: gd.positions, klDivergence: kl, iterations: gd.iteration, method: method,
                      seconds: (t1.timeIntervalSince(t0), t2.timeIntervalSince(t1)), neighbors: p.neighbors)
    }
}
