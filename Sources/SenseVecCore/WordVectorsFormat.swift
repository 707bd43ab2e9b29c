#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file formats ``WordVectors`` reads and writes.
///
/// - `text`: word2vec's text format (also fastText's `.vec`): a header line `COUNT DIMENSION`, then one line per
///   word, `word v1 v2 … vD`. Written with the shortest decimal that reads back to the same `Float32` bits
///   (as gensim's `save_word2vec_format` does with `repr`), so text round-trips are lossless.
/// - `binary`: word2vec's binary format: the same ASCII header, then per word its bytes, one space and `D`
///   little-endian `Float32`s. word2vec C ends each vector with a newline, gensim does not; both are read,
///   word2vec C's layout is written.
/// - `tsv`: the pair TensorBoard's Embedding Projector loads: a vectors file with tab-separated values, one row per
///   word, and a metadata file with one word per line (see ``WordVectors/metadataPath(forTSV:)``).
public enum WordVectorsFormat: String, Sendable, CaseIterable {
    case text
    case binary
    case tsv

    /// The format implied by a file name: `.bin` → binary, `.txt`/`.vec` → text, `.tsv` → tsv (a trailing
    /// `.gz` is ignored). Nil for other extensions.
    public init?(path: String) {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if name.hasSuffix(".bin") { self = .binary }
        else if name.hasSuffix(".txt") || name.hasSuffix(".vec") { self = .text }
        else if name.hasSuffix(".tsv") { self = .tsv }
        else { return nil }
    }
}

extension WordVectors {
    // MARK: Loading

    /// Loads vectors from `path`. With `format` nil, a `.tsv` name means the projector pair and anything else is
    /// inspected: after the `COUNT DIMENSION` header, text files continue with digits, signs and dots where binary
    /// files hold raw floats. Gzip-compressed files are decompressed transparently.
    ///
    /// - Parameter limit: read only the first `limit` rows (gensim's `limit=`), useful for huge files.
    /// - Throws: ``SenseVecError`` with a one-line reason (bad header, truncated file, wrong number of values,
    ///   non-finite value, duplicate word), prefixed by the path.
    public static func load(path: String, format: WordVectorsFormat? = nil, limit: Int? = nil) throws -> WordVectors {
        let resolved = format ?? (WordVectorsFormat(path: path) == .tsv ? .tsv : nil)
        if resolved == .tsv { return try loadTSV(path: path, limit: limit) }
        let input = try ChunkedInput(path: path)
        do {
            return try readWord2Vec(input, format: resolved, limit: limit)
        } catch let error as SenseVecError {
            throw SenseVecError("\(path): \(error.message)")
        }
    }

    /// Parses a word2vec text or binary file held in memory. `format` nil auto-detects.
    public static func parseWord2Vec(_ raw: UnsafeRawBufferPointer, format: WordVectorsFormat? = nil,
                                     limit: Int? = nil) throws -> WordVectors {
        try readWord2Vec(ChunkedInput(bytes: Array(raw)), format: format, limit: limit)
    }

    /// Reads a word2vec text or binary file from `input`, front to back: besides the result, only the input's
    /// window is held (a chunk, or one line or row when it is longer). `format` nil auto-detects.
    public static func readWord2Vec(_ input: ChunkedInput, format: WordVectorsFormat? = nil,
                                    limit: Int? = nil) throws -> WordVectors {
        var parser = Word2VecParser(input)
        let (count, dimension) = try parser.header()
        let rows = min(count, max(0, limit ?? count))
        let detected = try format ?? parser.detectFormat(dimension: dimension)
        switch detected {
        case .binary: return try parser.binaryBody(count: count, rows: rows, dimension: dimension)
        case .text: return try parser.textBody(count: count, rows: rows, dimension: dimension)
        case .tsv: throw SenseVecError("the TSV projector format has no header; load it through its file name")
        }
    }

    /// All bytes of `path` through ``InputFile/readAll(_:text:size:)``: devices and oversized input are refused,
    /// and, for `text` or for input that is not a regular file, a line without a line end past
    /// ``InputFile/maxLineLength``.
    static func readWholeFile(_ path: String, text: Bool = true) throws -> [UInt8] {
        try InputFile.readAll(path, text: text || !InputFile.isRegularFile(path))
    }

