import Foundation
import Testing
@testable import Projection
import SenseVecCore

@Suite struct RepulsionTests {
    /// Gradient of each method relative to exact: max over points of ‖g − g_exact‖ / max ‖g_exact‖.
    func relativeError(_ method: GradientMethod, kernel: EmbeddingKernel, theta: Double = 0.5,
                       n: Int = 200, scale: Double = 3,
                       grid: InterpolationGrid = InterpolationGrid(minBoxes: 8)) throws -> (grad: Double, kl: Double) {
        let (data, _) = blobs(clusters: 4, perCluster: n / 4, dimension: 5, separation: 3, seed: 21)
        let p = try Affinities.nearestNeighbors(data, perplexity: 10, threads: 2)
        let y = randomPositions(n, scale: scale, seed: 22)
        let exact = try GradientDescent(affinities: p, initial: y, kernel: kernel, method: .exact, threads: 2).gradient()
        let approx = try GradientDescent(affinities: p, initial: y, kernel: kernel, method: method, theta: theta,
                                         threads: 2, interpolation: grid).gradient()
        var maxNorm = 0.0, maxDiff = 0.0
        for i in 0..<n {
            let gx = exact.gradient[2 * i], gy = exact.gradient[2 * i + 1]
            maxNorm = max(maxNorm, (gx * gx + gy * gy).squareRoot())
            let dx = approx.gradient[2 * i] - gx, dy = approx.gradient[2 * i + 1] - gy
            maxDiff = max(maxDiff, (dx * dx + dy * dy).squareRoot())
        }
        return (maxDiff / maxNorm, abs(approx.kl - exact.kl) / exact.kl)
    }

    @Test func exactEngineMatchesReferenceObjective() throws {
        let (data, _) = blobs(clusters: 2, perCluster: 15, dimension: 3, separation: 3, seed: 2)
        let p = try Affinities.exact(data, perplexity: 5)
        let y = randomPositions(data.rows, scale: 2, seed: 3)
        for kernel in [EmbeddingKernel.cauchy, .studentT(degreesOfFreedom: 2), .gaussian] {
            let ref = KLDivergence.evaluate(affinities: p, positions: y, kernel: kernel)
            let got = try GradientDescent(affinities: p, initial: y, kernel: kernel, method: .exact, threads: 2).gradient()
            #expect(abs(ref.loss - got.kl) < 1e-9)
            for k in 0..<y.count { #expect(abs(ref.gradient[k] - got.gradient[k]) < 1e-9) }
        }
    }

    // Stated tolerances: Barnes–Hut θ = 0.5 within 5% of the largest exact gradient, θ = 0 exact;
    // FFT interpolation with FIt-SNE's default box width 1 within 3% (measured ≈ 0.8–2%: p = 3 nodes per box),
    // KL within 0.1% (FFT) / 1% (BH).
    @Test func barnesHutAgreesWithExact() throws {
        let e = try relativeError(.barnesHut, kernel: .cauchy)
        #expect(e.grad < 0.05); #expect(e.kl < 0.01)
        let e0 = try relativeError(.barnesHut, kernel: .cauchy, theta: 0)
        #expect(e0.grad < 1e-9)
        let eT = try relativeError(.barnesHut, kernel: .studentT(degreesOfFreedom: 0.7))
        #expect(eT.grad < 0.05)
    }

    @Test func fftErrorShrinksWithFinerGrid() throws {
        var errs: [Double] = []
        for perUnit in [1.0, 2, 4] {
            errs.append(try relativeError(.fft, kernel: .cauchy, scale: 1.5,
                                          grid: InterpolationGrid(minBoxes: 2, boxesPerUnit: perUnit)).grad)
        }
        // Third-order interpolation: the error falls roughly 8× per halving of the box width.
        #expect(errs[1] < errs[0] / 3 && errs[2] < errs[1] / 3, "\(errs)")
    }

    @Test func fftInterpolationAgreesWithExact() throws {
        for kernel in [EmbeddingKernel.cauchy, .studentT(degreesOfFreedom: 0.7), .studentT(degreesOfFreedom: 3)] {
            let e = try relativeError(.fft, kernel: kernel)
            #expect(e.grad < 0.03, "kernel \(kernel): \(e)")
            #expect(e.kl < 1e-3, "kernel \(kernel): \(e)")
        }
        // A map much wider than the minimum grid (more boxes).
        let wide = try relativeError(.fft, kernel: .cauchy, scale: 6)
        #expect(wide.grad < 0.03, "\(wide)")
        // Gaussian SNE kernel on a compact map.
        let g = try relativeError(.fft, kernel: .gaussian, scale: 1)
        #expect(g.grad < 0.03, "\(g)")
    }
}
