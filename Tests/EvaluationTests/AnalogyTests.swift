import Testing
import SenseVecCore
@testable import Evaluation

/// Word vectors from (word, vector) rows.
func makeVectors(_ rows: [(String, [Float])]) throws -> WordVectors {
    try WordVectors(words: rows.map(\.0), dimension: rows[0].1.count, values: rows.flatMap(\.1))
}

/// Attributes as basis directions: every word is gender + role + kind, so all norms are √3 and
/// king − man + woman = queen exactly.
func familyVectors() throws -> WordVectors {
    // dims: 0 m, 1 f, 2 plain, 3 royal, 4 child, 5 person, 6 fruit, 7 red, 8 green
    func v(_ dims: Int...) -> [Float] {
        var x = [Float](repeating: 0, count: 9)
        for d in dims { x[d] = 1 }
        return x
    }
    return try makeVectors([
        ("man", v(0, 2, 5)), ("woman", v(1, 2, 5)), ("king", v(0, 3, 5)), ("queen", v(1, 3, 5)),
        ("boy", v(0, 4, 5)), ("girl", v(1, 4, 5)), ("apple", v(6, 7)), ("lime", v(6, 8)),
        ("King", v(0, 3, 5, 7)),      // a case variant, less frequent: excluded with "king"
        ("unicorn", v(4, 6, 8)),      // beyond a restriction of 9 rows
    ])
}

@Suite struct AnalogyTests {
    @Test func answersKnownQuestionsAndCountsOOV() throws {
        let vectors = try familyVectors()
        let text = """
        : family
        man king woman queen
        MAN KING WOMAN QUEEN
        king man queen woman
        man boy woman girl
        man woman king apple
        : other
        man king woman dragon
        man king woman unicorn
        """
        let set = try AnalogySet.parse(BenchmarkFile(path: "t.txt", text: text))
        #expect(set.sections.map(\.name) == ["family", "other"])
        for method in AnalogyMethod.allCases {
            let evaluator = AnalogyEvaluator(vectors: vectors, restrict: 9, threads: 2)
            let r = evaluator.evaluate(set, method: method)
            #expect(r.sections[0] == AnalogyScore(name: "family", correct: 4, answered: 5, skipped: 0), "\(method)")
            #expect(r.sections[1] == AnalogyScore(name: "other", correct: 0, answered: 0, skipped: 2), "\(method)")
            #expect(r.total.correct == 4 && r.total.answered == 5 && r.total.skipped == 2)
            #expect(abs(r.total.accuracy - 0.8) < 1e-12)
            #expect(r.predictions[0] == "queen" && r.predictions[1] == "queen")
            #expect(r.predictions[2] == "woman")
            #expect(r.predictions[3] == "girl")
            #expect(r.predictions[4] == "queen")  // wrong answer: the expected 'apple' is scored as a miss
            #expect(r.semantic == nil)           // only two sections
            // "King" (row 8) is never an answer: it folds to KING, a question word.
            #expect(!r.predictions.contains("King"))
        }
        // Without the restriction, 'unicorn' is known and the question is answered.
        let all = AnalogyEvaluator(vectors: vectors, restrict: nil).evaluate(set)
        #expect(all.total.skipped == 1 && all.total.answered == 6)
    }

    @Test func semanticAndSyntacticTotals() throws {
        let vectors = try familyVectors()
        var text = ""
        for s in 0..<7 { text += ": s\(s)\nman king woman queen\n" + (s == 6 ? "man king woman zebra\n" : "") }
        let r = AnalogyEvaluator(vectors: vectors).evaluate(try AnalogySet.parse(BenchmarkFile(path: "q", text: text)))
        #expect(r.semantic == AnalogyScore(name: "semantic", correct: 5, answered: 5, skipped: 0))
        #expect(r.syntactic == AnalogyScore(name: "syntactic", correct: 2, answered: 2, skipped: 1))
    }

