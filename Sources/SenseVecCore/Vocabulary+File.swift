extension Vocabulary {
    /// Writes one `word<TAB>count` line per word, most frequent first, atomically.
    public func save(path: String) throws {
        for (i, w) in words.enumerated() where w.isEmpty || w.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw SenseVecError("cannot save word \(i + 1) ('\(w)'): words may not be empty or contain tabs or line ends")
        }
        try AtomicFile.write(to: path) { writer in
            for (w, c) in zip(words, counts) {
                try writer.write(w)
                try writer.write(byte: 0x09)
                try writer.write(String(c))
                try writer.write(byte: 0x0A)
            }
        }
    }

    /// Reads a vocabulary file: `word<TAB>count` lines (a single space also separates, so word2vec's
    /// `-save-vocab` files load too). Empty lines are skipped. Errors name the line: a missing separator, a count
    /// that is not a non-negative integer, a duplicate word.
    public static func load(path: String) throws -> Vocabulary {
        let bytes = try WordVectors.readWholeFile(path)
        return try parse(bytes, name: path)
    }

    /// Parses the bytes of a vocabulary file (see ``load(path:)``); `name` prefixes error messages.
    public static func parse(_ bytes: [UInt8], name: String = "vocabulary") throws -> Vocabulary {
        var words: [String] = []
        var counts: [Int] = []
        var seen: [String: Int] = [:]
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var l = line
            if l.last == 0x0D { l = l.dropLast() }
            if l.isEmpty { continue }
            guard let sep = l.lastIndex(where: { $0 == 0x09 || $0 == 0x20 }) else {
                throw SenseVecError("\(name): line \(lineNumber): expected 'word<TAB>count'")
            }
            let wordBytes = l[l.startIndex..<sep]
            let countText = String(decoding: l[(sep + 1)...], as: UTF8.self)
            guard !wordBytes.isEmpty else { throw SenseVecError("\(name): line \(lineNumber): empty word") }
            guard let c = Int(countText), c >= 0 else {
                throw SenseVecError("\(name): line \(lineNumber): count '\(countText.prefix(30))' is not a non-negative integer")
            }
            let w = String(decoding: wordBytes, as: UTF8.self)
            if let first = seen[w] {
                throw SenseVecError("\(name): line \(lineNumber): duplicate word '\(w)' (first on line \(first))")
            }
            seen[w] = lineNumber
            words.append(w)
            counts.append(c)
        }
        return try Vocabulary(words: words, counts: counts)
    }
}
