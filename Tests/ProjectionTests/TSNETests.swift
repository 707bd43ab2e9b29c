import Foundation
import Testing
@testable import Projection
import SenseVecCore

@Suite struct TSNETests {
    func run(_ method: GradientMethod, kernel: EmbeddingKernel = .cauchy) throws -> (TSNE.Result, [Int], DataMatrix) {
        let (data, classes) = blobs(clusters: 4, perCluster: 20, dimension: 10, separation: 6, seed: 41)
        var t = TSNE()
        // A coarse grid keeps the FFT method fast in debug builds (accuracy is tested in RepulsionTests).
        t.interpolation = InterpolationGrid(minBoxes: 4, boxesPerUnit: 0.5)
        t.perplexity = 8; t.iterations = 150; t.earlyIterations = 50; t.method = method
        t.kernel = kernel; t.threads = 2; t.seed = 3
        return (try t.run(data), classes, data)
    }

    /// Every point's 10 nearest map neighbours share its cluster.
    func separated(_ r: TSNE.Result, _ classes: [Int]) -> Double {
        let n = classes.count
        var same = 0
        for i in 0..<n {
            var d: [(Double, Int)] = []
            for j in 0..<n where j != i {
                let dx = r.positions[2*i] - r.positions[2*j], dy = r.positions[2*i+1] - r.positions[2*j+1]
                d.append((dx*dx + dy*dy, j))
            }
            d.sort { $0.0 < $1.0 }
            same += d.prefix(10).filter { classes[$0.1] == classes[i] }.count
        }
        return Double(same) / Double(10 * n)
    }

    @Test(arguments: [GradientMethod.exact, .barnesHut, .fft])
    func wellSeparatedClustersStaySeparated(_ method: GradientMethod) throws {
        let (r, classes, data) = try run(method)
        #expect(separated(r, classes) > 0.99)
        // 10-NN of the map vs 10-NN of the input: within-blob neighbours of isotropic Gaussians in 10-D are only
        // partly recoverable in 2-D, but far above chance (≈ 10/79).
        let q = neighbourPreservation(data.values.map(Double.init), data.columns, r.positions, 2, k: 10)
        #expect(q > 0.3, "10-NN preservation \(q)")
        #expect(r.klDivergence.isFinite && r.klDivergence > 0)
        #expect(r.iterations == 150)
    }

    @Test func sneAndHeavyTailsAlsoSeparate() throws {
        let (r, classes, _) = try run(.exact, kernel: .gaussian)
        #expect(separated(r, classes) > 0.95)
        let (h, c2, _) = try run(.exact, kernel: .studentT(degreesOfFreedom: 0.5))
        #expect(separated(h, c2) > 0.99)
    }

    @Test func klDecreasesAfterExaggeration() throws {
        let (data, _) = blobs(clusters: 3, perCluster: 30, dimension: 6, separation: 5, seed: 8)
        let p = try Affinities.exact(data, perplexity: 10)
        let gd = try GradientDescent(affinities: p, initial: try Initialization.pca(data), method: .exact)
        var kls: [Double] = []
        try gd.optimize(iterations: 100, exaggeration: 12, momentum: 0.5, learningRate: 50) { _ in true }
        try gd.optimize(iterations: 300, exaggeration: 1, momentum: 0.8, learningRate: 50, callbackInterval: 50) {
            kls.append($0.klDivergence); return true
        }
        #expect(kls.count == 6)
        #expect(kls.last! < kls.first!)
    }

    @Test func callbackCanStopTheRun() throws {
        let (data, _) = blobs(clusters: 2, perCluster: 20, dimension: 4, separation: 5, seed: 9)
        let p = try Affinities.exact(data, perplexity: 5)
        let gd = try GradientDescent(affinities: p, initial: try Initialization.random(count: data.rows), method: .exact)
        var calls = 0
        try gd.optimize(iterations: 500, exaggeration: 1, momentum: 0.8, learningRate: 50, callbackInterval: 50) { _ in
            calls += 1; return calls < 2
        }
        #expect(gd.iteration == 100)
    }

    @Test func sameSeedSameMap() throws {
        let (a, _, _) = try run(.barnesHut)
        var t = TSNE()
        let (data, _) = blobs(clusters: 4, perCluster: 20, dimension: 10, separation: 6, seed: 41)
        t.interpolation = InterpolationGrid(minBoxes: 4, boxesPerUnit: 0.5)
        t.perplexity = 8; t.iterations = 150; t.earlyIterations = 50; t.method = .barnesHut; t.threads = 2; t.seed = 3
        let b = try t.run(data)
        #expect(a.positions == b.positions)
    }

    @Test func rejectsAbsurdOptions() {
        var t = TSNE(); t.perplexity = 50
        #expect(throws: SenseVecError.self) { try t.validate(count: 20) }
        t = TSNE(); t.perplexity = -1
        #expect(throws: SenseVecError.self) { try t.validate(count: 200) }
        t = TSNE(); t.earlyIterations = 900
        #expect(throws: SenseVecError.self) { try t.validate(count: 200) }
    }
}
