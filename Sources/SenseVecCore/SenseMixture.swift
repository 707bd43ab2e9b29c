#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mixture of von Mises–Fisher distributions over unit context vectors: the sense model of one word.
///
/// Each occurrence t of the word has a latent sense z and a context vector c_t on the unit sphere S^{d−1}
/// (``ContextEncoder``). The senses share one concentration κ:
///
///     p(c | z = k) = C_d(κ) exp(κ μ_k · c),   C_d(κ) = κ^{d/2−1} / ((2π)^{d/2} I_{d/2−1}(κ)),
///
/// so log p(c | z) = κ μ_z · c + const: the log-likelihood of a log-linear (softmax) model whose normalizer is
/// the same for every sense. The prior p(z) is the ``SensePrior`` (Dirichlet-process stick-breaking or a
/// categorical) on the expected counts n_k.
///
/// - **E-step** (``posterior(means:count:dimension:kappa:logPrior:context:logLikelihood:posterior:)``):
///   q(z = k | c) ∝ exp(E[log π_k] + κ μ_k · c). Training, `disambiguate`, `induce` and the explorer all call it.
/// - **M-step**: n_k = Σ_t q_tk, r_k = Σ_t q_tk c_t, μ_k = r_k / ‖r_k‖, and κ solves A_d(κ) = R̄ with
///   R̄ = Σ_k ‖r_k‖ / Σ_k n_k and A_d(κ) = I_{d/2}(κ) / I_{d/2−1}(κ) (Banerjee, Dhillon, Ghosh & Sra,
///   "Clustering on the Unit Hypersphere using von Mises-Fisher Distributions", JMLR 2005; Newton steps as
///   in Sra, "A short note on parameter approximation for von Mises-Fisher distributions", 2012).
/// - **Number of senses**: ``fit(points:count:dimension:options:)`` fits the K it is given, or chooses K by
///   held-out split tests (``Selection/splitTest``, see ``bimodality(_:)``), or fits K = 1, 2, … and keeps the K
///   with the best penalized log-likelihood L_K − λ · (p_K / 2) · log n (``Selection/penalizedLikelihood``: BIC
///   with weight λ; p_K = K(d − 1) + (K − 1) + 1 free parameters), stopping at the first K that does not improve it.
public struct SenseMixture: Sendable {
    /// Context dimension d.
    public var dimension: Int
    /// Mean directions μ_k, K unit rows of d floats.
    public var means: [Float]
    /// Expected occurrences n_k per sense (the prior's sufficient statistics).
    public var counts: [Double]
    /// The shared concentration κ.
    public var kappa: Double
    /// The prior over senses.
    public var prior: SensePrior

    /// K, the number of senses.
    public var count: Int { counts.count }

    public init(dimension: Int, means: [Float], counts: [Double], kappa: Double, prior: SensePrior) {
        precondition(means.count == counts.count * dimension)
        self.dimension = dimension; self.means = means; self.counts = counts; self.kappa = kappa; self.prior = prior
    }

    /// E[log π_k] of the senses.
    public var logPrior: [Double] { prior.expectedLogWeights(counts: counts.map { Float($0) }) }
    /// E[π_k] of the senses.
    public var weights: [Double] { prior.expectedWeights(counts: counts.map { Float($0) }) }

    // MARK: E-step

    /// The posterior over `m` senses of one context vector c: q(k) ∝ exp(logPrior[k] + κ μ_k · c).
    /// `logLikelihood` receives κ μ_k · c (the sense-dependent part of log p(c | k)). Returns the log evidence
    /// up to the sense-independent constant log C_d(κ).
    @inlinable
    @discardableResult
    public static func posterior(means: UnsafePointer<Float>, count m: Int, dimension d: Int, kappa: Double,
                                 logPrior: UnsafePointer<Double>, context c: UnsafePointer<Float>,
                                 logLikelihood: UnsafeMutablePointer<Double>,
                                 posterior: UnsafeMutablePointer<Double>) -> Double {
        for k in 0..<m { logLikelihood[k] = kappa * Double(VectorKernels.dot(means + k * d, c, count: d)) }
        return SensePosterior.normalize(logLikelihood: logLikelihood, logPrior: logPrior, count: m, posterior: posterior)
    }

