import Foundation
import SenseVecCore

/// What the explorer needs from a model: queries that answer the JSON API and the rows to project on the map.
///
/// Two conformances ship with the module: ``WordVectorsExplorerModel`` (plain word vectors: every word has one
/// sense) and ``SenseExplorerModel`` (any multi-sense model that can describe itself as a ``SenseSource``:
/// per-sense vectors, the prior p(z | w) and the context likelihood log p(c | w, z) of its E-step).
/// The HTTP layer (``ExplorerApplication``) only ever talks to this protocol, so a new model type plugs in
/// by conforming to it (or, for sense models, to ``SenseSource``).
///
/// Every query takes a `deadline`: long scans check it and throw ``ExplorerError/timeout`` when it passes,
/// which bounds the time one request can hold a CPU.
public protocol ExplorerModel: Sendable {
    /// "vectors" or "senses" (shown on the page and in `/healthz`).
    var kind: String { get }
    /// Number of words in the vocabulary.
    var wordCount: Int { get }
    /// Number of points the neighbour index holds (words, or word senses for sense models).
    var pointCount: Int { get }
    /// The vector dimension.
    var dimension: Int { get }
    /// Whether the model knows `word` (a vocabulary word, or a `word#k` sense label for sense models).
    func contains(_ word: String) -> Bool
    /// The exact cosine index over the model's points (its words are the point labels).
    var index: CosineIndex { get }
    /// The query on ``index`` whose answers are the `k` nearest points of `word` (the word's own point(s)
    /// excluded); throws ``ExplorerError/unknownWord(_:)``. `/api/neighbors` sends it through the
    /// ``NeighborService`` (neighbour table or batched scan).
    func neighborQuery(for word: String, k: Int) throws -> CosineQuery
    /// The `k` best answers to "a is to b as c is to ?" (answer ≈ b − a + c), the three query words excluded.
    func analogy(a: String, b: String, c: String, k: Int, method: AnalogyMethod,
                 deadline: ContinuousClock.Instant) throws -> AnalogyResult
    /// The senses of `word`: prior and nearest neighbours of each sense.
    func senses(of word: String, k: Int, deadline: ContinuousClock.Instant) throws -> SensesResult
    /// The posterior over the senses of the token at `position` in `tokens`, given the `window` nearest known
    /// tokens on each side (``contextPositions(_:position:window:isKnown:)``).
    func disambiguate(tokens: [String], position: Int, window: Int, k: Int,
                      deadline: ContinuousClock.Instant) throws -> DisambiguationResult
    /// The rows to project on the map: at most `limit` words, most frequent first (all their senses for
    /// sense models), as labelled points and a row-major matrix of `points.count × dimension` values.
    func mapInput(limit: Int) -> MapInput
}

extension ExplorerModel {
    /// The `k` nearest points of `word` by cosine similarity (the word's own point(s) excluded): one scan.
    public func neighbors(of word: String, k: Int, deadline: ContinuousClock.Instant) throws -> NeighborsResult {
        let q = try neighborQuery(for: word, k: k)
        let found = try timed { try index.neighbors(of: [q], deadline: deadline)[0] }
        return NeighborsResult(word: word, neighbors: found.map(ScoredWord.init))
    }
}

/// Runs `body`, turning Core's ``CosineIndexDeadlineExceeded`` into ``ExplorerError/timeout``.
func timed<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch is CosineIndexDeadlineExceeded { throw ExplorerError.timeout }
}

/// The context of the token at `position`: the `window` nearest tokens on each side that `isKnown` accepts
/// (unknown tokens are skipped, not counted — word2vec-style models never saw them), left then right.
public func contextPositions(_ tokens: [String], position: Int, window: Int, isKnown: (String) -> Bool) -> [Int] {
    var left: [Int] = [], right: [Int] = []
    var p = position - 1
    while p >= 0 && left.count < window { if isKnown(tokens[p]) { left.append(p) }; p -= 1 }
    p = position + 1
    while p < tokens.count && right.count < window { if isKnown(tokens[p]) { right.append(p) }; p += 1 }
    return left.reversed() + right
}

/// One answer in a result list: a word (or `word#k` sense label) and its score (cosine similarity, or the
/// 3CosMul objective for multiplicative analogies). Encoded as `{"word": …, "similarity": …}`.
public struct ScoredWord: Codable, Sendable, Equatable {
    public var word: String
    public var similarity: Double
    public init(word: String, similarity: Double) { self.word = word; self.similarity = similarity }
    /// A neighbour from the index (its word is the point label).
    public init(_ n: Neighbor) { self.init(word: n.word, similarity: Double(n.similarity)) }
}

