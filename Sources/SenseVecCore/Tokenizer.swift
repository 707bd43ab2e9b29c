#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How raw text is cut into tokens. Defaults follow word2vec: split on ASCII whitespace, a line end ends a
/// sentence, tokens longer than `maxTokenLength` bytes are cut (word2vec's MAX_STRING is 100).
public struct TokenizerOptions: Sendable, Equatable {
    /// Fold ASCII letters to lower case (and other letters through Unicode lowercasing).
    public var lowercase: Bool
    /// Remove ASCII punctuation characters from tokens (a token made only of punctuation disappears).
    public var stripPunctuation: Bool
    /// Tokens longer than this many bytes are cut at a UTF-8 character boundary.
    public var maxTokenLength: Int
    /// Sentences longer than this many tokens are split (word2vec's MAX_SENTENCE_LENGTH is 1000).
    public var maxSentenceLength: Int

    public init(lowercase: Bool = false, stripPunctuation: Bool = false, maxTokenLength: Int = 100,
                maxSentenceLength: Int = 1000) {
        self.lowercase = lowercase
        self.stripPunctuation = stripPunctuation
        self.maxTokenLength = maxTokenLength
        self.maxSentenceLength = maxSentenceLength
    }
}

/// Statistics of one pass over a corpus.
public struct TokenizerStatistics: Sendable, Equatable {
    public var tokens = 0
    public var sentences = 0
    public var bytes = 0
    /// Tokens skipped because they were not valid UTF-8.
    public var invalidUTF8Tokens = 0
    /// Tokens cut to `maxTokenLength`.
    public var truncatedTokens = 0
    public init() {}
}

/// A streaming tokenizer: feed it chunks of bytes, it calls back once per token (as raw bytes) and once per
/// sentence end. Tokens that straddle chunk boundaries are carried over, so a file with no line ends at all
/// is still streamed in constant memory.
/// Receives the tokens of a scan (raw bytes valid only during the call, with their hash) and sentence ends.
public protocol TokenSink {
    mutating func token(_ bytes: UnsafeRawBufferPointer, hash: UInt64) throws
    mutating func sentenceEnd() throws
}

/// Adapts closures to ``TokenSink``.
struct ClosureSink: TokenSink {
    let onToken: (UnsafeRawBufferPointer, UInt64) throws -> Void
    let onSentenceEnd: () throws -> Void
    mutating func token(_ bytes: UnsafeRawBufferPointer, hash: UInt64) throws { try onToken(bytes, hash) }
    mutating func sentenceEnd() throws { try onSentenceEnd() }
}

public struct Tokenizer {
    public let options: TokenizerOptions
    public private(set) var statistics = TokenizerStatistics()
    var pending: [UInt8] = []
    var sentenceTokens = 0
    var scratch: [UInt8] = []

    public init(options: TokenizerOptions) {
        self.options = options
        pending.reserveCapacity(256)
        scratch.reserveCapacity(256)
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C
    }