    /// ``posterior(means:count:dimension:kappa:logPrior:context:logLikelihood:posterior:)`` for this mixture.
    public func posterior(context c: [Float]) -> [Double] {
        let lp = logPrior
        var ll = [Double](repeating: 0, count: count), q = ll
        means.withUnsafeBufferPointer { mp in c.withUnsafeBufferPointer { cp in
            lp.withUnsafeBufferPointer { lpp in ll.withUnsafeMutableBufferPointer { llp in q.withUnsafeMutableBufferPointer { qp in
                _ = Self.posterior(means: mp.baseAddress!, count: count, dimension: dimension, kappa: kappa,
                                   logPrior: lpp.baseAddress!, context: cp.baseAddress!, logLikelihood: llp.baseAddress!,
                                   posterior: qp.baseAddress!)
            } } }
        } }
        return q
    }

    // MARK: Likelihood

    /// log C_d(κ), the vMF normalizer on S^{d−1}.
    public static func logNormalizer(dimension d: Int, kappa: Double) -> Double {
        let nu = Double(d) / 2 - 1
        guard kappa > 1e-12 else { return -logSphereArea(dimension: d) }
        return nu * log(kappa) - Double(d) / 2 * log(2 * Double.pi) - SpecialFunctions.logBesselI(nu, kappa)
    }

    /// log of the area of S^{d−1}: log(2 π^{d/2} / Γ(d/2)) (the κ → 0 limit of −log C_d).
    static func logSphereArea(dimension d: Int) -> Double {
        log(2) + Double(d) / 2 * log(Double.pi) - lgamma(Double(d) / 2)
    }

    /// A_d(κ) = I_{d/2}(κ) / I_{d/2−1}(κ) = d/dκ log I_{d/2−1}(κ) − (d/2 − 1)/κ, the mean resultant length of a
    /// vMF with concentration κ.
    public static func meanResultantLength(dimension d: Int, kappa: Double) -> Double {
        let nu = Double(d) / 2 - 1
        guard kappa > 1e-12 else { return 0 }
        return exp(SpecialFunctions.logBesselI(nu + 1, kappa) - SpecialFunctions.logBesselI(nu, kappa))
    }

    /// Solves A_d(κ) = R̄ (Banerjee et al.'s approximation, then Newton steps on the exact A_d).
    public static func concentration(dimension d: Int, meanResultantLength r: Double) -> Double {
        let dd = Double(d)
        let rbar = min(max(r, 1e-9), 1 - 1e-6)
        var kappa = rbar * (dd - rbar * rbar) / (1 - rbar * rbar)
        for _ in 0..<3 {
            let a = meanResultantLength(dimension: d, kappa: kappa)
            // A'(κ) = 1 − A² − (d − 1) A / κ
            let slope = 1 - a * a - (dd - 1) * a / kappa
            guard slope > 1e-12 else { break }
            let next = kappa - (a - rbar) / slope
            guard next > 0 && next.isFinite else { break }
            kappa = next
        }
        return kappa
    }

    /// The marginal log-likelihood Σ_t log Σ_k π_k C_d(κ) exp(κ μ_k · c_t) of n unit rows `points`, with the
    /// mixing weights π_k = E[π_k] of the prior.
    public func logLikelihood(points: UnsafePointer<Float>, count n: Int) -> Double {
        let logW = weights.map { log(max($0, 1e-300)) }
        let logC = Self.logNormalizer(dimension: dimension, kappa: kappa)
        var ll = [Double](repeating: 0, count: count), q = ll
        var total = 0.0
        means.withUnsafeBufferPointer { mp in logW.withUnsafeBufferPointer { lw in
            ll.withUnsafeMutableBufferPointer { llp in q.withUnsafeMutableBufferPointer { qp in
                for i in 0..<n {
                    total += Self.posterior(means: mp.baseAddress!, count: count, dimension: dimension, kappa: kappa,
                                            logPrior: lw.baseAddress!, context: points + i * dimension,
                                            logLikelihood: llp.baseAddress!, posterior: qp.baseAddress!) + logC
                }
            } }
        } }
        return total
    }

