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
        let bytes = try readWholeFile(path, text: resolved == .text)
        do {
            return try bytes.withUnsafeBytes { raw in
                try parseWord2Vec(raw, format: resolved, limit: limit)
            }
        } catch let error as SenseVecError {
            throw SenseVecError("\(path): \(error.message)")
        }
    }

    /// Parses a word2vec text or binary file held in memory. `format` nil auto-detects.
    public static func parseWord2Vec(_ raw: UnsafeRawBufferPointer, format: WordVectorsFormat? = nil,
                                     limit: Int? = nil) throws -> WordVectors {
        var parser = Word2VecParser(raw)
        let (count, dimension) = try parser.header()
        let rows = min(count, max(0, limit ?? count))
        let detected = format ?? parser.detectFormat(dimension: dimension)
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
        let vectorBytes = try readWholeFile(path)
        let metaBytes: [UInt8]
        do { metaBytes = try readWholeFile(meta) } catch {
            throw SenseVecError("\(path): the projector metadata file '\(meta)' with the words is missing")
        }
        var lines: [[UInt8]] = metaBytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var rowLines = vectorBytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if rowLines.last?.isEmpty == true { rowLines.removeLast() }
        guard lines.count == rowLines.count else {
            throw SenseVecError("\(path): \(rowLines.count) vector rows but \(lines.count) words in '\(meta)'")
        }
        let n = min(rowLines.count, limit ?? rowLines.count)
        var values: [Float] = []
        var dimension = 0
        for r in 0..<n {
            var fields: [Float] = []
            for field in rowLines[r].split(separator: 0x09) {
                guard let v = parseFloat(Array(field)) else {
                    throw SenseVecError("\(path): line \(r + 1): '\(EscapedText.printable(field))' is not a number")
                }
                guard v.isFinite else {
                    throw SenseVecError("\(path): line \(r + 1): \(FloatField.nonFiniteMessage(EscapedText.printable(field)))")
                }
                fields.append(v)
            }
            if r == 0 { dimension = fields.count }
            guard fields.count == dimension, dimension > 0 else {
                throw SenseVecError("\(path): row \(r + 1) has \(fields.count) values, expected \(dimension)")
            }
            values.append(contentsOf: fields)
        }
        var words: [String] = []
        var raws: [[UInt8]] = []
        var allValid = true
        for r in 0..<n {
            let (w, valid) = lines[r].withUnsafeBytes { displayWord($0) }
            allValid = allValid && valid
            words.append(w); raws.append(lines[r])
        }
        do {
            return try WordVectors(words: words, dimension: max(dimension, 1), values: values, rawWords: allValid ? nil : raws)
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

/// Reads word2vec text and binary files from memory with precise error messages.
struct Word2VecParser {
    let base: UnsafePointer<UInt8>
    let n: Int
    var pos = 0
    var line = 1

    init(_ raw: UnsafeRawBufferPointer) {
        if let b = raw.baseAddress {
            base = b.assumingMemoryBound(to: UInt8.self)
        } else {
            base = UnsafePointer(bitPattern: 1)!
        }
        n = raw.count
    }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    mutating func header() throws -> (Int, Int) {
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
        pos = end + 1
        line = 2
        return (count, dim)
    }

    /// Text if the bytes after the first word look like decimal numbers, or else are printable text up to a line
    /// end that is not where a binary row's `dimension` floats would end (a text row with a bad value, whose
    /// error is then the text reader's); otherwise binary.
    func detectFormat(dimension: Int) -> WordVectorsFormat {
        var p = pos
        while p < n && base[p] == 0x0A { p += 1 }
        while p < n && base[p] != 0x20 && base[p] != 0x09 && base[p] != 0x0A { p += 1 }
        if p >= n { return .text }
        if base[p] == 0x0A { return .text }
        p += 1
        let end = min(n, p + min(dimension * 4, 64))
        for q in p..<end {
            let b = base[q]
            if b == 0x0A { return q > p ? .text : .binary }
            let numeric = (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x2B || b == 0x65 || b == 0x45
                || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x6E || b == 0x61 || b == 0x69 || b == 0x66
            if !numeric { return isTextLine(from: p, dimension: dimension) ? .text : .binary }
        }
        return .text
    }

    /// Whether the bytes from `start` to the next line end (or the end) hold no control byte but tab and carriage
    /// return, are valid UTF-8, and are not laid out as a word2vec C binary row (`dimension` × 4 bytes, then a line
    /// end).
    func isTextLine(from start: Int, dimension: Int) -> Bool {
        let raw = UnsafeRawBufferPointer(start: base, count: n)
        var q = start
        while q < n && base[q] != 0x0A {
            let b = base[q]
            if (b < 0x20 && b != 0x09 && b != 0x0D) || b == 0x7F { return false }
            let len = UTF8Validation.sequenceLength(raw, at: q)
            if len == 0 { return false }
            q += len
        }
        let binaryEnd = start + dimension * 4
        return q != binaryEnd && !(binaryEnd < n && base[binaryEnd] == 0x0A)
    }

    mutating func readWord() -> (UnsafeRawBufferPointer)? {
        let start = pos
        while pos < n && base[pos] != 0x20 { pos += 1 }
        guard pos < n else { pos = start; return nil }
        let w = UnsafeRawBufferPointer(start: base + start, count: pos - start)
        pos += 1
        return w
    }

    mutating func binaryBody(count: Int, rows: Int, dimension: Int) throws -> WordVectors {
        var words: [String] = []
        var raws: [[UInt8]] = []
        var allValid = true
        let rowBytes = dimension * 4
        // Every row needs at least a one-byte word, a space and its vector: a header promising more rows than the
        // remaining bytes can hold is refused before anything is allocated (e.g. a 14-digit count in a bad header).
        let (perRow, overflow) = rowBytes.addingReportingOverflow(2)
        guard !overflow, rows <= (n - pos) / perRow + 1 else {   // one row of slack: a short row gets its own, more precise error
            throw SenseVecError("truncated file: the header promises \(count) words of dimension \(dimension), but only \(n - pos) bytes follow")
        }
        words.reserveCapacity(rows)
        var values = [Float](repeating: 0, count: rows * dimension)
        try values.withUnsafeMutableBytes { dst in
            for r in 0..<rows {
                // word2vec C ends each vector with '\n'; gensim does not. Skip line ends before a word.
                while pos < n && base[pos] == 0x0A { pos += 1 }
                guard pos < n else {
                    throw SenseVecError("truncated file: the header promises \(count) words but the data ends after \(r)")
                }
                guard let w = readWord() else {
                    throw SenseVecError("truncated file: word \(r + 1) of \(count) has no vector (the data ends)")
                }
                if w.isEmpty { throw SenseVecError("row \(r + 1): empty word (the file may not be word2vec binary)") }
                guard pos + rowBytes <= n else {
                    throw SenseVecError("truncated file: the vector of word \(r + 1) of \(count) needs \(rowBytes) bytes, only \(n - pos) remain")
                }
                memcpy(dst.baseAddress! + r * rowBytes, base + pos, rowBytes)
                pos += rowBytes
                let (s, valid) = WordVectors.displayWord(w)
                if !valid && allValid {
                    allValid = false
                    raws = words.map { Array($0.utf8) }
                }
                if !allValid { raws.append(Array(w)) }
                words.append(s)
            }
        }
        if rows == count {
            while pos < n && (base[pos] == 0x0A || base[pos] == 0x20 || base[pos] == 0x0D) { pos += 1 }
            if pos < n {
                throw SenseVecError("the file holds more data after the \(count) vectors the header announces (wrong dimension or count in the header?)")
            }
        }
        try Self.checkFinite(values, words: words, dimension: dimension)
        return try WordVectors(words: words, dimension: dimension, values: values, rawWords: allValid ? nil : raws)
    }

    mutating func textBody(count: Int, rows: Int, dimension: Int) throws -> WordVectors {
        var words: [String] = []
        var raws: [[UInt8]] = []
        var allValid = true
        // A text row is at least a one-byte word and `dimension` separated one-digit values: refuse a header that
        // promises more rows than the remaining bytes can hold before allocating for them.
        let (twice, overflow) = dimension.multipliedReportingOverflow(by: 2)
        guard !overflow, rows <= (n - pos) / (twice + 1) + 1 else {   // one row of slack: a short row gets its own, more precise error
            throw SenseVecError("truncated file: the header promises \(count) words of dimension \(dimension), but only \(n - pos) bytes follow")
        }
        words.reserveCapacity(rows)
        var values = [Float](repeating: 0, count: rows * dimension)
        var numberBuffer = [CChar](repeating: 0, count: 80)
        try values.withUnsafeMutableBufferPointer { dst in
            try numberBuffer.withUnsafeMutableBufferPointer { nb in
                for r in 0..<rows {
                    // Skip empty lines.
                    while pos < n && (base[pos] == 0x0A || base[pos] == 0x0D) { pos += 1; line += 1 }
                    guard pos < n else {
                        throw SenseVecError("truncated file: the header promises \(count) words but the data ends after \(r)")
                    }
                    let wordStart = pos
                    while pos < n && base[pos] != 0x20 && base[pos] != 0x09 && base[pos] != 0x0A { pos += 1 }
                    let w = UnsafeRawBufferPointer(start: base + wordStart, count: pos - wordStart)
                    var k = 0
                    while true {
                        while pos < n && Self.isBlank(base[pos]) { pos += 1 }
                        if pos >= n || base[pos] == 0x0A { break }
                        let fs = pos
                        while pos < n && !Self.isBlank(base[pos]) && base[pos] != 0x0A { pos += 1 }
                        let len = pos - fs
                        guard k < dimension else {
                            throw SenseVecError("line \(line): more than \(dimension) values (the header says dimension \(dimension))")
                        }
                        guard len < 79 else { throw SenseVecError("line \(line): value \(k + 1) is not a number") }
                        memcpy(nb.baseAddress!, base + fs, len)
                        nb[len] = 0
                        var end: UnsafeMutablePointer<CChar>? = nil
                        let v = strtof(nb.baseAddress!, &end)
                        guard let end, end - nb.baseAddress! == len else {
                            let field = EscapedText.printable(UnsafeBufferPointer(start: base + fs, count: len))
                            throw SenseVecError("line \(line): '\(field)' is not a number")
                        }
                        guard v.isFinite else {
                            let field = EscapedText.printable(UnsafeBufferPointer(start: base + fs, count: len))
                            throw SenseVecError("line \(line): \(FloatField.nonFiniteMessage(field))")
                        }
                        dst[r * dimension + k] = v
                        k += 1
                    }
                    guard k == dimension else {
                        if k == 0 && pos >= n {
                            throw SenseVecError("truncated file: the header promises \(count) words but the data ends after \(r)")
                        }
                        throw SenseVecError("line \(line): \(k) values, the header says dimension \(dimension)")
                    }
                    if pos < n { pos += 1 }
                    line += 1
                    let (s, valid) = WordVectors.displayWord(w)
                    if !valid && allValid {
                        allValid = false
                        raws = words.map { Array($0.utf8) }
                    }
                    if !allValid { raws.append(Array(w)) }
                    words.append(s)
                }
            }
        }
        if rows == count {
            while pos < n && (base[pos] == 0x0A || Self.isBlank(base[pos])) { pos += 1 }
            if pos < n { throw SenseVecError("line \(line): more lines than the \(count) words the header announces") }
        }
        return try WordVectors(words: words, dimension: dimension, values: values, rawWords: allValid ? nil : raws)
    }

    static func checkFinite(_ values: [Float], words: [String], dimension: Int) throws {
        for (i, v) in values.enumerated() where !v.isFinite {
            throw SenseVecError("value \(i % dimension + 1) of '\(EscapedText.printable(words[i / dimension]))' (row \(i / dimension + 1)) is \(v) (not finite)")
        }
    }
}
