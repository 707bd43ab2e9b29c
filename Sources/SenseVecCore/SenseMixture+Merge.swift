#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Merging senses that are one meaning: a held-out test on the context *words* of the senses.
///
/// The vMF mixture sees a context as one point, the weighted mean of its words' vectors. Points can form groups
/// that are not meanings: the frames a word is used in (subject or object, one sentence pattern or another) and
/// the particular combination of words drawn into each context move the mean vector although every context of
/// the word is drawn from the same pool of words. A meaning is a different pool. So every pair of senses (k, l)
/// is tested in the model the brief states for a sense, p(Y | z) = Π_y p(y | z): the context words of an
/// occurrence are drawn independently from its sense's distribution over words. On a fitting half A of the
/// sample (each point given to its most probable sense), the two senses' word distributions are estimated with
/// Dirichlet smoothing toward a background b (the weighted unigram distribution), and so is the distribution of
/// the two together:
///
///     p_g(y) = (n_g(y) + λ b(y)) / (N_g + λ),      n_g(y) = Σ_{t ∈ A_g} Σ_{i: y_ti = y} w_y,  N_g = Σ_y n_g(y)
///
/// with w_y the word's weight (smooth inverse frequency: function words say little about meaning), divided by the
/// largest weight (``ContextBags/normalized(weights:)``). Each
/// occurrence t of the testing half B given to k or l is scored by the weighted log-likelihood
/// ℓ_g(t) = Σ_i w_{y_ti} log p_g(y_ti), as the two-sense mixture and as one sense:
///
///     e(t) = log(π_k e^{ℓ_k(t)} + π_l e^{ℓ_l(t)}) − ℓ_{k∪l}(t),     g = max(mean_{B_k} e, mean_{B_l} e)
///
/// in nats per occurrence. When the two senses draw their words from one pool, the split only partitions the
/// combinations of words, the two fitted distributions differ by noise and e ≤ 0 on new occurrences; two meanings
/// draw from different pools and e is large for the occurrences of both. g takes the sense that gains more, so a
/// rare sense with words of its own is kept although the common sense gains little from the split. The pair with the smallest g is merged while g < `threshold`, and the groups left
/// become the senses: EM on all points from the merged groups' mean directions. This is the held-out
/// counterpart, on words, of the split test on context vectors (``fitBySplitting``), and the merging step of
/// split-and-merge EM (Ueda, Nakano, Ghahramani & Hinton, "SMEM algorithm for mixture models", Neural
/// Computation 2000) with a held-out likelihood criterion.
extension SenseMixture {
    /// The context words of the n points of a fit, and what the merge test needs of the vocabulary.
    public struct ContextBags: Sendable {
        /// Point i's context word ids: `ids[offsets[i] ..< offsets[i + 1]]`.
        public var ids: [Int32]
        public var offsets: [Int]
        /// w_y for every vocabulary id.
        public var wordWeights: [Float]
        /// b(y) for every vocabulary id (sums to 1 over the ids with a weight).
        public var background: [Float]

        public init(ids: [Int32], offsets: [Int], wordWeights: [Float], background: [Float]) {
            precondition(offsets.first == 0 && offsets.last == ids.count && wordWeights.count == background.count)
            self.ids = ids; self.offsets = offsets; self.wordWeights = wordWeights; self.background = background
        }

        /// `weights` divided by their largest value, so that the most informative words weigh 1. Smooth inverse
        /// frequencies are near 1 for rare words in a large vocabulary but small for every word of a small one (all
        /// frequent); scaled, the test weighs a word by its informativeness relative to the corpus's rarest words.
        /// Weights above 1 would make the test anti-conservative: a word that tells the two senses apart would count
        /// w times while the mixing weights π count once, so splits of one pool would gain.
        public static func normalized(weights: [Float]) -> [Float] {
            guard let top = weights.max(), top > 0, top.isFinite else { return weights }
            return weights.map { $0 / top }
        }

        /// b(y) ∝ w_y · count_y, the unigram distribution of the weighted words.
        public static func background(counts: [Int], weights: [Float]) -> [Float] {
            var total = 0.0
            for y in counts.indices { total += Double(weights[y]) * Double(counts[y]) }
            guard total > 0 else { return [Float](repeating: 0, count: counts.count) }
            return counts.indices.map { Float(Double(weights[$0]) * Double(counts[$0]) / total) }
        }
    }

    /// Settings of ``mergingSameMeaning(_:points:count:dimension:bags:test:options:)``.
    public struct MergeTest: Sendable, Equatable {
        /// Two senses are merged while the held-out gain g of keeping them apart is below this (nats per
        /// occurrence). Negative: never merge.
        public var threshold: Double
        /// λ, the pseudo-count of the background in each sense's word distribution (in weighted words).
        public var smoothing: Double
        /// The fewest points a sense needs in each half to be kept apart from another; fewer are merged.
        public var minimumPoints: Int
        public init(threshold: Double = 0.3, smoothing: Double = 50, minimumPoints: Int = 5) {
            self.threshold = threshold; self.smoothing = smoothing; self.minimumPoints = minimumPoints
        }
    }

