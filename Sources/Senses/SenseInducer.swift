#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SenseVecCore

/// Senses induced from a user's own contexts of a word: the ``SenseMixture`` of deliverable `induce`, fitted by
/// EM to the contexts' vectors (``ContextEncoder``), K chosen by the penalized likelihood unless given.
public struct InducedSenses: Sendable {
    /// One induced sense.
    public struct Sense: Sendable {
        /// E[π_k] of the fitted prior.
        public var share: Double
        /// Contexts whose most probable sense this is.
        public var contexts: Int
        /// Context words with the largest term for this sense over the best other one, κ w_y (μ_k − μ_j) · u_y,
        /// among words seen in at least two of its contexts (all of them when none is).
        public var tellingWords: [(word: String, nats: Double)]
        /// Nearest words of μ_k (cosine with the unit word vectors).
        public var nearestWords: [(word: String, similarity: Double)]
    }
    public var word: String
    public var senses: [Sense]
    /// The most probable sense of every context (contexts with no known word: the most probable sense a priori).
    public var assignments: [Int]
    /// q(z | context) of every context.
    public var posteriors: [[Double]]
    /// Contexts in which no word was known to the model.
    public var emptyContexts: Int
    /// The mixture.
    public var mixture: SenseMixture
    /// (K, log-likelihood, penalized score) of every K tried.
    public var scores: [(senses: Int, logLikelihood: Double, score: Double)]
}

/// How ``SenseInducer`` turns a context into a point of the mixture:
///
///     b = Σ_i s_i ω_{y_i} u_{y_i} / ‖Σ_i s_i ω_{y_i} u_{y_i}‖          (the bag: every known context word y_i)
///     z = [b ; β/√2 · e_left ; β/√2 · e_right] / ‖·‖                 (β = `collocationWeight`)
///
/// with u_y the unit word vector, ω_y the word's weight (`weighting`), s_i = i^(−δ) for the i-th known word on its
/// side counted from the target (δ = `distanceDecay`), and e_left, e_right indicator vectors of the tokens right
/// before and right after the target (known to the model or not; the context's edge when there is none), over the
/// collocations seen in at least two of the contexts fitted together. The bag carries the topic; the collocations
/// carry the local construction ("one sense per collocation", Yarowsky 1993), which tells verb senses apart where
/// the topic does not.
public struct ContextFeatures: Sendable, Equatable {
    /// Word weights ω_y.
    public enum Weighting: String, Sendable, CaseIterable {
        /// The model's own weights: log(N / n_y) (inverse document frequency), or a topical model's association weights.
        case idf
        /// Smooth inverse frequency a / (a + p_y), p_y = n_y / N (Arora, Liang & Ma 2017), a = `frequencyScale`.
        case sif
    }
    public var weighting: Weighting = .sif
    /// a of the smooth inverse frequency.
    public var frequencyScale: Double = 1e-3
    /// δ: the i-th known word on a side weighs i^(−δ) (0: every word alike).
    public var distanceDecay: Double = 0.5
    /// β: the weight of the collocation block (0: the bag alone).
    public var collocationWeight: Double = 0.3
    /// At most this many collocations (the most frequent) become dimensions.
    public var maxCollocations = 512
    public init() {}
    /// The bag alone: IDF weights, no distance decay, no collocations.
    public static let bagOfWords: ContextFeatures = {
        var f = ContextFeatures(); f.weighting = .idf; f.distanceDecay = 0; f.collocationWeight = 0; return f
    }()
}

/// Induces the senses of a word from a set of its contexts with a model that gives context vectors.
public struct SenseInducer: Sendable {
    public let encoder: ContextEncoder
    public let words: [String]
    let index: [String: Int]

    public init(encoder: ContextEncoder, words: [String]) throws {
        guard words.count == encoder.weights.count else { throw SenseVecError("sense inducer: \(words.count) words for \(encoder.weights.count) vectors") }
        self.encoder = encoder
        self.words = words
        var index = [String: Int](minimumCapacity: words.count)
        for (i, w) in words.enumerated() where index[w] == nil { index[w] = i }
        self.index = index
    }

