#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hierarchical-softmax terms of the sense model, built on the dot products, scaled additions and logistic
/// functions of ``VectorKernels``. The scoring kernels live here, beside ``SenseVectors`` and ``SensePosterior``
/// that use them; the training steps are an extension in the `Senses` module.
///
/// In the paper's notation (Bartunov et al. 2016) the input vector of sense z of word x is `In[x, z]` and the
/// output vector of Huffman inner node n is `Out[n]`; a context word y has a path of inner nodes n_1…n_L with
/// branch codes c_1…c_L, and
///
///     log p(y | z, x) = Σ_j log σ(s_j · Out[n_j] · In[x, z]),   s_j = 1 − 2·c_j.
///
/// Every function here works on raw pointers so that the trainer's hot loop allocates nothing; rows are not
/// assumed aligned and their length need not be a multiple of 8.
public enum SenseKernels {
    /// log p(y | v) = Σ_j log σ(s_j · Out[n_j] · v) over the path of y (nodes `points`, codes `codes`, `length` of them).
    /// The node scores are gathered 8 at a time and their log σ taken with the vector `VectorKernels.logSigmoid` of SIMD8
    /// (the scalar log1p and exp were a fifth of multi-sense training time).
    @inlinable @inline(__always)
    public static func pathLogLikelihood(_ v: UnsafePointer<Float>, output: UnsafePointer<Float>, dimension d: Int,
                                         points: UnsafePointer<Int32>, codes: UnsafePointer<UInt8>, length: Int) -> Float {
        var total = SIMD8<Float>()
        var j = 0
        while j < length {
            // Padding lanes get a large positive score: log σ(40) ≈ −4·10⁻¹⁸.
            var z = SIMD8<Float>(repeating: 40)
            let count = Swift.min(8, length &- j)
            for l in 0..<count {
                let x = VectorKernels.dot(output + Int(points[j &+ l]) &* d, v, count: d)
                z[l] = codes[j &+ l] == 0 ? x : -x
            }
            total += VectorKernels.logSigmoid(z)
            j &+= 8
        }
        return total.sum()
    }
}