    /// ∂/∂κ of ``logLikelihood(points:count:)``: Σ_t Σ_k q_tk μ_k · c_t − n A_d(κ) (Fisher's identity).
    public func kappaGradient(points: UnsafePointer<Float>, count n: Int) -> Double {
        let logW = weights.map { log(max($0, 1e-300)) }
        var ll = [Double](repeating: 0, count: count), q = ll
        var total = 0.0
        means.withUnsafeBufferPointer { mp in logW.withUnsafeBufferPointer { lw in
            ll.withUnsafeMutableBufferPointer { llp in q.withUnsafeMutableBufferPointer { qp in
                for i in 0..<n {
                    Self.posterior(means: mp.baseAddress!, count: count, dimension: dimension, kappa: kappa,
                                   logPrior: lw.baseAddress!, context: points + i * dimension,
                                   logLikelihood: llp.baseAddress!, posterior: qp.baseAddress!)
                    for k in 0..<count { total += qp[k] * llp[k] / kappa }
                }
            } }
        } }
        return total - Double(n) * Self.meanResultantLength(dimension: dimension, kappa: kappa)
    }

    // MARK: Fitting

    /// Settings of ``fit(points:count:dimension:options:)``.
    public struct FitOptions: Sendable {
        /// Fit exactly this many senses (nil: choose K by the penalized likelihood).
        public var senses: Int? = nil
        /// The most senses K may reach when it is chosen.
        public var maxSenses = 10
        /// λ, the weight of the BIC penalty (1 = BIC).
        public var penalty = 1.0
        /// The prior over senses used in the E-step.
        public var prior = SensePrior(kind: .dirichletProcess, alpha: 1, senseCount: 10)
        /// EM iterations at most per K.
        public var iterations = 50
        /// Random restarts (k-means++ seeds) per K ≥ 2; the best likelihood is kept.
        public var restarts = 2
        /// A sense whose expected count falls below this during EM is removed.
        public var minimumCount = 2.0
        public var seed: UInt64 = 1
        /// How K is chosen when `senses` is nil.
        public var selection = Selection.penalizedLikelihood
        /// ``Selection/splitTest``: a sense is split when the held-out log-likelihood gain of two modes over one
        /// exceeds this many nats per held-out point (and is significant, Δ > 0; ``bimodality(_:)``).
        public var splitThreshold = 0.03
        /// ``Selection/splitTest``: a sense is tested only with at least this many points in each half.
        public var minimumSplitPoints = 20
        /// ``Selection/splitTest``: two-sense fits (k-means++ starts) proposed and tested per sense.
        public var splitCandidates = 4
        /// Where EM for a given K starts (``Selection/penalizedLikelihood`` and fixed K).
        public var initialization = Initialization.kMeansPlusPlus
        /// ``Initialization/ward``: at most this many points are clustered (a uniform sample of larger sets).
        public var wardLimit = 2_500
        public init() {}
    }

    /// How EM for K senses is started.
    public enum Initialization: String, Sendable, CaseIterable {
        /// `restarts` k-means++ seeds (cosine distance); the best likelihood is kept.
        case kMeansPlusPlus = "kmeans++"
        /// The K clusters of Ward's agglomerative clustering of the points (``WardDendrogram``), one deterministic
        /// start: the means of the cut's clusters.
        case ward
    }

