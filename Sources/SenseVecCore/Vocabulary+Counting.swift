extension Vocabulary {
    /// Counts the words of `corpus` and keeps those with count ≥ `minCount` (at most `maxSize`, the most
    /// frequent). Returns the vocabulary and the statistics of the pass.
    public static func count(_ corpus: Corpus, minCount: Int = 5, maxSize: Int? = nil,
                             progress: ProgressHandler? = nil) throws -> (Vocabulary, TokenizerStatistics) {
        var table = [String: Int]()
        var order: [String] = []
        let stats = try corpus.forEachToken { bytes in
            let w = String(decoding: bytes, as: UTF8.self)
            if let c = table[w] { table[w] = c + 1 } else { table[w] = 1; order.append(w) }
        }
        let vocab = try Vocabulary(words: order, counts: order.map { table[$0]! })
        return (vocab.pruned(minCount: minCount, maxSize: maxSize), stats)
    }
}

/// A corpus encoded as vocabulary ids, sentences separated by ``EncodedCorpus/sentenceBreak``.
/// Out-of-vocabulary tokens are dropped (as word2vec does). 4 bytes per token.
public struct EncodedCorpus: Sendable {
    /// The sentence separator in ``tokens``.
    public static let sentenceBreak: Int32 = -1
    /// Word ids and sentence breaks.
    public var tokens: [Int32]
    /// Number of in-vocabulary tokens (excluding breaks).
    public var wordCount: Int

    public init(tokens: [Int32]) {
        self.tokens = tokens
        self.wordCount = tokens.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
    }

    /// Encodes `corpus` with `vocabulary`.
    public init(_ corpus: Corpus, vocabulary: Vocabulary) throws {
        var tokens: [Int32] = []
        var words = 0
        try corpus.forEachToken({ bytes in
            if let id = vocabulary.index(of: String(decoding: bytes, as: UTF8.self)) {
                tokens.append(Int32(id)); words += 1
            }
        }, sentenceEnd: {
            if let last = tokens.last, last != EncodedCorpus.sentenceBreak { tokens.append(EncodedCorpus.sentenceBreak) }
        })
        self.tokens = tokens
        self.wordCount = words
    }
}
