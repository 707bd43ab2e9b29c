import Testing
@testable import Evaluation

@Suite struct RankCorrelationTests {
    @Test func averageRanksShareTies() {
        #expect(RankCorrelation.averageRanks([10, 20, 20, 20, 5]) == [2, 4, 4, 4, 1])
        #expect(RankCorrelation.averageRanks([3, 1, 2]) == [3, 1, 2])
        #expect(RankCorrelation.averageRanks([7, 7]) == [1.5, 1.5])
    }

    @Test func spearmanWithTiesMatchesHandComputation() throws {
        // ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]; centred: dx = [-1.5, 0, 0, 1.5], dy = [-1.5, .5, -.5, 1.5]
        // Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5  →  ρ = 4.5 / √22.5 = √0.9
        let rho = try #require(RankCorrelation.spearman([1, 2, 2, 3], [1, 3, 2, 4]))
        #expect(abs(rho - 0.9.squareRoot()) < 1e-12)
        // A monotone but nonlinear relation has ρ = 1; reversing it gives −1.
        #expect(abs(RankCorrelation.spearman([1, 2, 3, 4], [1, 8, 27, 64])! - 1) < 1e-12)
        #expect(abs(RankCorrelation.spearman([1, 2, 3, 4], [64, 27, 8, 1])! + 1) < 1e-12)
        // The 1 − 6Σd²/(n(n²−1)) shortcut would be wrong with ties: x all tied but one.
        // ranks x = [2, 2, 2, 4]... here [1,1,1,2] → [2,2,2,4]; y = [1,2,3,4]: dx = [-.5,-.5,-.5,1.5], dy = [-1.5,-.5,.5,1.5]
        // Σdxdy = .75 + .25 - .25 + 2.25 = 3, Σdx² = 3, Σdy² = 5 → ρ = 3/√15
        let tied = try #require(RankCorrelation.spearman([1, 1, 1, 2], [1, 2, 3, 4]))
        #expect(abs(tied - 3 / 15.0.squareRoot()) < 1e-12)
    }

    @Test func pearsonMatchesHandComputation() throws {
        // x = [1,2,3], y = [2,4,7]: Σdxdy = 5, Σdx² = 2, Σdy² = 114/9  →  r = 15/√228
        let r = try #require(RankCorrelation.pearson([1, 2, 3], [2, 4, 7]))
        #expect(abs(r - 15 / 228.0.squareRoot()) < 1e-12)
    }

    @Test func undefinedCasesAreNil() {
        #expect(RankCorrelation.spearman([1, 1, 1], [1, 2, 3]) == nil)
        #expect(RankCorrelation.pearson([1], [2]) == nil)
        #expect(RankCorrelation.spearman([], []) == nil)
    }
}
