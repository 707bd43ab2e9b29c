#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        let (counts, stats, prunings) = try WordCounts.count(corpus, maxSize: maxSize, progress: progress)
        let vocab = try counts.vocabulary(minCount: minCount, maxSize: maxSize)
        progress?(ProgressEvent(stage: "reading", fraction: 1, metrics: [("tokens", Double(stats.tokens)),
                                                                        ("words", Double(vocab.count))], finished: true))
        return (vocab, stats, prunings)
    }
}

/// Every distinct word of a counting pass with its count, in order of first appearance: the form in which the
/// counts of several parts of a corpus (``CorpusShard``) are merged into the counts of the whole.
public struct WordCounts: Sendable, Equatable {
    public private(set) var words: [String] = []
    public private(set) var counts: [Int] = []

    public init() {}

    /// The words and counts of `vocabulary`, in its order.
    public init(_ vocabulary: Vocabulary) {
        words = vocabulary.words
        counts = vocabulary.counts
    }

    /// Counts the words of `corpus` (word2vec's pruning when `maxSize` is given, see
    /// ``Vocabulary/count(_:minCount:maxSize:progress:)``). Also returns the statistics and the number of prunings.
    public static func count(_ corpus: Corpus, maxSize: Int? = nil, progress: ProgressHandler? = nil)
        throws -> (WordCounts, TokenizerStatistics, prunings: Int)
    {
        var counter = Counter(table: WordTable(expectedWords: 1 << 16), limit: maxSize.map { max(1, $0) } ?? Int.max)
        let stats = try corpus.scan(into: &counter, progress: progress)
        var result = WordCounts()
        let table = counter.table
        result.words.reserveCapacity(table.count); result.counts.reserveCapacity(table.count)
        for e in 0..<table.count {
            result.words.append(table.word(at: e))
            result.counts.append(table.value(at: e))
        }
        return (result, stats, counter.prunings)
    }

    /// Adds `other`, the counts of the text that follows this one: counts of shared words add up and new words
    /// keep their order after the existing ones, so merging the shares of a corpus in order gives exactly the
    /// counts (and first-appearance order) of one pass over the whole.
    public mutating func merge(_ other: WordCounts) {
        var index = [String: Int](minimumCapacity: words.count + other.words.count)
        for (i, w) in words.enumerated() { index[w] = i }
        for (w, c) in zip(other.words, other.counts) {
            if let i = index[w] { counts[i] += c } else {
                index[w] = words.count
                words.append(w); counts.append(c)
            }
        }
    }

    /// The vocabulary of the words with count ≥ `minCount`, at most `maxSize` of them (the most frequent; ties in
    /// order of first appearance).
    public func vocabulary(minCount: Int, maxSize: Int? = nil) throws -> Vocabulary {
        var keptWords: [String] = [], keptCounts: [Int] = []
        for (w, c) in zip(words, counts) where c >= minCount { keptWords.append(w); keptCounts.append(c) }
        var vocab = try Vocabulary(words: keptWords, counts: keptCounts)
        if let maxSize, vocab.count > maxSize { vocab = vocab.pruned(minCount: minCount, maxSize: maxSize) }
        return vocab
    }

    /// A byte form for sending between processes: per word a little-endian UInt64 count, a UInt32 length and
    /// the UTF-8 bytes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(words.reduce(0) { $0 + $1.utf8.count + 12 })
        for (w, c) in zip(words, counts) {
            withUnsafeBytes(of: UInt64(c).littleEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(w.utf8.count).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: w.utf8)
        }
        return out
    }

    /// Reads ``encoded()``.
    public init(encoded bytes: [UInt8]) throws {
        var i = 0
        try bytes.withUnsafeBytes { raw in
            while i < raw.count {
                guard i + 12 <= raw.count else { throw SenseVecError("corrupt word counts") }
                let c = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let n = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i + 8, as: UInt32.self)))
                i += 12
                guard i + n <= raw.count else { throw SenseVecError("corrupt word counts") }
                words.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[i..<i + n]), as: UTF8.self))
                counts.append(Int(c))
                i += n
            }
        }
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
/// Out-of-vocabulary tokens are dropped (as word2vec does). 4 bytes per token, held either in memory
/// (``tokens``) or in a file mapped into memory (``init(_:vocabulary:mappedFile:progress:)``), which the
/// operating system pages in and out as training reads it, so a corpus larger than memory can be trained on.
/// Readers go through ``length`` and ``withTokens(_:)``, which serve both.
public struct EncodedCorpus: Sendable {
    /// The sentence separator in ``tokens``.
    public static let sentenceBreak: Int32 = -1
    /// Word ids and sentence breaks of an in-memory corpus (empty for a mapped one).
    public var tokens: [Int32]
    /// Number of in-vocabulary tokens (excluding breaks).
    public var wordCount: Int
    /// The mapped token file, when the corpus is not in memory.
    public let mapped: MappedTokens?

