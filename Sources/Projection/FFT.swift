import Foundation

/// Mixed-radix complex fast Fourier transform for lengths 2^a·3^b·5^c, written for the t-SNE interpolation
/// grid (FIt-SNE sizes its grid from the map's extent, so lengths are not powers of two).
///
/// X[k] = Σ_j x[j] e^(−2πi jk/M) (forward), x[j] = (1/M) Σ_k X[k] e^(+2πi jk/M) (inverse). Data are split
/// real/imaginary planes of M "rows" of length `stride`; one call transforms along the rows' index for a range of
/// columns, with every butterfly applied to whole row segments in SIMD4<Double> (SIMD2 for a last pair).
///
/// Algorithm: Stockham autosort, decimation in time (no bit reversal): after the stages with radices
/// p₁…p_s (product L), the array holds, for each residue class b of the input index modulo M/L, the length-L DFT of
/// that subsequence, frequency a at row a·(M/L) + b. A radix-p stage combines p such transforms with twiddles
/// e^(∓2πi·q·a/(L·p)) and a p-point DFT (specialized butterflies for p = 2, 3, 4, 5), ping-ponging between the data
/// and a scratch buffer. A 2-D transform is: along rows, transpose, along rows again.
public struct FFT: Sendable {
    /// Transform length (2^a·3^b·5^c).
    public let length: Int
    /// Radices in the order the stages apply them.
    public let radices: [Int]
    /// Per stage: twiddles cos/sin(2π·q·a/(L·p)) for a in 0..<L, q in 1..<p, at `stageOffset[s] + a·(p−1) + q−1`.
    @usableFromInline let twCos: [Double]
    @usableFromInline let twSin: [Double]
    @usableFromInline let stageOffset: [Int]

    /// True when `n` ≥ 1 has no prime factor above 5.
    public static func isSupported(_ n: Int) -> Bool {
        guard n >= 1 else { return false }
        var m = n
        for p in [2, 3, 5] { while m % p == 0 { m /= p } }
        return m == 1
    }

    /// The smallest supported length ≥ `n` that is a multiple of `multiple`.
    public static func goodSize(atLeast n: Int, multipleOf multiple: Int = 1) -> Int {
        var m = max(1, n)
        while !(m % multiple == 0 && isSupported(m)) { m += 1 }
        return m
    }

    public init(length: Int) {
        precondition(Self.isSupported(length), "FFT length must be 2^a·3^b·5^c, got \(length)")
        self.length = length
        var m = length
        var r: [Int] = []
        while m % 4 == 0 { r.append(4); m /= 4 }
        while m % 2 == 0 { r.append(2); m /= 2 }
        while m % 3 == 0 { r.append(3); m /= 3 }
        while m % 5 == 0 { r.append(5); m /= 5 }
        radices = r
        var c: [Double] = [], s: [Double] = [], off: [Int] = []
        var l = 1
        for p in r {
            off.append(c.count)
            let ls = l * p
            for a in 0..<l {
                for q in 1..<p {
                    let angle = 2 * Double.pi * Double(q * a) / Double(ls)
                    c.append(cos(angle)); s.append(sin(angle))
                }
            }
            l = ls
        }
        twCos = c; twSin = s; stageOffset = off
    }

    /// Number of Double values of scratch (per plane) that ``transformRows(re:im:stride:columns:inverse:scratchRe:scratchIm:)``
    /// needs for `width` columns.
    public func scratchCount(width: Int) -> Int { length * width }

