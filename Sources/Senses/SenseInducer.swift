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
                                                  window: window ?? e.window, association: e.association), words: model.words)
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

    /// Fits the senses of `word` to its contexts (`left`, `right` token lists; the target itself is not among
    /// them). Throws when no context has a known word.
    public func induce(word: String, contexts: [(left: [String], right: [String])],
                       options: SenseMixture.FitOptions = SenseMixture.FitOptions(),
                       telling: Int = 8, nearest: Int = 8, nearestAmong: Int = 30_000) throws -> InducedSenses {
        let d = encoder.dimension
        let target = index[word].map { Int32($0) } ?? -1
        var points: [Float] = [], used: [Int] = []
        var contextIds: [[Int32]] = []
        for (i, ctx) in contexts.enumerated() {
            let ids = encoder.contextIds(left: ctx.left, right: ctx.right, index: { index[$0] }).ids
            contextIds.append(ids)
            if let c = encoder.encode(ids: ids, excluding: target) { points.append(contentsOf: c); used.append(i) }
        }
        guard !used.isEmpty else { throw SenseVecError("none of the \(contexts.count) contexts of '\(word)' has a word the model knows") }
        let fit = SenseMixture.fit(points: points, dimension: d, options: options)
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
                let w = Double(encoder.withTables { encoder.weight($0, target: target, context: Int32(y)) })
                let own = m.kappa * w * dot(z, y, m)
                var other = -Double.infinity
                for j in 0..<k where j != z { other = max(other, m.kappa * w * dot(j, y, m)) }
                scored.append((words[y], k == 1 ? own : own - other))
            }
            scored.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
            var near: [(String, Double)] = []
            for y in 0..<(nearest > 0 ? min(nearestAmong, words.count) : 0) where Int32(y) != target {
                let s = dot(z, y, m)
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

    /// μ_z · u_y.
    func dot(_ z: Int, _ y: Int, _ m: SenseMixture) -> Double {
        let d = encoder.dimension
        return m.means.withUnsafeBufferPointer { means in
            encoder.vectors.withUnsafeBufferPointer { u in
                Double(VectorKernels.dot(means.baseAddress! + z * d, u.baseAddress! + y * d, count: d))
            }
        }
    }

    /// The induced cluster of every context (for word sense induction benchmarks).
    public func clusters(word: String, contexts: [(left: [String], right: [String])],
                         options: SenseMixture.FitOptions = SenseMixture.FitOptions()) -> [Int] {
        (try? induce(word: word, contexts: contexts, options: options, telling: 0, nearest: 0).assignments)
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
