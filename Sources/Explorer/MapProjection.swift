import Foundation
import SenseVecCore
import Projection

/// Projects the map's rows to 2-D with the Projection module: t-SNE (``TSNE``: perplexity, PCA initialization,
/// exact gradient up to 2,000 points and FFT-accelerated above, early exaggeration 12 for 250 of 750 iterations)
/// or the first two principal components (``PCA``, randomized SVD).
///
/// Rows are scaled to unit length first, so the map reflects cosine similarity, the measure every query uses
/// (for unit vectors ‖u − v‖² = 2 − 2 cos(u, v)). t-SNE needs perplexity < N; for tiny maps it is lowered to
/// (N − 1)/3 and the map's note says so.
public enum MapProjection {
    public struct Result: Sendable {
        public var method: MapMethod
        public var note: String?
        /// x0, y0, x1, y1, …
        public var xy: [Double]
    }

    public static func project(_ input: MapInput, settings: MapSettings, progress: ProgressHandler?) throws -> Result {
        let n = input.words.count, d = input.dimension
        guard n > 0 else { return Result(method: settings.method, note: nil, xy: []) }
        var unit = input.values
        unit.withUnsafeMutableBufferPointer { u in
            guard let base = u.baseAddress, d > 0 else { return }
            for i in 0..<n { _ = VectorKernels.normalize(base + i * d, count: d, into: base + i * d) }
        }
        let data = try DataMatrix(rows: n, columns: d, values: unit)
        let threads = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
        if settings.method == .tsne && n >= 4 {
            var tsne = TSNE()
            tsne.seed = settings.seed
            tsne.threads = threads
            var note: String? = nil
            tsne.perplexity = settings.perplexity
            if Double(n - 1) < 3 * settings.perplexity {
                tsne.perplexity = max(1, Double(n - 1) / 3)
                note = "perplexity lowered to \(String(format: "%.1f", tsne.perplexity)) for \(n) points"
            }
            let result = try tsne.run(data, progress: progress)
            return Result(method: .tsne, note: note, xy: result.positions)
        }
        var note: String? = nil
        if settings.method == .tsne { note = "t-SNE needs at least 4 points; showing PCA" }
        progress?(ProgressEvent(stage: "map (pca)", fraction: 0, message: "projecting \(n) points"))
        let xy: [Double]
        if min(n, d) >= 2 {
            let pca = try PCA(data, components: 2, seed: settings.seed, threads: threads)
            xy = pca.scores
        } else {
            xy = principalComponents(unit, rows: n, dimension: d, seed: settings.seed, progress: nil)
        }
        progress?(ProgressEvent(stage: "map (pca)", fraction: 1, message: "projected \(n) points", finished: true))
        return Result(method: .pca, note: note, xy: xy)
    }

    /// The projection on the first (up to) two principal components, for degenerate inputs PCA rejects (one row
    /// or one column), by power iteration with deflation on the
    /// centred matrix X (never forming XᵀX): v ← Xᵀ(Xv), normalised, 100 rounds per component.
    static func principalComponents(_ values: [Float], rows n: Int, dimension d: Int, seed: UInt64,
                                    progress: ProgressHandler?) -> [Double] {
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += Double(values[i * d + j]) } }
        for j in 0..<d { mean[j] /= Double(n) }
        var x = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for j in 0..<d { x[i * d + j] = Double(values[i * d + j]) - mean[j] } }
        var rng = SenseRandom(seed: seed)
        var components: [[Double]] = []
        let rounds = 100
        for c in 0..<min(2, d) {
            var v = (0..<d).map { _ in rng.nextGaussian() }
            for r in 0..<rounds {
                // Remove earlier components, then multiply by XᵀX.
                for u in components {
                    let dot = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                    for j in 0..<d { v[j] -= dot * u[j] }
                }
                var w = [Double](repeating: 0, count: d)
                for i in 0..<n {
                    var s = 0.0
                    for j in 0..<d { s += x[i * d + j] * v[j] }
                    for j in 0..<d { w[j] += s * x[i * d + j] }
                }
                let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm == 0 { break }
                v = w.map { $0 / norm }
                if r % 20 == 0 {
                    progress?(ProgressEvent(stage: "map (pca)", fraction: (Double(c) + Double(r) / Double(rounds)) / 2))
                }
            }
            components.append(v)
        }
        var xy = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            for (c, u) in components.enumerated() {
                var s = 0.0
                for j in 0..<d { s += x[i * d + j] * u[j] }
                xy[2 * i + c] = s
            }
        }
        return xy
    }
}