    /// The held-out gain g of keeping two groups of points apart (see the extension's documentation), or nil when
    /// either group has fewer than `minimumPoints` points in a half.
    static func separationGain(_ g1: [Int], _ g2: [Int], assignment: [Int], fitting: [Int], testing: [Int],
                               bags: ContextBags, test: MergeTest) -> Double? {
        func members(_ set: [Int], _ half: [Int]) -> [Int] { half.filter { set.contains(assignment[$0]) } }
        let a1 = members(g1, fitting), a2 = members(g2, fitting)
        let b1 = members(g1, testing), b2 = members(g2, testing)
        guard a1.count >= test.minimumPoints && a2.count >= test.minimumPoints,
              b1.count >= test.minimumPoints && b2.count >= test.minimumPoints else { return nil }
        func counts(_ points: [Int]) -> ([Int32: Double], Double) {
            var c: [Int32: Double] = [:], total = 0.0
            for i in points {
                for j in bags.offsets[i]..<bags.offsets[i + 1] {
                    let y = bags.ids[j]
                    let w = Double(bags.wordWeights[Int(y)])
                    guard w > 0 else { continue }
                    c[y, default: 0] += w; total += w
                }
            }
            return (c, total)
        }
        let (c1, n1) = counts(a1), (c2, n2) = counts(a2)
        let lambda = test.smoothing
        let pi1 = Double(a1.count) / Double(a1.count + a2.count)
        let logPi1 = log(pi1), logPi2 = log(1 - pi1)
        var gains = [0.0, 0.0]
        for (g, i) in b1.map({ (0, $0) }) + b2.map({ (1, $0) }) {
            var l1 = 0.0, l2 = 0.0, lm = 0.0
            for j in bags.offsets[i]..<bags.offsets[i + 1] {
                let y = bags.ids[j]
                let w = Double(bags.wordWeights[Int(y)])
                guard w > 0 else { continue }
                let b = lambda * Double(bags.background[Int(y)])
                let k1 = c1[y] ?? 0, k2 = c2[y] ?? 0
                l1 += w * log((k1 + b) / (n1 + lambda))
                l2 += w * log((k2 + b) / (n2 + lambda))
                lm += w * log((k1 + k2 + b) / (n1 + n2 + lambda))
            }
            let x = logPi1 + l1, z = logPi2 + l2
            let e = max(x, z) + log(1 + exp(-abs(x - z))) - lm
            gains[g] += e
        }
        return max(gains[0] / Double(b1.count), gains[1] / Double(b2.count))
    }

    /// `fit` with the senses that are one meaning merged (see the extension's documentation). `bags` holds the
    /// context words of the n points `fit` was fitted to; `options` are the fit's (EM of the merged senses).
    /// Returns `fit` itself when nothing is merged.
    public static func mergingSameMeaning(_ fit: Fit, points: UnsafePointer<Float>, count n: Int, dimension d: Int,
                                          bags: ContextBags, test: MergeTest, options: FitOptions) -> Fit {
        let k = fit.mixture.count
        guard k >= 2, test.threshold >= 0, bags.offsets.count == n + 1 else { return fit }
        var rng = SenseRandom(seed: options.seed, stream: 0x3E76E)
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        let fitting = Array(order[..<(n / 2)]), testing = Array(order[(n / 2)...])
        let assignment = (0..<n).map { fit.assignment($0) }
        var groups = (0..<k).map { [$0] }
        while groups.count >= 2 {
            var worst = (gain: Double.infinity, a: -1, b: -1)
            for a in 0..<groups.count {
                for b in (a + 1)..<groups.count {
                    let g = separationGain(groups[a], groups[b], assignment: assignment, fitting: fitting,
                                           testing: testing, bags: bags, test: test) ?? -.infinity
                    if g < worst.gain { worst = (g, a, b) }
                }
            }
            guard worst.a >= 0, worst.gain < test.threshold else { break }
            groups[worst.a] += groups[worst.b]
            groups.remove(at: worst.b)
        }
        guard groups.count < k else { return fit }
        // The merged groups' mean directions start EM on all points.
        var means: [Float] = []
        var row = [Float](repeating: 0, count: d)
        for members in groups {
            row.withUnsafeMutableBufferPointer { r in
                r.update(repeating: 0)
                for i in 0..<n where members.contains(assignment[i]) {
                    VectorKernels.axpy(1, points + i * d, r.baseAddress!, count: d)
                }
            }
            let norm = row.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { means.append(contentsOf: row.map { $0 / norm }) }
        }
        guard means.count >= d else { return fit }
        var merged = em(points: points, count: n, dimension: d, initialMeans: means, options: options)
        merged.scores = fit.scores + [(merged.mixture.count, merged.logLikelihood, 0)]
        return merged
    }
}