    /// Builds the `String` of a word from raw bytes. Valid UTF-8 decodes as is; a byte that is not part of valid
    /// UTF-8 is written `\xNN` (two hex digits) so that distinct raw words stay distinct strings. The raw bytes
    /// are kept in ``rawWords`` for lossless writing.
    public static func displayWord(_ bytes: UnsafeRawBufferPointer) -> (word: String, valid: Bool) {
        if Tokenizer.isValidUTF8(bytes) { return (String(decoding: bytes, as: UTF8.self), true) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        var i = 0
        let n = bytes.count
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        while i < n {
            let len = UTF8Validation.sequenceLength(bytes, at: i)
            if len > 0 {
                for k in 0..<len { out.append(bytes[i + k]) }
                i += len
            } else {
                let b = bytes[i]
                out.append(0x5C); out.append(0x78); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
                i += 1
            }
        }
        return (String(decoding: out, as: UTF8.self), false)
    }


    // MARK: Saving

    /// The bytes of word `i` as they are written to files (the original bytes when they were not UTF-8).
    public func wordBytes(at i: Int) -> [UInt8] {
        if let rawWords { return rawWords[i] }
        return Array(words[i].utf8)
    }

    /// Writes the vectors to `path` atomically in `format` (nil: from the file name, text when unknown).
    /// For `.tsv` the metadata file is written beside it (``metadataPath(forTSV:)``), the pair as one atomic unit
    /// (``AtomicFile/write(_:)``).
    public func save(path: String, format: WordVectorsFormat? = nil) throws {
        let f = format ?? WordVectorsFormat(path: path) ?? .text
        for i in 0..<count {
            let w = wordBytes(at: i)
            if w.isEmpty || w.contains(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
                throw SenseVecError("cannot save the word in row \(i + 1) ('\(words[i])'): words may not be empty or contain spaces, tabs or line ends")
            }
        }
        switch f {
        case .binary: try AtomicFile.write(to: path) { try writeBinary(to: &$0) }
        case .text: try AtomicFile.write(to: path) { try writeText(to: &$0) }
        case .tsv:
            // One unit: when either file cannot be written, neither final file changes.
            try AtomicFile.write([(path, { try writeTSVVectors(to: &$0) }),
                                  (Self.metadataPath(forTSV: path), { try writeTSVMetadata(to: &$0) })])
        }
    }

    /// word2vec C's binary layout: `COUNT DIMENSION\n`, then per row the word, a space, `D` little-endian
    /// Float32s and a newline.
    public func writeBinary(to writer: inout BufferedWriter) throws {
        try writer.write("\(count) \(dimension)\n")
        try values.withUnsafeBufferPointer { v in
            for i in 0..<count {
                try writer.write(wordBytes(at: i))
                try writer.write(byte: 0x20)
                try writer.writeRaw(UnsafeBufferPointer(rebasing: v[(i * dimension)..<((i + 1) * dimension)]))
                try writer.write(byte: 0x0A)
            }
        }
    }

    /// word2vec's text layout with shortest round-trip decimals: `COUNT DIMENSION\n`, then `word v1 … vD\n`.
    public func writeText(to writer: inout BufferedWriter) throws {
        try writer.write("\(count) \(dimension)\n")
        for i in 0..<count {
            try writer.write(wordBytes(at: i))
            for k in 0..<dimension {
                try writer.write(byte: 0x20)
                try writer.write(Self.shortest(values[i * dimension + k]))
            }
            try writer.write(byte: 0x0A)
        }
    }

    /// TensorBoard projector vectors: tab-separated values, one row per word, no header.
    public func writeTSVVectors(to writer: inout BufferedWriter) throws {
        for i in 0..<count {
            for k in 0..<dimension {
                if k > 0 { try writer.write(byte: 0x09) }
                try writer.write(Self.shortest(values[i * dimension + k]))
            }
            try writer.write(byte: 0x0A)
        }
    }

    /// TensorBoard projector metadata: one word per line (a single column has no header line).
    public func writeTSVMetadata(to writer: inout BufferedWriter) throws {
        for i in 0..<count {
            try writer.write(wordBytes(at: i))
            try writer.write(byte: 0x0A)
        }
    }

    /// The metadata file written beside a projector vectors file: `DIR/metadata.tsv` for `DIR/vectors.tsv`,
    /// otherwise `NAME-metadata.tsv` for `NAME.tsv`.
    public static func metadataPath(forTSV path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if base == "vectors.tsv" { return dir + "metadata.tsv" }
        let stem = base.lowercased().hasSuffix(".tsv") ? String(base.dropLast(4)) : base
        return dir + stem + "-metadata.tsv"
    }

    /// The shortest decimal that parses back to exactly `x` (Swift's `description`, like numpy's `repr`).
    @inline(__always) static func shortest(_ x: Float) -> String {
        x.description
    }

    // MARK: TSV reading

    static func loadTSV(path: String, limit: Int?) throws -> WordVectors {
        let meta = metadataPath(forTSV: path)
        let vectors = try ChunkedInput(path: path)
        let metadata: ChunkedInput
        do {
            metadata = try ChunkedInput(path: meta)
            try metadata.request(1)
        } catch {
            throw SenseVecError("\(path): the projector metadata file '\(meta)' with the words is missing")
        }
        return try readTSV(vectors: vectors, metadata: metadata, limit: limit)
    }

    /// Reads a projector pair line by line: the vectors file (tab-separated values, one row per line) beside its
    /// metadata file (one word per line). Besides the result only the inputs' windows are held.
    public static func readTSV(vectors: ChunkedInput, metadata: ChunkedInput, limit: Int? = nil) throws -> WordVectors {
        let path = vectors.name, meta = metadata.name
        /// The next line of `input` without its `\n` (a last line without one included), passed to `body` while
        /// it is in the window; false at the end.
        func nextLine(_ input: ChunkedInput, _ number: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
            guard try input.request(1) else { return false }
            let newline = try input.firstIndex(of: 0x0A, limit: InputFile.maxLineLength) {
                SenseVecError("'\(input.name)': line \(number) is longer than \(InputFile.maxLineLength >> 20) MiB without a line end; this is not a text file")
            }
            let n = newline ?? input.count
            try body(UnsafeRawBufferPointer(start: input.bytes, count: n))
            input.consume(newline.map { $0 + 1 } ?? n)
            return true
        }
        var words = WordColumn()
        var values: [Float] = []
        var dimension = 0
        var rows = 0, wordCount = 0
        // A bad value is reported after the line counts are compared, as a count mismatch is the likelier cause.
        var firstError: SenseVecError? = nil
        var fields: [Float] = []
        while try nextLine(vectors, rows + 1, { line in
            defer { rows += 1 }
            guard firstError == nil, rows < (limit ?? .max) else { return }
            fields.removeAll(keepingCapacity: true)
            for field in line.split(separator: 0x09) {
                guard let v = parseFloat(Array(field)) else {
                    firstError = SenseVecError("\(path): line \(rows + 1): '\(EscapedText.printable(field))' is not a number")
                    return
                }
                guard v.isFinite else {
                    firstError = SenseVecError("\(path): line \(rows + 1): \(FloatField.nonFiniteMessage(EscapedText.printable(field)))")
                    return
                }
                fields.append(v)
            }
            if rows == 0 { dimension = fields.count }
            guard fields.count == dimension, dimension > 0 else {
                firstError = SenseVecError("\(path): row \(rows + 1) has \(fields.count) values, expected \(dimension)")
                return
            }
            values.append(contentsOf: fields)
        }) {}
        while try nextLine(metadata, wordCount + 1, { line in
            defer { wordCount += 1 }
            guard wordCount < min(rows, limit ?? .max) else { return }
            words.append(line)
        }) {}
        guard wordCount == rows else {
            throw SenseVecError("\(path): \(rows) vector rows but \(wordCount) words in '\(meta)'")
        }
        if let firstError { throw firstError }
        do {
            return try WordVectors(words: words.words, dimension: max(dimension, 1), values: values, rawWords: words.rawWords)
        } catch let e as SenseVecError { throw SenseVecError("\(path): \(e.message)") }
    }

    static func parseFloat(_ bytes: [UInt8]) -> Float? {
        guard !bytes.isEmpty, bytes.count < 64 else { return nil }
        var buf = bytes
        buf.append(0)
        return buf.withUnsafeBufferPointer { p -> Float? in
            let start = UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtof(start, &end)
            guard let end, end - UnsafeMutablePointer(mutating: start) == bytes.count else { return nil }
            return v
        }
    }
}

/// Reads word2vec text and binary files front to back from a ``ChunkedInput`` with precise error messages:
/// one text line or one binary row at a time, so that the input's window stays a chunk (or one line or row).
struct Word2VecParser {
    let input: ChunkedInput
    var line = 1

