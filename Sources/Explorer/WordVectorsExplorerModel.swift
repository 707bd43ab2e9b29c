import Foundation
import SenseVecCore

/// Plain word vectors seen through the explorer: every word is one point and has one sense.
///
/// Neighbours and analogies are Core's exact ``CosineIndex`` queries, so the answers are the bits
/// `sensevec neighbors` and `sensevec analogy` print. `senses(of:)` answers a single sense with prior 1;
/// `disambiguate` answers a posterior of 1 on that sense and, as the context influence, the cosine similarity
/// between each known context word and the target word (there is no sense choice to explain, so the page shows
/// which context words are close to the target instead).
public struct WordVectorsExplorerModel: ExplorerModel {
    public let vectors: WordVectors
    public let index: CosineIndex

    public init(vectors: WordVectors) {
        self.vectors = vectors
        self.index = CosineIndex(vectors)
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

    public func neighborQuery(for word: String, k: Int) throws -> CosineQuery { .row(try row(of: word), k: k) }

    func neighbors(ofRow i: Int, k: Int, deadline: ContinuousClock.Instant) throws -> [ScoredWord] {
        try timed { try index.neighbors(ofRows: [i], k: k, deadline: deadline)[0] }.map(ScoredWord.init)
    }

    public func analogy(a: String, b: String, c: String, k: Int, method: AnalogyMethod,
                        deadline: ContinuousClock.Instant) throws -> AnalogyResult {
        let q = AnalogyQuestion(a: try row(of: a), b: try row(of: b), c: try row(of: c))
        let found = try timed { try index.analogies([q], k: k, method: method, deadline: deadline)[0] }
        return AnalogyResult(query: [a, b, c], neighbors: found.map(ScoredWord.init))
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
            context.append(ContextInfluence(word: tokens[p], position: p, weight: Double(index.similarity(rows: i, j))))
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
