#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Choosing the number of senses by held-out split tests.
///
/// A tied-κ vMF mixture is a poor description of one word's context vectors: their spread is concentrated in a
/// few directions (genre, register, setting), so every further sense gains thousands of nats of likelihood and a
/// penalized likelihood (BIC) takes the largest K it may, whether the word has several meanings or one. The split
/// test asks a different question: *are there two groups, or one stretched cloud?*
///
/// The sample is cut at random into a fitting half A and a testing half B. Starting from one sense, for every
/// sense k: two-sense mixtures are fitted (EM from `splitCandidates` k-means++ starts) to the points of A most
/// probable under k, and for each of them every point c of B most probable under k is projected on the difference
/// of the two new means, x = (μ_a − μ_b) · c, which is the posterior log-odds of the two proposed senses divided by κ. If the
/// split is real, the held-out x are bimodal; if the two means only cut a unimodal cloud in two, they are not
/// (fitting and testing on the same points would find two modes in any cloud). The evidence is the BIC difference
/// of a one-dimensional two-Gaussian mixture and one Gaussian on the standardized x (``bimodality(_:)``):
///
///     Δ = 2 (L₂ − L₁) − 3 log m          (m held-out points; 5 against 2 parameters)
///     g = (L₂ − L₁) / m                   (nats per held-out point)
///
/// Δ > 0 says the two modes are significant; g says how strong they are. Δ grows with m for any fixed departure
/// from one Gaussian, and real context vectors are never exactly Gaussian, so a test on Δ alone splits every
/// frequent word once enough occurrences are sampled; g does not grow with m. Among the senses whose split has
/// Δ > 0, the one with the largest g is split when g exceeds `splitThreshold`, EM is run on all
/// points from the new means, and the test repeats until no sense passes or K reaches `maxSenses`. The K found is
/// fitted once more from `restarts` k-means++ starts, and the best likelihood is kept. This is the
/// top-down scheme of G-means (Hamerly & Elkan, "Learning the k in k-means", NIPS 2003), with a held-out half and a
/// mixture-against-Gaussian test in place of their Anderson–Darling test on the fitted data.
extension SenseMixture {
    /// The evidence for two modes in m values: a two-Gaussian mixture (means, variances and weight free; EM from
    /// three starts, the best kept) against one Gaussian.
    public struct Bimodality: Sendable, Equatable {
        /// Δ = 2 (L₂ − L₁) − 3 log m, the BIC difference (5 against 2 parameters): positive when two modes are the
        /// better description.
        public var evidence: Double
        /// (L₂ − L₁) / m, the log-likelihood gain per value in nats: the size of the effect, which does not grow
        /// with m as Δ does.
        public var gainPerValue: Double
        public static let none = Bimodality(evidence: -.infinity, gainPerValue: 0)
    }

    /// ``Bimodality`` of `x`. Values that do not vary, or fewer than 8 of them, give ``Bimodality/none``.
    public static func bimodality(_ x: [Double]) -> Bimodality {
        let m = x.count
        guard m >= 8 else { return .none }
        let mean = x.reduce(0, +) / Double(m)
        var variance = 0.0
        for v in x { variance += (v - mean) * (v - mean) }
        variance /= Double(m)
        guard variance > 1e-24 else { return .none }
        let sd = variance.squareRoot()
        let z = x.map { ($0 - mean) / sd }
        let logTwoPi = log(2 * Double.pi)
        // One Gaussian at its maximum likelihood: mean 0, variance 1 after standardizing.
        let single = -0.5 * Double(m) * (logTwoPi + 1)
        let sorted = z.sorted()
        var best = -Double.infinity
        for cut in [sorted[m / 2], sorted[m / 10], sorted[m - 1 - m / 10]] {
            best = max(best, twoGaussianLogLikelihood(z, splitAt: cut))
        }
        guard best.isFinite else { return .none }
        let gain = max(0, best - single)
        return Bimodality(evidence: 2 * gain - 3 * log(Double(m)), gainPerValue: gain / Double(m))
    }

