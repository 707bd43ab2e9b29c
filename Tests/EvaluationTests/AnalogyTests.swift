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
            let evaluator = AnalogyEvaluator(vectors: vectors, restrict: 9)
            let r = evaluator.evaluate(set, method: method, threads: 2)
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

    @Test func batchedEqualsOneAtATime() throws {
        var rng = SenseRandom(seed: 7)
        let n = 700, d = 13  // crosses 512-row blocks; odd sizes exercise the padding
        // Every 97th word is an upper-case variant of the word before it (same folded key).
        let words = (0..<n).map { i in i % 97 == 5 ? "W\(i - 1)" : "w\(i)" }
        let values = (0..<(words.count * d)).map { _ in Float(rng.nextGaussian()) }
        let vectors = try WordVectors(words: words, dimension: d, values: values)
        var questions: [AnalogyItem] = []
        for _ in 0..<120 {
            let pick = { (rng: inout SenseRandom) in words[rng.nextInt(below: words.count)] }
            questions.append(AnalogyItem(pick(&rng), pick(&rng), pick(&rng), pick(&rng)))
        }
        questions.append(AnalogyItem("w1", "w2", "w3", "nope"))
        for method in AnalogyMethod.allCases {
            for restrict in [600, n] {
                let evaluator = AnalogyEvaluator(vectors: vectors, restrict: restrict)
                let reference = questions.map { evaluator.answer($0, method: method) }
                for threads in [1, 2, 3] {
                    let batched = evaluator.answerRows(questions, method: method, threads: threads)
                        .map { $0.map { vectors.words[$0] } }
                    #expect(batched == reference, "method \(method), restrict \(restrict), threads \(threads)")
                }
                #expect(reference.last! == nil)
                #expect(reference.compactMap { $0 }.count > 40)
            }
        }
    }

    @Test func combinationFormulas() throws {
        // 3CosMul on explicit cosines: cos′ = (cos + 1)/2 → (0.8 · 0.3) / (0.6 + ε)
        let s = AnalogyEvaluator.combine(.mul, a: 0.2, b: 0.6, c: -0.4)
        #expect(abs(Double(s) - (0.8 * 0.3) / (0.6 + 0.001)) < 1e-6)
        let add = AnalogyEvaluator.combine(.add, a: 0.2, b: 0.6, c: -0.4)
        #expect(abs(Double(add) - 0.0) < 1e-6)
        // The SIMD and scalar forms agree bit for bit.
        let v = AnalogyEvaluator.combine(.mul, a: SIMD8(repeating: 0.2), b: SIMD8(repeating: 0.6), c: SIMD8(repeating: -0.4))
        #expect(v[3] == s)
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
