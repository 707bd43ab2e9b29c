import Testing
import SenseVecCore
@testable import Evaluation

/// A hand-made two-sense model: "bank" has a money sense (prior 3/4) and a river sense (prior 1/4); the
/// posterior follows cue words in the context.
struct ToySenseModel: SenseModel {
    let table: [String: [(prior: Double, vector: [Float])]] = [
        "bank": [(prior: 3, vector: [1, 0, 0]), (prior: 1, vector: [0, 1, 0])],
        "cash": [(prior: 1, vector: [1, 0, 1])],
        "shore": [(prior: 1, vector: [0, 2, 0])],
        "pear": [(prior: 1, vector: [0, 0, 1])],
    ]
    func senses(of word: String) -> [(prior: Double, vector: [Float])]? { table[word] }
    func posterior(of word: String, left: [String], right: [String]) -> [Double]? {
        guard let s = table[word] else { return nil }
        if s.count == 1 { return [1] }
        let context = left + right
        if context.contains("river") || context.contains("water") { return [0.1, 0.9] }
        if context.contains("money") { return [0.8, 0.2] }
        return s.map(\.prior)
    }
}

@Suite struct SenseSimilarityTests {
    let model = ToySenseModel()
    /// Cosines are Float32 (``VectorKernels/cosine(_:_:)``, the project's one cosine): equal to the exact values
    /// within Float rounding.
    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-6 } ?? false }

    @Test func maxSimAndAvgSimByHand() throws {
        let bank = try #require(model.senses(of: "bank")), cash = try #require(model.senses(of: "cash"))
        let shore = try #require(model.senses(of: "shore"))
        #expect(close(SenseSimilarity.maxSim(bank, cash), 1 / 2.0.squareRoot()))
        #expect(close(SenseSimilarity.avgSim(bank, cash), 0.75 / 2.0.squareRoot()))
        #expect(close(SenseSimilarity.maxSim(bank, shore), 1))
        #expect(close(SenseSimilarity.avgSim(bank, shore), 0.25))
    }

    @Test func contextualMeasuresByHand() throws {
        let text = """
        id\tword1\tPOS1\tword2\tPOS2\tcontext1\tcontext2\tavg
        1\tbank\tn\tshore\tn\tthe <b> bank </b> of the River , deep water\tthe sandy <b> shore </b> .\t8.5\t8\t9
        2\tBank\tn\tcash\tn\tput Money in the <b> bank </b>\tsome <b>cash</b> here\t7.0
        3\tbank\tn\tpear\tn\t<b>bank</b>\ta <b>pear</b>\t1.0
        4\tbank\tn\tdragon\tn\t<b>bank</b>\ta <b>dragon</b>\t2.0
        """
        let set = try ContextualSimilaritySet.parse(BenchmarkFile(path: "scws.txt", text: text))
        #expect(set.pairs.count == 4)
        #expect(set.pairs[0].firstLeft == ["the"] && set.pairs[0].firstRight == ["of", "the", "river", "deep", "water"])
        #expect(set.pairs[1].secondLeft == ["some"] && set.pairs[1].secondRight == ["here"])
        let avg = ContextualSimilarity.evaluate(set, model: model, measure: .avgSimC)
        #expect(close(avg.modelScores[0], 0.9))                    // 0.1·0 + 0.9·1
        #expect(close(avg.modelScores[1], 0.8 / 2.0.squareRoot())) // "Bank" folds to "bank"; money context
        #expect(close(avg.modelScores[2], 0))
        #expect(avg.modelScores[3] == nil)
        #expect(avg.scored == 3 && avg.skipped == 1)
        // human 8.5, 7, 1 vs model 0.9, 0.566, 0 → same order → ρ = 1
        #expect(close(avg.spearman, 1))
        let max = ContextualSimilarity.evaluate(set, model: model, measure: .maxSimC)
        #expect(close(max.modelScores[0], 1))
        #expect(close(max.modelScores[1], 1 / 2.0.squareRoot()))
    }

    @Test func wordSimilarityWithSenseModel() throws {
        let set = try SimilaritySet.parse(BenchmarkFile(path: "s.txt", text: "bank cash 6\nbank shore 3\nbank pear 1\nbank zebra 2\n"))
        let r = WordSimilarity.evaluate(set, model: model, measure: .maxSim)
        #expect(r.scored == 3 && r.skipped == 1)
        #expect(close(r.modelScores[0], 1 / 2.0.squareRoot()))
        #expect(close(r.modelScores[1], 1))
        let a = WordSimilarity.evaluate(set, model: model, measure: .avgSim)
        #expect(close(a.modelScores[1], 0.25))
        // avg: 0.53, 0.25, 0 vs human 6, 3, 1 → ρ = 1; max: 0.71, 1, 0 → ranks (2,3,1) vs (3,2,1) → ρ = 0.5
        #expect(close(a.spearman, 1))
        #expect(close(r.spearman, 0.5))
    }

    @Test func singleSenseModelWrapsWordVectors() throws {
        let v = try makeVectors([("the", [1, 0]), ("Bank", [0, 1]), ("bank", [1, 1])])
        let m = SingleSenseModel(v)
        #expect(m.senses(of: "bank")?.first?.vector == [1, 1])   // exact match wins
        #expect(m.senses(of: "BANK")?.first?.vector == [0, 1])   // else the most frequent folded row
        #expect(m.posterior(of: "the", left: [], right: ["x"]) == [1])
        #expect(m.senses(of: "zebra") == nil && m.posterior(of: "zebra", left: [], right: []) == nil)
    }
}