    /// The best score of `q` by brute force in Double over the first `rows` rows, every row whose folded word is
    /// a, b or c excluded (nil when a word is unknown), and the score of any row.
    static func reference(_ v: WordVectors, rows: Int, _ q: AnalogyItem, method: AnalogyMethod)
        -> (best: Double, score: (Int) -> Double)? {
        let keys = v.words.prefix(rows).map { $0.uppercased() }
        func row(_ w: String) -> Int? { keys.firstIndex(of: w.uppercased()) }
        guard let a = row(q.a), let b = row(q.b), let c = row(q.c), row(q.d) != nil else { return nil }
        func unit(_ i: Int) -> [Double] {
            let x = v.vector(at: i).map(Double.init)
            let n = x.map { $0 * $0 }.reduce(0, +).squareRoot()
            return n > 0 ? x.map { $0 / n } : x
        }
        func cos(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).map(*).reduce(0, +) }
        let ua = unit(a), ub = unit(b), uc = unit(c)
        let score: (Int) -> Double = { j in
            let u = unit(j)
            switch method {
            case .add: return cos(u, ub) - cos(u, ua) + cos(u, uc)
            case .mul: return (cos(u, ub) + 1) / 2 * ((cos(u, uc) + 1) / 2) / ((cos(u, ua) + 1) / 2 + 0.001)
            }
        }
        let excluded = Set([q.a, q.b, q.c].map { $0.uppercased() })
        let best = (0..<rows).filter { !excluded.contains(keys[$0]) }.map(score).max() ?? -.infinity
        return (best, score)
    }

    @Test func answersAreTheBestRowsWithCaseVariantsExcluded() throws {
        var rng = SenseRandom(seed: 7)
        let n = 1100, d = 13  // crosses 512-row blocks; odd sizes exercise the padding
        // Every 97th word is an upper-case variant of the word before it (same folded key, same vector, so it
        // would be the answer to a question on that word if it were not excluded).
        let words = (0..<n).map { i in i % 97 == 5 ? "W\(i - 1)" : "w\(i)" }
        var values = (0..<(words.count * d)).map { _ in Float(rng.nextGaussian()) }
        for i in stride(from: 5, to: n, by: 97) { for k in 0..<d { values[i * d + k] = values[(i - 1) * d + k] } }
        let vectors = try WordVectors(words: words, dimension: d, values: values)
        var questions: [AnalogyItem] = []
        for _ in 0..<120 {
            let pick = { (rng: inout SenseRandom) in words[rng.nextInt(below: 600)] }
            questions.append(AnalogyItem(pick(&rng), pick(&rng), pick(&rng), pick(&rng)))
        }
        // Questions on case-variant pairs: the variant row may not be the answer.
        for i in stride(from: 5, to: 590, by: 97) { questions.append(AnalogyItem(words[i + 1], words[i - 1], words[i + 2], words[3])) }
        questions.append(AnalogyItem("w1", "w2", "w3", "nope"))
        for method in AnalogyMethod.allCases {
            for restrict in [600, n] {
                var first: [Int?]?
                for threads in [1, 2, 3] {
                    let rows = AnalogyEvaluator(vectors: vectors, restrict: restrict, threads: threads)
                        .answerRows(questions, method: method)
                    if let first { #expect(rows == first, "threads \(threads)") } else { first = rows }
                    guard threads == 1 else { continue }
                    for (q, row) in zip(questions, rows) {
                        guard let ref = Self.reference(vectors, rows: restrict, q, method: method) else {
                            #expect(row == nil, "\(q)")
                            continue
                        }
                        guard let row, row >= 0 else { Issue.record("no answer to \(q)"); continue }
                        #expect(row < restrict)
                        #expect(![q.a, q.b, q.c].map { $0.uppercased() }.contains(words[row].uppercased()), "\(q)")
                        #expect(abs(ref.score(row) - ref.best) < 1e-5, "\(method) \(q): row \(row)")
                    }
                }
                #expect(first!.last! == nil)
                #expect(first!.compactMap { $0 }.count == questions.count - 1)
            }
        }
    }
}

@Suite struct AnalogyParserTests {
    @Test func questionsWordsFormat() throws {
        let set = try AnalogySet.parse(BenchmarkFile(path: "q.txt", text: ": capitals\nAthens Greece Oslo Norway\n\n: gram1\na b c d\r\n"))
        #expect(set.hasSectionHeaders)
        #expect(set.sections.count == 2)
        #expect(set.sections[0].questions == [AnalogyItem("Athens", "Greece", "Oslo", "Norway", line: 2)])
        #expect(set.sections[1].questions[0].d == "d")
    }

    @Test func csvWithAndWithoutHeader() throws {
        let a = try AnalogySet.parse(BenchmarkFile(path: "a.csv", text: "word1,word2,word3,word4\nman,king,woman,queen\n"))
        #expect(a.questions == [AnalogyItem("man", "king", "woman", "queen", line: 2)])
        #expect(!a.hasSectionHeaders)
        let b = try AnalogySet.parse(BenchmarkFile(path: "b.tsv", text: "man\tking\twoman\tqueen\nboy\tprince\tgirl\tprincess\n"))
        #expect(b.questions.count == 2)
        let c = try AnalogySet.parse(BenchmarkFile(path: "c.csv", text: "a,b,c,d,section\nman,king,woman,queen,royal\nx,y,z,w,other\n"))
        #expect(c.sections.map(\.name) == ["royal", "other"])
    }

    @Test func malformedLinesNameFileAndLine() {
        #expect(throws: SenseVecError("q.txt:3: expected 4 words 'a b c d' (a:b = c:d), found 3 fields: 'a b c'")) {
            try AnalogySet.parse(BenchmarkFile(path: "q.txt", text: ": s\na b c d\na b c\n"))
        }
        #expect(throws: SenseVecError.self) { try AnalogySet.parse(BenchmarkFile(path: "q.txt", text: ": s\na b c d e\n")) }
        #expect(throws: SenseVecError.self) { try AnalogySet.parse(BenchmarkFile(path: "q.csv", text: "a,b,,d\n")) }
        #expect(throws: SenseVecError("e.txt: no analogy questions found")) {
            try AnalogySet.parse(BenchmarkFile(path: "e.txt", text: "# nothing\n: empty\n"))
        }
        #expect(throws: SenseVecError.self) { try AnalogySet.parse(BenchmarkFile(path: "h.txt", text: ":\na b c d\n")) }
    }
}