    init(_ input: ChunkedInput) { self.input = input }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    mutating func header() throws -> (Int, Int) {
        try input.request(max(NativeModelFile.magic.count, 3 + 201))
        let n = input.count
        let base = input.bytes
        guard n > 0 else { throw SenseVecError("the file is empty") }
        if n >= NativeModelFile.magic.count && NativeModelFile.magic.indices.allSatisfy({ base[$0] == NativeModelFile.magic[$0] }) {
            throw SenseVecError("this is a SenseVec native model file, not word2vec text or binary vectors")
        }
        // A UTF-8 byte-order mark (as some Windows editors write) precedes the header: skip it.
        let start = n >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        var end = start
        while end < n && base[end] != 0x0A && end < start + 200 { end += 1 }
        guard end < n, base[end] == 0x0A else {
            throw SenseVecError("bad header: the first line must be 'COUNT DIMENSION' (two numbers) followed by a line end")
        }
        let headerBytes = UnsafeBufferPointer(start: base + start, count: end - start)
        let text = String(decoding: headerBytes, as: UTF8.self)
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard parts.count == 2, let count = Int(parts[0]), let dim = Int(parts[1]) else {
            throw SenseVecError("bad header '\(EscapedText.printable(headerBytes, limit: 60))': expected 'COUNT DIMENSION' (two numbers)")
        }
        guard count >= 0 else { throw SenseVecError("bad header: negative word count \(count)") }
        guard dim > 0 && dim <= 1_000_000 else { throw SenseVecError("bad header: dimension \(dim) is not in 1…1000000") }
        input.consume(end + 1)
        line = 2
        return (count, dim)
    }