    /// From a sense model: a topical model's own encoder; an Adaptive Skip-gram model's prior-weighted mean sense
    /// vectors with IDF weights from its counts. `window` context words each side (nil: the model's).
    public init(model: SenseVectors, window: Int? = nil) throws {
        if let topical = model.topical {
            let e = topical.encoder
            try self.init(encoder: ContextEncoder(dimension: e.dimension, vectors: e.vectors, weights: e.weights,
                                                  window: window ?? e.window, association: e.association,
                                                  shape: .init(frequencyScale: e.shape.frequencyScale)), words: model.words)
        } else {
            let mean = try model.meanVectors()
            let encoder = try mean.withUnsafeValues { v in
                try ContextEncoder(dimension: model.dimension, rawVectors: v.baseAddress!, stride: model.dimension,
                                   counts: model.counts, window: window ?? 20)
            }
            try self.init(encoder: encoder, words: model.words)
        }
    }

    /// From word vectors with corpus counts, or, without counts, with counts estimated from the rank by Zipf's law
    /// (n_r ∝ 1 / (r + 1): word files list words by decreasing frequency).
    public init(vectors: WordVectors, counts: [Int]? = nil, window: Int = 20) throws {
        let n = vectors.count
        let c = counts ?? (0..<n).map { 1_000_000_000 / ($0 + 1) }
        guard c.count == n else { throw SenseVecError("sense inducer: \(c.count) counts for \(n) words") }
        let encoder = try vectors.withUnsafeValues { v in
            try ContextEncoder(dimension: vectors.dimension, rawVectors: v.baseAddress!, stride: vectors.dimension,
                               counts: c, window: window)
        }
        try self.init(encoder: encoder, words: vectors.words)
    }

    /// The points of `contexts` (`ContextFeatures`): `points` holds one row of `dimension` values per context in
    /// `used` (the contexts with a known word); `bags` the known context words of every context.
    public func points(word: String, contexts: [(left: [String], right: [String])],
                       features: ContextFeatures = ContextFeatures())
        -> (points: [Float], dimension: Int, used: [Int], bags: [[Int32]]) {
        let d = encoder.dimension
        let target = index[word].map { Int32($0) } ?? -1
        let window = encoder.window
        // Collocations: the token right before and right after the target, kept when seen in ≥ 2 contexts.
        var columns: [String: Int] = [:]
        let useCollocations = features.collocationWeight > 0
        if useCollocations {
            var seen: [String: Int] = [:]
            for ctx in contexts {
                seen["<" + (ctx.left.last ?? ""), default: 0] += 1
                seen[">" + (ctx.right.first ?? ""), default: 0] += 1
            }
            let kept = seen.filter { $0.value >= 2 }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            for (key, _) in kept.prefix(max(0, features.maxCollocations)) { columns[key] = columns.count }
        }
        let width = d + columns.count
        var points: [Float] = [], used: [Int] = [], bags: [[Int32]] = []
        points.reserveCapacity(contexts.count * width)
        var row = [Float](repeating: 0, count: width)
        let scale = Float(features.collocationWeight / 2.0.squareRoot())
        encoder.withTables { t in
            func weight(_ y: Int32) -> Float { wordWeight(t, target: target, context: y, features: features) }
            for (c, ctx) in contexts.enumerated() {
                var bag: [Int32] = []
                row.withUnsafeMutableBufferPointer { r in
                    let out = r.baseAddress!
                    out.update(repeating: 0, count: width)
                    for side in 0..<2 {
                        var rank = 0
                        let tokens = side == 0 ? AnySequence(ctx.left.reversed()) : AnySequence(ctx.right)
                        for token in tokens where rank < window {
                            guard let i = index[token] else { continue }
                            rank += 1
                            let y = Int32(i)
                            guard y != target else { continue }
                            bag.append(y)
                            let w = weight(y) * Float(pow(Double(rank), -features.distanceDecay))
                            if w > 0 { VectorKernels.axpy(w, t.vectors + i * d, out, count: d) }
                        }
                    }
                }
                bags.append(bag)
                let norm = row.withUnsafeMutableBufferPointer { r in VectorKernels.normalize(r.baseAddress!, count: d, into: r.baseAddress!) }
                guard norm > 0 else { continue }
                if useCollocations {
                    if let j = columns["<" + (ctx.left.last ?? "")] { row[d + j] = scale }
                    if let j = columns[">" + (ctx.right.first ?? "")] { row[d + j] = scale }
                    row.withUnsafeMutableBufferPointer { r in _ = VectorKernels.normalize(r.baseAddress!, count: width, into: r.baseAddress!) }
                }
                points.append(contentsOf: row)
                used.append(c)
            }
        }
        return (points, width, used, bags)
    }