    /// How ``fit(points:count:dimension:options:)`` chooses the number of senses.
    public enum Selection: String, Sendable, CaseIterable {
        /// The K with the best L_K − λ (p_K/2) log n, K = 1, 2, … until it stops improving.
        case penalizedLikelihood = "bic"
        /// Top-down held-out split tests (``bimodality(_:)``): a sense is split while two modes explain the
        /// held-out log-odds of the proposed split better than one.
        case splitTest = "split"
    }

    /// The outcome of a fit: the mixture, each point's posterior (n × K, row-major), the log-likelihood and the
    /// penalized score of every K tried.
    public struct Fit: Sendable {
        public var mixture: SenseMixture
        public var responsibilities: [Double]
        public var logLikelihood: Double
        public var scores: [(senses: Int, logLikelihood: Double, score: Double)]
        /// The most probable sense of point i.
        public func assignment(_ i: Int) -> Int {
            let k = mixture.count
            var best = 0
            for j in 1..<max(1, k) where responsibilities[i * k + j] > responsibilities[i * k + best] { best = j }
            return best
        }
    }

    /// Fits the mixture to n unit rows `points` (n × d). K is `options.senses` or chosen by the penalized
    /// likelihood. Senses are ordered by decreasing count (the order the stick-breaking prior favours).
    public static func fit(points: UnsafePointer<Float>, count n: Int, dimension d: Int, options: FitOptions) -> Fit {
        precondition(n >= 1 && d >= 1)
        var rng = SenseRandom(seed: options.seed, stream: 0x5E45E)
        let ward = options.initialization == .ward && (options.senses != nil || options.selection == .penalizedLikelihood)
            ? WardStart(points: points, count: n, dimension: d, limit: options.wardLimit, rng: &rng) : nil
        if let k = options.senses {
            var f = fitFixed(points: points, count: n, dimension: d, senses: min(k, n), options: options, rng: &rng, ward: ward)
            f.scores = [(f.mixture.count, f.logLikelihood, score(f, n: n, d: d, penalty: options.penalty))]
            return f
        }
        if options.selection == .splitTest {
            return fitBySplitting(points: points, count: n, dimension: d, options: options, rng: &rng)
        }
        var best = fitFixed(points: points, count: n, dimension: d, senses: 1, options: options, rng: &rng, ward: ward)
        var bestScore = score(best, n: n, d: d, penalty: options.penalty)
        var scores = [(best.mixture.count, best.logLikelihood, bestScore)]
        var k = 2
        while k <= min(options.maxSenses, n) {
            let f = fitFixed(points: points, count: n, dimension: d, senses: k, options: options, rng: &rng, ward: ward)
            let s = score(f, n: n, d: d, penalty: options.penalty)
            scores.append((f.mixture.count, f.logLikelihood, s))
            if f.mixture.count < k || s <= bestScore { break }
            best = f; bestScore = s
            k += 1
        }
        best.scores = scores
        return best
    }

    /// Convenience over an array of n × d floats.
    public static func fit(points: [Float], dimension d: Int, options: FitOptions) -> Fit {
        points.withUnsafeBufferPointer { fit(points: $0.baseAddress!, count: points.count / d, dimension: d, options: options) }
    }

    /// L − λ (p/2) log n with p = K(d − 1) + (K − 1) + 1.
    static func score(_ f: Fit, n: Int, d: Int, penalty: Double) -> Double {
        let k = Double(f.mixture.count)
        let p = k * Double(d - 1) + (k - 1) + 1
        return f.logLikelihood - penalty * p / 2 * log(Double(max(n, 2)))
    }

