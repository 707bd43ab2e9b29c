import SenseVecCore

/// Scores of one section (or a total) of an analogy benchmark.
public struct AnalogyScore: Sendable, Equatable {
    public var name: String
    /// Questions answered correctly.
    public var correct: Int
    /// Questions scored (all four words known within the restricted vocabulary).
    public var answered: Int
    /// Questions skipped because a word was out of the restricted vocabulary.
    public var skipped: Int
    /// `correct / answered`, 0 when nothing was answered.
    public var accuracy: Double { answered > 0 ? Double(correct) / Double(answered) : 0 }

    public init(name: String, correct: Int = 0, answered: Int = 0, skipped: Int = 0) {
        self.name = name; self.correct = correct; self.answered = answered; self.skipped = skipped
    }

    static func + (l: AnalogyScore, r: AnalogyScore) -> AnalogyScore {
        AnalogyScore(name: l.name, correct: l.correct + r.correct, answered: l.answered + r.answered,
                     skipped: l.skipped + r.skipped)
    }
}

/// The outcome of an analogy benchmark.
public struct AnalogyResult: Sendable {
    public var method: AnalogyMethod
    /// Number of most frequent rows searched (the restriction actually applied).
    public var vocabularySize: Int
    public var sections: [AnalogyScore]
    /// All sections together.
    public var total: AnalogyScore
    /// The first five sections of a questions-words file (the semantic ones), when the file has more than five.
    public var semantic: AnalogyScore?
    /// The remaining sections (syntactic), when the file has more than five.
    public var syntactic: AnalogyScore?
    /// The answer given to each question in file order (nil when skipped).
    public var predictions: [String?]
}

/// Scores analogy benchmarks with the evaluation conventions of gensim's `evaluate_word_analogies` and
/// word2vec's `compute-accuracy`, on top of ``CosineIndex`` batch queries (3CosAdd and 3CosMul, see
/// ``AnalogyMethod``).
///
/// Only the first `restrict` rows are used (rows are in frequency order); words are compared case-insensitively,
/// each folded word standing for its most frequent row; a question with any word outside the restricted
/// vocabulary is skipped and counted; every row whose folded word equals a, b or c is excluded from the answers.
public final class AnalogyEvaluator: Sendable {
    /// The vectors searched.
    public let vectors: WordVectors
    /// The index over the restricted vocabulary (the first `restrict` rows).
    public let index: CosineIndex
    /// Folded word → rows of the restricted vocabulary that fold to it (ascending).
    let rowsByKey: [String: [Int]]
    /// Folded word of each restricted row.
    let keys: [String]

    /// Prepares the first `restrict` rows of `vectors` (all rows when nil), searched with `threads` workers (nil:
    /// the number of active processors).
    public init(vectors: WordVectors, restrict: Int? = 30_000, threads: Int? = 2) {
        self.vectors = vectors
        let n = min(restrict ?? vectors.count, vectors.count)
        index = CosineIndex(vectors, rows: n, threads: threads)
        var map: [String: [Int]] = [:]
        var keys: [String] = []
        keys.reserveCapacity(n)
        for i in 0..<n {
            let k = Self.fold(vectors.words[i])
            keys.append(k)
            map[k, default: []].append(i)
        }
        rowsByKey = map
        self.keys = keys
    }

    /// Case folding used for matching (upper case, as gensim does).
    public static func fold(_ word: String) -> String { word.uppercased() }

    /// The question over rows: the most frequent rows of a, b and c, the other rows of their folded words
    /// excluded; nil when a word (d included) is outside the restricted vocabulary.
    func resolve(_ q: AnalogyItem) -> AnalogyQuestion? {
        guard let ra = rowsByKey[Self.fold(q.a)], let rb = rowsByKey[Self.fold(q.b)], let rc = rowsByKey[Self.fold(q.c)],
              rowsByKey[Self.fold(q.d)] != nil else { return nil }
        let main = [ra[0], rb[0], rc[0]]
        let others = Set(ra + rb + rc).subtracting(main).sorted()
        return AnalogyQuestion(a: ra[0], b: rb[0], c: rc[0], excluding: others)
    }

    /// Answers many questions at once: element `i` is the answer row of `questions[i]`, −1 when every row is
    /// excluded, nil when the question is skipped.
    public func answerRows(_ questions: [AnalogyItem], method: AnalogyMethod = .add,
                           progress: ProgressHandler? = nil) -> [Int?] {
        let resolved = questions.map(resolve)
        let answers = index.analogies(resolved.compactMap { $0 }, k: 1, method: method, progress: progress)
        var next = 0
        return resolved.map { r in
            guard r != nil else { return nil }
            defer { next += 1 }
            return answers[next].first?.index ?? -1
        }
    }

    /// Scores a benchmark.
    public func evaluate(_ set: AnalogySet, method: AnalogyMethod = .add, progress: ProgressHandler? = nil) -> AnalogyResult {
        let questions = set.questions
        let rows = answerRows(questions, method: method, progress: progress)
        var predictions: [String?] = []
        predictions.reserveCapacity(questions.count)
        var sections: [AnalogyScore] = []
        var i = 0
        for section in set.sections {
            var score = AnalogyScore(name: section.name)
            for q in section.questions {
                if let row = rows[i], row >= 0 {
                    score.answered += 1
                    if keys[row] == Self.fold(q.d) { score.correct += 1 }
                    predictions.append(vectors.words[row])
                } else if rows[i] != nil {
                    score.answered += 1
                    predictions.append(nil)
                } else {
                    score.skipped += 1
                    predictions.append(nil)
                }
                i += 1
            }
            sections.append(score)
        }
        let total = sections.reduce(AnalogyScore(name: "total"), +)
        var semantic: AnalogyScore?, syntactic: AnalogyScore?
        if set.hasSectionHeaders && sections.count > 5 {
            semantic = sections[..<5].reduce(AnalogyScore(name: "semantic"), +)
            syntactic = sections[5...].reduce(AnalogyScore(name: "syntactic"), +)
        }
        return AnalogyResult(method: method, vocabularySize: index.count, sections: sections, total: total,
                             semantic: semantic, syntactic: syntactic, predictions: predictions)
    }
}
