#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's e^x in Double (inside ``VectorKernels`` the name `exp` is its SIMD8 function).
@usableFromInline @inline(__always) func doubleExp(_ x: Double) -> Double { exp(x) }

/// The project's one file of numerical kernels: dot products, scaled additions, normalization, squared distances,
/// the 16-row panel kernels of the cosine and nearest-neighbour scans, and the logistic functions, used by both
/// trainers, the sense model, the queries and the projections.
///
/// Two accumulators break the serial add chain of a dot product (../shared/docs/PERFORMANCE.md). Loads and
/// stores are unaligned so callers may pass any `[Float]` storage; on AVX2 they cost the same as aligned
/// ones when the address happens to be aligned (the padded matrices are 64-byte aligned). The `chunks:` forms
/// take rows whose length is a multiple of 8 floats (``SharedWeights`` pads rows with zeros); the `count:` forms
/// take any length and finish with a scalar tail.
public enum VectorKernels {
    /// Σ_i a_i b_i over `chunks` × 8 floats: chunks alternate between two SIMD8 accumulators and an odd last chunk
    /// goes to the first. Always inlined: the trainers call it once per output row, where a call costs a
    /// measurable share of a 100-float dot.
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, chunks: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var i = 0
        while i &+ 1 < chunks {
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

    /// Σ_i a_i b_i over `count` floats: ``dot(_:_:chunks:)`` over the whole chunks of 8, then the last `count` mod 8
    /// products added one by one.
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
        var s = dot(a, b, chunks: n &>> 3)
        var k = n & ~7
        while k < n { s += a[k] * b[k]; k &+= 1 }
        return s
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

    /// y += a · x over `count` floats: ``axpy(_:_:_:chunks:)`` over the whole chunks of 8, then a scalar tail.
    @inlinable @inline(__always)
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        axpy(a, x, y, chunks: n &>> 3)
        var k = n & ~7
        while k < n { y[k] += a * x[k]; k &+= 1 }
    }