    /// EM for K senses with `restarts` k-means++ seeds (one for K = 1); keeps the best likelihood. With `ward`,
    /// one EM from the means of its K clusters.
    static func fitFixed(points: UnsafePointer<Float>, count n: Int, dimension d: Int, senses k: Int,
                         options: FitOptions, rng: inout SenseRandom, ward: WardStart? = nil) -> Fit {
        if let ward, k >= 2 {
            return em(points: points, count: n, dimension: d, initialMeans: ward.means(senses: k), options: options)
        }
        var best: Fit? = nil
        for _ in 0..<(k == 1 ? 1 : max(1, options.restarts)) {
            let seeds = seed(points: points, count: n, dimension: d, senses: k, rng: &rng)
            let f = em(points: points, count: n, dimension: d, initialMeans: seeds, options: options)
            if best == nil || f.logLikelihood > best!.logLikelihood { best = f }
        }
        return best!
    }

    /// Ward's dendrogram of the points (or of a uniform sample of `limit` of them), cut at K clusters to start EM.
    struct WardStart {
        let sample: [Float]
        let dimension: Int
        let dendrogram: WardDendrogram

        init(points: UnsafePointer<Float>, count n: Int, dimension d: Int, limit: Int, rng: inout SenseRandom) {
            var rows = Array(0..<n)
            let m = min(n, max(2, limit))
            if m < n {
                for i in 0..<m { rows.swapAt(i, i + rng.nextInt(below: n - i)) }
                rows = Array(rows.prefix(m)).sorted()
            }
            var sample = [Float](repeating: 0, count: m * d)
            for (a, r) in rows.enumerated() { for t in 0..<d { sample[a * d + t] = points[r * d + t] } }
            self.sample = sample
            dimension = d
            dendrogram = sample.withUnsafeBufferPointer { WardDendrogram(points: $0.baseAddress!, count: m, dimension: d) }
        }

        /// The unit mean directions of the cut's K clusters.
        func means(senses k: Int) -> [Float] {
            let d = dimension
            let labels = dendrogram.cut(clusters: k)
            let found = (labels.max() ?? 0) + 1
            var means = [Float](repeating: 0, count: found * d)
            sample.withUnsafeBufferPointer { sp in means.withUnsafeMutableBufferPointer { mp in
                for (i, l) in labels.enumerated() { VectorKernels.axpy(1, sp.baseAddress! + i * d, mp.baseAddress! + l * d, count: d) }
                for j in 0..<found { _ = VectorKernels.normalize(mp.baseAddress! + j * d, count: d, into: mp.baseAddress! + j * d) }
            } }
            return means
        }
    }

    /// k-means++ seeding on the cosine distance 1 − c_i · c_j.
    static func seed(points: UnsafePointer<Float>, count n: Int, dimension d: Int, senses k: Int,
                     rng: inout SenseRandom) -> [Float] {
        var means = [Float](repeating: 0, count: k * d)
        var distance = [Double](repeating: .infinity, count: n)
        var chosen = rng.nextInt(below: n)
        for j in 0..<k {
            for i in 0..<d { means[j * d + i] = points[chosen * d + i] }
            var total = 0.0
            for i in 0..<n {
                let dist = max(0, 1 - Double(VectorKernels.dot(points + i * d, points + chosen * d, count: d)))
                distance[i] = min(distance[i], dist)
                total += distance[i]
            }
            guard j + 1 < k else { break }
            if total <= 0 { chosen = rng.nextInt(below: n); continue }
            var u = rng.nextDouble() * total
            chosen = n - 1
            for i in 0..<n { u -= distance[i]; if u <= 0 { chosen = i; break } }
        }
        return means
    }

    /// M-step statistics: n_k = Σ_i q_ik and r_k = Σ_i q_ik c_i (posteriors below 10⁻⁴ skipped).
    static func accumulate(points: UnsafePointer<Float>, count n: Int, dimension d: Int, q: [Double], senses k: Int,
                           sums: inout [Float], counts: inout [Double]) {
        for j in 0..<k { counts[j] = 0 }
        sums.withUnsafeMutableBufferPointer { sp in
            sp.update(repeating: 0)
            for i in 0..<n {
                for j in 0..<k {
                    let w = q[i * k + j]
                    guard w > 1e-4 else { continue }
                    counts[j] += w
                    VectorKernels.axpy(Float(w), points + i * d, sp.baseAddress! + j * d, count: d)
                }
            }
        }
    }