    /// EM for a two-Gaussian mixture on standardized values, started from the groups below and above `cut`, until
    /// no parameter moves by 10⁻⁶ (at most 100 iterations); variances are kept above 10⁻³ (of the total variance 1).
    /// Returns the final log-likelihood.
    static func twoGaussianLogLikelihood(_ z: [Double], splitAt cut: Double) -> Double {
        let m = z.count
        let floor = 1e-3
        var mu = [0.0, 0.0], v = [1.0, 1.0], w = [0.5, 0.5]
        // Initial parameters from the two groups.
        var n = [0.0, 0.0], s = [0.0, 0.0], ss = [0.0, 0.0]
        for x in z { let g = x <= cut ? 0 : 1; n[g] += 1; s[g] += x; ss[g] += x * x }
        guard n[0] >= 2 && n[1] >= 2 else { return -.infinity }
        for g in 0..<2 {
            mu[g] = s[g] / n[g]
            v[g] = max(floor, ss[g] / n[g] - mu[g] * mu[g])
            w[g] = n[g] / Double(m)
        }
        let logTwoPi = log(2 * Double.pi)
        var mu0 = mu[0], mu1 = mu[1], v0 = v[0], v1 = v[1], w0 = w[0], w1 = w[1]
        // The component log-densities at x; their difference gives the posterior with one exp.
        func logDensities(_ x: Double) -> (Double, Double) {
            (log(w0) - 0.5 * (logTwoPi + log(v0)) - 0.5 * (x - mu0) * (x - mu0) / v0,
             log(w1) - 0.5 * (logTwoPi + log(v1)) - 0.5 * (x - mu1) * (x - mu1) / v1)
        }
        for _ in 0..<100 {
            var n0 = 0.0, n1 = 0.0, s0 = 0.0, s1 = 0.0, ss0 = 0.0, ss1 = 0.0
            let c = log(w0 / w1) - 0.5 * log(v0 / v1), h0 = 0.5 / v0, h1 = 0.5 / v1
            for x in z {
                // q₀ = 1 / (1 + e^(b − a)) with a − b = c − h₀ (x − μ₀)² + h₁ (x − μ₁)².
                let d = c - h0 * (x - mu0) * (x - mu0) + h1 * (x - mu1) * (x - mu1)
                let q0 = 1 / (1 + exp(-d)), q1 = 1 - q0
                n0 += q0; s0 += q0 * x; ss0 += q0 * x * x
                n1 += q1; s1 += q1 * x; ss1 += q1 * x * x
            }
            guard n0 > 1e-9 && n1 > 1e-9 else { break }
            let m0 = s0 / n0, m1 = s1 / n1
            let nv0 = max(floor, ss0 / n0 - m0 * m0), nv1 = max(floor, ss1 / n1 - m1 * m1)
            let change = max(abs(m0 - mu0), abs(m1 - mu1), abs(nv0 - v0), abs(nv1 - v1), abs(n0 / Double(m) - w0))
            mu0 = m0; mu1 = m1; v0 = nv0; v1 = nv1; w0 = n0 / Double(m); w1 = n1 / Double(m)
            if change < 1e-6 { break }
        }
        guard w0 > 0 && w1 > 0 else { return -.infinity }
        var current = 0.0
        for x in z {
            let (a, b) = logDensities(x)
            current += max(a, b) + log(1 + exp(-abs(a - b)))
        }
        return current
    }

