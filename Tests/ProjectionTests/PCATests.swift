import Foundation
import Testing
@testable import Projection
import SenseVecCore

@Suite struct PCATests {
    @Test func matchesJacobiEigendecompositionOfCovariance() throws {
        var rng = SenseRandom(seed: 31)
        let n = 80, d = 6
        // Correlated data: latent factors with decreasing scales mixed by a random matrix.
        let mix = (0..<(d * d)).map { _ in rng.nextGaussian() }
        var v: [Float] = []
        for _ in 0..<n {
            let z = (0..<d).map { k in rng.nextGaussian() * Double(d - k) }
            for j in 0..<d { var s = 3.0; for k in 0..<d { s += z[k] * mix[k * d + j] }; v.append(Float(s)) }
        }
        let data = try DataMatrix(rows: n, columns: d, values: v)
        let pca = try PCA(data, components: 3, threads: 2)
        // Direct covariance.
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += Double(v[i * d + j]) / Double(n) } }
        var cov = [Double](repeating: 0, count: d * d)
        for i in 0..<n { for a in 0..<d { for b in 0..<d {
            cov[a * d + b] += (Double(v[i * d + a]) - mean[a]) * (Double(v[i * d + b]) - mean[b]) / Double(n - 1)
        } } }
        let (ev, vec) = SymmetricEigen.jacobi(cov, n: d)
        let total = ev.reduce(0, +)
        for c in 0..<3 {
            #expect(abs(pca.explainedVariance[c] - ev[c]) < 1e-4 * ev[0])
            #expect(abs(pca.explainedVarianceRatio[c] - ev[c] / total) < 1e-5)
            var dot = 0.0
            for j in 0..<d { dot += pca.axes[c * d + j] * vec[j * d + c] }
            #expect(abs(abs(dot) - 1) < 1e-4)
        }
        // Scores have the explained variance.
        var s2 = 0.0
        for i in 0..<n { s2 += pca.scores[i * 3] * pca.scores[i * 3] }
        #expect(abs(s2 / Double(n - 1) - ev[0]) < 1e-4 * ev[0])
    }

    @Test func jacobiReconstructsMatrix() {
        var rng = SenseRandom(seed: 2)
        let n = 5
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n { let x = rng.nextGaussian(); a[i * n + j] = x; a[j * n + i] = x } }
        let (ev, v) = SymmetricEigen.jacobi(a, n: n)
        for i in 0..<n { for j in 0..<n {
            var s = 0.0
            for k in 0..<n { s += v[i * n + k] * ev[k] * v[j * n + k] }
            #expect(abs(s - a[i * n + j]) < 1e-10)
        } }
        for k in 1..<n { #expect(ev[k - 1] >= ev[k]) }
    }

    @Test func rejectsTooManyComponents() throws {
        let data = try DataMatrix(rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 7])
        #expect(throws: SenseVecError.self) { try PCA(data, components: 3) }
    }
}