    /// Transforms along the row index: for each column c in `columns`, the sequence (row 0…M−1, column c) of the
    /// planes `re`, `im` (row r, column c at r·stride + c) is replaced by its DFT. The column count must be even
    /// (SIMD pairs); `scratchRe`/`scratchIm` hold ``scratchCount(width:)`` values each. No scaling on the inverse
    /// (``inverseScale`` is 1/M).
    @inlinable
    public func transformRows(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, stride: Int,
                              columns: Range<Int>, inverse: Bool,
                              scratchRe: UnsafeMutablePointer<Double>, scratchIm: UnsafeMutablePointer<Double>) {
        let m = length
        let w = columns.count
        precondition(w % 2 == 0, "FFT.transformRows needs an even number of columns")
        if m == 1 || w == 0 { return }
        let c0 = columns.lowerBound
        // Ping-pong: data (stride) ↔ scratch (w).
        var srcRe = re + c0, srcIm = im + c0, srcStride = stride
        var dstRe = scratchRe, dstIm = scratchIm, dstStride = w
        var l = 1
        let sign: Double = inverse ? 1 : -1
        twCos.withUnsafeBufferPointer { tc in
        twSin.withUnsafeBufferPointer { ts in
            for (stage, p) in radices.enumerated() {
                let r = m / (l * p)
                let off = stageOffset[stage]
                for a in 0..<l {
                    let tw = off + a * (p - 1)
                    for b in 0..<r {
                        let inRow = a * p * r + b
                        let outRow = a * r + b
                        let x = Rows(re: srcRe + inRow * srcStride, im: srcIm + inRow * srcStride, step: r * srcStride)
                        let y = Rows(re: dstRe + outRow * dstStride, im: dstIm + outRow * dstStride, step: l * r * dstStride)
                        var c = 0
                        while c + 4 <= w {
                            Self.butterfly(SIMD4<Double>.self, p, x, y, c, tc.baseAddress! + tw, ts.baseAddress! + tw, sign, a == 0)
                            c += 4
                        }
                        if c < w {
                            Self.butterfly(SIMD2<Double>.self, p, x, y, c, tc.baseAddress! + tw, ts.baseAddress! + tw, sign, a == 0)
                        }
                    }
                }
                swap(&srcRe, &dstRe); swap(&srcIm, &dstIm); swap(&srcStride, &dstStride)
                l *= p
            }
        }}
        // After the last swap the result is in src; copy back when that is the scratch.
        if srcRe != re + c0 {
            for row in 0..<m {
                (re + c0 + row * stride).update(from: srcRe + row * w, count: w)
                (im + c0 + row * stride).update(from: srcIm + row * w, count: w)
            }
        }
    }

    /// p row segments `step` apart (the inputs or outputs of one butterfly).
    @usableFromInline
    struct Rows {
        @usableFromInline let re: UnsafeMutablePointer<Double>
        @usableFromInline let im: UnsafeMutablePointer<Double>
        @usableFromInline let step: Int
        @inlinable init(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, step: Int) {
            self.re = re; self.im = im; self.step = step
        }
        @inlinable @inline(__always)
        func load<V: SIMD>(_: V.Type, _ q: Int, _ c: Int) -> (V, V) where V.Scalar == Double {
            let o = (q * step + c) * 8
            return (UnsafeRawPointer(re).loadUnaligned(fromByteOffset: o, as: V.self),
                    UnsafeRawPointer(im).loadUnaligned(fromByteOffset: o, as: V.self))
        }
        @inlinable @inline(__always)
        func store<V: SIMD>(_ v: (V, V), _ q: Int, _ c: Int) where V.Scalar == Double {
            let o = (q * step + c) * 8
            UnsafeMutableRawPointer(re).storeBytes(of: v.0, toByteOffset: o, as: V.self)
            UnsafeMutableRawPointer(im).storeBytes(of: v.1, toByteOffset: o, as: V.self)
        }
    }

