import Foundation

/// How the repulsive (normalization) part of the t-SNE gradient is computed.
public enum GradientMethod: String, Sendable, CaseIterable {
    /// All pairs, O(N²) per iteration.
    case exact
    /// Barnes–Hut quadtree with opening angle θ, O(N log N) (van der Maaten 2014).
    case barnesHut = "bh"
    /// Polynomial interpolation on an equispaced grid + FFT convolution, O(N + M² log M) (Linderman et al. 2019).
    case fft
}

/// Computes, for positions y (count × 2), the unnormalized repulsion r_i = Σ_{j≠i} w_ij g_ij (y_i − y_j)
/// into `into` (count × 2) and returns Z = Σ_{i≠j} w_ij. Implementations keep their scratch memory between
/// calls (no allocation per iteration once sizes settle).
protocol RepulsionEstimator: AnyObject {
    func repulsion(_ y: UnsafePointer<Double>, count: Int, into r: UnsafeMutablePointer<Double>) -> Double
}

/// Exact O(N²) repulsion, rows split over threads.
final class ExactRepulsion: RepulsionEstimator {
    let kernel: EmbeddingKernel
    let threads: Int
    init(kernel: EmbeddingKernel, threads: Int) { self.kernel = kernel; self.threads = threads }

    func repulsion(_ y: UnsafePointer<Double>, count n: Int, into r: UnsafeMutablePointer<Double>) -> Double {
        let chunks = max(1, min(n, threads * 4))
        var partial = [Double](repeating: 0, count: chunks)
        let ys = SharedPointer(UnsafeMutablePointer(mutating: y)), rs = SharedPointer(r)
        let kernel = self.kernel
        partial.withUnsafeMutableBufferPointer { pp in
            let ps = SharedPointer(pp.baseAddress!)
            let run: @Sendable (Int) -> Void = { c in
                let lo = n * c / chunks, hi = n * (c + 1) / chunks
                var z = 0.0
                let cauchy = kernel.isCauchy
                for i in lo..<hi {
                    let xi = ys[2 * i], yi = ys[2 * i + 1]
                    var fx = 0.0, fy = 0.0
                    if cauchy {
                        for j in 0..<n {
                            let dx = xi - ys[2 * j], dy = yi - ys[2 * j + 1]
                            let w = 1 / (1 + dx * dx + dy * dy)
                            z += w
                            let f = w * w
                            fx += f * dx; fy += f * dy
                        }
                        z -= 1 // j == i contributed w(0) = 1 and no force
                    } else {
                        for j in 0..<n where j != i {
                            let dx = xi - ys[2 * j], dy = yi - ys[2 * j + 1]
                            let d2 = dx * dx + dy * dy
                            let w = kernel.weight(d2)
                            z += w
                            let f = w * kernel.g(d2)
                            fx += f * dx; fy += f * dy
                        }
                    }
                    rs[2 * i] = fx; rs[2 * i + 1] = fy
                }
                ps[c] = z
            }
            if threads <= 1 { for c in 0..<chunks { run(c) } }
            else { DispatchQueue.concurrentPerform(iterations: chunks, execute: run) }
        }
        return partial.reduce(0, +)
    }
}

