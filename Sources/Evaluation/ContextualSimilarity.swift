import Foundation
import SenseVecCore

/// One pair of the Stanford Contextual Word Similarities set (SCWS, Huang et al. 2012): two words, each in
/// its own context, and the average human similarity score.
public struct ContextualPair: Sendable, Equatable {
    public var first: String
    public var firstLeft: [String]
    public var firstRight: [String]
    public var second: String
    public var secondLeft: [String]
    public var secondRight: [String]
    public var score: Double
    public var line: Int
}

/// The SCWS format: tab-separated `id, word1, POS1, word2, POS2, context1, context2, average, ratings…`,
/// each context marking its target word as `<b> word </b>`.
///
/// Contexts are lower-cased and split on white space; tokens without a letter or digit (punctuation) are
/// dropped, and letters, digits, `'` and `-` are kept inside tokens. The words themselves are passed as given
/// (models look them up with case folding).
public struct ContextualSimilaritySet: Sendable {
    public var pairs: [ContextualPair]

    public static func load(path: String) throws -> ContextualSimilaritySet {
        try parse(BenchmarkFile(path: path))
    }

    public static func parse(_ file: BenchmarkFile) throws -> ContextualSimilaritySet {
        var pairs: [ContextualPair] = []
        for (i, raw) in file.lines.enumerated() {
            let lineNumber = i + 1
            let line = raw.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 8 else {
                throw file.error(line: lineNumber, "expected at least 8 tab-separated fields (id, word1, POS1, word2, POS2, context1, context2, average score), found \(f.count)")
            }
            guard let score = Double(f[7].trimmingWhitespace), score.isFinite else {
                if pairs.isEmpty { continue } // header
                throw file.error(line: lineNumber, "the average score '\(f[7].prefix(30))' is not a number")
            }
            guard let c1 = splitContext(f[5]) else {
                throw file.error(line: lineNumber, "context 1 has no target marked <b> … </b>")
            }
            guard let c2 = splitContext(f[6]) else {
                throw file.error(line: lineNumber, "context 2 has no target marked <b> … </b>")
            }
            let w1 = f[1].trimmingWhitespace, w2 = f[3].trimmingWhitespace
            guard !w1.isEmpty, !w2.isEmpty else { throw file.error(line: lineNumber, "empty word") }
            pairs.append(ContextualPair(first: w1, firstLeft: c1.left, firstRight: c1.right,
                                        second: w2, secondLeft: c2.left, secondRight: c2.right,
                                        score: score, line: lineNumber))
        }
        guard !pairs.isEmpty else { throw SenseVecError("\(file.path): no word pairs found") }
        return ContextualSimilaritySet(pairs: pairs)
    }

    /// Splits a context at its `<b> … </b>` target into tokens on the left and on the right.
    static func splitContext(_ text: String) -> (left: [String], right: [String])? {
        guard let open = text.range(of: "<b>"),
              let close = text.range(of: "</b>", range: open.upperBound..<text.endIndex) else { return nil }
        return (tokens(String(text[..<open.lowerBound])), tokens(String(text[close.upperBound...])))
    }

    /// Lower-cased word tokens of a context.
    public static func tokens(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { raw in
            let kept = raw.filter { $0.isLetter || $0.isNumber || $0 == "'" || $0 == "-" }
            return kept.contains(where: { $0.isLetter || $0.isNumber }) ? String(kept) : nil
        }
    }
}

/// Which contextual measure to report.
public enum ContextualMeasure: String, Sendable, CaseIterable {
    /// Posterior-weighted average cosine over sense pairs.
    case avgSimC = "avgsimc"
    /// Cosine of the most probable senses.
    case maxSimC = "maxsimc"
}

/// Contextual similarity (SCWS) of a sense model: Spearman's ρ between the model's AvgSimC or MaxSimC and
/// the average human score; pairs with an unknown word are skipped and counted.
public enum ContextualSimilarity {
    public static func evaluate(_ set: ContextualSimilaritySet, model: some SenseModel,
                                measure: ContextualMeasure = .avgSimC) -> SimilarityResult {
        let scores: [Double?] = set.pairs.map { p in
            guard let (w1, s1) = model.foldedSenses(of: p.first), let (w2, s2) = model.foldedSenses(of: p.second),
                  let q1 = model.posterior(of: w1, left: p.firstLeft, right: p.firstRight), q1.count == s1.count,
                  let q2 = model.posterior(of: w2, left: p.secondLeft, right: p.secondRight), q2.count == s2.count
            else { return nil }
            switch measure {
            case .avgSimC: return SenseSimilarity.avgSimC(s1, posterior1: q1, s2, posterior2: q2)
            case .maxSimC: return SenseSimilarity.maxSimC(s1, posterior1: q1, s2, posterior2: q2)
            }
        }
        return SimilarityResult(humanScores: set.pairs.map(\.score), modelScores: scores)
    }
}
