/// Dot-product kernels shared by the batched evaluators.
///
/// Rows are stored with a stride that is a multiple of 8 and zero padding, so every kernel runs whole
/// `SIMD8<Float>` steps with unaligned loads. Each dot product accumulates in one SIMD8 register in
/// k order and ends with the same fixed horizontal sum (``horizontalSum(_:)``), so the 4×2 micro-kernel and the
/// single dot give bit-identical results (the batched analogy solver is tested against the one-at-a-time one).
/// The micro-kernel keeps eight independent accumulators in flight, which hides the FMA latency that two
/// accumulators hide in a single dot (PERFORMANCE.md).
@usableFromInline
enum DotKernels {
    /// A fixed-order horizontal sum: (low half + high half), twice, then the last two lanes.
    @inlinable @inline(__always)
    static func horizontalSum(_ v: SIMD8<Float>) -> Float {
        let s4 = v.lowHalf + v.highHalf
        let s2 = s4.lowHalf + s4.highHalf
        return s2[0] + s2[1]
    }

    @inlinable @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// False only when no lane of `v` exceeds `threshold`; may be true when none does (a lane equal to it), so
    /// callers re-check lanes one by one. Works on the sign bits of `v − threshold` with integer vector ops,
    /// because the generic SIMD comparisons (`.>`, `any`) compiled to a lane-by-lane loop through the stack
    /// here (5× slower analogies). `v − t > 0` ⇔ its bit pattern `x` is a positive Int32 ⇔ `x − 1` has the sign
    /// bit clear (−0.0 also passes: a harmless false positive; NaN lanes may pass too).
    @inlinable @inline(__always)
    static func mayExceed(_ v: SIMD8<Float>, _ threshold: Float) -> Bool {
        let x = unsafeBitCast(v - SIMD8<Float>(repeating: threshold), to: SIMD8<Int32>.self) &- SIMD8<Int32>(repeating: 1)
        let h4 = x.lowHalf & x.highHalf
        let h2 = h4.lowHalf & h4.highHalf
        return (h2[0] & h2[1]) >= 0
    }

    /// `x · y` over `stride` floats (`stride` a multiple of 8).
    @inlinable
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, stride: Int) -> Float {
        var acc = SIMD8<Float>()
        var k = 0
        while k < stride {
            acc.addProduct(load(x + k), load(y + k))
            k &+= 8
        }
        return horizontalSum(acc)
    }

    /// `out[r * outStride + c] = A[r] · B[c]` for r in 0..<4 and c in 0..<2: rows `a0…a3` against rows
    /// `b0, b1`. Eight accumulators, six loads per eight FMAs.
    @inlinable
    static func kernel4x2(_ a: UnsafePointer<Float>, aStride: Int,
                          _ b: UnsafePointer<Float>, bStride: Int,
                          stride: Int, out: UnsafeMutablePointer<Float>, outStride: Int) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
        var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        let a0 = a, a1 = a + aStride, a2 = a + 2 * aStride, a3 = a + 3 * aStride
        let b0 = b, b1 = b + bStride
        var k = 0
        while k < stride {
            let w0 = load(b0 + k), w1 = load(b1 + k)
            let q0 = load(a0 + k)
            c00.addProduct(q0, w0); c01.addProduct(q0, w1)
            let q1 = load(a1 + k)
            c10.addProduct(q1, w0); c11.addProduct(q1, w1)
            let q2 = load(a2 + k)
            c20.addProduct(q2, w0); c21.addProduct(q2, w1)
            let q3 = load(a3 + k)
            c30.addProduct(q3, w0); c31.addProduct(q3, w1)
            k &+= 8
        }
        out[0] = horizontalSum(c00); out[1] = horizontalSum(c01)
        out[outStride] = horizontalSum(c10); out[outStride + 1] = horizontalSum(c11)
        out[2 * outStride] = horizontalSum(c20); out[2 * outStride + 1] = horizontalSum(c21)
        out[3 * outStride] = horizontalSum(c30); out[3 * outStride + 1] = horizontalSum(c31)
    }
}

extension SIMD8 where Scalar == Float {
    /// `self += x * y`, fused.
    @inlinable @inline(__always)
    mutating func addProduct(_ x: SIMD8<Float>, _ y: SIMD8<Float>) {
        self = self.addingProduct(x, y)
    }
}
