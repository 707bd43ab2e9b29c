import Foundation
import SenseVecCore

/// Plain word vectors seen through the explorer: every word is one point and has one sense.
///
/// Neighbours and analogies are exact cosine searches (``TimedCosineIndex``). `senses(of:)` answers a single
/// sense with prior 1; `disambiguate` answers a posterior of 1 on that sense and, as the context influence,
/// the cosine similarity between each known context word and the target word (there is no sense choice to
/// explain, so the page shows which context words are close to the target instead).
public struct WordVectorsExplorerModel: ExplorerModel {
    public let vectors: WordVectors
    public let index: TimedCosineIndex

    public init(vectors: WordVectors) {
        self.vectors = vectors
        self.index = vectors.withUnsafeValues { TimedCosineIndex(dimension: vectors.dimension, values: $0) }
    }

    public var kind: String { "vectors" }
    public var wordCount: Int { vectors.count }
    public var pointCount: Int { vectors.count }
    public var dimension: Int { vectors.dimension }
    public func contains(_ word: String) -> Bool { vectors.index(of: word) != nil }

    func row(of word: String) throws -> Int {
        guard let i = vectors.index(of: word) else { throw ExplorerError.unknownWord(word) }
        return i
    }

    func neighbors(ofRow i: Int, k: Int, deadline: ContinuousClock.Instant) throws -> [ScoredWord] {
        let q = index.query(from: index.row(i))
        return try index.nearest(to: q, k: k, excluding: [i], deadline: deadline).map {
            ScoredWord(word: vectors.words[$0.row], similarity: Double($0.similarity))
        }
    }

    public func neighbors(of word: String, k: Int, deadline: ContinuousClock.Instant) throws -> NeighborsResult {
        let i = try row(of: word)
        return NeighborsResult(word: word, neighbors: try neighbors(ofRow: i, k: k, deadline: deadline))
    }

    public func analogy(a: String, b: String, c: String, k: Int, method: AnalogyMethod,
                        deadline: ContinuousClock.Instant) throws -> AnalogyResult {
        let ia = try row(of: a), ib = try row(of: b), ic = try row(of: c)
        let ua = index.row(ia), ub = index.row(ib), uc = index.row(ic)
        let excluded: Set<Int> = [ia, ib, ic]
        let found: [(row: Int, similarity: Float)]
        switch method {
        case .add:
            var target = [Float](repeating: 0, count: dimension)
            for j in 0..<dimension { target[j] = ub[j] - ua[j] + uc[j] }
            found = try index.nearest(to: index.query(from: target), k: k, excluding: excluded, deadline: deadline)
        case .mul:
            found = try index.nearestMultiplicative(a: index.query(from: ua), b: index.query(from: ub),
                                                    c: index.query(from: uc), k: k, excluding: excluded,
                                                    deadline: deadline)
        }
        return AnalogyResult(query: [a, b, c],
                             neighbors: found.map { ScoredWord(word: vectors.words[$0.row], similarity: Double($0.similarity)) })
    }

    public func senses(of word: String, k: Int, deadline: ContinuousClock.Instant) throws -> SensesResult {
        let i = try row(of: word)
        return SensesResult(word: word, senses: [
            SenseSummary(index: 0, label: word, prior: 1, neighbors: try neighbors(ofRow: i, k: k, deadline: deadline)),
        ])
    }

    public func disambiguate(tokens: [String], position: Int, window: Int, k: Int,
                             deadline: ContinuousClock.Instant) throws -> DisambiguationResult {
        let word = tokens[position]
        let i = try row(of: word)
        var context: [ContextInfluence] = []
        for p in contextPositions(tokens, position: position, window: window, isKnown: { vectors.index(of: $0) != nil }) {
            let j = vectors.index(of: tokens[p])!
            context.append(ContextInfluence(word: tokens[p], position: p, weight: Double(index.similarity(i, j))))
        }
        let sense = SensePosteriorSummary(index: 0, label: word, prior: 1, posterior: 1,
                                          neighbors: try neighbors(ofRow: i, k: k, deadline: deadline))
        return DisambiguationResult(word: word, position: position, tokens: tokens, best: 0, senses: [sense],
                                    context: context)
    }

    public func mapInput(limit: Int) -> MapInput {
        let n = max(0, min(limit, vectors.count))
        return MapInput(words: Array(vectors.words[..<n]), senses: nil, dimension: dimension,
                        values: Array(vectors.values[..<(n * dimension)]))
    }
}