    /// K chosen by held-out split tests (see the extension's documentation); the final mixture is fitted to all n
    /// points. `scores` holds, for every K reached, its log-likelihood and the gain g of the split that made it (0
    /// for K = 1), then one row for the best rejected split (K + 1, its parent's likelihood, its g) when there was one.
    static func fitBySplitting(points: UnsafePointer<Float>, count n: Int, dimension d: Int, options: FitOptions,
                               rng: inout SenseRandom) -> Fit {
        var current = fitFixed(points: points, count: n, dimension: d, senses: 1, options: options, rng: &rng)
        var scores: [(senses: Int, logLikelihood: Double, score: Double)] = [(1, current.logLikelihood, 0)]
        // Random halves: A fits the proposed split, B tests it.
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        let fitting = Array(order[..<(n / 2)]), testing = Array(order[(n / 2)...])
        let minimumPoints = max(8, options.minimumSplitPoints)
        var options2 = options
        options2.senses = 2
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, fitting.count) * d)
        defer { buffer.deallocate() }
        while current.mixture.count < min(options.maxSenses, n) {
            let k = current.mixture.count
            var bestGain = -Double.infinity, bestEvidence = -Double.infinity, bestSense = -1
            var bestPair: [Float] = []
            for sense in 0..<k {
                let a = fitting.filter { current.assignment($0) == sense }
                let b = testing.filter { current.assignment($0) == sense }
                guard a.count >= minimumPoints && b.count >= minimumPoints else { continue }
                for (row, i) in a.enumerated() { (buffer + row * d).update(from: points + i * d, count: d) }
                // Several two-sense fits from k-means++ starts: the best likelihood on A may be a cut through a
                // stretched cloud while another start finds the real modes, so each is tested on B.
                for _ in 0..<max(1, options.splitCandidates) {
                    let seeds = seed(points: buffer, count: a.count, dimension: d, senses: 2, rng: &rng)
                    let pair = em(points: buffer, count: a.count, dimension: d, initialMeans: seeds, options: options2)
                    guard pair.mixture.count == 2 else { continue }
                    var direction = [Float](repeating: 0, count: d)
                    for t in 0..<d { direction[t] = pair.mixture.means[t] - pair.mixture.means[d + t] }
                    let x = direction.withUnsafeBufferPointer { dp in
                        b.map { Double(VectorKernels.dot(dp.baseAddress!, points + $0 * d, count: d)) }
                    }
                    let test = bimodality(x)
                    guard test.evidence > 0 else { continue }
                    if test.gainPerValue > bestGain {
                        bestGain = test.gainPerValue; bestEvidence = test.evidence; bestSense = sense; bestPair = pair.mixture.means
                    }
                }
            }
            guard bestSense >= 0 && bestEvidence > 0 else { break }
            guard bestGain > options.splitThreshold else {
                scores.append((k + 1, current.logLikelihood, bestGain))
                break
            }
            var means: [Float] = []
            for j in 0..<k where j != bestSense { means.append(contentsOf: current.mixture.means[(j * d)..<((j + 1) * d)]) }
            means.append(contentsOf: bestPair)
            let next = em(points: points, count: n, dimension: d, initialMeans: means, options: options)
            guard next.mixture.count > k else { break }
            current = next
            scores.append((next.mixture.count, next.logLikelihood, bestGain))
        }
        // The K found, fitted again on all points: from Ward's K clusters (`initialization` .ward), which replace
        // the split tests' fit, or from `restarts` k-means++ starts, kept when their likelihood is better.
        if current.mixture.count >= 2 && options.initialization == .ward {
            let start = WardStart(points: points, count: n, dimension: d, limit: options.wardLimit, rng: &rng)
            let refit = em(points: points, count: n, dimension: d, initialMeans: start.means(senses: current.mixture.count), options: options)
            if refit.mixture.count == current.mixture.count { current = refit }
        } else if current.mixture.count >= 2 {
            let restarted = fitFixed(points: points, count: n, dimension: d, senses: current.mixture.count, options: options, rng: &rng)
            if restarted.mixture.count == current.mixture.count && restarted.logLikelihood > current.logLikelihood {
                current = restarted
            }
        }
        current.scores = scores
        return current
    }
}
