#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The small numerical kernels of the sense model: dot products, scaled additions and the hierarchical-softmax
/// term of one (sense, context word) pair. The scoring kernels live here, beside ``SenseVectors`` and
/// ``SensePosterior`` that use them; the training steps are an extension in the `Senses` module.
///
/// In the paper's notation (Bartunov et al. 2016) the input vector of sense z of word x is `In[x, z]` and the
/// output vector of Huffman inner node n is `Out[n]`; a context word y has a path of inner nodes n_1…n_L with
/// branch codes c_1…c_L, and
///
///     log p(y | z, x) = Σ_j log σ(s_j · Out[n_j] · In[x, z]),   s_j = 1 − 2·c_j.
///
/// Every function here works on raw pointers so that the trainer's hot loop allocates nothing; rows are not
/// assumed aligned (unaligned SIMD8 loads, two accumulators to break the add chain, see PERFORMANCE.md).
public enum SenseKernels {
    /// Σ_i a[i]·b[i]: the project's one SIMD dot kernel, ``CosineIndex/dot(_:_:_:)`` (two SIMD8 accumulators).
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        CosineIndex.dot(a, b, n)
    }

    /// y += a·x.
    @inlinable @inline(__always)
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let av = SIMD8<Float>(repeating: a)
        while i + 8 <= n {
            var v = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            v.addProduct(av, rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            ry.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { y[i] += a * x[i]; i += 1 }
    }

    /// log σ(z), computed without overflow.
    @inlinable @inline(__always)
    public static func logSigmoid(_ z: Float) -> Float {
        z >= 0 ? -log1pf(expf(-z)) : z - log1pf(expf(z))
    }

    /// σ(z) = 1 / (1 + e^(−z)).
    @inlinable @inline(__always)
    public static func sigmoid(_ z: Float) -> Float {
        1 / (1 + expf(-z))
    }

    /// log σ(z) for 8 lanes: min(z, 0) − log(1 + e^−|z|), with the vector e^x of ``VectorKernels/exp(_:)``
    /// and log(1 + e) = 2·atanh(e / (2 + e)) by its series to s¹¹ (e ∈ (0, 1], so s ≤ 1/3 and the first omitted
    /// term is below 10⁻⁷). Absolute error below 10⁻⁶ (checked against the scalar ``logSigmoid(_:)`` in the tests).
    @inlinable @inline(__always)
    public static func logSigmoid(_ z: SIMD8<Float>) -> SIMD8<Float> {
        // |z| by clearing the sign bits, min(z, 0) = (z − |z|) / 2 (SIMD comparisons compile to per-lane code here).
        let magnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD8<UInt32>.self) & SIMD8(repeating: 0x7fff_ffff), to: SIMD8<Float>.self)
        let e = VectorKernels.exp(-magnitude)
        let s = e / (SIMD8(repeating: 2) + e)
        let s2 = s * s
        var p = SIMD8<Float>(repeating: 1.0 / 11)
        p = p * s2 + SIMD8(repeating: 1.0 / 9)
        p = p * s2 + SIMD8(repeating: 1.0 / 7)
        p = p * s2 + SIMD8(repeating: 1.0 / 5)
        p = p * s2 + SIMD8(repeating: 1.0 / 3)
        p = p * s2 + SIMD8(repeating: 1)
        return (z - magnitude) * 0.5 - 2 * s * p
    }

    /// log p(y | v) = Σ_j log σ(s_j · Out[n_j] · v) over the path of y (nodes `points`, codes `codes`, `length` of them).
    /// The node scores are gathered 8 at a time and their log σ taken with the vector ``logSigmoid(_:)-swift.type.method``
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
                let x = dot(output + Int(points[j &+ l]) &* d, v, d)
                z[l] = codes[j &+ l] == 0 ? x : -x
            }
            total += logSigmoid(z)
            j &+= 8
        }
        return total.sum()
    }
}