    /// One radix-p butterfly on `V.scalarCount` columns starting at column c: loads p inputs, multiplies input q ≥ 1
    /// by the twiddle (cos, sign·sin)[q−1] (skipped when `trivial`, a = 0), p-point DFT, stores p outputs.
    @inlinable @inline(__always)
    static func butterfly<V: SIMD>(_: V.Type, _ p: Int, _ x: Rows, _ y: Rows, _ c: Int,
                                   _ tc: UnsafePointer<Double>, _ ts: UnsafePointer<Double>, _ sign: Double,
                                   _ trivial: Bool) where V.Scalar == Double {
        @inline(__always) func input(_ q: Int) -> (V, V) {
            let (a, b) = x.load(V.self, q, c)
            if q == 0 || trivial { return (a, b) }
            let wr = V(repeating: tc[q - 1]), wi = V(repeating: sign * ts[q - 1])
            return (a * wr - b * wi, a * wi + b * wr)
        }
        let s = V(repeating: sign)
        switch p {
        case 2:
            let z0 = input(0), z1 = input(1)
            y.store((z0.0 + z1.0, z0.1 + z1.1), 0, c)
            y.store((z0.0 - z1.0, z0.1 - z1.1), 1, c)
        case 4:
            let z0 = input(0), z1 = input(1), z2 = input(2), z3 = input(3)
            let t0 = (z0.0 + z2.0, z0.1 + z2.1), t1 = (z0.0 - z2.0, z0.1 - z2.1)
            let t2 = (z1.0 + z3.0, z1.1 + z3.1)
            let d = (z1.0 - z3.0, z1.1 - z3.1)
            let t3 = (-s * d.1, s * d.0) // (z1 − z3)·(sign·i)
            y.store((t0.0 + t2.0, t0.1 + t2.1), 0, c)
            y.store((t1.0 + t3.0, t1.1 + t3.1), 1, c)
            y.store((t0.0 - t2.0, t0.1 - t2.1), 2, c)
            y.store((t1.0 - t3.0, t1.1 - t3.1), 3, c)
        case 3:
            let z0 = input(0), z1 = input(1), z2 = input(2)
            let u = (z1.0 + z2.0, z1.1 + z2.1), v = (z1.0 - z2.0, z1.1 - z2.1)
            let half = V(repeating: 0.5), k = s * V(repeating: 0.866_025_403_784_438_6)
            let m = (z0.0 - half * u.0, z0.1 - half * u.1)
            let iv = (-k * v.1, k * v.0) // i·sign·(√3/2)·v
            y.store((z0.0 + u.0, z0.1 + u.1), 0, c)
            y.store((m.0 + iv.0, m.1 + iv.1), 1, c)
            y.store((m.0 - iv.0, m.1 - iv.1), 2, c)
        default: // 5
            let z0 = input(0), z1 = input(1), z2 = input(2), z3 = input(3), z4 = input(4)
            let c1 = V(repeating: 0.309_016_994_374_947_45), c2 = V(repeating: -0.809_016_994_374_947_5)
            let s1 = s * V(repeating: 0.951_056_516_295_153_5), s2 = s * V(repeating: 0.587_785_252_292_473_2)
            let a1 = (z1.0 + z4.0, z1.1 + z4.1), b1 = (z1.0 - z4.0, z1.1 - z4.1)
            let a2 = (z2.0 + z3.0, z2.1 + z3.1), b2 = (z2.0 - z3.0, z2.1 - z3.1)
            let r1 = (z0.0 + c1 * a1.0 + c2 * a2.0, z0.1 + c1 * a1.1 + c2 * a2.1)
            let r2 = (z0.0 + c2 * a1.0 + c1 * a2.0, z0.1 + c2 * a1.1 + c1 * a2.1)
            // i·(s1 b1 + s2 b2) and i·(s2 b1 − s1 b2) (signs folded into s1, s2).
            let q1 = (s1 * b1.0 + s2 * b2.0, s1 * b1.1 + s2 * b2.1)
            let q2 = (s2 * b1.0 - s1 * b2.0, s2 * b1.1 - s1 * b2.1)
            y.store((z0.0 + a1.0 + a2.0, z0.1 + a1.1 + a2.1), 0, c)
            y.store((r1.0 - q1.1, r1.1 + q1.0), 1, c)
            y.store((r2.0 - q2.1, r2.1 + q2.0), 2, c)
            y.store((r2.0 + q2.1, r2.1 - q2.0), 3, c)
            y.store((r1.0 + q1.1, r1.1 - q1.0), 4, c)
        }
    }

    /// 1/M, the factor an inverse transform needs.
    public var inverseScale: Double { 1 / Double(length) }

    /// The DFT of one complex sequence (convenience; allocates).
    public func transform(re: [Double], im: [Double], inverse: Bool = false) -> (re: [Double], im: [Double]) {
        precondition(re.count == length && im.count == length)
        // Two columns: the sequence and a zero column (transformRows works on column pairs).
        var r = [Double](repeating: 0, count: 2 * length), i = [Double](repeating: 0, count: 2 * length)
        for k in 0..<length { r[2 * k] = re[k]; i[2 * k] = im[k] }
        var sr = [Double](repeating: 0, count: scratchCount(width: 2)), si = sr
        r.withUnsafeMutableBufferPointer { rp in
        i.withUnsafeMutableBufferPointer { ip in
        sr.withUnsafeMutableBufferPointer { srp in
        si.withUnsafeMutableBufferPointer { sip in
            transformRows(re: rp.baseAddress!, im: ip.baseAddress!, stride: 2, columns: 0..<2, inverse: inverse,
                          scratchRe: srp.baseAddress!, scratchIm: sip.baseAddress!)
        }}}}
        let s = inverse ? inverseScale : 1
        return ((0..<length).map { r[2 * $0] * s }, (0..<length).map { i[2 * $0] * s })
    }

    /// Blocked out-of-place transpose of an M×M plane (`src` → `dst`), rows split over threads.
    static func transpose(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ m: Int, threads: Int) {
        let s = SharedPointer(UnsafeMutablePointer(mutating: src)), d = SharedPointer(dst)
        let blocks = (m + 31) / 32
        parallelChunks(blocks, threads: threads) { range in
            for bi in range {
                let r0 = bi * 32, r1 = min(m, r0 + 32)
                var c0 = 0
                while c0 < m {
                    let c1 = min(m, c0 + 32)
                    for r in r0..<r1 { for c in c0..<c1 { d[c * m + r] = s[r * m + c] } }
                    c0 = c1
                }
            }
        }
    }
}
