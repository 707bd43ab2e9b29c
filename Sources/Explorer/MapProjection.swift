import Foundation
import SenseVecCore
import Projection

/// Projects the map's rows to 2-D.
///
/// t-SNE comes from the Projection module (the t-SNE engineer's). Until its t-SNE API is merged into this
/// branch, a request for `tsne` falls back to the principal-component projection below and says so in the
/// map's `note` (shown on the page and on stderr). That fallback is temporary by design: wire `project` to
/// Projection's t-SNE as soon as it lands (see docs/explorer.md, "Not done").
public enum MapProjection {
    public struct Result: Sendable {
        public var method: MapMethod
        public var note: String?
        /// x0, y0, x1, y1, …
        public var xy: [Double]
    }

    public static func project(_ input: MapInput, settings: MapSettings, progress: ProgressHandler?) throws -> Result {
        let n = input.words.count
        guard n > 0 else { return Result(method: settings.method, note: nil, xy: []) }
        var note: String? = nil
        if settings.method == .tsne {
            note = "t-SNE is not available in this build (the Projection module's t-SNE is not merged yet); showing the PCA projection instead"
        }
        progress?(ProgressEvent(stage: "map (pca)", fraction: 0, message: "projecting \(n) points"))
        let xy = principalComponents(input.values, rows: n, dimension: input.dimension, seed: settings.seed, progress: progress)
        progress?(ProgressEvent(stage: "map (pca)", fraction: 1, message: "projected \(n) points", finished: true))
        return Result(method: .pca, note: note, xy: xy)
    }

    /// The projection on the first two principal components, by power iteration with deflation on the
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
