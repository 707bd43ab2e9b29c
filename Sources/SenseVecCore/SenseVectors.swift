
/// The context side of a topical sense model: how a context becomes a vector (``ContextEncoder``) and, per stored
/// sense, the mean direction μ_k of its von Mises–Fisher component; per word the concentration κ (0 for words
/// with one sense).
public struct TopicalSenses: Sendable {
    public let encoder: ContextEncoder
    /// μ_k, one row of ``ContextEncoder/pointDimension`` floats per stored sense (rows of ``SenseVectors/senseOffsets``).
    public let means: [Float]
    /// κ per word.
    public let kappa: [Float]
    public init(encoder: ContextEncoder, means: [Float], kappa: [Float]) throws {
        guard means.count % encoder.pointDimension == 0, kappa.count == encoder.weights.count else {
            throw SenseVecError("topical senses: tables of inconsistent sizes")
        }
        self.encoder = encoder; self.means = means; self.kappa = kappa
    }
}

/// A trained multi-sense model, independent of the trainer that made it: the vocabulary, each word's sense
/// vectors with their expected counts (from which the prior p(z | x) follows), the output vectors of the
/// hierarchical softmax with its Huffman tree (needed to compute posteriors), and the training settings.
///
/// Queries only see senses whose prior E[π_k] is at least ``threshold`` (the *active* senses); every
/// per-sense array these APIs return (``senses(of:)``, ``posterior(of:left:right:)``, ``explain(word:left:right:)``,
/// rows `word#k` of ``flattenedVectors()``) is indexed in the same active order.
public struct SenseVectors: Sendable {
    /// Words, by descending count.
    public let words: [String]
    /// Corpus counts of ``words``.
    public let counts: [Int]
    /// Vector dimension.
    public let dimension: Int
    /// Word x's senses are rows `senseOffsets[x] ..< senseOffsets[x+1]` of ``senseValues`` and ``senseCounts``.
    public let senseOffsets: [Int]
    /// Sense vectors, row-major Float32.
    public let senseValues: [Float]
    /// Expected number of occurrences n_k of each sense (the prior's sufficient statistics).
    public let senseCounts: [Float]
    /// Output vectors of the Huffman inner nodes, row-major.
    public let outputValues: [Float]
    /// The Huffman tree over ``counts`` (rebuilt on load; deterministic).
    public let tree: HuffmanTree
    /// The prior (kind, α or β, K).
    public let prior: SensePrior
    /// Senses with prior below this are ignored by queries.
    public var threshold: Double
    /// The context window used in training; queries use this many words each side by default.
    public let window: Int
    /// Training settings as `name = value` pairs (shown by `sensevec senses --json`, kept in the file).
    public let settings: [(name: String, value: String)]
    /// Topical senses (``SenseContextKind/topic``): the context encoder and each sense's vMF mean direction;
    /// nil for an Adaptive Skip-gram model, whose posterior uses ``outputValues`` through the Huffman tree.
    public let topical: TopicalSenses?
    let indexByWord: [String: Int]

    /// What the senses were estimated from (and what the posterior reads).
    public var contextKind: SenseContextKind { topical == nil ? .window : .topic }

