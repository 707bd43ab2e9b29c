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
    // FFT interpolation with FIt-SNE's default grid (boxes at most 1 unit wide, sized from the map's extent and
    // rounded up only to an FFT-friendly count) within 5% (measured 3.0–3.6% here: p = 3 nodes per box),
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
            #expect(e.grad < 0.05, "kernel \(kernel): \(e)")
            #expect(e.kl < 1e-3, "kernel \(kernel): \(e)")
        }
        // A map much wider than the minimum grid (more boxes).
        let wide = try relativeError(.fft, kernel: .cauchy, scale: 6)
        #expect(wide.grad < 0.05, "\(wide)")
        // Gaussian SNE kernel on a compact map.
        let g = try relativeError(.fft, kernel: .gaussian, scale: 1)
        #expect(g.grad < 0.05, "\(g)")
    }
}

@Suite struct AttractionTests {
    /// The Float32-gather path of the attraction (used for large N) agrees with the Double path: forces within
    /// 1e-5 of the largest force, Σ p ln w within 1e-6 relative.
    @Test func float32GatherAgreesWithDouble() throws {
        let (data, _) = blobs(clusters: 4, perCluster: 60, dimension: 6, separation: 3, seed: 31)
        let p = try Affinities.nearestNeighbors(data, perplexity: 10, threads: 2)
        let n = p.count
        let y = randomPositions(n, scale: 20, seed: 32)
        var a64 = [Double](repeating: 0, count: 2 * n), a32 = a64
        var partial: [Double] = [], none: [Float] = [], f32 = [Float](repeating: 0, count: 2 * n)
        let (l64, l32) = y.withUnsafeBufferPointer { yp in
            (a64.withUnsafeMutableBufferPointer {
                attraction(p, yp.baseAddress!, kernel: .cauchy, threads: 2, into: $0.baseAddress!, wantLogW: true,
                           partial: &partial, positions32: &none) },
             a32.withUnsafeMutableBufferPointer {
                attraction(p, yp.baseAddress!, kernel: .cauchy, threads: 2, into: $0.baseAddress!, wantLogW: true,
                           partial: &partial, positions32: &f32) })
        }
        let big = a64.map(abs).max()!
        #expect(big > 0)
        for k in 0..<(2 * n) { #expect(abs(a64[k] - a32[k]) <= 1e-5 * big) }
        #expect(abs(l64 - l32) <= 1e-6 * abs(l64))
        #expect(f32[0] == Float(y[0])) // the Float32 copy was really used
    }
}