    /// ω_y of context word y. Association weights are used as they are. Otherwise the word's corpus frequency p_y
    /// follows from the encoder's weight (exp(−IDF), or a / w − a for smooth inverse frequencies with scale a), and
    /// ω_y is a / (a + p_y) with `.sif` (a = `frequencyScale`) or −log p_y with `.idf`.
    func wordWeight(_ t: ContextEncoder.Tables, target: Int32, context y: Int32, features: ContextFeatures) -> Float {
        let w = encoder.weight(t, target: target, context: y)
        guard t.targets == nil else { return w }
        let stored = Double(encoder.shape.frequencyScale)
        switch features.weighting {
        case .idf:
            guard stored > 0 else { return w }
            return w > 0 ? Float(max(0, -log(max(stored / Double(w) - stored, 1e-12)))) : 0
        case .sif:
            let p = stored > 0 ? (w > 0 ? max(stored / Double(w) - stored, 1e-12) : 1) : exp(-Double(w))
            return Float(features.frequencyScale / (features.frequencyScale + p))
        }
    }

    /// Fits the senses of `word` to its contexts (`left`, `right` token lists; the target itself is not among
    /// them), each context a point as `features` says. Throws when no context has a known word.
    public func induce(word: String, contexts: [(left: [String], right: [String])],
                       options: SenseMixture.FitOptions = SenseMixture.FitOptions(),
                       features: ContextFeatures = ContextFeatures(), fitSample: Int = 0,
                       telling: Int = 8, nearest: Int = 8, nearestAmong: Int = 30_000) throws -> InducedSenses {
        let target = index[word].map { Int32($0) } ?? -1
        let (points, d, used, contextIds) = self.points(word: word, contexts: contexts, features: features)
        guard !used.isEmpty else { throw SenseVecError("none of the \(contexts.count) contexts of '\(word)' has a word the model knows") }
        var fit: SenseMixture.Fit
        if fitSample > 0 && used.count > fitSample {
            // Monte Carlo EM: the mixture is fitted to a uniform sample of the points, then every point gets its posterior.
            var rng = SenseRandom(seed: options.seed, stream: 77)
            var order = Array(0..<used.count)
            for i in 0..<fitSample { order.swapAt(i, i + rng.nextInt(below: used.count - i)) }
            var sample: [Float] = []
            sample.reserveCapacity(fitSample * d)
            for r in order.prefix(fitSample) { sample.append(contentsOf: points[(r * d) ..< (r * d + d)]) }
            fit = SenseMixture.fit(points: sample, dimension: d, options: options)
            var all: [Double] = []
            all.reserveCapacity(used.count * fit.mixture.count)
            for r in 0..<used.count { all.append(contentsOf: fit.mixture.posterior(context: Array(points[(r * d) ..< (r * d + d)]))) }
            fit.responsibilities = all
        } else {
            fit = SenseMixture.fit(points: points, dimension: d, options: options)
        }
        let m = fit.mixture, k = m.count
        let prior = m.weights
        let best = prior.indices.max { prior[$0] < prior[$1] } ?? 0
        var assignments = [Int](repeating: best, count: contexts.count)
        var posteriors = [[Double]](repeating: SenseMixture.normalizedWeights(m), count: contexts.count)
        for (row, i) in used.enumerated() {
            posteriors[i] = Array(fit.responsibilities[(row * k) ..< (row * k + k)])
            assignments[i] = fit.assignment(row)
        }
        // Telling words: occurrences per sense of each context word.
        var seenIn = [[Int: Int]](repeating: [:], count: k)
        for (i, ids) in contextIds.enumerated() {
            for y in Set(ids) where y != target { seenIn[assignments[i]][Int(y), default: 0] += 1 }
        }
        var senses: [InducedSenses.Sense] = []
        for z in 0..<k {
            let candidates = seenIn[z].filter { $0.value >= 2 }.map(\.key)
            let pool = candidates.isEmpty ? Array(seenIn[z].keys) : candidates
            var scored: [(String, Double)] = []
            for y in pool {
                let w = Double(encoder.withTables { wordWeight($0, target: target, context: Int32(y), features: features) })
                let own = m.kappa * w * dot(z, y, m)
                var other = -Double.infinity
                for j in 0..<k where j != z { other = max(other, m.kappa * w * dot(j, y, m)) }
                scored.append((words[y], k == 1 ? own : own - other))
            }
            scored.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
            var near: [(String, Double)] = []
            let bagLength = max(1e-30, Double(m.means[(z * m.dimension) ..< (z * m.dimension + encoder.dimension)]
                .reduce(Float(0)) { $0 + $1 * $1 }).squareRoot())
            for y in 0..<(nearest > 0 ? min(nearestAmong, words.count) : 0) where Int32(y) != target {
                let s = dot(z, y, m) / bagLength
                if near.count < nearest { near.append((words[y], s)); near.sort { $0.1 > $1.1 } }
                else if s > near[nearest - 1].1 { near[nearest - 1] = (words[y], s); near.sort { $0.1 > $1.1 } }
            }
            senses.append(InducedSenses.Sense(share: prior[z], contexts: assignments.filter { $0 == z }.count,
                                              tellingWords: scored.prefix(telling).map { ($0.0, $0.1) },
                                              nearestWords: nearest > 0 ? near.map { ($0.0, $0.1) } : []))
        }
        return InducedSenses(word: word, senses: senses, assignments: assignments, posteriors: posteriors,
                             emptyContexts: contexts.count - used.count, mixture: m, scores: fit.scores)
    }

    /// μ_z · u_y over the bag's dimensions (the first d of μ_z).
    func dot(_ z: Int, _ y: Int, _ m: SenseMixture) -> Double {
        let d = encoder.dimension
        return m.means.withUnsafeBufferPointer { means in
            encoder.vectors.withUnsafeBufferPointer { u in
                Double(VectorKernels.dot(means.baseAddress! + z * m.dimension, u.baseAddress! + y * d, count: d))
            }
        }
    }

    /// The induced cluster of every context (for word sense induction benchmarks).
    public func clusters(word: String, contexts: [(left: [String], right: [String])],
                         options: SenseMixture.FitOptions = SenseMixture.FitOptions(),
                         features: ContextFeatures = ContextFeatures()) -> [Int] {
        (try? induce(word: word, contexts: contexts, options: options, features: features, telling: 0, nearest: 0).assignments)
            ?? [Int](repeating: 0, count: contexts.count)
    }
}

extension SenseMixture {
    /// E[π_k] normalized to sum to 1.
    static func normalizedWeights(_ m: SenseMixture) -> [Double] {
        let w = m.weights
        let s = w.reduce(0, +)
        return s > 0 ? w.map { $0 / s } : w
    }
}
