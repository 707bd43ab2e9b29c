import Foundation
import SenseVecCore

/// A multi-sense model seen through the explorer: every sense is a point labelled `word#k` (or `word` when
/// the word has a single sense).
///
/// - Neighbours of `word#k` are those of that sense; neighbours of a bare `word` use the prior-weighted mean
///   Σ_z p(z|w) û_{w,z} of its unit sense vectors (the sense's own point for a one-sense word). The query word's
///   own senses are excluded.
/// - Analogies use the same prior-weighted vectors for a, b and c.
/// - Disambiguation is the model's ``SenseVecCore/SenseExplanation`` (the one `sensevec disambiguate` prints):
///   q(z | w, C) ∝ exp(log-prior_z) Π_{c∈C} p(c | w, z) over the context C (the nearest known words, `window`
///   each side), and each context word's influence log p(c | w, z*) − log p(c | w, z′) in nats, z* the most
///   probable sense and z′ the runner-up.
public struct SenseExplorerModel: ExplorerModel {
    public let source: any SenseSource
    /// The exact cosine index over the sense points (its "words" are the point labels).
    public let index: CosineIndex
    /// Point labels and the (word, sense) each point is.
    public let labels: [String]
    let pointWord: [Int32]
    let pointSense: [Int32]
    /// First point of word `w` (its senses are consecutive).
    let firstPoint: [Int]
    private let labelLookup: [String: Int]

    /// Builds the points and their index; throws when two points would get the same label.
    public init(source: any SenseSource) throws {
        self.source = source
        var labels: [String] = [], pw: [Int32] = [], ps: [Int32] = [], first: [Int] = [], values: [Float] = []
        var lookup: [String: Int] = [:]
        for (w, word) in source.words.enumerated() {
            first.append(labels.count)
            let k = source.senseCount(ofWord: w)
            for z in 0..<k {
                let label = SenseVectors.label(word: word, sense: z, senseCount: k)
                lookup[label] = labels.count
                labels.append(label); pw.append(Int32(w)); ps.append(Int32(z))
                values += source.senseVector(word: w, sense: z)
            }
        }
        first.append(labels.count)
        self.labels = labels; self.pointWord = pw; self.pointSense = ps; self.firstPoint = first
        self.labelLookup = lookup
        self.index = CosineIndex(try WordVectors(words: labels, dimension: source.dimension, values: values))
    }

    public var kind: String { "senses" }
    public var wordCount: Int { source.words.count }
    public var pointCount: Int { labels.count }
    public var dimension: Int { source.dimension }
    public func contains(_ word: String) -> Bool { source.index(of: word) != nil || labelLookup[word] != nil }

    func word(_ w: String) throws -> Int {
        guard let i = source.index(of: w) else { throw ExplorerError.unknownWord(w) }
        return i
    }

    /// The query vector source for `text` (a word or `word#k`) and the points to exclude.
    func query(for text: String) throws -> (source: CosineQuery.Source, exclude: [Int]) {
        if let p = labelLookup[text], text.contains("#") || source.index(of: text) == nil {
            return (.row(p), [p])
        }
        let w = try word(text)
        if firstPoint[w + 1] - firstPoint[w] == 1 { return (.row(firstPoint[w]), [firstPoint[w]]) }
        return (.vector(wordVector(w)), Array(firstPoint[w] ..< firstPoint[w + 1]))
    }

    /// The vector of a query (the unit row for a sense point).
    func vector(of source: CosineQuery.Source) -> [Float] {
        switch source {
        case .row(let p): return index.unitVector(at: p)
        case .vector(let v): return v
        }
    }

    /// Σ_z p(z|w) û_{w,z}.
    func wordVector(_ w: Int) -> [Float] {
        let priors = source.priors(ofWord: w)
        var v = [Float](repeating: 0, count: dimension)
        for (z, p) in priors.enumerated() {
            let u = index.unitVector(at: firstPoint[w] + z)
            for j in 0..<dimension { v[j] += Float(p) * u[j] }
        }
        return v
    }

