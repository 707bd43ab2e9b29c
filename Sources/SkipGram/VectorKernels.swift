#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIMD8 kernels over rows whose length is a multiple of 8 floats (``SharedWeights`` pads rows with zeros).
///
/// Two accumulators break the serial add chain of a dot product (../shared/docs/PERFORMANCE.md). Loads and
/// stores are unaligned so callers may pass any `[Float]` storage; on AVX2 they cost the same as aligned
/// ones when the address happens to be aligned (the padded matrices are 64-byte aligned).
public enum VectorKernels {
    /// Σ_i a_i b_i over `chunks` × 8 floats.
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, chunks: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var i = 0
        while i + 1 < chunks {
            let o = i &* 32
            s0 = s0.addingProduct(ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
                                  rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            s1 = s1.addingProduct(ra.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self),
                                  rb.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self))
            i &+= 2
        }
        if i < chunks {
            let o = i &* 32
            s0 = s0.addingProduct(ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
                                  rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
        }
        return (s0 + s1).sum()
    }

    /// y += a · x over `chunks` × 8 floats.
    @inlinable @inline(__always)
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, chunks: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let va = SIMD8<Float>(repeating: a)
        var i = 0
        while i < chunks {
            let o = i &* 32
            let v = ry.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                .addingProduct(va, rx.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            ry.storeBytes(of: v, toByteOffset: o, as: SIMD8<Float>.self)
            i &+= 1
        }
    }

    /// Sets `chunks` × 8 floats to zero.
    @inlinable @inline(__always)
    public static func zero(_ y: UnsafeMutablePointer<Float>, chunks: Int) {
        y.update(repeating: 0, count: chunks &* 8)
    }

    /// The logistic function σ(x) = 1 / (1 + e^−x), computed exactly (no MAX_EXP table or clipping; the
    /// lookup table bought ~5% in the memory-bound loop here, not worth an objective that is not smooth).
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

    /// −log σ(x) = log(1 + e^−x), stable for large |x|.
    @inlinable @inline(__always)
    public static func negativeLogSigmoid(_ x: Float) -> Float {
        x > 0 ? log1pf(expf(-x)) : -x + log1pf(expf(x))
    }
}
