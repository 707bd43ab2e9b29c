import Foundation

/// KL(P‖Q) of a map and its exact gradient: the pure objective of t-SNE and SNE, O(N²).
///
/// C = Σ_ij p_ij ln(p_ij / q_ij) with q_ij = w(‖y_i − y_j‖²) / Σ_{k≠l} w(‖y_k − y_l‖²) and
/// ∂C/∂y_i = 4 Σ_j (p_ij − q_ij) g_ij (y_i − y_j) (see ``EmbeddingKernel``). P is used as given (with
/// `exaggeration` multiplying it in the gradient only, as in early exaggeration). Positions are
/// `count × 2` row-major. This is the reference the approximate gradients are tested against.
public enum KLDivergence {
    public static func evaluate(affinities p: Affinities, positions y: [Double], kernel: EmbeddingKernel,
                                exaggeration: Double = 1) -> (loss: Double, gradient: [Double]) {
        let n = p.count
        var grad = [Double](repeating: 0, count: 2 * n)
        var z = 0.0
        var rep = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let d2 = dx * dx + dy * dy
                let w = kernel.weight(d2)
                z += w
                let f = w * kernel.g(d2)
                rep[2 * i] += f * dx; rep[2 * i + 1] += f * dy
            }
        }
        var plogw = 0.0, psum = 0.0
        for i in 0..<n {
            for e in p.rowStart[i]..<p.rowStart[i + 1] {
                let j = Int(p.columns[e]); let pij = Double(p.values[e])
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let d2 = dx * dx + dy * dy
                let gg = kernel.g(d2)
                grad[2 * i] += 4 * exaggeration * pij * gg * dx
                grad[2 * i + 1] += 4 * exaggeration * pij * gg * dy
                if pij > 0 { plogw += pij * kernel.logWeight(d2); psum += pij }
            }
        }
        for k in 0..<(2 * n) { grad[k] -= 4 * rep[k] / z }
        let loss = p.negativeEntropy - plogw + psum * log(z)
        return (loss, grad)
    }
}
