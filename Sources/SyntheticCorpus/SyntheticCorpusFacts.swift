/// What the synthetic corpus generator planted: analogy questions, homographs and their senses, control words,
/// and every homograph occurrence with its sense.
public struct SyntheticCorpusFacts: Sendable {
    /// Analogy questions `a : b = c : d` (so `d ≈ b − a + c`) grouped by section, in the order of Mikolov et
    /// al. (2013)'s `questions-words.txt`. Only questions whose four words all occur in the generated text are
    /// listed (at ≥ 100k tokens that is all of them).
    public var analogyQuestions: [(section: String, a: String, b: String, c: String, d: String)]
    /// Homograph → its planted sense names, in a fixed order (e.g. `"python": ["snake", "programming", "comedy"]`).
    public var homographs: [String: [String]]
    /// Planted single-sense control words, each generated at the same rate as one homograph.
    public var singleSenseWords: [String]
    /// Every homograph occurrence, in text order.
    public var occurrences: [SenseOccurrence]
    /// Tokens and sentences (lines) generated.
    public var tokenCount: Int, sentenceCount: Int
    /// How many times each distinct word occurs in the text.
    public var wordCounts: [String: Int]

    /// The number of distinct words in the text.
    public var distinctWordCount: Int { wordCounts.count }

    public init(analogyQuestions: [(section: String, a: String, b: String, c: String, d: String)],
                homographs: [String: [String]], singleSenseWords: [String], occurrences: [SenseOccurrence],
                tokenCount: Int, sentenceCount: Int, wordCounts: [String: Int]) {
        self.analogyQuestions = analogyQuestions
        self.homographs = homographs
        self.singleSenseWords = singleSenseWords
        self.occurrences = occurrences
        self.tokenCount = tokenCount
        self.sentenceCount = sentenceCount
        self.wordCounts = wordCounts
    }

    /// The questions in word2vec's `questions-words.txt` format: a `: section` line before each section, then
    /// one `a b c d` line per question.
    public func questionsWordsText() -> String {
        var out = ""
        var current: String? = nil
        for q in analogyQuestions {
            if q.section != current {
                out += ": \(q.section)\n"
                current = q.section
            }
            out += "\(q.a) \(q.b) \(q.c) \(q.d)\n"
        }
        return out
    }

    /// The share of each sense among the occurrences of `word` (sense name → fraction), empty if it never occurs.
    public func senseShares(of word: String) -> [String: Double] {
        var counts: [String: Int] = [:]
        var total = 0
        for o in occurrences where o.word == word {
            counts[o.sense, default: 0] += 1
            total += 1
        }
        guard total > 0 else { return [:] }
        return counts.mapValues { Double($0) / Double(total) }
    }
}
