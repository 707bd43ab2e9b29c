import SenseVecCore

/// The text of one benchmark file, split into lines, for the parsers of this module.
///
/// Benchmark files are small (under a few megabytes), so they are read whole; gzip files are decompressed
/// transparently, and devices or endless lines are refused (``InputFile/readAll(_:text:)``). Lines keep their 1-based numbers so that a parser can name the
/// exact line of a malformed entry. A UTF-8 byte-order mark and `\r` line ends are removed.
public struct BenchmarkFile: Sendable {
    /// Where the text came from (used in error messages).
    public let path: String
    /// The lines, without line terminators.
    public let lines: [String]

    /// Text given directly (tests, standard input); `path` names it in error messages.
    public init(path: String, text: String) {
        self.path = path
        var lines: [String] = []
        var first = true
        text.enumerateLinesKeepingEmpty { line in
            var l = line
            if first, l.hasPrefix("\u{FEFF}") { l.removeFirst() }
            first = false
            if l.hasSuffix("\r") { l.removeLast() }
            lines.append(l)
        }
        self.lines = lines
    }

    /// Reads `path` (plain or gzip).
    public init(path: String) throws {
        self.init(path: path, text: String(decoding: try InputFile.readAll(path, text: true), as: UTF8.self))
    }

    /// An error that names the file and the 1-based line number.
    public func error(line: Int, _ message: String) -> SenseVecError {
        SenseVecError("\(path):\(line): \(message)")
    }
}

extension String {
    /// Splits on `\n` bytes, keeping empty lines (so that line numbers stay right). Works on UTF-8 bytes
    /// because `"\r\n"` is a single `Character` in Swift.
    func enumerateLinesKeepingEmpty(_ body: (String) -> Void) {
        let bytes = Array(utf8)
        var start = 0
        for i in 0..<bytes.count where bytes[i] == UInt8(ascii: "\n") {
            body(String(decoding: bytes[start..<i], as: UTF8.self))
            start = i + 1
        }
        if start < bytes.count { body(String(decoding: bytes[start...], as: UTF8.self)) }
    }
}
