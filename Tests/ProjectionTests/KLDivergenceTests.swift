import Foundation
import Testing
@testable import Projection
import SenseVecCore

@Suite struct KLDivergenceTests {
    /// Central finite differences of the loss against the analytic gradient, for every coordinate.
    func checkGradient(_ kernel: EmbeddingKernel) throws {
        let (data, _) = blobs(clusters: 3, perCluster: 5, dimension: 4, separation: 3, seed: 7)
        let p = try Affinities.exact(data, perplexity: 4)
        let y = randomPositions(data.rows, scale: 1.5, seed: 3)
        let (_, grad) = KLDivergence.evaluate(affinities: p, positions: y, kernel: kernel)
        let h = 1e-6
        var maxErr = 0.0, maxGrad = 0.0
        for k in 0..<y.count {
            var yp = y, ym = y
            yp[k] += h; ym[k] -= h
            let fd = (KLDivergence.evaluate(affinities: p, positions: yp, kernel: kernel).loss
                - KLDivergence.evaluate(affinities: p, positions: ym, kernel: kernel).loss) / (2 * h)
            maxErr = max(maxErr, abs(fd - grad[k]))
            maxGrad = max(maxGrad, abs(grad[k]))
        }
        #expect(maxGrad > 1e-3)
        #expect(maxErr < 1e-6 * max(1, maxGrad), "kernel \(kernel): max |fd − grad| = \(maxErr)")
    }

    @Test func cauchyGradientMatchesFiniteDifferences() throws { try checkGradient(.cauchy) }
    @Test func heavyTailGradientMatchesFiniteDifferences() throws { try checkGradient(.studentT(degreesOfFreedom: 0.5)) }
    @Test func lightTailGradientMatchesFiniteDifferences() throws { try checkGradient(.studentT(degreesOfFreedom: 3)) }
    @Test func gaussianSNEGradientMatchesFiniteDifferences() throws { try checkGradient(.gaussian) }

    @Test func lossIsZeroOnlyWhenQEqualsP() throws {
        let (data, _) = blobs(clusters: 2, perCluster: 4, dimension: 3, separation: 2, seed: 1)
        let p = try Affinities.exact(data, perplexity: 3)
        let y = randomPositions(data.rows, scale: 1, seed: 2)
        let loss = KLDivergence.evaluate(affinities: p, positions: y, kernel: .cauchy).loss
        #expect(loss > 0)
        // Q from the map itself used as P gives KL 0.
        var vals: [Float] = [], cols: [Int32] = [], start = [0]
        var z = 0.0
        let n = data.rows
        for i in 0..<n { for j in 0..<n where j != i {
            let dx = y[2*i]-y[2*j], dy = y[2*i+1]-y[2*j+1]; z += 1 / (1 + dx*dx + dy*dy) } }
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2*i]-y[2*j], dy = y[2*i+1]-y[2*j+1]
                vals.append(Float(1 / (1 + dx*dx + dy*dy) / z)); cols.append(Int32(j))
            }
            start.append(cols.count)
        }
        let q = Affinities(count: n, rowStart: start, columns: cols, values: vals)
        #expect(abs(KLDivergence.evaluate(affinities: q, positions: y, kernel: .cauchy).loss) < 1e-5)
    }
}
