extension Vocabulary {
    /// Counts the words of `corpus` and keeps those with count ≥ `minCount` (at most `maxSize`, the most
    /// frequent). Returns the vocabulary and the statistics of the pass.
    ///
    /// Counting runs on raw bytes in a ``WordTable`` (no `String` per token). When `maxSize` is given and the
    /// number of distinct words exceeds it, the table is pruned as word2vec's `ReduceVocab` does: words with
    /// count ≤ `minReduce` are dropped and `minReduce` grows by one for the next pruning (gensim's
    /// `max_vocab_size` does the same). As in word2vec, the counts of words that were pruned and seen again
    /// afterwards are then lower than their true counts.
    public static func count(_ corpus: Corpus, minCount: Int = 5, maxSize: Int? = nil,
                             progress: ProgressHandler? = nil) throws -> (Vocabulary, TokenizerStatistics) {
        let (vocab, stats, _) = try countWithPruning(corpus, minCount: minCount, maxSize: maxSize, progress: progress)
        return (vocab, stats)
    }

    /// ``count(_:minCount:maxSize:progress:)`` that also returns how many times the table was pruned.
    public static func countWithPruning(_ corpus: Corpus, minCount: Int = 5, maxSize: Int? = nil,
                                        progress: ProgressHandler? = nil)
        throws -> (Vocabulary, TokenizerStatistics, prunings: Int)
    {
        var counter = Counter(table: WordTable(expectedWords: 1 << 16), limit: maxSize.map { max(1, $0) } ?? Int.max)
        let stats = try corpus.scan(into: &counter, progress: progress)
        let table = counter.table
        let prunings = counter.prunings
        var words: [String] = []
        var counts: [Int] = []
        for e in 0..<table.count where table.value(at: e) >= minCount {
            words.append(table.word(at: e))
            counts.append(table.value(at: e))
        }
        var vocab = try Vocabulary(words: words, counts: counts)
        if let maxSize, vocab.count > maxSize { vocab = vocab.pruned(minCount: minCount, maxSize: maxSize) }
        progress?(ProgressEvent(stage: "reading", fraction: 1, metrics: [("tokens", Double(stats.tokens)),
                                                                        ("words", Double(vocab.count))], finished: true))
        return (vocab, stats, prunings)
    }
}

/// Counts tokens into a ``WordTable``, pruning as word2vec's ReduceVocab when it exceeds `limit` words.
struct Counter: TokenSink {
    var table: WordTable
    let limit: Int
    var minReduce = 1
    var prunings = 0

    @inline(__always)
    mutating func token(_ bytes: UnsafeRawBufferPointer, hash: UInt64) {
        table.add(bytes, hash: hash)
        if table.count > limit {
            table.reduce(minReduce: minReduce)
            minReduce += 1
            prunings += 1
        }
    }

    @inline(__always) mutating func sentenceEnd() {}
}

/// Looks tokens up in a vocabulary's ``WordTable`` and appends their ids.
struct Encoder: TokenSink {
    let table: WordTable
    var tokens: [Int32] = []
    var words = 0

    @inline(__always)
    mutating func token(_ bytes: UnsafeRawBufferPointer, hash: UInt64) {
        let e = table.find(bytes, hash: hash)
        if e >= 0 {
            tokens.append(Int32(truncatingIfNeeded: table.value(at: e)))
            words += 1
        }
    }

    @inline(__always) mutating func sentenceEnd() {
        if let last = tokens.last, last != EncodedCorpus.sentenceBreak { tokens.append(EncodedCorpus.sentenceBreak) }
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

    /// Encodes `corpus` with `vocabulary`. Token lookup uses a ``WordTable`` built from the vocabulary's bytes
    /// with the hash the tokenizer computes during its scan, so no `String` is made per token.
    public init(_ corpus: Corpus, vocabulary: Vocabulary, progress: ProgressHandler? = nil) throws {
        var table = WordTable(expectedWords: max(16, vocabulary.count))
        for (i, w) in vocabulary.words.enumerated() {
            var word = w
            _ = word.withUTF8 { table.add(UnsafeRawBufferPointer($0), hash: WordTable.hash(UnsafeRawBufferPointer($0)), amount: i) }
        }
        var encoder = Encoder(table: table)
        encoder.tokens.reserveCapacity(vocabulary.totalCount + vocabulary.totalCount / 64 + 16)
        try corpus.scan(into: &encoder, progress: progress)
        self.tokens = encoder.tokens
        self.wordCount = encoder.words
    }
}