    public func neighborQuery(for word: String, k: Int) throws -> CosineQuery {
        let (q, ex) = try query(for: word)
        return CosineQuery(source: q, k: k, excluding: ex)
    }

    public func analogy(a: String, b: String, c: String, k: Int, method: AnalogyMethod,
                        deadline: ContinuousClock.Instant) throws -> AnalogyResult {
        let qa = try query(for: a), qb = try query(for: b), qc = try query(for: c)
        var ex = qa.exclude
        for p in qb.exclude + qc.exclude where !ex.contains(p) { ex.append(p) }
        let found = try timed {
            try index.analogy(vectors: vector(of: qa.source), vector(of: qb.source), vector(of: qc.source), k: k,
                              method: method, excluding: ex, deadline: deadline)
        }
        return AnalogyResult(query: [a, b, c], neighbors: found.map(ScoredWord.init))
    }

    /// The neighbours of each sense of word `w` (its own senses excluded): one pass over the matrix for all of them.
    func senseNeighbors(_ w: Int, k: Int, deadline: ContinuousClock.Instant) throws -> [[ScoredWord]] {
        let own = Array(firstPoint[w] ..< firstPoint[w + 1])
        let queries = own.map { CosineQuery(source: .row($0), k: k, excluding: own) }
        return try timed { try index.neighbors(of: queries, deadline: deadline) }.map { $0.map(ScoredWord.init) }
    }

    public func senses(of text: String, k: Int, deadline: ContinuousClock.Instant) throws -> SensesResult {
        let w = try word(text)
        let priors = source.priors(ofWord: w)
        let lists = try senseNeighbors(w, k: k, deadline: deadline)
        var list: [SenseSummary] = []
        for (z, p) in priors.enumerated() {
            list.append(SenseSummary(index: z, label: labels[firstPoint[w] + z], prior: p, neighbors: lists[z]))
        }
        return SensesResult(word: text, senses: list)
    }

    public func disambiguate(tokens: [String], position: Int, window: Int, k: Int,
                             deadline: ContinuousClock.Instant) throws -> DisambiguationResult {
        let target = tokens[position]
        let w = try word(target)
        let priors = source.priors(ofWord: w)
        let senseCount = priors.count
        let positions = contextPositions(tokens, position: position, window: source.contextWindow ?? window,
                                         isKnown: { source.index(of: $0) != nil })
        if ContinuousClock.now > deadline { throw ExplorerError.timeout }
        let explanation = source.explain(word: w, context: positions.map { source.index(of: tokens[$0])! },
                                         leftCount: positions.count { $0 < position }, contextWords: positions.map { tokens[$0] })
        let best = explanation.best
        let influence = positions.indices.map {
            ContextInfluence(word: tokens[positions[$0]], position: positions[$0], weight: explanation.influence[$0])
        }
        let lists = try senseNeighbors(w, k: k, deadline: deadline)
        var senses: [SensePosteriorSummary] = []
        for z in 0..<senseCount {
            let point = firstPoint[w] + z
            senses.append(SensePosteriorSummary(index: z, label: labels[point], prior: priors[z], posterior: explanation.posterior[z],
                                                neighbors: lists[z]))
        }
        return DisambiguationResult(word: target, position: position, tokens: tokens, best: best, senses: senses,
                                    context: influence)
    }

    public func mapInput(limit: Int) -> MapInput {
        let n = max(0, min(limit, source.words.count))
        let points = firstPoint[n]
        var values = [Float](); values.reserveCapacity(points * dimension)
        for p in 0..<points { values += source.senseVector(word: Int(pointWord[p]), sense: Int(pointSense[p])) }
        return MapInput(words: pointWord[..<points].map { source.words[Int($0)] }, senses: pointSense[..<points].map { Int($0) },
                        dimension: dimension, values: values)
    }
}
