import SenseVecCore

/// One analogy question "a is to b as c is to d" (a:b = c:d); `d` is the expected answer.
public struct AnalogyItem: Sendable, Equatable {
    public var a: String
    public var b: String
    public var c: String
    public var d: String
    /// The 1-based line of the question in its file (0 when built in code).
    public var line: Int

    public init(_ a: String, _ b: String, _ c: String, _ d: String, line: Int = 0) {
        self.a = a; self.b = b; self.c = c; self.d = d; self.line = line
    }
}

/// A set of analogy questions grouped in sections.
///
/// Two file formats are read:
/// - the *questions-words* format of Mikolov et al. (2013): `: section-name` header lines, then one
///   question per line, `a b c d` separated by white space;
/// - a CSV/TSV form: `a,b,c,d` (comma, tab or semicolon), with an optional header line (a first line whose
///   fields are not all words of the rest, detected by the field names `a`/`word1`/… or by a `#`), and
///   optionally a fifth column naming the section.
/// Blank lines and lines starting with `#` are ignored. Any other line that does not hold exactly four
/// words (or five in the CSV form) is an error naming the file and line.
public struct AnalogySet: Sendable {
    /// A named group of questions.
    public struct Section: Sendable {
        public var name: String
        public var questions: [AnalogyItem]
        public init(name: String, questions: [AnalogyItem]) {
            self.name = name; self.questions = questions
        }
    }

    public var sections: [Section]
    /// True when the file had `: section` headers (questions-words format).
    public var hasSectionHeaders: Bool

    public init(sections: [Section], hasSectionHeaders: Bool = true) {
        self.sections = sections
        self.hasSectionHeaders = hasSectionHeaders
    }

    /// All questions in file order.
    public var questions: [AnalogyItem] { sections.flatMap(\.questions) }

    /// Reads and parses `path`.
    public static func load(path: String) throws -> AnalogySet {
        try parse(BenchmarkFile(path: path))
    }

    /// Parses an analogy file; throws ``SenseVecError`` naming the file and line of a malformed entry.
    public static func parse(_ file: BenchmarkFile) throws -> AnalogySet {
        let isCSV = file.lines.contains { line in
            let t = line.trimmingWhitespace
            return !t.isEmpty && !t.hasPrefix("#") && !t.hasPrefix(":") && (t.contains(",") || t.contains("\t") || t.contains(";"))
        }
        var sections: [Section] = []
        var headers = false
        var sawData = false
        for (i, raw) in file.lines.enumerated() {
            let lineNumber = i + 1
            let line = raw.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix(":") {
                let name = String(line.dropFirst()).trimmingWhitespace
                guard !name.isEmpty else { throw file.error(line: lineNumber, "section header without a name") }
                sections.append(Section(name: name, questions: []))
                headers = true
                continue
            }
            let fields: [String]
            if isCSV {
                fields = line.split(whereSeparator: { $0 == "," || $0 == "\t" || $0 == ";" })
                    .map { String($0).trimmingWhitespace }
            } else {
                fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            }
            if isCSV && !sawData && Self.looksLikeHeader(fields) {
                sawData = true
                continue
            }
            sawData = true
            guard fields.count == 4 || (isCSV && fields.count == 5), !fields.contains(where: \.isEmpty) else {
                throw file.error(line: lineNumber,
                                 "expected 4 words 'a b c d' (a:b = c:d), found \(fields.count) field\(fields.count == 1 ? "" : "s"): '\(line.prefix(80))'")
            }
            let q = AnalogyItem(fields[0], fields[1], fields[2], fields[3], line: lineNumber)
            let sectionName = fields.count == 5 ? fields[4] : nil
            if let sectionName {
                if let k = sections.lastIndex(where: { $0.name == sectionName }) {
                    sections[k].questions.append(q)
                } else {
                    sections.append(Section(name: sectionName, questions: [q]))
                }
            } else {
                if sections.isEmpty { sections.append(Section(name: "all", questions: [])) }
                sections[sections.count - 1].questions.append(q)
            }
        }
        guard sections.contains(where: { !$0.questions.isEmpty }) else {
            throw SenseVecError("\(file.path): no analogy questions found")
        }
        return AnalogySet(sections: sections, hasSectionHeaders: headers)
    }

    static let headerNames: Set<String> = ["a", "b", "c", "d", "word1", "word2", "word3", "word4", "w1", "w2",
                                           "w3", "w4", "section", "category", "question", "answer", "expected"]

    static func looksLikeHeader(_ fields: [String]) -> Bool {
        let lower = fields.map { $0.lowercased() }
        return lower.filter { headerNames.contains($0) }.count >= 2
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line ends.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