    /// EM from the given means until the log-likelihood changes by less than 1e-7 per point.
    static func em(points: UnsafePointer<Float>, count n: Int, dimension d: Int, initialMeans: [Float],
                   options: FitOptions) -> Fit {
        var k = initialMeans.count / d
        var means = initialMeans
        var counts = [Double](repeating: Double(n) / Double(k), count: k)
        var kappa = Double(d)
        var q = [Double](repeating: 0, count: n * k)
        var ll = [Double](repeating: 0, count: k)
        var sums = [Float](repeating: 0, count: k * d)
        var previous = -Double.infinity
        var current = -Double.infinity
        let prior = options.prior
        for iteration in 0..<options.iterations {
            // E-step.
            let lp = prior.expectedLogWeights(counts: counts.map { Float($0) })
            var total = 0.0
            means.withUnsafeBufferPointer { mp in lp.withUnsafeBufferPointer { lpp in
                ll.withUnsafeMutableBufferPointer { llp in q.withUnsafeMutableBufferPointer { qp in
                    for i in 0..<n {
                        total += posterior(means: mp.baseAddress!, count: k, dimension: d, kappa: kappa,
                                           logPrior: lpp.baseAddress!, context: points + i * d,
                                           logLikelihood: llp.baseAddress!, posterior: qp.baseAddress! + i * k)
                    }
                } }
            } }
            current = total + Double(n) * logNormalizer(dimension: d, kappa: kappa)
            // M-step.
            accumulate(points: points, count: n, dimension: d, q: q, senses: k, sums: &sums, counts: &counts)
            // Drop senses that lost their occurrences (never the last one).
            let keep = (0..<k).filter { counts[$0] >= options.minimumCount }
            if keep.count < k && !keep.isEmpty {
                var newQ = [Double](repeating: 0, count: n * keep.count)
                for i in 0..<n {
                    var s = 0.0
                    for (a, j) in keep.enumerated() { newQ[i * keep.count + a] = q[i * k + j]; s += q[i * k + j] }
                    if s > 0 { for a in 0..<keep.count { newQ[i * keep.count + a] /= s } }
                }
                q = newQ; k = keep.count
                sums = [Float](repeating: 0, count: k * d); counts = [Double](repeating: 0, count: k)
                accumulate(points: points, count: n, dimension: d, q: q, senses: k, sums: &sums, counts: &counts)
                means = [Float](repeating: 0, count: k * d); ll = [Double](repeating: 0, count: k)
                previous = -.infinity
            }
            var resultant = 0.0
            sums.withUnsafeBufferPointer { sp in
                for j in 0..<k {
                    let norm = Double(VectorKernels.dot(sp.baseAddress! + j * d, sp.baseAddress! + j * d, count: d)).squareRoot()
                    resultant += norm
                    if norm > 0 { for t in 0..<d { means[j * d + t] = Float(Double(sp[j * d + t]) / norm) } }
                }
            }
            kappa = concentration(dimension: d, meanResultantLength: resultant / Double(n))
            if iteration > 0 && abs(current - previous) < 1e-5 * Double(n) { break }
            previous = current
        }
        // Order by decreasing count; final E-step with the final parameters.
        let order = (0..<k).sorted { counts[$0] > counts[$1] }
        var sortedMeans = [Float](repeating: 0, count: k * d)
        for (a, j) in order.enumerated() { for t in 0..<d { sortedMeans[a * d + t] = means[j * d + t] } }
        let mixture = SenseMixture(dimension: d, means: sortedMeans, counts: order.map { counts[$0] }, kappa: kappa,
                                   prior: options.prior)
        let lp = mixture.logPrior
        var responsibilities = [Double](repeating: 0, count: n * k)
        var total = 0.0
        sortedMeans.withUnsafeBufferPointer { mp in lp.withUnsafeBufferPointer { lpp in
            ll.withUnsafeMutableBufferPointer { llp in responsibilities.withUnsafeMutableBufferPointer { qp in
                for i in 0..<n {
                    total += posterior(means: mp.baseAddress!, count: k, dimension: d, kappa: kappa, logPrior: lpp.baseAddress!,
                                       context: points + i * d, logLikelihood: llp.baseAddress!, posterior: qp.baseAddress! + i * k)
                }
            } }
        } }
        var counts2 = [Double](repeating: 0, count: k)
        for i in 0..<n { for j in 0..<k { counts2[j] += responsibilities[i * k + j] } }
        var result = mixture
        result.counts = counts2
        _ = current; _ = total
        return Fit(mixture: result, responsibilities: responsibilities,
                   logLikelihood: result.logLikelihood(points: points, count: n), scores: [])
    }
}

