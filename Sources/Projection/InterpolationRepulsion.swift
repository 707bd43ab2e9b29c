import Foundation

/// FFT-accelerated interpolation of the repulsive forces (Linderman, Rachh, Hoskins, Steinerberger & Kluger
/// 2019, "Fast interpolation-based t-SNE for improved visualization of single-cell RNA-seq data", FIt-SNE).
///
/// The map's bounding square is cut into b×b boxes with p = 3 equispaced interpolation nodes per box and
/// dimension, so all nodes form one equispaced n×n grid (n = 3b, spacing h). Each point's charges are spread
/// to the 3×3 nodes of its box with Lagrange weights; the potentials at the nodes are kernel sums over nodes,
/// a discrete convolution with a Toeplitz kernel, computed exactly by zero-padded circular convolution with
/// M×M FFTs (M = 2n); potentials are interpolated back to the points with the same weights.
///
/// Two kernels of d² are convolved: K₁ = w (charge 1; gives Z) and K₂ = w·g (charges 1, x, y; gives
/// r_i = x_i Σ_j K₂ − Σ_j K₂ x_j). Complex packing keeps it to three forward and two inverse 2-D FFTs per
/// iteration: FFT(K₁ + iK₂) (both spectra are real because the kernels are even), FFT(charge 1) multiplied by
/// (K̂₁ + iK̂₂) gives K₁∗1 + i·K₂∗1 after one inverse, and FFT(x + iy)·K̂₂ gives K₂∗x + i·K₂∗y.
///
/// Grid sizing as in FIt-SNE: b = max(`minBoxes`, ⌈extent·`boxesPerUnit`⌉) (defaults 50 and 1: boxes at most one
/// unit wide), rounded up to the next even number with no prime factor above 5, so M = 6b suits the mixed-radix
/// ``FFT`` (FIt-SNE rounds up to a short list of sizes that FFTW handles well, for the same reason). Scratch planes
/// grow only when M exceeds every earlier size, so steady-state iterations allocate no arrays.
final class InterpolationRepulsion: RepulsionEstimator {
    let kernel: EmbeddingKernel
    let threads: Int
    let minBoxes: Int
    let boxesPerUnit: Double
    private(set) var fftSize = 0
    private(set) var lastBoxes = 0
    private var planes: UnsafeMutablePointer<Double>? = nil
    private var planeCapacity = 0
    private var scratch: UnsafeMutablePointer<Double>? = nil
    private var scratchCapacity = 0
    private var fft = FFT(length: 1)
    // Per point: first node (gx0, gy0) and 3+3 Lagrange weights.
    private var node0: [Int32] = []
    private var weights: [Double] = []
    private var partial: [Double] = []
    /// Columns per FFT work item (SIMD row segments); each worker owns one scratch of M × this.
    static let slice = 32

    init(kernel: EmbeddingKernel, threads: Int, minBoxes: Int = 50, boxesPerUnit: Double = 1) {
        self.kernel = kernel; self.threads = threads; self.minBoxes = minBoxes; self.boxesPerUnit = boxesPerUnit
    }
    deinit { planes?.deallocate(); scratch?.deallocate() }

    /// Number of boxes per side for a map of the given extent (FIt-SNE's rule, rounded up to an FFT-friendly size).
    static func boxes(extent: Double, minBoxes: Int, boxesPerUnit: Double) -> Int {
        let needed = max(minBoxes, Int((extent * boxesPerUnit).rounded(.up)), 1)
        return FFT.goodSize(atLeast: needed, multipleOf: 2)
    }

    private func ensure(m: Int) {
        if m == fftSize { return }
        let need = 12 * m * m
        if need > planeCapacity {
            planes?.deallocate()
            // Room for a somewhat larger grid too: the map keeps growing during the optimization.
            let cap = 12 * (m * 5 / 4) * (m * 5 / 4)
            planes = UnsafeMutablePointer<Double>.allocate(capacity: cap)
            planeCapacity = cap
        }
        let needScratch = max(1, threads) * 2 * m * Self.slice
        if needScratch > scratchCapacity {
            scratch?.deallocate()
            let cap = max(1, threads) * 2 * (m * 5 / 4) * Self.slice
            scratch = UnsafeMutablePointer<Double>.allocate(capacity: cap)
            scratchCapacity = cap
        }
        fftSize = m
        fft = FFT(length: m)
    }

    /// Quadratic Lagrange weights at u ∈ [0, 3] for nodes 0.5, 1.5, 2.5.
    @inline(__always)
    private static func lagrange(_ u: Double) -> (Double, Double, Double) {
        let a = u - 0.5, b = u - 1.5, c = u - 2.5
        return (b * c * 0.5, -a * c, a * b * 0.5)
    }

