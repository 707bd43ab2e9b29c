import Foundation

/// Radix-2 complex fast Fourier transform (Cooley & Tukey 1965), iterative decimation in time, written for
/// the t-SNE interpolation grid.
///
/// X[k] = Σ_j x[j] e^(−2πi jk/M) (forward), x[j] = (1/M) Σ_k X[k] e^(+2πi jk/M) (inverse). Data are split
/// real/imaginary planes of M "rows" of length `stride`; one call transforms along the rows' index for the
/// columns in a range, with every butterfly applied to whole row segments in SIMD4<Double>. A 2-D transform
/// is: along rows, transpose, along rows again (the spectrum is then kept transposed; the inverse undoes it).
public struct FFT: Sendable {
    /// Transform length (a power of two).
    public let length: Int
    @usableFromInline let cosTable: [Double]
    @usableFromInline let sinTable: [Double]
    @usableFromInline let bitReverse: [Int32]

    public init(length: Int) {
        precondition(length >= 1 && length & (length - 1) == 0, "FFT length must be a power of two")
        self.length = length
        var c = [Double](repeating: 1, count: max(1, length / 2))
        var s = [Double](repeating: 0, count: max(1, length / 2))
        for k in 0..<(length / 2) {
            let a = 2 * Double.pi * Double(k) / Double(length)
            c[k] = cos(a); s[k] = sin(a)
        }
        cosTable = c; sinTable = s
        var rev = [Int32](repeating: 0, count: length)
        var bits = 0
        while 1 << bits < length { bits += 1 }
        for i in 0..<length {
            var r = 0, x = i
            for _ in 0..<bits { r = r << 1 | (x & 1); x >>= 1 }
            rev[i] = Int32(r)
        }
        bitReverse = rev
    }

    /// Transforms along the row index: for each column c in `columns`, the sequence (row 0…M−1, column c)
    /// of the planes `re`, `im` (row r, column c at r·stride + c) is replaced by its DFT. No scaling on the
    /// inverse here (``inverseScale`` is 1/M).
    @inlinable
    public func transformRows(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, stride: Int,
                              columns: Range<Int>, inverse: Bool) {
        let m = length
        if m == 1 { return }
        let c0 = columns.lowerBound, width = columns.count
        bitReverse.withUnsafeBufferPointer { rev in
            for i in 0..<m {
                let j = Int(rev[i])
                if j > i {
                    let a = i * stride + c0, b = j * stride + c0
                    for c in 0..<width {
                        let tr = re[a + c]; re[a + c] = re[b + c]; re[b + c] = tr
                        let ti = im[a + c]; im[a + c] = im[b + c]; im[b + c] = ti
                    }
                }
            }
        }
        let sign: Double = inverse ? 1 : -1
        cosTable.withUnsafeBufferPointer { ct in
        sinTable.withUnsafeBufferPointer { st in
            var half = 1
            while half < m {
                let step = m / (2 * half)
                var block = 0
                while block < m {
                    for k in 0..<half {
                        let wr = ct[k * step], wi = sign * st[k * step]
                        let a = (block + k) * stride + c0, b = (block + k + half) * stride + c0
                        butterfly(re + a, im + a, re + b, im + b, width, wr, wi)
                    }
                    block += 2 * half
                }
                half *= 2
            }
        }}
    }

    /// A ← A + w·B, B ← A − w·B on row segments of `n` complex values.
    @inlinable @inline(__always)
    func butterfly(_ ar: UnsafeMutablePointer<Double>, _ ai: UnsafeMutablePointer<Double>,
                   _ br: UnsafeMutablePointer<Double>, _ bi: UnsafeMutablePointer<Double>,
                   _ n: Int, _ wr: Double, _ wi: Double) {
        var c = 0
        let vwr = SIMD4<Double>(repeating: wr), vwi = SIMD4<Double>(repeating: wi)
        let rar = UnsafeMutableRawPointer(ar), rai = UnsafeMutableRawPointer(ai)
        let rbr = UnsafeMutableRawPointer(br), rbi = UnsafeMutableRawPointer(bi)
        while c + 4 <= n {
            let o = c * 8
            let xr = rbr.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            let xi = rbi.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            let tr = xr * vwr - xi * vwi
            let ti = xr * vwi + xi * vwr
            let ur = rar.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            let ui = rai.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            rar.storeBytes(of: ur + tr, toByteOffset: o, as: SIMD4<Double>.self)
            rai.storeBytes(of: ui + ti, toByteOffset: o, as: SIMD4<Double>.self)
            rbr.storeBytes(of: ur - tr, toByteOffset: o, as: SIMD4<Double>.self)
            rbi.storeBytes(of: ui - ti, toByteOffset: o, as: SIMD4<Double>.self)
            c += 4
        }
        while c < n {
            let tr = br[c] * wr - bi[c] * wi, ti = br[c] * wi + bi[c] * wr
            let ur = ar[c], ui = ai[c]
            ar[c] = ur + tr; ai[c] = ui + ti; br[c] = ur - tr; bi[c] = ui - ti
            c += 1
        }
    }

    /// 1/M, the factor an inverse transform needs.
    public var inverseScale: Double { 1 / Double(length) }

    /// The DFT of one complex sequence (convenience; allocates).
    public func transform(re: [Double], im: [Double], inverse: Bool = false) -> (re: [Double], im: [Double]) {
        precondition(re.count == length && im.count == length)
        var r = re, i = im
        r.withUnsafeMutableBufferPointer { rp in
            i.withUnsafeMutableBufferPointer { ip in
                transformRows(re: rp.baseAddress!, im: ip.baseAddress!, stride: 1, columns: 0..<1, inverse: inverse)
            }
        }
        if inverse { let s = inverseScale; for k in 0..<length { r[k] *= s; i[k] *= s } }
        return (r, i)
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
