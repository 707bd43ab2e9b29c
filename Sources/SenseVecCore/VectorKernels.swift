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

    /// Writes the unit vector x / ‖x‖ of the `count` floats at `x` to `out` (which may be `x`) and returns ‖x‖; a zero
    /// vector is written as zeros and its length is 0. The components are first divided by the largest magnitude m,
    /// so the sum of squares is in [1, count] and neither overflows (components of 1e20 and above) nor underflows
    /// (1e-20 and below, subnormals included): the unit vector is right to Float rounding for any finite input. The
    /// length returned is m·‖x / m‖ (infinite when it exceeds the Float range). The one normalization of the cosine
    /// queries (``CosineIndex``, the evaluation's unit rows).
    public static func normalize(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) -> Float {
        var m: Float = 0
        for k in 0..<count { m = Swift.max(m, Swift.abs(x[k])) }
        guard m > 0, m.isFinite else {
            out.update(repeating: 0, count: count)
            return 0
        }
        // 1/m overflows for a subnormal m: divide then.
        let inv = 1 / m
        if inv.isFinite { for k in 0..<count { out[k] = x[k] * inv } }
        else { for k in 0..<count { out[k] = x[k] / m } }
        var s: Float = 0
        for k in 0..<count { s += out[k] * out[k] }
        let scaled = s.squareRoot()
        let invScaled = 1 / scaled
        for k in 0..<count { out[k] *= invScaled }
        return m * scaled
    }

    /// The unit vector of `x` (zeros for a zero vector), as ``normalize(_:count:into:)``.
    public static func normalized(_ x: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                if let s = src.baseAddress, let d = dst.baseAddress { _ = normalize(s, count: x.count, into: d) }
            }
        }
        return out
    }

    /// The logistic function σ(x) = 1 / (1 + e^−x), computed exactly (no MAX_EXP table or clipping; the
    /// lookup table bought ~5% in the memory-bound loop here, not worth an objective that is not smooth).
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

    /// e^x for 8 lanes at once (Cody–Waite range reduction x = n·ln2 + r, |r| ≤ ln2/2, a degree-6
    /// polynomial for e^r, 2ⁿ built in the exponent bits). Relative error ≈ 2·10⁻⁷ (checked against `expf`
    /// in the tests); inputs are clamped to [−87, 88] so the result stays a normal finite float.
    @inlinable @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // Clamped with masked replaces: they compile to vminps/vmaxps, while `clamped(lowerBound:upperBound:)` and
        // `pointwiseMin/Max` compile to out-of-line calls (4% of multi-sense training time in perf).
        var xc = x
        xc.replace(with: SIMD8(repeating: 88), where: xc .> 88)
        xc.replace(with: SIMD8(repeating: -87), where: xc .< -87)
        let magic = SIMD8<Float>(repeating: 12_582_912)          // 1.5·2²³: adding it rounds to an integer
        let shifted = xc * SIMD8(repeating: 1.442_695_04) + magic
        let n = shifted - magic
        var r = xc - n * SIMD8(repeating: 0.693_145_751_953_125)  // ln2 split in a high and a low part
        r = r - n * SIMD8(repeating: 1.428_606_765_330_187e-6)
        // e^r ≈ 1 + r + r²(1/2 + r(1/6 + r(1/24 + r(1/120 + r/720)))) on |r| ≤ 0.347.
        var p = SIMD8<Float>(repeating: 1.0 / 720)
        p = p * r + SIMD8(repeating: 1.0 / 120)
        p = p * r + SIMD8(repeating: 1.0 / 24)
        p = p * r + SIMD8(repeating: 1.0 / 6)
        p = p * r + SIMD8(repeating: 0.5)
        p = p * (r * r) + r + SIMD8(repeating: 1)
        // 2ⁿ: n sits in the low mantissa bits of `shifted`; move it (plus the bias 127) into the exponent.
        let nBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self)
        let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: SIMD8<Float>.self)
        return p * scale
    }

    /// σ(x) for 8 lanes (1 / (1 + e^−x) with the vector `exp`).
    @inlinable @inline(__always)
    public static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> {
        SIMD8(repeating: 1) / (SIMD8(repeating: 1) + exp(-x))
    }

    /// Replaces `count` floats by their logistic σ(x), 8 at a time (the tail through a padded vector).
    @inlinable @inline(__always)
    public static func sigmoidInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let raw = UnsafeMutableRawPointer(x)
        var i = 0
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
            raw.storeBytes(of: sigmoid(v), toByteOffset: i &* 4, as: SIMD8<Float>.self)
            i &+= 8
        }
        if i < count {
            var v = SIMD8<Float>()
            for j in 0..<(count &- i) { v[j] = x[i &+ j] }
            let s = sigmoid(v)
            for j in 0..<(count &- i) { x[i &+ j] = s[j] }
        }
    }

    /// −log σ(x) = log(1 + e^−x), stable for large |x|.
    @inlinable @inline(__always)
    public static func negativeLogSigmoid(_ x: Float) -> Float {
        x > 0 ? log1pf(expf(-x)) : -x + log1pf(expf(x))
    }
}
