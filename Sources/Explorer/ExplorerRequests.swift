import Foundation
import SenseVecCore

/// Limits that keep every request small and bounded in time.
public struct ExplorerLimits: Sendable {
    /// Largest `k` for neighbour, analogy and sense queries.
    public var maxK = 1000
    /// Largest request body (bytes); larger bodies get 413.
    public var maxBodyBytes = 16 * 1024
    /// Longest sentence for `/api/disambiguate`, in bytes and in tokens.
    public var maxSentenceBytes = 4000
    public var maxSentenceTokens = 200
    /// Longest word in a query (bytes).
    public var maxWordBytes = 256
    /// Context window (positions on each side) for disambiguation.
    public var window = 5
    /// Time bound of one query; past it the scan stops and the answer is 503.
    public var requestTimeout: Duration = .seconds(5)
    /// Entries kept by the response cache (two generations of this size).
    public var cacheCapacity = 4096
    /// Most neighbour queries waiting for a scan; more get 503 (bounded work under a flood).
    public var maxQueuedScans = 1024
    /// Connections that send nothing for this long are closed.
    public var idleTimeout: Duration = .seconds(30)
    /// A request's headers must be complete this long after its first byte; otherwise 408 and the connection is
    /// closed.
    public var headerTimeout: Duration = .seconds(10)
    /// Most open connections; a new one beyond it replaces the connection that has waited longest without a
    /// request being answered (``ExplorerHTTP1Channel``).
    public var maxConnections = 512
    public init() {}
}

/// The explorer's request decoding and validation as plain functions over plain values (no HTTP types), so
/// the HTTP layer and the fuzz target `Fuzz/FuzzExplorerRequests.swift` (built without Hummingbird) run the
/// same code. Every failure is an ``ExplorerError`` (400/413), never a crash.
public enum ExplorerRequests {
    /// A required word parameter: present, non-empty, at most `maxWordBytes` bytes.
    public static func word(_ q: [String: String], _ name: String, limits: ExplorerLimits) throws -> String {
        guard let v = q[name], !v.isEmpty else {
            throw ExplorerError.badRequest("missing query parameter '\(name)'")
        }
        guard v.utf8.count <= limits.maxWordBytes else {
            throw ExplorerError.badRequest("parameter '\(name)' is longer than \(limits.maxWordBytes) bytes")
        }
        return v
    }

    /// The optional `k` parameter: an integer from 1 to `maxK`.
    public static func k(_ q: [String: String], limits: ExplorerLimits, default value: Int = 10) throws -> Int {
        guard let raw = q["k"] else { return value }
        guard raw.utf8.count <= 20, let k = Int(raw), k >= 1, k <= limits.maxK else {
            throw ExplorerError.badRequest("k must be an integer from 1 to \(limits.maxK), got '\(raw.prefix(40))'")
        }
        return k
    }

    /// The optional analogy `method` parameter: `add` (default) or `mul`.
    public static func method(_ q: [String: String]) throws -> AnalogyMethod {
        let text = q["method"] ?? "add"
        guard let method = AnalogyMethod(rawValue: text) else {
            throw ExplorerError.badRequest("method must be 'add' (3CosAdd) or 'mul' (3CosMul), got '\(text.prefix(40))'")
        }
        return method
    }

    /// The body of `POST /api/disambiguate`.
    struct DisambiguateBody: Decodable {
        var sentence: String
        var word: String
        var position: Int?
        var k: Int?
    }

    /// A validated disambiguation request: the tokens (each as the model knows it), the target position and k.
    public struct Disambiguation: Sendable, Equatable {
        public var tokens: [String]
        public var position: Int
        public var k: Int
    }

    /// Decodes and validates a disambiguation body: JSON `{"sentence", "word", "position"?, "k"?}` within the
    /// limits; tokens the model does not know as typed (`contains`) are looked up in lower case; `position`
    /// (default: the first occurrence of the word) must hold the word.
    public static func disambiguation(body: Data, limits: ExplorerLimits,
                                      contains: (String) -> Bool) throws -> Disambiguation {
        guard body.count <= limits.maxBodyBytes else {
            throw ExplorerError.tooLarge("request body of \(body.count) bytes is over the limit of \(limits.maxBodyBytes) bytes")
        }
        let request: DisambiguateBody
        do {
            request = try JSONDecoder().decode(DisambiguateBody.self, from: body)
        } catch {
            throw ExplorerError.badRequest("the body must be JSON {\"sentence\": \"…\", \"word\": \"…\"} (optional \"position\", \"k\")")
        }
        guard request.sentence.utf8.count <= limits.maxSentenceBytes else {
            throw ExplorerError.badRequest("the sentence is longer than \(limits.maxSentenceBytes) bytes")
        }
        guard !request.word.isEmpty, request.word.utf8.count <= limits.maxWordBytes else {
            throw ExplorerError.badRequest("'word' must be 1 to \(limits.maxWordBytes) bytes")
        }
        let k = request.k ?? 10
        guard k >= 1 && k <= limits.maxK else { throw ExplorerError.badRequest("k must be from 1 to \(limits.maxK), got \(k)") }
        var tokens = tokenize(request.sentence)
        guard tokens.count <= limits.maxSentenceTokens else {
            throw ExplorerError.badRequest("the sentence has \(tokens.count) tokens; the limit is \(limits.maxSentenceTokens)")
        }
        tokens = tokens.map { contains($0) ? $0 : $0.lowercased() }
        let lower = request.word.lowercased()
        let position: Int
        if let p = request.position {
            guard tokens.indices.contains(p) else {
                throw ExplorerError.badRequest("position \(p) is outside the sentence's \(tokens.count) tokens")
            }
            guard tokens[p] == request.word || tokens[p] == lower else {
                throw ExplorerError.badRequest("token \(p) is '\(tokens[p])', not '\(request.word)'")
            }
            position = p
        } else {
            guard let p = tokens.firstIndex(of: request.word) ?? tokens.firstIndex(of: lower) else {
                throw ExplorerError.badRequest("the word '\(request.word)' does not occur in the sentence")
            }
            position = p
        }
        return Disambiguation(tokens: tokens, position: position, k: k)
    }

    /// Splits a sentence into tokens: whitespace-separated, with punctuation and symbols (except `#`, for
    /// `word#k` labels) trimmed from both ends.
    public static func tokenize(_ sentence: String) -> [String] {
        sentence.split(whereSeparator: { $0.isWhitespace }).compactMap { piece in
            let t = piece.trimmingCharacters(in: trimmed)
            return t.isEmpty ? nil : t
        }
    }

    static let trimmed = CharacterSet.punctuationCharacters.union(.symbols)
        .subtracting(CharacterSet(charactersIn: "#"))
}
