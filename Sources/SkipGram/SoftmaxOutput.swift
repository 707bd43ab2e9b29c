import SenseVecCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exact softmax output layer: p(y | h) = exp(u_y·h) / Σ_w exp(u_w·h), loss L = −log p(y | h).
///
/// ∂L/∂h = Σ_w p_w u_w − u_y and ∂L/∂u_w = (p_w − [w = y]) h. O(V·d) per example: practical for small
/// vocabularies, and the reference that negative sampling and hierarchical softmax approximate.
public enum SoftmaxOutput {
    /// Adds −η ∂L/∂h to `hiddenGradient` and −η ∂L/∂u_w to every output row (gradients at the weights on
    /// entry); returns L. `scratch` needs `vocabularySize` floats.
    @inlinable
    public static func update(hidden: UnsafePointer<Float>, hiddenGradient: UnsafeMutablePointer<Float>,
                              output: UnsafeMutablePointer<Float>, stride: Int, vocabularySize: Int,
                              target: Int, learningRate: Float, scratch: UnsafeMutablePointer<Float>) -> Float {
        let chunks = stride >> 3
        var m = -Float.infinity
        for w in 0..<vocabularySize {
            let x = VectorKernels.dot(hidden, output + w &* stride, chunks: chunks)
            scratch[w] = x
            m = max(m, x)
        }
        let targetScore = scratch[target]
        var z: Float = 0
        for w in 0..<vocabularySize {
            let e = expf(scratch[w] - m)
            scratch[w] = e
            z += e
        }
        let loss = logf(z) - (targetScore - m)
        let invZ = 1 / z
        // Hidden gradient first (uses U on entry), then the rows.
        for w in 0..<vocabularySize {
            let g = ((w == target ? 1 : 0) - scratch[w] * invZ) * learningRate
            scratch[w] = g
            VectorKernels.axpy(g, output + w &* stride, hiddenGradient, chunks: chunks)
        }
        for w in 0..<vocabularySize {
            VectorKernels.axpy(scratch[w], hidden, output + w &* stride, chunks: chunks)
        }
        return loss
    }
}