/// `GET /api/neighbors` (the same shape as `sensevec neighbors --json`).
public struct NeighborsResult: Codable, Sendable {
    public var word: String
    public var neighbors: [ScoredWord]
    public init(word: String, neighbors: [ScoredWord]) { self.word = word; self.neighbors = neighbors }
}

/// `GET /api/analogy` (the same shape as `sensevec analogy --json`).
public struct AnalogyResult: Codable, Sendable {
    public var query: [String]
    public var neighbors: [ScoredWord]
    public init(query: [String], neighbors: [ScoredWord]) { self.query = query; self.neighbors = neighbors }
}

/// One sense of a word: its index, prior p(z | w) and nearest neighbours.
public struct SenseSummary: Codable, Sendable {
    public var index: Int
    /// The label of the sense's point on the map (`word#k` for multi-sense words, else the word).
    public var label: String
    public var prior: Double
    public var neighbors: [ScoredWord]
    public init(index: Int, label: String, prior: Double, neighbors: [ScoredWord]) {
        self.index = index; self.label = label; self.prior = prior; self.neighbors = neighbors
    }
}

/// `GET /api/senses`.
public struct SensesResult: Codable, Sendable {
    public var word: String
    public var senses: [SenseSummary]
    public init(word: String, senses: [SenseSummary]) { self.word = word; self.senses = senses }
}

/// A context word and how much it pushed the posterior towards the chosen sense.
public struct ContextInfluence: Codable, Sendable {
    public var word: String
    public var position: Int
    /// For sense models: log q(z* | all context) − log q(z* | context without this word), where z* is the most
    /// probable sense (positive = the word supports the choice). For plain vectors: cos(word, target).
    public var weight: Double
    public init(word: String, position: Int, weight: Double) {
        self.word = word; self.position = position; self.weight = weight
    }
}

/// `POST /api/disambiguate`.
public struct DisambiguationResult: Codable, Sendable {
    public var word: String
    public var position: Int
    public var tokens: [String]
    /// Index (into `senses`) of the most probable sense.
    public var best: Int
    /// One entry per sense, with `posterior` filled in.
    public var senses: [SensePosteriorSummary]
    /// The context words the model knows, with their influence.
    public var context: [ContextInfluence]
    public init(word: String, position: Int, tokens: [String], best: Int, senses: [SensePosteriorSummary],
                context: [ContextInfluence]) {
        self.word = word; self.position = position; self.tokens = tokens; self.best = best
        self.senses = senses; self.context = context
    }
}

/// A sense with its prior and its posterior in one context.
public struct SensePosteriorSummary: Codable, Sendable {
    public var index: Int
    public var label: String
    public var prior: Double
    public var posterior: Double
    public var neighbors: [ScoredWord]
    public init(index: Int, label: String, prior: Double, posterior: Double, neighbors: [ScoredWord]) {
        self.index = index; self.label = label; self.prior = prior; self.posterior = posterior
        self.neighbors = neighbors
    }
}

/// The points to project: one label per row (`word` or `word#k`), the word and the sense index.
public struct MapInput: Sendable {
    public var words: [String]
    /// Sense index of each row, nil for plain word vectors.
    public var senses: [Int]?
    public var dimension: Int
    public var values: [Float]
    public init(words: [String], senses: [Int]?, dimension: Int, values: [Float]) {
        self.words = words; self.senses = senses; self.dimension = dimension; self.values = values
    }
}

/// Errors the API maps to HTTP status codes.
public enum ExplorerError: Error, Equatable, CustomStringConvertible {
    /// 404: a word the model does not know.
    case unknownWord(String)
    /// 400: a bad parameter.
    case badRequest(String)
    /// 413: the request body is too large.
    case tooLarge(String)
    /// 503: the per-request time bound passed.
    case timeout
    /// 503: the map is not ready yet.
    case unavailable(String)

    public var description: String {
        switch self {
        case .unknownWord(let w): return "unknown word '\(w)': it is not in the model's vocabulary"
        case .badRequest(let m): return m
        case .tooLarge(let m): return m
        case .timeout: return "the request took longer than the server's time limit"
        case .unavailable(let m): return m
        }
    }

    /// The HTTP status code for this error.
    public var statusCode: Int {
        switch self {
        case .unknownWord: return 404
        case .badRequest: return 400
        case .tooLarge: return 413
        case .timeout, .unavailable: return 503
        }
    }
}
