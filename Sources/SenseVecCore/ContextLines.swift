/// Files of contexts of one word, one `left context<TAB>right context` per line with the word itself removed,
/// as `disambiguate --contexts` and `induce --contexts` read them.
///
/// Every line is one record, in order, so that answers line up with the input: an empty line (or one of only
/// spaces) is a record with no words. Lines end at LF; a CR before the LF (CRLF files) is removed, and a last
/// line without a line end is still a record, but a final line end does not add an empty record. The text
/// before the first TAB is the left context, the rest the right context; words are separated by spaces, TABs
/// and other ASCII whitespace. Bytes that are not UTF-8 become U+FFFD in the words.
public enum ContextLines {
    /// One line: the words left and right of the removed target.
    public struct Line: Sendable, Equatable {
        public var left: [String]
        public var right: [String]
        public init(left: [String], right: [String]) { self.left = left; self.right = right }
        /// True when the line has no word on either side.
        public var isEmpty: Bool { left.isEmpty && right.isEmpty }
    }

    /// Streams the lines of `path` (`-`: standard input; gzip is decompressed) to `body`, in constant memory
    /// apart from one line. An empty file gives no line. Throws the reader's errors, with their reason.
    public static func forEach(path: String, _ body: (Line) throws -> Void) throws {
        try InputFile.requireFinite(path)
        let reader = try ChunkReader(path: path)
        var parser = Parser()
        try reader.forEachChunk { chunk in
            try parser.feed(chunk, body)
            if parser.pending.count > InputFile.maxLineLength {
                throw SenseVecError("'\(path)': a line longer than \(InputFile.maxLineLength >> 20) MiB; this is not a file of contexts")
            }
        }
        try parser.finish(body)
    }

    /// All lines of `path` (see ``forEach(path:_:)``).
    public static func read(path: String) throws -> [Line] {
        var lines: [Line] = []
        try forEach(path: path) { lines.append($0) }
        return lines
    }

    /// All lines of `bytes`.
    public static func parse(_ bytes: some Sequence<UInt8>) -> [Line] {
        var lines: [Line] = []
        var parser = Parser()
        let all = Array(bytes)
        all.withUnsafeBytes { raw in parser.feed(raw) { lines.append($0) } }
        parser.finish { lines.append($0) }
        return lines
    }

    /// One line of text (without its line end) as a record.
    public static func line(_ bytes: UnsafeRawBufferPointer) -> Line {
        var end = bytes.count
        if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
        let content = UnsafeRawBufferPointer(rebasing: bytes[0..<end])
        if let tab = content.firstIndex(of: 0x09) {
            return Line(left: words(UnsafeRawBufferPointer(rebasing: content[..<tab])),
                        right: words(UnsafeRawBufferPointer(rebasing: content[(tab + 1)...])))
        }
        return Line(left: words(content), right: [])
    }

    static func words(_ bytes: UnsafeRawBufferPointer) -> [String] {
        bytes.split(whereSeparator: { Tokenizer.isSpace($0) }).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Cuts a stream of chunks into lines; a line may straddle chunks.
    public struct Parser {
        var pending: [UInt8] = []
        public init() {}

        /// Calls `body` for every line completed by `chunk`.
        public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (Line) throws -> Void) rethrows {
            var start = 0
            while let i = chunk[start...].firstIndex(of: 0x0A) {
                if pending.isEmpty {
                    try body(ContextLines.line(UnsafeRawBufferPointer(rebasing: chunk[start..<i])))
                } else {
                    pending.append(contentsOf: chunk[start..<i])
                    let p = pending
                    pending.removeAll(keepingCapacity: true)
                    try p.withUnsafeBytes { try body(ContextLines.line($0)) }
                }
                start = i + 1
            }
            pending.append(contentsOf: chunk[start...])
        }

        /// Calls `body` for a last line without a line end, if any.
        public mutating func finish(_ body: (Line) throws -> Void) rethrows {
            guard !pending.isEmpty else { return }
            let p = pending
            pending.removeAll()
            try p.withUnsafeBytes { try body(ContextLines.line($0)) }
        }
    }
}