    func repulsion(_ y: UnsafePointer<Double>, count n: Int, into r: UnsafeMutablePointer<Double>) -> Double {
        var lx = Double.infinity, ly = Double.infinity, hx = -Double.infinity, hy = -Double.infinity
        for i in 0..<n { lx = min(lx, y[2 * i]); hx = max(hx, y[2 * i]); ly = min(ly, y[2 * i + 1]); hy = max(hy, y[2 * i + 1]) }
        let spread = max(max(hx - lx, hy - ly), 1e-6)
        let boxes = Self.boxes(extent: spread, minBoxes: minBoxes, boxesPerUnit: boxesPerUnit)
        let m = 6 * boxes
        ensure(m: m)
        lastBoxes = boxes
        let gridN = 3 * boxes
        let boxWidth = spread * (1 + 1e-9) / Double(boxes)
        let h = boxWidth / 3
        let cx = (lx + hx) / 2, cy = (ly + hy) / 2
        let mm = m * m
        let P = planes!
        let aRe = P, aIm = P + mm, bRe = P + 2 * mm, bIm = P + 3 * mm, kRe = P + 4 * mm, kIm = P + 5 * mm
        let tRe = P + 6 * mm, tIm = P + 7 * mm, uRe = P + 8 * mm, uIm = P + 9 * mm, vRe = P + 10 * mm, vIm = P + 11 * mm
        // Zero the charge planes.
        aRe.update(repeating: 0, count: 4 * mm)
        if node0.count != 2 * n { node0 = [Int32](repeating: 0, count: 2 * n); weights = [Double](repeating: 0, count: 6 * n) }
        // Spread charges (single thread: 9 nodes × 3 charges per point).
        node0.withUnsafeMutableBufferPointer { nb in
        weights.withUnsafeMutableBufferPointer { wb in
            for i in 0..<n {
                let gx = (y[2 * i] - lx) / h, gy = (y[2 * i + 1] - ly) / h
                let bx = min(Int(gx / 3), boxes - 1), by = min(Int(gy / 3), boxes - 1)
                let (wx0, wx1, wx2) = Self.lagrange(gx - Double(3 * bx))
                let (wy0, wy1, wy2) = Self.lagrange(gy - Double(3 * by))
                nb[2 * i] = Int32(3 * bx); nb[2 * i + 1] = Int32(3 * by)
                wb[6 * i] = wx0; wb[6 * i + 1] = wx1; wb[6 * i + 2] = wx2
                wb[6 * i + 3] = wy0; wb[6 * i + 4] = wy1; wb[6 * i + 5] = wy2
                let xi = y[2 * i] - cx, yi = y[2 * i + 1] - cy
                let wxs = (wx0, wx1, wx2), wys = (wy0, wy1, wy2)
                for l in 0..<3 {
                    let wyl = l == 0 ? wys.0 : (l == 1 ? wys.1 : wys.2)
                    let row = (3 * by + l) * m + 3 * bx
                    for k in 0..<3 {
                        let w = wyl * (k == 0 ? wxs.0 : (k == 1 ? wxs.1 : wxs.2))
                        aRe[row + k] += w
                        bRe[row + k] += w * xi
                        bIm[row + k] += w * yi
                    }
                }
            }
        }}
        // Kernel plane (circulant embedding of the Toeplitz kernel; even, so its spectrum is real). Only the
        // quadrant 0…M/2 is evaluated; the rest mirrors it.
        let kernel = self.kernel
        let kr = SharedPointer(kRe), ki = SharedPointer(kIm)
        let halfM = m / 2
        parallelChunks(halfM + 1, threads: threads) { rows in
            let cauchy = kernel.isCauchy
            for rr in rows {
                let dy = Double(rr) * h
                let mirrorRow = rr == 0 || rr == halfM ? -1 : m - rr
                for c in 0...halfM {
                    let dx = Double(c) * h
                    let d2 = dx * dx + dy * dy
                    let w: Double, wg: Double
                    if cauchy { w = 1 / (1 + d2); wg = w * w } else { w = kernel.weight(d2); wg = w * kernel.g(d2) }
                    kr[rr * m + c] = w; ki[rr * m + c] = wg
                    if c != 0 && c != halfM { kr[rr * m + m - c] = w; ki[rr * m + m - c] = wg }
                }
                if mirrorRow >= 0 {
                    (kr.base + mirrorRow * m).update(from: kr.base + rr * m, count: m)
                    (ki.base + mirrorRow * m).update(from: ki.base + rr * m, count: m)
                }
            }
        }
        // Forward 2-D FFTs: along rows (only the first gridN columns carry charges), transpose, along rows.
        let fft = self.fft
        let t = max(1, threads)
        let scr = SharedPointer(scratch!)
        let slice = Self.slice
        // Worker w transforms slices w, w + t, … with its own scratch (static assignment: deterministic).
        func along(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, _ cols: Int, inverse: Bool) {
            let rs = SharedPointer(re), ims = SharedPointer(im)
            let slices = (cols + slice - 1) / slice
            let workers = min(t, slices)
            let work: @Sendable (Int) -> Void = { wk in
                let sRe = scr.base + wk * 2 * m * slice, sIm = sRe + m * slice
                var s = wk
                while s < slices {
                    let c0 = s * slice, c1 = min(cols, c0 + slice)
                    fft.transformRows(re: rs.base, im: ims.base, stride: m, columns: c0..<c1, inverse: inverse,
                                      scratchRe: sRe, scratchIm: sIm)
                    s += workers
                }
            }
            if workers <= 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        }
        along(aRe, aIm, gridN, inverse: false)
        along(bRe, bIm, gridN, inverse: false)
        along(kRe, kIm, m, inverse: false)
        FFT.transpose(aRe, tRe, m, threads: t); FFT.transpose(aIm, tIm, m, threads: t)
        FFT.transpose(bRe, uRe, m, threads: t); FFT.transpose(bIm, uIm, m, threads: t)
        FFT.transpose(kRe, vRe, m, threads: t); FFT.transpose(kIm, vIm, m, threads: t)
        along(tRe, tIm, m, inverse: false)
        along(uRe, uIm, m, inverse: false)
        along(vRe, vIm, m, inverse: false)
        // Multiply spectra: A·(K̂₁ + iK̂₂), B·K̂₂.
        do {
            let ar = SharedPointer(tRe), ai = SharedPointer(tIm), br = SharedPointer(uRe), bi = SharedPointer(uIm)
            let k1 = SharedPointer(vRe), k2 = SharedPointer(vIm)
            parallelChunks(mm, threads: t) { range in
                for q in range {
                    let xr = ar[q], xi = ai[q], p = k1[q], s = k2[q]
                    ar[q] = xr * p - xi * s
                    ai[q] = xr * s + xi * p
                    br[q] *= s; bi[q] *= s
                }
            }
        }
        // Inverse: along rows, transpose back, along rows for the first gridN columns.
        along(tRe, tIm, m, inverse: true)
        along(uRe, uIm, m, inverse: true)
        FFT.transpose(tRe, aRe, m, threads: t); FFT.transpose(tIm, aIm, m, threads: t)
        FFT.transpose(uRe, bRe, m, threads: t); FFT.transpose(uIm, bIm, m, threads: t)
        along(aRe, aIm, gridN, inverse: true)
        along(bRe, bIm, gridN, inverse: true)
        let scale = 1 / Double(mm)
        // Gather potentials at the points.
        let chunks = max(1, min(n, t * 4))
        if partial.count != chunks { partial = [Double](repeating: 0, count: chunks) }
        let ys = SharedPointer(UnsafeMutablePointer(mutating: y)), rs = SharedPointer(r)
        let A0 = SharedPointer(aRe), A1 = SharedPointer(aIm), B0 = SharedPointer(bRe), B1 = SharedPointer(bIm)
        node0.withUnsafeBufferPointer { nbp in
        weights.withUnsafeBufferPointer { wbp in
        partial.withUnsafeMutableBufferPointer { pp in
            let nb = SharedPointer(UnsafeMutablePointer(mutating: nbp.baseAddress!))
            let wb = SharedPointer(UnsafeMutablePointer(mutating: wbp.baseAddress!))
            let ps = SharedPointer(pp.baseAddress!)
            let run: @Sendable (Int) -> Void = { c in
                let lo = n * c / chunks, hi = n * (c + 1) / chunks
                var zsum = 0.0
                for i in lo..<hi {
                    let gx0 = Int(nb[2 * i]), gy0 = Int(nb[2 * i + 1])
                    var pz = 0.0, p1 = 0.0, px = 0.0, py = 0.0
                    for l in 0..<3 {
                        let wy = wb[6 * i + 3 + l]
                        let row = (gy0 + l) * m + gx0
                        for k in 0..<3 {
                            let w = wy * wb[6 * i + k]
                            pz += w * A0[row + k]; p1 += w * A1[row + k]
                            px += w * B0[row + k]; py += w * B1[row + k]
                        }
                    }
                    zsum += pz * scale
                    let xi = ys[2 * i] - cx, yi = ys[2 * i + 1] - cy
                    rs[2 * i] = (xi * p1 - px) * scale
                    rs[2 * i + 1] = (yi * p1 - py) * scale
                }
                ps[c] = zsum
            }
            if t <= 1 { for c in 0..<chunks { run(c) } }
            else { DispatchQueue.concurrentPerform(iterations: chunks, execute: run) }
        }}}
        // Remove the self terms w(0) = 1 of each point from Z.
        return partial.reduce(0, +) - Double(n) * kernel.weight(0)
    }
}