    /// The dot products of v with 8 rows at once: one accumulator per row, v loaded once per 8 components, and a
    /// 4-wide step for dimensions ≡ 4 (mod 8) such as 100.
    @inlinable @inline(__always)
    public static func dot8(_ v: UnsafePointer<Float>, _ u0: UnsafePointer<Float>, _ u1: UnsafePointer<Float>,
                            _ u2: UnsafePointer<Float>, _ u3: UnsafePointer<Float>, _ u4: UnsafePointer<Float>,
                            _ u5: UnsafePointer<Float>, _ u6: UnsafePointer<Float>, _ u7: UnsafePointer<Float>,
                            _ d: Int) -> SIMD8<Float> {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
        let rv = UnsafeRawPointer(v)
        let r0 = UnsafeRawPointer(u0), r1 = UnsafeRawPointer(u1), r2 = UnsafeRawPointer(u2), r3 = UnsafeRawPointer(u3)
        let r4 = UnsafeRawPointer(u4), r5 = UnsafeRawPointer(u5), r6 = UnsafeRawPointer(u6), r7 = UnsafeRawPointer(u7)
        var j = 0
        while j &+ 8 <= d {
            let o = j &* 4
            let x = rv.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            a0.addProduct(x, r0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a1.addProduct(x, r1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a2.addProduct(x, r2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a3.addProduct(x, r3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a4.addProduct(x, r4.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a5.addProduct(x, r5.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a6.addProduct(x, r6.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a7.addProduct(x, r7.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            j &+= 8
        }
        var result = SIMD8<Float>(a0.sum(), a1.sum(), a2.sum(), a3.sum(), a4.sum(), a5.sum(), a6.sum(), a7.sum())
        if j &+ 4 <= d {
            let o = j &* 4
            let x = rv.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)
            result += SIMD8((x * r0.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r1.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r2.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r3.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r4.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r5.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r6.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r7.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum())
            j &+= 4
        }
        while j < d {
            let x = v[j]
            result += SIMD8(u0[j], u1[j], u2[j], u3[j], u4[j], u5[j], u6[j], u7[j]) * x
            j &+= 1
        }
        return result
    }

    /// ‖a − b‖² over `count` floats, accumulated as ``dot(_:_:count:)`` accumulates products.
    @inlinable @inline(__always)
    public static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var k = 0
        while k &+ 16 <= n {
            let o = k &* 4
            let d0 = ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) - rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let d1 = ra.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
            s0 = s0.addingProduct(d0, d0)
            s1 = s1.addingProduct(d1, d1)
            k &+= 16
        }
        if k &+ 8 <= n {
            let o = k &* 4
            let d0 = ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) - rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s0 = s0.addingProduct(d0, d0)
            k &+= 8
        }
        var s = (s0 + s1).sum()
        while k < n { let d = a[k] - b[k]; s += d * d; k &+= 1 }
        return s
    }

    /// Σ_i a_i b_i of two Double arrays of equal length (the optimizers' vectors; Double, unlike the Float32 rows).
    @inlinable
    public static func dot(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "vectors of different lengths")
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in
            guard let xp = x.baseAddress, let yp = y.baseAddress else { return 0 }
            return dot(xp, yp, count: a.count)
        } }
    }

    /// Σ_i a_i b_i over `count` Doubles (two SIMD4 accumulators, a scalar tail).
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count n: Int) -> Double {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var k = 0
        while k &+ 8 <= n {
            let o = k &* 8
            s0 = s0.addingProduct(ra.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self),
                                  rb.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self))
            s1 = s1.addingProduct(ra.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD4<Double>.self),
                                  rb.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD4<Double>.self))
            k &+= 8
        }
        var s = (s0 + s1).sum()
        while k < n { s += a[k] * b[k]; k &+= 1 }
        return s
    }

    /// y += a · x over `count` Doubles (two SIMD4 steps at a time, then a scalar tail).
    @inlinable @inline(__always)
    public static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let va = SIMD4<Double>(repeating: a)
        var k = 0
        while k &+ 8 <= n {
            let o = k &* 8
            let y0 = ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                .addingProduct(va, rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self))
            let y1 = ry.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD4<Double>.self)
                .addingProduct(va, rx.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD4<Double>.self))
            ry.storeBytes(of: y0, toByteOffset: o, as: SIMD4<Double>.self)
            ry.storeBytes(of: y1, toByteOffset: o &+ 32, as: SIMD4<Double>.self)
            k &+= 8
        }
        while k < n { y[k] += a * x[k]; k &+= 1 }
    }

    /// Rows per panel of the panel kernels. A panel holds 16 rows column by column: `panel[k · 16 + j]` is
    /// component k of the panel's row j (the layout of a GEMM micro-kernel, no horizontal sums).
    public static let panelWidth = 16

    /// The dot products of one query with the 16 rows of a panel, rows 0–7 in `low` and 8–15 in `high`.
    /// Each lane sums its products in component order, as ``panelDots(_:_:_:_:panel:dimension:)`` does, so a pair
    /// gets the same Float32 dot product whether it is asked alone or in a batch of 4.
    @inlinable @inline(__always)
    public static func panelDots(_ q: UnsafePointer<Float>, panel: UnsafePointer<Float>, dimension d: Int) -> PanelDots {
        var lo = SIMD8<Float>(), hi = SIMD8<Float>()
        let raw = UnsafeRawPointer(panel)
        for k in 0..<d {
            let x = SIMD8<Float>(repeating: q[k])
            lo = lo.addingProduct(x, raw.loadUnaligned(fromByteOffset: k &* 64, as: SIMD8<Float>.self))
            hi = hi.addingProduct(x, raw.loadUnaligned(fromByteOffset: k &* 64 &+ 32, as: SIMD8<Float>.self))
        }
        return PanelDots(low: lo, high: hi)
    }

    /// The dot products of 4 queries with the 16 rows of a panel: per component, two SIMD8 loads of the panel, four
    /// broadcast query values and eight FMAs into eight accumulators.
    @inlinable @inline(__always)
    public static func panelDots(_ q0: UnsafePointer<Float>, _ q1: UnsafePointer<Float>, _ q2: UnsafePointer<Float>,
                                 _ q3: UnsafePointer<Float>, panel: UnsafePointer<Float>, dimension d: Int)
        -> (PanelDots, PanelDots, PanelDots, PanelDots) {
        var a0 = SIMD8<Float>(), b0 = SIMD8<Float>()
        var a1 = SIMD8<Float>(), b1 = SIMD8<Float>()
        var a2 = SIMD8<Float>(), b2 = SIMD8<Float>()
        var a3 = SIMD8<Float>(), b3 = SIMD8<Float>()
        let raw = UnsafeRawPointer(panel)
        for k in 0..<d {
            let lo = raw.loadUnaligned(fromByteOffset: k &* 64, as: SIMD8<Float>.self)
            let hi = raw.loadUnaligned(fromByteOffset: k &* 64 &+ 32, as: SIMD8<Float>.self)
            let x0 = SIMD8<Float>(repeating: q0[k]), x1 = SIMD8<Float>(repeating: q1[k])
            let x2 = SIMD8<Float>(repeating: q2[k]), x3 = SIMD8<Float>(repeating: q3[k])
            a0 = a0.addingProduct(x0, lo); b0 = b0.addingProduct(x0, hi)
            a1 = a1.addingProduct(x1, lo); b1 = b1.addingProduct(x1, hi)
            a2 = a2.addingProduct(x2, lo); b2 = b2.addingProduct(x2, hi)
            a3 = a3.addingProduct(x3, lo); b3 = b3.addingProduct(x3, hi)
        }
        return (PanelDots(low: a0, high: b0), PanelDots(low: a1, high: b1),
                PanelDots(low: a2, high: b2), PanelDots(low: a3, high: b3))
    }

    /// Writes row `row` (`dimension` floats at `x`) into its place in the packed panels at `panels` (panel
    /// `row / 16`, column `row % 16`).
    @inlinable
    public static func pack(_ x: UnsafePointer<Float>, row: Int, dimension d: Int, into panels: UnsafeMutablePointer<Float>) {
        let w = panelWidth
        let offset: Int = (row / w) &* w &* d &+ row % w
        let column = panels + offset
        for k in 0..<d { column[k &* w] = x[k] }
    }

    /// Reads row `row` of the packed panels at `panels` into `out` (`dimension` floats).
    @inlinable
    public static func unpack(row: Int, dimension d: Int, from panels: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let w = panelWidth
        let offset: Int = (row / w) &* w &* d &+ row % w
        let column = panels + offset
        for k in 0..<d { out[k] = column[k &* w] }
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

    /// The cosine of `x` and `y` (equal lengths): the dot product of their unit vectors (``normalize(_:count:into:)``,
    /// so no component overflows or underflows), 0 when either is the zero vector.
    public static func cosine(_ x: [Float], _ y: [Float]) -> Float {
        precondition(x.count == y.count, "vectors of different dimensions")
        let ux = normalized(x), uy = normalized(y)
        return ux.withUnsafeBufferPointer { a in
            uy.withUnsafeBufferPointer { b in
                guard let ap = a.baseAddress, let bp = b.baseAddress else { return 0 }
                return dot(ap, bp, count: x.count)
            }
        }
    }

    /// The logistic function σ(x) = 1 / (1 + e^−x), computed exactly (no MAX_EXP table or clipping; the
    /// lookup table bought ~5% in the memory-bound loop here, not worth an objective that is not smooth).
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

    /// σ(x) in Double, without overflow for either sign (e^x / (1 + e^x) for negative x).
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + doubleExp(-x)) }
        let e = doubleExp(x)
        return e / (1 + e)
    }

    /// log σ(x) = −log(1 + e^−x), computed without overflow for either sign.
    @inlinable @inline(__always)
    public static func logSigmoid(_ x: Float) -> Float {
        x >= 0 ? -log1pf(expf(-x)) : x - log1pf(expf(x))
    }

    /// log σ(x) in Double, computed without overflow for either sign.
    @inlinable @inline(__always)
    public static func logSigmoid(_ x: Double) -> Double {
        x >= 0 ? -log1p(doubleExp(-x)) : x - log1p(doubleExp(x))
    }

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

    /// log σ(z) for 8 lanes: min(z, 0) − log(1 + e^−|z|), with the vector ``exp(_:)`` and log(1 + e) =
    /// 2·atanh(e / (2 + e)) by its series to s¹¹ (e ∈ (0, 1], so s ≤ 1/3 and the first omitted term is below
    /// 10⁻⁷). Absolute error below 10⁻⁶ (checked against the scalar `logSigmoid` in the tests).
    @inlinable @inline(__always)
    public static func logSigmoid(_ z: SIMD8<Float>) -> SIMD8<Float> {
        // |z| by clearing the sign bits, min(z, 0) = (z − |z|) / 2 (SIMD comparisons compile to per-lane code here).
        let magnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD8<UInt32>.self) & SIMD8(repeating: 0x7fff_ffff), to: SIMD8<Float>.self)
        let e = exp(-magnitude)
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
}

/// The dot products of one query with the 16 rows of a panel (``VectorKernels/panelDots(_:panel:dimension:)``).
public struct PanelDots: Sendable {
    /// Rows 0–7 of the panel.
    public var low: SIMD8<Float>
    /// Rows 8–15 of the panel.
    public var high: SIMD8<Float>
    @inlinable @inline(__always)
    public init(low: SIMD8<Float>, high: SIMD8<Float>) { self.low = low; self.high = high }

    /// The dot product with row `row` (0 ..< 16) of the panel.
    @inlinable
    public subscript(row: Int) -> Float { row < 8 ? low[row] : high[row - 8] }

    /// Stores the 16 dot products at `out`.
    @inlinable @inline(__always)
    public func store(_ out: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(out).storeBytes(of: low, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(out + 8).storeBytes(of: high, as: SIMD8<Float>.self)
    }
}