/// Attractive part and the data term of KL for sparse P:
/// a_i = Σ_j p_ij g_ij (y_i − y_j) written into `into`, and, when `wantLogW`, returns Σ_ij p_ij ln w_ij.
/// Rows are split into 4 chunks per thread (rows differ in length); `partial` holds the per-chunk sums (reused
/// between calls, so iterations allocate no arrays).
///
/// The loop is bound by the latency of gathering y_j at random j. When `positions32` is non-empty (2N Floats; the
/// optimizer passes one for N > ``float32GatherThreshold``), the Cauchy kernel's terms are gathered from a Float32
/// copy of the map (half the bytes: 70,000 points fit in 560 KB, about one core's L2) and computed in Float32; the
/// sums stay in Double. Relative error ≈ 1e-7 per term, far below the FFT repulsion's interpolation error.
func attraction(_ p: Affinities, _ y: UnsafePointer<Double>, kernel: EmbeddingKernel, threads: Int,
                into a: UnsafeMutablePointer<Double>, wantLogW: Bool, partial: inout [Double],
                positions32: inout [Float]) -> Double {
    let n = p.count
    let chunks = max(1, min(n, threads * 4))
    if partial.count != chunks { partial = [Double](repeating: 0, count: chunks) }
    if kernel.isCauchy && positions32.count == 2 * n {
        return attraction32(p, y, threads: threads, into: a, wantLogW: wantLogW, partial: &partial, yf: &positions32)
    }
    p.rowStart.withUnsafeBufferPointer { rsp in
    p.columns.withUnsafeBufferPointer { cp in
    p.values.withUnsafeBufferPointer { vp in
    partial.withUnsafeMutableBufferPointer { pp in
        let rs = SharedPointer(UnsafeMutablePointer(mutating: rsp.baseAddress!))
        let cs = SharedPointer(UnsafeMutablePointer(mutating: cp.baseAddress!))
        let vs = SharedPointer(UnsafeMutablePointer(mutating: vp.baseAddress!))
        let ys = SharedPointer(UnsafeMutablePointer(mutating: y)), out = SharedPointer(a)
        let ps = SharedPointer(pp.baseAddress!)
        let run: @Sendable (Int) -> Void = { c in
            let lo = n * c / chunks, hi = n * (c + 1) / chunks
            var s = 0.0
            let cauchy = kernel.isCauchy
            for i in lo..<hi {
                let xi = ys[2 * i], yi = ys[2 * i + 1]
                var fx = 0.0, fy = 0.0
                for e in rs[i]..<rs[i + 1] {
                    let j = Int(cs[e]); let pij = Double(vs[e])
                    let dx = xi - ys[2 * j], dy = yi - ys[2 * j + 1]
                    let d2 = dx * dx + dy * dy
                    let g = cauchy ? 1 / (1 + d2) : kernel.g(d2)
                    fx += pij * g * dx; fy += pij * g * dy
                    if wantLogW && pij > 0 { s += pij * (cauchy ? log(g) : kernel.logWeight(d2)) }
                }
                out[2 * i] = fx; out[2 * i + 1] = fy
            }
            ps[c] = s
        }
        if threads <= 1 { for c in 0..<chunks { run(c) } }
        else { DispatchQueue.concurrentPerform(iterations: chunks, execute: run) }
    }}}}
    return partial.reduce(0, +)
}

/// N above which ``GradientDescent`` gathers Float32 positions in the attraction (see ``attraction(_:_:kernel:threads:into:wantLogW:partial:positions32:)``).
let float32GatherThreshold = 16_384

/// The Cauchy-kernel attraction with Float32 gathers (`yf` is filled from `y` here).
private func attraction32(_ p: Affinities, _ y: UnsafePointer<Double>, threads: Int,
                          into a: UnsafeMutablePointer<Double>, wantLogW: Bool, partial: inout [Double],
                          yf: inout [Float]) -> Double {
    let n = p.count
    let chunks = partial.count
    for k in 0..<(2 * n) { yf[k] = Float(y[k]) }
    p.rowStart.withUnsafeBufferPointer { rsp in
    p.columns.withUnsafeBufferPointer { cp in
    p.values.withUnsafeBufferPointer { vp in
    yf.withUnsafeBufferPointer { yfp in
    partial.withUnsafeMutableBufferPointer { pp in
        let rs = SharedPointer(UnsafeMutablePointer(mutating: rsp.baseAddress!))
        let cs = SharedPointer(UnsafeMutablePointer(mutating: cp.baseAddress!))
        let vs = SharedPointer(UnsafeMutablePointer(mutating: vp.baseAddress!))
        let ys = SharedPointer(UnsafeMutablePointer(mutating: yfp.baseAddress!)), out = SharedPointer(a)
        let ps = SharedPointer(pp.baseAddress!)
        let run: @Sendable (Int) -> Void = { c in
            let lo = n * c / chunks, hi = n * (c + 1) / chunks
            var s = 0.0
            for i in lo..<hi {
                let xi = ys[2 * i], yi = ys[2 * i + 1]
                var fx: Float = 0, fy: Float = 0
                var rowLog: Float = 0
                for e in rs[i]..<rs[i + 1] {
                    let j = Int(cs[e]); let pij = vs[e]
                    let dx = xi - ys[2 * j], dy = yi - ys[2 * j + 1]
                    let g = 1 / (1 + dx * dx + dy * dy)
                    let pg = pij * g
                    fx += pg * dx; fy += pg * dy
                    if wantLogW { rowLog += pij * log(g) }
                }
                out[2 * i] = Double(fx); out[2 * i + 1] = Double(fy)
                s += Double(rowLog)
            }
            ps[c] = s
        }
        if threads <= 1 { for c in 0..<chunks { run(c) } }
        else { DispatchQueue.concurrentPerform(iterations: chunks, execute: run) }
    }}}}}
    return partial.reduce(0, +)
}