    /// Feeds a chunk. `token` receives each token's bytes (valid only during the call); `sentenceEnd` is
    /// called at each line end that closes a non-empty sentence and when a sentence reaches the maximum length.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer,
                              token: (UnsafeRawBufferPointer) throws -> Void,
                              sentenceEnd: () throws -> Void) throws {
        try feedHashed(chunk, token: { bytes, _ in try token(bytes) }, sentenceEnd: sentenceEnd)
    }

    /// Like ``feed(_:token:sentenceEnd:)`` but also hands each token's hash (`WordTable.hash`),
    /// computed during the boundary scan for plain ASCII tokens.
    public mutating func feedHashed(_ chunk: UnsafeRawBufferPointer,
                                    token: (UnsafeRawBufferPointer, UInt64) throws -> Void,
                                    sentenceEnd: () throws -> Void) throws {
        try withoutActuallyEscaping(token) { t in
            try withoutActuallyEscaping(sentenceEnd) { e in
                var sink = ClosureSink(onToken: t, onSentenceEnd: e)
                try scan(chunk, into: &sink)
            }
        }
    }

    /// Flushes the last token and sentence at the end of a file.
    public mutating func finish(token: (UnsafeRawBufferPointer) throws -> Void,
                                sentenceEnd: () throws -> Void) throws {
        try finishHashed(token: { bytes, _ in try token(bytes) }, sentenceEnd: sentenceEnd)
    }

    /// ``finish(token:sentenceEnd:)`` with hashes.
    public mutating func finishHashed(token: (UnsafeRawBufferPointer, UInt64) throws -> Void,
                                      sentenceEnd: () throws -> Void) throws {
        try withoutActuallyEscaping(token) { t in
            try withoutActuallyEscaping(sentenceEnd) { e in
                var sink = ClosureSink(onToken: t, onSentenceEnd: e)
                try finish(into: &sink)
            }
        }
    }

    /// Scans a chunk into `sink`. The scan touches each byte once: a byte ≤ 0x20 is tested for ASCII whitespace,
    /// every other byte is folded into the hash and an OR accumulator; only tokens with a byte ≥ 0x80
    /// (UTF-8 validation), tokens longer than the maximum, or options that rewrite bytes take the slow path.
    /// Generic so that counting loops are specialized, with no closure call per token.
    @inline(__always)
    public mutating func scan<S: TokenSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout S) throws {
        statistics.bytes += chunk.count
        guard let raw = chunk.baseAddress, chunk.count > 0 else { return }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let n = chunk.count
        var i = 0
        if !pending.isEmpty {
            // Continue the token carried over from the previous chunk.
            var j = 0
            while j < n && !Self.isSpace(base[j]) { j += 1 }
            appendPending(base, 0, j)
            if j == n { return }
            try emitPending(into: &sink)
            i = j
        }
        let plain = !options.lowercase && !options.stripPunctuation
        let maxLength = options.maxTokenLength
        let maxSentence = options.maxSentenceLength
        var tokens = 0
        var sentence = sentenceTokens
        defer { statistics.tokens += tokens }
        while i < n {
            let b = base[i]
            if b <= 0x20 && Self.isSpace(b) {
                if b == 0x0A && sentence > 0 {
                    sentenceTokens = sentence
                    try endSentence(into: &sink)
                    sentence = 0
                }
                i += 1
                continue
            }
            // Find the token's end 8 bytes at a time: a byte below 0x21 is flagged by the classic
            // "has less than" bit trick ((w − 0x21…21) & ~w & 0x80…80; only bytes above the first flagged one
            // can be false alarms). Each full 8-byte word is folded into the hash (WordTable.hash).
            var h = WordTable.seed
            var acc: UInt64 = 0
            var j = i
            var exact = false
            while j + 8 <= n {
                let w = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
                let flags = (w &- 0x2121_2121_2121_2121) & ~w & 0x8080_8080_8080_8080
                if flags == 0 {
                    acc |= w
                    h = WordTable.mix(h, w)
                    j += 8
                    continue
                }
                let first = flags.trailingZeroBitCount >> 3
                if Self.isSpace(base[j + first]) {
                    if first > 0 {
                        let part = w & (UInt64.max >> UInt64(64 - 8 * first))
                        acc |= part
                        h = WordTable.mix(h, part)
                    }
                    j += first
                    exact = true
                }
                break
            }
            if !exact {
                // Near the end of the chunk, or a control byte inside the token: byte by byte.
                while j < n && !Self.isSpace(base[j]) { acc |= UInt64(base[j]); j += 1 }
                if j == n {
                    // The token may continue in the next chunk.
                    sentenceTokens = sentence
                    appendPending(base, i, j)
                    return
                }
                h = WordTable.hashState(UnsafeRawBufferPointer(start: base + i, count: j - i))
            }
            h = WordTable.finish(h, length: j - i)
            let bytes = UnsafeRawBufferPointer(start: base + i, count: j - i)
            if plain && acc & 0x8080_8080_8080_8080 == 0 && j - i <= maxLength {
                tokens += 1
                sentence += 1
                try sink.token(bytes, hash: h)
                if sentence >= maxSentence {
                    sentenceTokens = sentence
                    try endSentence(into: &sink)
                    sentence = 0
                }
            } else {
                sentenceTokens = sentence
                try emit(bytes, into: &sink)
                sentence = sentenceTokens
            }
            i = j
        }
        sentenceTokens = sentence
    }

    /// Flushes the last token and sentence of a file into `sink`.
    public mutating func finish<S: TokenSink>(into sink: inout S) throws {
        if !pending.isEmpty { try emitPending(into: &sink) }
        try endSentence(into: &sink)
    }

    mutating func appendPending(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int) {
        let room = options.maxTokenLength + 4 - pending.count
        if room > 0 {
            pending.append(contentsOf: UnsafeBufferPointer(start: base + from, count: min(to - from, room)))
        }
    }

    mutating func endSentence<S: TokenSink>(into sink: inout S) throws {
        if sentenceTokens > 0 {
            statistics.sentences += 1
            sentenceTokens = 0
            try sink.sentenceEnd()
        }
    }

    mutating func emitPending<S: TokenSink>(into sink: inout S) throws {
        let p = pending
        pending.removeAll(keepingCapacity: true)
        try p.withUnsafeBytes { try emit($0, into: &sink) }
    }

    /// The slow path: cut long tokens, validate UTF-8, lowercase, strip punctuation, then hash the result.
    mutating func emit<S: TokenSink>(_ raw: UnsafeRawBufferPointer, into sink: inout S) throws {
        var bytes = raw
        var truncated = false
        if bytes.count > options.maxTokenLength {
            // Cut at a character boundary: back off continuation bytes (10xxxxxx).
            var cut = options.maxTokenLength
            while cut > 0 && (bytes[cut] & 0xC0) == 0x80 { cut -= 1 }
            bytes = UnsafeRawBufferPointer(rebasing: bytes[0..<cut])
            truncated = true
        }
        var ascii = true
        var needsWork = false
        for b in bytes {
            if b >= 0x80 { ascii = false; needsWork = true; break }
            if options.lowercase && b >= 0x41 && b <= 0x5A { needsWork = true }
            if options.stripPunctuation && Self.isPunctuation(b) { needsWork = true }
        }
        if !ascii && !Self.isValidUTF8(bytes) {
            statistics.invalidUTF8Tokens += 1
            return
        }
        if truncated { statistics.truncatedTokens += 1 }
        if needsWork && (options.lowercase || options.stripPunctuation) {
            scratch.removeAll(keepingCapacity: true)
            if ascii {
                for var b in bytes {
                    if options.stripPunctuation && Self.isPunctuation(b) { continue }
                    if options.lowercase && b >= 0x41 && b <= 0x5A { b += 32 }
                    scratch.append(b)
                }
            } else {
                var s = String(decoding: bytes, as: UTF8.self)
                if options.lowercase { s = s.lowercased() }
                for b in s.utf8 where !(options.stripPunctuation && Self.isPunctuation(b)) { scratch.append(b) }
            }
            if scratch.isEmpty { return }
            let s = scratch
            try s.withUnsafeBytes { try deliver($0, hash: WordTable.hash($0), into: &sink) }
        } else {
            if bytes.isEmpty { return }
            try deliver(bytes, hash: WordTable.hash(bytes), into: &sink)
        }
    }

    mutating func deliver<S: TokenSink>(_ bytes: UnsafeRawBufferPointer, hash: UInt64, into sink: inout S) throws {
        statistics.tokens += 1
        sentenceTokens += 1
        try sink.token(bytes, hash: hash)
        if sentenceTokens >= options.maxSentenceLength { try endSentence(into: &sink) }
    }

    @inline(__always) static func isPunctuation(_ b: UInt8) -> Bool {
        (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF): every sequence passes
    /// ``UTF8Validation/sequenceLength(_:at:)``.
    public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < bytes.count {
            let len = UTF8Validation.sequenceLength(bytes, at: i)
            if len == 0 { return false }
            i += len
        }
        return true
    }
}