extension SpecialFunctions {
    /// log I_ν(x), the modified Bessel function of the first kind, for ν ≥ 0 and x > 0.
    ///
    /// For ν ≥ 10, the uniform asymptotic (Debye) expansion I_ν(νz) ≈ e^{νη} / (√(2πν) (1 + z²)^{1/4}) ·
    /// (1 + u₁(t)/ν + u₂(t)/ν² + u₃(t)/ν³), t = 1/√(1 + z²), η = √(1 + z²) + log(z / (1 + √(1 + z²)))
    /// (Abramowitz & Stegun 9.7.7); for x > 500 the large-argument expansion (9.7.1); otherwise the power series Σ_m (x/2)^{2m+ν} / (m! Γ(m + ν + 1)) summed in log
    /// space.
    public static func logBesselI(_ nu: Double, _ x: Double) -> Double {
        precondition(nu >= 0 && x > 0)
        if nu >= 10 {
            let z = x / nu
            let s = (1 + z * z).squareRoot()
            let t = 1 / s
            let eta = s + log(z / (1 + s))
            let t2 = t * t
            let u1 = t * (3 - 5 * t2) / 24
            let u2 = t2 * (81 - 462 * t2 + 385 * t2 * t2) / 1152
            let u3 = t * t2 * (30375 - 369603 * t2 + 765765 * t2 * t2 - 425425 * t2 * t2 * t2) / 414720
            return nu * eta - 0.5 * log(2 * Double.pi * nu) - 0.5 * log(s) + log(1 + u1 / nu + u2 / (nu * nu) + u3 / (nu * nu * nu))
        }
        if x > 500 {
            // Large argument (A&S 9.7.1): I_ν(x) ≈ e^x / √(2πx) · (1 − (μ−1)/(8x) + (μ−1)(μ−9)/(2!(8x)²) − …), μ = 4ν².
            let mu = 4 * nu * nu, t = 8 * x
            let series = 1 - (mu - 1) / t + (mu - 1) * (mu - 9) / (2 * t * t) - (mu - 1) * (mu - 9) * (mu - 25) / (6 * t * t * t)
            return x - 0.5 * log(2 * Double.pi * x) + log(series)
        }
        return logBesselISeries(nu, x)
    }

    /// log I_ν(x) by its power series, summed in log space (any ν ≥ 0, x > 0; about x terms).
    static func logBesselISeries(_ nu: Double, _ x: Double) -> Double {
        let logHalf = log(x / 2)
        var best = -Double.infinity
        var terms: [Double] = []
        let limit = Int(x) + 60 + Int(20 * x.squareRoot())
        for m in 0...limit {
            let md = Double(m)
            let term = (2 * md + nu) * logHalf - lgamma(md + 1) - lgamma(md + nu + 1)
            terms.append(term)
            best = max(best, term)
            if md > x && term < best - 40 { break }
        }
        var sum = 0.0
        for t in terms { sum += exp(t - best) }
        return best + log(sum)
    }
}