    /// Byte `i` of the window for format detection, reading on; nil past the end of the input or past
    /// ``InputFile/maxLineLength`` bytes (detection then says text, whose reader names the over-long line).
    func at(_ i: Int) throws -> UInt8? {
        i < InputFile.maxLineLength ? try input.byte(at: i) : nil
    }

    /// Text if the bytes after the first word look like decimal numbers, or else are printable text up to a line
    /// end that is not where a binary row's `dimension` floats would end (a text row with a bad value, whose
    /// error is then the text reader's); otherwise binary.
    func detectFormat(dimension: Int) throws -> WordVectorsFormat {
        var p = 0
        while let b = try at(p), b == 0x0A { p += 1 }
        while let b = try at(p), b != 0x20 && b != 0x09 && b != 0x0A { p += 1 }
        guard let after = try at(p) else { return .text }
        if after == 0x0A { return .text }
        p += 1
        let end = p + min(dimension * 4, 64)
        var q = p
        while q < end, let b = try at(q) {
            if b == 0x0A { return q > p ? .text : .binary }
            let numeric = (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x2B || b == 0x65 || b == 0x45
                || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x6E || b == 0x61 || b == 0x69 || b == 0x66
            if !numeric { return try isTextLine(from: p, dimension: dimension) ? .text : .binary }
            q += 1
        }
        return .text
    }

    /// Whether the bytes from `start` to the next line end (or the end) hold no control byte but tab and carriage
    /// return, are valid UTF-8, and are not laid out as a word2vec C binary row (`dimension` × 4 bytes, then a line
    /// end).
    func isTextLine(from start: Int, dimension: Int) throws -> Bool {
        var q = start
        while let b = try at(q), b != 0x0A {
            if (b < 0x20 && b != 0x09 && b != 0x0D) || b == 0x7F { return false }
            try input.request(q + 4)
            let len = UTF8Validation.sequenceLength(input.window, at: q)
            if len == 0 { return false }
            q += len
        }
        let binaryEnd = start + dimension * 4
        return try q != binaryEnd && at(binaryEnd) != 0x0A
    }

    /// Refuses a header whose rows would not fit in memory (``InputFile/memoryBudget``) before anything is
    /// allocated for them.
    static func requireFits(rows: Int, count: Int, dimension: Int) throws {
        let (values, o1) = rows.multipliedReportingOverflow(by: dimension)
        let (bytes, o2) = values.multipliedReportingOverflow(by: 4)
        try InputFile.requireResultFits(bytes: o1 || o2 ? .max : bytes) {
            "too large to read: the header promises \(count) words of dimension \(dimension)"
        }
    }

    /// Drops bytes while `drop` says so, reading on.
    func skip(while drop: (UInt8) -> Bool) throws {
        while try input.request(1) {
            let n = input.count, b = input.bytes
            var i = 0
            while i < n && drop(b[i]) { i += 1 }
            input.consume(i)
            if i < n { return }
        }
    }

    mutating func binaryBody(count: Int, rows: Int, dimension: Int) throws -> WordVectors {
        var words = WordColumn()
        let rowBytes = dimension * 4
        // Every row needs at least a one-byte word, a space and its vector: a header promising more rows than the
        // remaining bytes can hold is refused before anything is allocated (e.g. a 14-digit count in a bad header).
        let (perRow, overflow) = rowBytes.addingReportingOverflow(2)
        let remaining = input.remainingAfterWindowStart
        guard !overflow, remaining.map({ rows <= $0 / perRow + 1 }) ?? true else {   // one row of slack: a short row gets its own, more precise error
            throw SenseVecError("truncated file: the header promises \(count) words of dimension \(dimension), but only \(remaining ?? 0) bytes follow")
        }
        try Self.requireFits(rows: rows, count: count, dimension: dimension)
        words.words.reserveCapacity(remaining == nil ? min(rows, 1 << 16) : rows)
        var store = RowStore(rows: rows, dimension: dimension, allocateAll: remaining != nil)
        for r in 0..<rows {
            // word2vec C ends each vector with '\n'; gensim does not. Skip line ends before a word.
            try skip(while: { $0 == 0x0A })
            guard input.count > 0 else {
                throw SenseVecError("truncated file: the header promises \(count) words but the data ends after \(r)")
            }
            let space = try input.firstIndex(of: 0x20, limit: InputFile.maxLineLength) {
                SenseVecError("row \(r + 1): no space after the word within \(InputFile.maxLineLength >> 20) MiB; this is not word2vec binary")
            }
            guard let space else {
                throw SenseVecError("truncated file: word \(r + 1) of \(count) has no vector (the data ends)")
            }
            if space == 0 { throw SenseVecError("row \(r + 1): empty word (the file may not be word2vec binary)") }
            guard try input.request(space + 1 + rowBytes) else {
                throw SenseVecError("truncated file: the vector of word \(r + 1) of \(count) needs \(rowBytes) bytes, only \(input.count - space - 1) remain")
            }
            store.ensure(row: r)
            let base = input.bytes
            store.values.withUnsafeMutableBytes { dst in
                _ = memcpy(dst.baseAddress! + r * rowBytes, base + space + 1, rowBytes)
            }
            words.append(UnsafeRawBufferPointer(start: base, count: space))
            input.consume(space + 1 + rowBytes)
        }
        if rows == count {
            try skip(while: { $0 == 0x0A || $0 == 0x20 || $0 == 0x0D })
            if try input.request(1) {
                throw SenseVecError("the file holds more data after the \(count) vectors the header announces (wrong dimension or count in the header?)")
            }
        }
        try Self.checkFinite(store.values, words: words.words, dimension: dimension)
        return try WordVectors(words: words.words, dimension: dimension, values: store.values, rawWords: words.rawWords)
    }

    mutating func textBody(count: Int, rows: Int, dimension: Int) throws -> WordVectors {
        var words = WordColumn()
        // A text row is at least a one-byte word and `dimension` separated one-digit values: refuse a header that
        // promises more rows than the remaining bytes can hold before allocating for them.
        let (twice, overflow) = dimension.multipliedReportingOverflow(by: 2)
        let remaining = input.remainingAfterWindowStart
        guard !overflow, remaining.map({ rows <= $0 / (twice + 1) + 1 }) ?? true else {   // one row of slack: a short row gets its own, more precise error
            throw SenseVecError("truncated file: the header promises \(count) words of dimension \(dimension), but only \(remaining ?? 0) bytes follow")
        }
        try Self.requireFits(rows: rows, count: count, dimension: dimension)
        words.words.reserveCapacity(remaining == nil ? min(rows, 1 << 16) : rows)
        var store = RowStore(rows: rows, dimension: dimension, allocateAll: remaining != nil)
        let nb = UnsafeMutablePointer<CChar>.allocate(capacity: 80)
        defer { nb.deallocate() }
        for r in 0..<rows {
            // Skip empty lines.
            while try input.request(1), input[0] == 0x0A || input[0] == 0x0D { input.consume(1); line += 1 }
            guard input.count > 0 else {
                throw SenseVecError("truncated file: the header promises \(count) words but the data ends after \(r)")
            }
            let lineNumber = line
            let newline = try input.firstIndex(of: 0x0A, limit: InputFile.maxLineLength) {
                SenseVecError("line \(lineNumber) is longer than \(InputFile.maxLineLength >> 20) MiB without a line end; this is not a text file")
            }
            let n = newline ?? input.count
            let base = input.bytes
            var pos = 0
            while pos < n && base[pos] != 0x20 && base[pos] != 0x09 { pos += 1 }
            let w = UnsafeRawBufferPointer(start: base, count: pos)
            var k = 0
            store.ensure(row: r)
            try store.values.withUnsafeMutableBufferPointer { dst in
                while true {
                    while pos < n && Self.isBlank(base[pos]) { pos += 1 }
                    if pos >= n { break }
                    let fs = pos
                    while pos < n && !Self.isBlank(base[pos]) { pos += 1 }
                    let len = pos - fs
                    guard k < dimension else {
                        throw SenseVecError("line \(lineNumber): more than \(dimension) values (the header says dimension \(dimension))")
                    }
                    guard len < 79 else { throw SenseVecError("line \(lineNumber): value \(k + 1) is not a number") }
                    memcpy(nb, base + fs, len)
                    nb[len] = 0
                    var end: UnsafeMutablePointer<CChar>? = nil
                    let v = strtof(nb, &end)
                    guard let end, end - nb == len else {
                        let field = EscapedText.printable(UnsafeBufferPointer(start: base + fs, count: len))
                        throw SenseVecError("line \(lineNumber): '\(field)' is not a number")
                    }
                    guard v.isFinite else {
                        let field = EscapedText.printable(UnsafeBufferPointer(start: base + fs, count: len))
                        throw SenseVecError("line \(lineNumber): \(FloatField.nonFiniteMessage(field))")
                    }
                    dst[r * dimension + k] = v
                    k += 1
                }
            }
            guard k == dimension else {
                if k == 0 && newline == nil {
                    throw SenseVecError("truncated file: the header promises \(count) words but the data ends after \(r)")
                }
                throw SenseVecError("line \(line): \(k) values, the header says dimension \(dimension)")
            }
            words.append(w)
            input.consume(newline.map { $0 + 1 } ?? n)
            line += 1
        }
        if rows == count {
            try skip(while: { $0 == 0x0A || Self.isBlank($0) })
            if try input.request(1) { throw SenseVecError("line \(line): more lines than the \(count) words the header announces") }
        }
        return try WordVectors(words: words.words, dimension: dimension, values: store.values, rawWords: words.rawWords)
    }

    static func checkFinite(_ values: [Float], words: [String], dimension: Int) throws {
        for (i, v) in values.enumerated() where !v.isFinite {
            throw SenseVecError("value \(i % dimension + 1) of '\(EscapedText.printable(words[i / dimension]))' (row \(i / dimension + 1)) is \(v) (not finite)")
        }
    }
}

/// The values of the rows read so far: all rows at once when the input's known size bounds what the header
/// promises, otherwise grown as rows arrive, so that a header alone never allocates.
struct RowStore {
    var values: [Float]
    let rows: Int, dimension: Int

    init(rows: Int, dimension: Int, allocateAll: Bool) {
        self.rows = rows
        self.dimension = dimension
        values = allocateAll ? [Float](repeating: 0, count: rows * dimension) : []
    }

    /// Makes room for row `r` (rows arrive in order).
    @inline(__always) mutating func ensure(row r: Int) {
        guard (r + 1) * dimension > values.count else { return }
        let more = min(rows - r, max(r, 1024))
        values.append(contentsOf: repeatElement(0, count: more * dimension))
    }
}

/// The words of a vector file as they are read: each word's display string, and the raw bytes of every word only
/// once one is not valid UTF-8 (``WordVectors/rawWords``; nil while all are valid).
struct WordColumn {
    var words: [String] = []
    private var raws: [[UInt8]] = []
    private var allValid = true

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let (s, valid) = WordVectors.displayWord(bytes)
        if !valid && allValid {
            allValid = false
            raws = words.map { Array($0.utf8) }
        }
        if !allValid { raws.append(Array(bytes)) }
        words.append(s)
    }

    var rawWords: [[UInt8]]? { allValid ? nil : raws }
}
