import SenseVecCore

/// A model that gives each word one or more senses, each with a prior and a vector, and can infer which
/// sense a word takes in a context. All sense-based scoring of this module (MaxSim, AvgSim, AvgSimC,
/// MaxSimC, word sense induction) is written against this protocol, so any multi-sense model (and a plain
/// word-vector model, through ``SingleSenseModel``) can be evaluated.
public protocol SenseModel: Sendable {
    /// Senses of `word` above the model's threshold: prior p(z|x) and vector; nil when unknown.
    func senses(of word: String) -> [(prior: Double, vector: [Float])]?
    /// Posterior q(z | word, context) over the same senses; nil when the word is unknown.
    func posterior(of word: String, left: [String], right: [String]) -> [Double]?
}

/// Similarity measures between words with several senses (Reisinger & Mooney 2010, "Multi-Prototype
/// Vector-Space Models of Word Meaning"; Huang et al. 2012; Bartunov et al. 2016, AdaGram).
public enum SenseSimilarity {
    /// Cosine of two vectors of equal length (0 when one is zero): ``VectorKernels/cosine(_:_:)``.
    @inline(__always)
    static func cosine(_ x: [Float], _ y: [Float]) -> Double { Double(VectorKernels.cosine(x, y)) }

    /// Weights normalized to sum to 1 (uniform when they sum to 0 or are not finite).
    public static func normalized(_ w: [Double]) -> [Double] {
        let s = w.reduce(0, +)
        guard s > 0, s.isFinite else { return [Double](repeating: 1 / Double(max(w.count, 1)), count: w.count) }
        return w.map { $0 / s }
    }

    /// MaxSim(w, w′) = max over sense pairs of cos(v_i, v′_j).
    public static func maxSim(_ s1: [(prior: Double, vector: [Float])], _ s2: [(prior: Double, vector: [Float])]) -> Double {
        var best = -Double.infinity
        for a in s1 { for b in s2 { best = max(best, cosine(a.vector, b.vector)) } }
        return best
    }

    /// AvgSim(w, w′) = Σ_i Σ_j p(i|w) p(j|w′) cos(v_i, v′_j), with the priors normalized over the senses given.
    public static func avgSim(_ s1: [(prior: Double, vector: [Float])], _ s2: [(prior: Double, vector: [Float])]) -> Double {
        weighted(s1.map(\.vector), normalized(s1.map(\.prior)), s2.map(\.vector), normalized(s2.map(\.prior)))
    }

    /// Σ_i Σ_j w1_i w2_j cos(v_i, v′_j).
    public static func weighted(_ v1: [[Float]], _ w1: [Double], _ v2: [[Float]], _ w2: [Double]) -> Double {
        var total = 0.0
        for i in v1.indices { for j in v2.indices { total += w1[i] * w2[j] * cosine(v1[i], v2[j]) } }
        return total
    }

    /// AvgSimC: `Σ_i Σ_j q(i | w, c) q(j | w′, c′) cos(v_i, v′_j)` with the posteriors of each word's senses in
    /// its own context.
    public static func avgSimC(_ s1: [(prior: Double, vector: [Float])], posterior1: [Double],
                               _ s2: [(prior: Double, vector: [Float])], posterior2: [Double]) -> Double {
        weighted(s1.map(\.vector), normalized(posterior1), s2.map(\.vector), normalized(posterior2))
    }

    /// MaxSimC: `cos(v_î, v′_ĵ)` for the most probable sense of each word in its context.
    public static func maxSimC(_ s1: [(prior: Double, vector: [Float])], posterior1: [Double],
                               _ s2: [(prior: Double, vector: [Float])], posterior2: [Double]) -> Double {
        cosine(s1[argmax(posterior1)].vector, s2[argmax(posterior2)].vector)
    }

    /// Index of the largest value (the first one on ties); 0 for an empty array.
    public static func argmax(_ x: [Double]) -> Int {
        var best = 0
        for i in x.indices where x[i] > x[best] { best = i }
        return best
    }
}