/// Reads a ``TextSource`` and streams its tokens.
public struct Corpus: Sendable {
    public var source: TextSource
    public var options: TokenizerOptions
    /// When set, a scan reads only this share of the text (see ``CorpusShard``).
    public var shard: CorpusShard? = nil

    public init(source: TextSource, options: TokenizerOptions = TokenizerOptions()) {
        self.source = source
        self.options = options
    }

    public init(paths: [String], options: TokenizerOptions = TokenizerOptions()) {
        self.init(source: TextSource(paths: paths), options: options)
    }

    /// Streams every token (raw bytes, valid only during the call) and sentence end of every file.
    /// A file boundary is a sentence boundary. Returns the statistics of the pass.
    @discardableResult
    public func forEachToken(_ token: (UnsafeRawBufferPointer) throws -> Void,
                             sentenceEnd: () throws -> Void = {}) throws -> TokenizerStatistics {
        try forEachHashedToken({ bytes, _ in try token(bytes) }, sentenceEnd: sentenceEnd)
    }

    /// Like ``forEachToken(_:sentenceEnd:)``, also passing each token's hash (`WordTable.hash`).
    /// `progress` receives a "reading" event about once per 16 MiB of text (fraction of the input bytes read when
    /// the inputs are plain files, of the compressed bytes for .gz files).
    @discardableResult
    public func forEachHashedToken(_ token: (UnsafeRawBufferPointer, UInt64) throws -> Void,
                                   sentenceEnd: () throws -> Void = {},
                                   progress: ProgressHandler? = nil) throws -> TokenizerStatistics {
        try withoutActuallyEscaping(token) { t in
            try withoutActuallyEscaping(sentenceEnd) { e in
                var sink = ClosureSink(onToken: t, onSentenceEnd: e)
                return try scan(into: &sink, progress: progress)
            }
        }
    }

