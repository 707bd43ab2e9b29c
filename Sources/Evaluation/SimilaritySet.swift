import SenseVecCore

/// One pair of a word-similarity benchmark with its human score.
public struct SimilarityPair: Sendable, Equatable {
    public var first: String
    public var second: String
    public var score: Double
    /// The 1-based line in its file (0 when built in code).
    public var line: Int
    public init(_ first: String, _ second: String, score: Double, line: Int = 0) {
        self.first = first; self.second = second; self.score = score; self.line = line
    }
}

/// A word-similarity benchmark (WordSim-353, SimLex-999, MEN, RW, …): lines `w1 w2 score`.
///
/// Fields are separated by a tab, a comma, or runs of spaces (decided per line, in that order); further
/// columns after the score are ignored (SimLex-999's original file has them). Lines starting with `#` and
/// blank lines are skipped. Header lines — lines before the first pair whose third field is not a number —
/// are skipped; a non-numeric score after the first pair, or a line with fewer than three fields, is an
/// error naming the file and line.
public struct SimilaritySet: Sendable {
    public var pairs: [SimilarityPair]
    public init(pairs: [SimilarityPair]) { self.pairs = pairs }

    public static func load(path: String) throws -> SimilaritySet {
        try parse(BenchmarkFile(path: path))
    }

    public static func parse(_ file: BenchmarkFile) throws -> SimilaritySet {
        var pairs: [SimilarityPair] = []
        for (i, raw) in file.lines.enumerated() {
            let lineNumber = i + 1
            let line = raw.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields: [String]
            if line.contains("\t") {
                fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
            } else if line.contains(",") {
                fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
            } else {
                fields = line.split(separator: " ").map(String.init)
            }
            guard fields.count >= 3, !fields[0].isEmpty, !fields[1].isEmpty else {
                if pairs.isEmpty && fields.count >= 2 { continue } // a short header line
                throw file.error(line: lineNumber, "expected 'word1 word2 score', found \(fields.count) field\(fields.count == 1 ? "" : "s"): '\(line.prefix(80))'")
            }
            guard let score = Double(fields[2]), score.isFinite else {
                if pairs.isEmpty { continue } // header line(s) before the data
                throw file.error(line: lineNumber, "the score '\(fields[2].prefix(30))' is not a number")
            }
            pairs.append(SimilarityPair(fields[0], fields[1], score: score, line: lineNumber))
        }
        guard !pairs.isEmpty else { throw SenseVecError("\(file.path): no word pairs found") }
        return SimilaritySet(pairs: pairs)
    }
}

/// The outcome of a word-similarity benchmark.
public struct SimilarityResult: Sendable, Equatable {
    /// Spearman's ρ (ties averaged) between model and human scores over the pairs scored; nil when undefined.
    public var spearman: Double?
    /// Pearson's r over the same pairs.
    public var pearson: Double?
    /// Pairs scored.
    public var scored: Int
    /// Pairs skipped because a word is unknown.
    public var skipped: Int
    /// The model's score of each pair in file order (nil when skipped).
    public var modelScores: [Double?]

    public init(humanScores: [Double], modelScores: [Double?]) {
        var h: [Double] = [], m: [Double] = []
        for (x, y) in zip(humanScores, modelScores) { if let y { h.append(x); m.append(y) } }
        spearman = RankCorrelation.spearman(m, h)
        pearson = RankCorrelation.pearson(m, h)
        scored = h.count
        skipped = humanScores.count - h.count
        self.modelScores = modelScores
    }
}