    public init(words: [String], counts: [Int], dimension: Int, senseOffsets: [Int], senseValues: [Float],
                senseCounts: [Float], outputValues: [Float], prior: SensePrior, threshold: Double, window: Int,
                settings: [(name: String, value: String)], topical: TopicalSenses? = nil) throws {
        let v = words.count
        guard counts.count == v, senseOffsets.count == v + 1, senseOffsets.first == 0 else {
            throw SenseVecError("sense model: inconsistent word and sense tables")
        }
        for x in 0..<v where senseOffsets[x + 1] <= senseOffsets[x] {
            throw SenseVecError("sense model: word '\(words[x])' has no sense")
        }
        let rows = senseOffsets[v]
        guard dimension >= 1, senseValues.count == rows * dimension, senseCounts.count == rows else {
            throw SenseVecError("sense model: \(senseValues.count) sense values do not match \(rows) senses of dimension \(dimension)")
        }
        let tree = HuffmanTree(counts: counts)
        if let topical {
            guard topical.encoder.dimension == dimension, topical.encoder.weights.count == v,
                  topical.means.count == rows * topical.encoder.pointDimension, topical.kappa.count == v else {
                throw SenseVecError("sense model: the topical context tables do not match the vocabulary")
            }
            guard topical.means.allSatisfy({ $0.isFinite }), topical.kappa.allSatisfy({ $0.isFinite && $0 >= 0 }),
                  topical.encoder.vectors.allSatisfy({ $0.isFinite }), topical.encoder.weights.allSatisfy({ $0.isFinite }) else {
                throw SenseVecError("sense model holds NaN or infinite values")
            }
        } else if outputValues.count != tree.innerNodeCount * dimension {
            throw SenseVecError("sense model: \(outputValues.count) output values, expected \(tree.innerNodeCount * dimension)")
        }
        guard senseValues.allSatisfy({ $0.isFinite }), outputValues.allSatisfy({ $0.isFinite }) else {
            throw SenseVecError("sense model holds NaN or infinite values")
        }
        var index = [String: Int](minimumCapacity: v)
        for (i, w) in words.enumerated() {
            if index[w] != nil { throw SenseVecError("sense model: duplicate word '\(w)'") }
            index[w] = i
        }
        self.words = words; self.counts = counts; self.dimension = dimension
        self.senseOffsets = senseOffsets; self.senseValues = senseValues; self.senseCounts = senseCounts
        self.outputValues = outputValues; self.tree = tree; self.prior = prior; self.threshold = threshold
        self.window = window; self.settings = settings; self.indexByWord = index; self.topical = topical
    }

    /// The number of words.
    public var count: Int { words.count }
    /// The id of `word`, or nil.
    public func index(of word: String) -> Int? { indexByWord[word] }

    /// E[π_k] of every stored sense of word `x` (not only the active ones).
    public func priors(ofIndex x: Int) -> [Double] {
        prior.expectedWeights(counts: Array(senseCounts[senseOffsets[x] ..< senseOffsets[x + 1]]))
    }

    /// E[log π_k] of every stored sense of word `x`.
    public func logPriors(ofIndex x: Int) -> [Double] {
        prior.expectedLogWeights(counts: Array(senseCounts[senseOffsets[x] ..< senseOffsets[x + 1]]))
    }

    /// The stored senses of word `x` whose prior is at least ``threshold`` (at least the most probable one).
    public func activeSenses(ofIndex x: Int) -> [Int] {
        let pri = priors(ofIndex: x)
        let active = pri.indices.filter { pri[$0] >= threshold }
        if !active.isEmpty { return active }
        return [pri.indices.max { pri[$0] < pri[$1] }!]
    }

    /// The vector of stored sense `k` of word `x`.
    public func vector(ofIndex x: Int, sense k: Int) -> [Float] {
        let r = senseOffsets[x] + k
        return Array(senseValues[r * dimension ..< (r + 1) * dimension])
    }

    /// The active senses of `word` with their priors p(z | x) = E[π_z], or nil for an unknown word.
    public func senses(of word: String) -> [(prior: Double, vector: [Float])]? {
        guard let x = index(of: word) else { return nil }
        let pri = priors(ofIndex: x)
        return activeSenses(ofIndex: x).map { (pri[$0], vector(ofIndex: x, sense: $0)) }
    }

    /// The posterior q(z | word, context) over the active senses of `word` (same order as ``senses(of:)``), from
    /// the `window` in-vocabulary words nearest the target on each side; nil for an unknown word.
    public func posterior(of word: String, left: [String], right: [String]) -> [Double]? {
        explain(word: word, left: left, right: right)?.posterior
    }

    /// Average number of active senses per word.
    public var averageActiveSenses: Double {
        guard count > 0 else { return 0 }
        var total = 0
        for x in 0..<count { total += activeSenses(ofIndex: x).count }
        return Double(total) / Double(count)
    }

    /// Number of words with at least two active senses.
    public var multiSenseWordCount: Int {
        (0..<count).reduce(0) { $0 + (activeSenses(ofIndex: $1).count > 1 ? 1 : 0) }
    }

    /// The words with several active senses, most frequent first.
    public var multiSenseWords: [String] {
        (0..<count).filter { activeSenses(ofIndex: $0).count > 1 }.map { words[$0] }
    }
}