    /// Streams every token (with its hash) and sentence end of every file into `sink`; a file boundary is a
    /// sentence boundary. The generic form lets counting and encoding loops inline the sink.
    @discardableResult
    public func scan<S: TokenSink>(into sink: inout S, progress: ProgressHandler? = nil) throws -> TokenizerStatistics {
        if let shard { return try scanShard(shard, into: &sink) }
        var total = TokenizerStatistics()
        let files = try source.expandedFiles()
        var sizes: [Int] = files.map { path in
            var st = stat()
            return path != "-" && stat(path, &st) == 0 ? Int(st.st_size) : 0
        }
        if sizes.contains(0) { sizes = [] }
        let totalSize = max(1, sizes.reduce(0, +))
        var doneBefore = 0
        for (f, file) in files.enumerated() {
            let reader = try ChunkReader(path: file)
            var tokenizer = Tokenizer(options: options)
            var sinceReport = 0
            try reader.forEachChunk { chunk in
                try tokenizer.scan(chunk, into: &sink)
                sinceReport += chunk.count
                if let progress, sinceReport >= 16 << 20 {
                    sinceReport = 0
                    let fraction = sizes.isEmpty ? nil : Double(doneBefore + reader.compressedOffset) / Double(totalSize)
                    progress(ProgressEvent(stage: "reading", fraction: fraction.map { min(1, $0) },
                                           metrics: [("tokens", Double(total.tokens + tokenizer.statistics.tokens))]))
                }
            }
            try tokenizer.finish(into: &sink)
            if !sizes.isEmpty { doneBefore += sizes[f] }
            let s = tokenizer.statistics
            total.tokens += s.tokens; total.sentences += s.sentences; total.bytes += s.bytes
            total.invalidUTF8Tokens += s.invalidUTF8Tokens; total.truncatedTokens += s.truncatedTokens
        }
        return total
    }
}