    public init(tokens: [Int32]) {
        self.tokens = tokens
        self.wordCount = tokens.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        self.mapped = nil
    }

    /// Word ids and breaks, in memory or mapped.
    public var length: Int { mapped?.count ?? tokens.count }

    /// Calls `body` with all ids and breaks.
    public func withTokens<R>(_ body: (UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        if let mapped { return try body(UnsafeBufferPointer(start: mapped.base, count: mapped.count)) }
        return try tokens.withUnsafeBufferPointer(body)
    }

    static func table(for vocabulary: Vocabulary) -> WordTable {
        var table = WordTable(expectedWords: max(16, vocabulary.count))
        for (i, w) in vocabulary.words.enumerated() {
            var word = w
            _ = word.withUTF8 { table.add(UnsafeRawBufferPointer($0), hash: WordTable.hash(UnsafeRawBufferPointer($0)), amount: i) }
        }
        return table
    }

    /// Encodes `corpus` with `vocabulary`. Token lookup uses a ``WordTable`` built from the vocabulary's bytes
    /// with the hash the tokenizer computes during its scan, so no `String` is made per token.
    public init(_ corpus: Corpus, vocabulary: Vocabulary, progress: ProgressHandler? = nil) throws {
        var encoder = Encoder(table: Self.table(for: vocabulary))
        encoder.tokens.reserveCapacity(vocabulary.totalCount + vocabulary.totalCount / 64 + 16)
        try corpus.scan(into: &encoder, progress: progress)
        self.tokens = encoder.tokens
        self.wordCount = encoder.words
        self.mapped = nil
    }

    /// Encodes `corpus` into the file `path` (native-endian Int32 ids, written through a fixed 4 MiB buffer),
    /// then maps the file read-only and removes its name, so nothing is left behind when the process ends.
    /// Memory then holds the vocabulary's table and the buffer, not the corpus.
    public init(_ corpus: Corpus, vocabulary: Vocabulary, mappedFile path: String, progress: ProgressHandler? = nil) throws {
        let slot = TemporaryFiles.shared.register(path)
        defer { if let slot { TemporaryFiles.shared.unregister(slot) } }
        guard let fp = fopen(path, "w+b") else {
            throw SenseVecError("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(fp); unlink(path) }
        var writer = FileEncoder(table: Self.table(for: vocabulary), file: fp, path: path)
        try corpus.scan(into: &writer, progress: progress)
        try writer.flush()
        guard fflush(fp) == 0 else { throw SenseVecError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        self.tokens = []
        self.wordCount = writer.words
        self.mapped = try MappedTokens(file: fp, count: writer.written, path: path)
    }
}

/// Looks tokens up like ``Encoder`` and writes their ids to a file through a fixed buffer.
struct FileEncoder: TokenSink {
    let table: WordTable
    let file: UnsafeMutablePointer<FILE>
    let path: String
    var buffer = [Int32](repeating: 0, count: 1 << 20)
    var used = 0
    var last: Int32 = EncodedCorpus.sentenceBreak
    var words = 0
    var written = 0

    mutating func flush() throws {
        guard used > 0 else { return }
        let n = buffer.withUnsafeBufferPointer { fwrite($0.baseAddress, 4, used, file) }
        guard n == used else { throw SenseVecError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        written += used
        used = 0
    }

    @inline(__always) mutating func append(_ id: Int32) throws {
        if used == buffer.count { try flush() }
        buffer[used] = id
        used += 1
        last = id
    }

    @inline(__always)
    mutating func token(_ bytes: UnsafeRawBufferPointer, hash: UInt64) throws {
        let e = table.find(bytes, hash: hash)
        if e >= 0 {
            try append(Int32(truncatingIfNeeded: table.value(at: e)))
            words += 1
        }
    }

    @inline(__always) mutating func sentenceEnd() throws {
        if used + written > 0 && last != EncodedCorpus.sentenceBreak { try append(EncodedCorpus.sentenceBreak) }
    }
}

/// A read-only memory mapping of a file of Int32 token ids, unmapped when the last reference goes.
public final class MappedTokens: Sendable {
    nonisolated(unsafe) let base: UnsafePointer<Int32>?
    public let count: Int

    init(file: UnsafeMutablePointer<FILE>, count: Int, path: String) throws {
        self.count = count
        guard count > 0 else { base = nil; return }
        guard let p = mmap(nil, count * 4, PROT_READ, MAP_SHARED, fileno(file), 0), p != MAP_FAILED else {
            throw SenseVecError("cannot map '\(path)': \(String(cString: strerror(errno)))")
        }
        #if os(Linux)
        _ = madvise(p, count * 4, MADV_SEQUENTIAL)
        #endif
        base = UnsafePointer(p.assumingMemoryBound(to: Int32.self))
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count * 4) }
    }
}