@Suite struct WordSimilarityTests {
    @Test func vectorsCosineCaseFoldingAndOOV() throws {
        let v = try makeVectors([("a", [1, 0]), ("b", [1, 1]), ("c", [0, 1]), ("d", [-1, 0.2]), ("e", [1, 0.1])])
        let set = try SimilaritySet.parse(BenchmarkFile(path: "s.tsv", text: "# c\nw1\tw2\tscore\nA\tb\t9\na\tc\t5\na\tD\t1\na\tzzz\t4\na\te\t3\n"))
        let r = WordSimilarity.evaluate(set, vectors: v)
        #expect(r.scored == 4 && r.skipped == 1)
        #expect(abs(r.modelScores[0]! - 1 / 2.0.squareRoot()) < 1e-6)
        #expect(abs(r.modelScores[1]!) < 1e-7)
        // model: .707, 0, −.98, .995 vs human 9, 5, 1, 3 → ranks (3,2,1,4) vs (4,3,1,2):
        // centred (.5,-.5,-1.5,1.5)·(1.5,.5,-1.5,-.5) = .75-.25+2.25-.75 = 2; Σ² = 5 each → ρ = 0.4
        #expect(abs(r.spearman! - 0.4) < 1e-12)
        // restriction to 3 rows makes "d" and "e" unknown
        let restricted = WordSimilarity.evaluate(set, vectors: v, restrict: 3)
        #expect(restricted.scored == 2 && restricted.skipped == 3)
    }
}

@Suite struct SimilarityParserTests {
    @Test func separatorsCommentsAndHeaders() throws {
        let tab = try SimilaritySet.parse(BenchmarkFile(path: "a", text: "# WordSim\n# Word 1\tWord 2\tHuman (mean)\nlove\tsex\t6.77\n\ntiger\tcat\t7.35\n"))
        #expect(tab.pairs == [SimilarityPair("love", "sex", score: 6.77, line: 3), SimilarityPair("tiger", "cat", score: 7.35, line: 5)])
        let csv = try SimilaritySet.parse(BenchmarkFile(path: "b", text: "Word 1,Word 2,Human (mean)\nold,new,1.58\nsmart,intelligent,9.2\n"))
        #expect(csv.pairs.count == 2 && csv.pairs[0].first == "old" && csv.pairs[1].score == 9.2)
        let spaces = try SimilaritySet.parse(BenchmarkFile(path: "c", text: "word1 word2 score\nold   new  1.58 extra-column\n"))
        #expect(spaces.pairs == [SimilarityPair("old", "new", score: 1.58, line: 2)])
    }

    @Test func malformedLinesNameFileAndLine() {
        #expect(throws: SenseVecError("s.txt:3: the score 'high' is not a number")) {
            try SimilaritySet.parse(BenchmarkFile(path: "s.txt", text: "a b 1\nc d 2\ne f high\n"))
        }
        #expect(throws: SenseVecError("s.txt:2: expected 'word1 word2 score', found 2 fields: 'c d'")) {
            try SimilaritySet.parse(BenchmarkFile(path: "s.txt", text: "a b 1\nc d\n"))
        }
        #expect(throws: SenseVecError("s.txt: no word pairs found")) {
            try SimilaritySet.parse(BenchmarkFile(path: "s.txt", text: "# only comments\n"))
        }
    }
}
