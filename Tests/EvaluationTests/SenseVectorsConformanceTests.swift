import Testing
import SenseVecCore
@testable import Evaluation

/// The Senses module's model scored through ``SenseModel``.
@Suite struct SenseVectorsConformanceTests {
    /// bank: senses (1,0,0) and (0,1,0) with expected counts 6 and 2 (fixed prior, β = 0 → priors 3/4, 1/4).
    func model() throws -> SenseVectors {
        let words = ["bank", "cash", "shore"]
        let counts = [10, 5, 3]
        let tree = HuffmanTree(counts: counts)
        return try SenseVectors(
            words: words, counts: counts, dimension: 3, senseOffsets: [0, 2, 3, 4],
            senseValues: [1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 2, 0], senseCounts: [6, 2, 5, 3],
            outputValues: [Float](repeating: 0.1, count: tree.innerNodeCount * 3),
            prior: SensePrior(kind: .fixed, alpha: 0, senseCount: 2), threshold: 0.01, window: 2, settings: [])
    }

    @Test func similarityMeasuresUseTheSenses() throws {
        let sv = try model()
        let set = try SimilaritySet.parse(BenchmarkFile(path: "s", text: "bank cash 6\nBANK shore 3\nbank zebra 1\n"))
        let maxSim = WordSimilarity.evaluate(set, model: sv, measure: .maxSim)
        #expect(maxSim.scored == 2 && maxSim.skipped == 1)
        #expect(abs(maxSim.modelScores[0]! - 1 / 2.0.squareRoot()) < 1e-6)
        #expect(abs(maxSim.modelScores[1]! - 1) < 1e-6)
        let avgSim = WordSimilarity.evaluate(set, model: sv, measure: .avgSim)
        #expect(abs(avgSim.modelScores[0]! - 0.75 / 2.0.squareRoot()) < 1e-6)
        #expect(abs(avgSim.modelScores[1]! - 0.25) < 1e-6)
    }

    @Test func posteriorsDriveInduction() throws {
        let sv = try model()
        let q = try #require(sv.posterior(of: "bank", left: ["cash"], right: ["shore"]))
        #expect(q.count == 2)
        #expect(abs(q.reduce(0, +) - 1) < 1e-9)
        var set = try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d", text: "bank.n 2\ncash\tshore\nshore\tcash\n"))
        try set.applyKey(BenchmarkFile(path: "k", text: "bank.n bank.n.1 a\nbank.n bank.n.2 a\n"))
        let r = SenseInduction.evaluate(set, model: sv)
        #expect(r.lemmas.count == 1 && r.lemmas[0].known && r.unknownLemmas == 0)
    }
}
