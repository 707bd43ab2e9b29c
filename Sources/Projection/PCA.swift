import Foundation
import SenseVecCore

/// Principal component analysis by randomized SVD (Halko, Martinsson & Tropp 2011, "Finding structure with
/// randomness", Algorithms 4.4 and 5.1).
///
/// With X the centred N×D data, draw a Gaussian D×ℓ test matrix Ω (ℓ = k + oversampling), form Y = XΩ, apply q
/// power iterations Y ← X(XᵀY) with re-orthonormalization (QR by modified Gram–Schmidt) in between, take
/// Q = orth(Y), B = QᵀX (ℓ×D), and the SVD of B from the eigen-decomposition of BBᵀ = UΣ²Uᵀ (Jacobi). The
/// components are V = BᵀUΣ⁻¹, the scores XV = QUΣ. Explained variance of component c is σ_c²/(N−1), its ratio
/// σ_c² / ‖X‖²_F.
public struct PCA: Sendable {
    /// `components × dimension`, row-major: unit principal axes.
    public let axes: [Double]
    /// Per-feature mean that was subtracted.
    public let mean: [Double]
    /// Variance along each axis, σ²/(N−1).
    public let explainedVariance: [Double]
    /// Share of the total variance along each axis.
    public let explainedVarianceRatio: [Double]
    /// `rows × components` scores (projections of the centred data), row-major.
    public let scores: [Double]
    public let components: Int
    public let dimension: Int

    /// Fits `components` principal axes of `data`.
    public init(_ data: DataMatrix, components k: Int, oversampling: Int = 10, powerIterations: Int = 4,
                seed: UInt64 = 1, threads: Int = 1) throws {
        let n = data.rows, d = data.columns
        guard k >= 1, k <= min(n, d) else {
            throw SenseVecError("PCA needs 1 ≤ components ≤ min(rows, columns) = \(min(n, d)), got \(k)")
        }
        let l = min(k + oversampling, min(n, d))
        var mu = [Double](repeating: 0, count: d)
        var total = 0.0
        data.values.withUnsafeBufferPointer { x in
            for i in 0..<n { for j in 0..<d { mu[j] += Double(x[i * d + j]) } }
            for j in 0..<d { mu[j] /= Double(max(n, 1)) }
            for i in 0..<n { for j in 0..<d { let c = Double(x[i * d + j]) - mu[j]; total += c * c } }
        }
        var rng = SenseRandom(seed: seed)
        var omega = [Double](repeating: 0, count: d * l)
        for t in 0..<(d * l) { omega[t] = rng.nextGaussian() }
        // Y = X Ω (N×ℓ), centring on the fly: (x − μ)Ω = xΩ − μΩ.
        var y = Self.times(data, mu, omega, l, threads: threads)
        Self.orthonormalize(&y, rows: n, cols: l)
        for _ in 0..<powerIterations {
            var z = Self.transposeTimes(data, mu, y, l, threads: threads) // D×ℓ
            Self.orthonormalize(&z, rows: d, cols: l)
            y = Self.times(data, mu, z, l, threads: threads)
            Self.orthonormalize(&y, rows: n, cols: l)
        }
        // B = Qᵀ X → store Bᵀ = Xᵀ Q (D×ℓ).
        let bt = Self.transposeTimes(data, mu, y, l, threads: threads)
        var bbt = [Double](repeating: 0, count: l * l)
        for a in 0..<l { for b in a..<l {
            var s = 0.0
            for j in 0..<d { s += bt[j * l + a] * bt[j * l + b] }
            bbt[a * l + b] = s; bbt[b * l + a] = s
        } }
        let (ev, u) = SymmetricEigen.jacobi(bbt, n: l)
        var axes = [Double](repeating: 0, count: k * d)
        var scores = [Double](repeating: 0, count: n * k)
        var variance = [Double](), ratio = [Double]()
        for c in 0..<k {
            let s2 = max(ev[c], 0), s = s2.squareRoot()
            variance.append(s2 / Double(max(n - 1, 1)))
            ratio.append(total > 0 ? s2 / total : 0)
            // v_c = Bᵀ u_c / σ_c
            var norm = 0.0
            for j in 0..<d {
                var v = 0.0
                for a in 0..<l { v += bt[j * l + a] * u[a * l + c] }
                axes[c * d + j] = v; norm += v * v
            }
            norm = norm.squareRoot()
            if norm > 0 { for j in 0..<d { axes[c * d + j] /= norm } }
            // Sign convention: the largest-magnitude loading is positive (deterministic output).
            var big = 0
            for j in 0..<d where abs(axes[c * d + j]) > abs(axes[c * d + big]) { big = j }
            if axes[c * d + big] < 0 { for j in 0..<d { axes[c * d + j] = -axes[c * d + j] } }
            _ = s
        }
        // Scores = (X − μ) V, as one product with Vᵀ (D×k).
        var vt = [Double](repeating: 0, count: d * k)
        for c in 0..<k { for j in 0..<d { vt[j * k + c] = axes[c * d + j] } }
        scores = Self.times(data, mu, vt, k, threads: threads)
        self.axes = axes; self.mean = mu; self.explainedVariance = variance
        self.explainedVarianceRatio = ratio; self.scores = scores; self.components = k; self.dimension = d
    }

    /// (X − 1μᵀ) W for W D×ℓ; returns N×ℓ. Rows split over threads; zero entries of X are skipped.
    static func times(_ data: DataMatrix, _ mu: [Double], _ w: [Double], _ l: Int, threads: Int) -> [Double] {
        let n = data.rows, d = data.columns
        var muW0 = [Double](repeating: 0, count: l)
        for j in 0..<d { for a in 0..<l { muW0[a] += mu[j] * w[j * l + a] } }
        var out = [Double](repeating: 0, count: n * l)
        data.values.withUnsafeBufferPointer { xp in
        w.withUnsafeBufferPointer { wp in
        muW0.withUnsafeBufferPointer { mp in
        out.withUnsafeMutableBufferPointer { op in
            let xs = SharedPointer(UnsafeMutablePointer(mutating: xp.baseAddress!))
            let ws = SharedPointer(UnsafeMutablePointer(mutating: wp.baseAddress!))
            let ms = SharedPointer(UnsafeMutablePointer(mutating: mp.baseAddress!))
            let os = SharedPointer(op.baseAddress!)
            parallelChunks(n, threads: threads, chunksPerThread: 4) { range in
                for i in range {
                    let acc = os.base + i * l
                    for a in 0..<l { acc[a] = -ms[a] }
                    let x = xs.base + i * d
                    for j in 0..<d {
                        let xv = Double(x[j])
                        if xv == 0 { continue }
                        VectorKernels.axpy(xv, ws.base + j * l, acc, count: l)
                    }
                }
            }
        }}}}
        return out
    }

    /// (X − 1μᵀ)ᵀ Y for Y N×ℓ; returns D×ℓ. Per-chunk partial sums, then added in a fixed order.
    static func transposeTimes(_ data: DataMatrix, _ mu: [Double], _ y: [Double], _ l: Int, threads: Int) -> [Double] {
        let n = data.rows, d = data.columns
        let parts = max(1, min(threads, n))
        var partial = [Double](repeating: 0, count: parts * d * l)
        data.values.withUnsafeBufferPointer { xp in
        y.withUnsafeBufferPointer { yp in
        partial.withUnsafeMutableBufferPointer { pp in
            let xs = SharedPointer(UnsafeMutablePointer(mutating: xp.baseAddress!))
            let ys = SharedPointer(UnsafeMutablePointer(mutating: yp.baseAddress!))
            let ps = SharedPointer(pp.baseAddress!)
            let run: @Sendable (Int) -> Void = { t in
                let lo = n * t / parts, hi = n * (t + 1) / parts
                let out = ps.base + t * d * l
                for i in lo..<hi {
                    let yr = ys.base + i * l
                    let x = xs.base + i * d
                    for j in 0..<d {
                        let xv = Double(x[j])
                        if xv == 0 { continue }
                        VectorKernels.axpy(xv, yr, out + j * l, count: l)
                    }
                }
            }
            if parts == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: run) }
        }}}
        var out = [Double](repeating: 0, count: d * l)
        for t in 0..<parts { for q in 0..<(d * l) { out[q] += partial[t * d * l + q] } }
        // Centring: subtract μ_j Σ_i y_i.
        var ysum = [Double](repeating: 0, count: l)
        for i in 0..<n { for a in 0..<l { ysum[a] += y[i * l + a] } }
        for j in 0..<d { for a in 0..<l { out[j * l + a] -= mu[j] * ysum[a] } }
        return out
    }

    /// Orthonormalizes the columns of a rows×cols row-major matrix. Cholesky QR twice (Gram matrix in one
    /// row-major pass, M ← M R⁻¹; the second pass repairs the loss of orthogonality of the first), which reads the
    /// matrix in row order; falls back to modified Gram–Schmidt when the Gram matrix is not positive definite
    /// (rank-deficient columns).
    static func orthonormalize(_ m: inout [Double], rows: Int, cols: Int) {
        for _ in 0..<2 {
            if !choleskyQRStep(&m, rows: rows, cols: cols) { gramSchmidt(&m, rows: rows, cols: cols); return }
        }
    }

    /// One Cholesky QR step; false (m untouched) when the Gram matrix is numerically singular.
    static func choleskyQRStep(_ m: inout [Double], rows: Int, cols: Int) -> Bool {
        var g = [Double](repeating: 0, count: cols * cols)
        m.withUnsafeBufferPointer { mp in
            g.withUnsafeMutableBufferPointer { gp in
                for r in 0..<rows {
                    let row = mp.baseAddress! + r * cols
                    for a in 0..<cols where row[a] != 0 { VectorKernels.axpy(row[a], row, gp.baseAddress! + a * cols, count: cols) }
                }
            }
        }
        // G = RᵀR, R upper triangular (stored in g's upper triangle).
        var rmat = [Double](repeating: 0, count: cols * cols)
        var maxDiag = 0.0
        for a in 0..<cols { maxDiag = max(maxDiag, g[a * cols + a]) }
        for a in 0..<cols {
            var s = g[a * cols + a]
            for p in 0..<a { s -= rmat[p * cols + a] * rmat[p * cols + a] }
            if !(s > 1e-12 * maxDiag) { return false }
            let raa = s.squareRoot()
            rmat[a * cols + a] = raa
            for b in (a + 1)..<max(a + 1, cols) {
                var t = g[a * cols + b]
                for p in 0..<a { t -= rmat[p * cols + a] * rmat[p * cols + b] }
                rmat[a * cols + b] = t / raa
            }
        }
        // Each row x ← x R⁻¹ (forward substitution on the row: x_new[b] = (x[b] − Σ_{a<b} x_new[a] R[a,b]) / R[b,b]).
        m.withUnsafeMutableBufferPointer { mp in
            for r in 0..<rows {
                let row = mp.baseAddress! + r * cols
                for b in 0..<cols {
                    var t = row[b]
                    for a in 0..<b { t -= row[a] * rmat[a * cols + b] }
                    row[b] = t / rmat[b * cols + b]
                }
            }
        }
        return true
    }

    /// Modified Gram–Schmidt on the columns (twice, for stability); zero columns stay zero.
    static func gramSchmidt(_ m: inout [Double], rows: Int, cols: Int) {
        for _ in 0..<2 {
            for c in 0..<cols {
                for p in 0..<c {
                    var dot = 0.0
                    for r in 0..<rows { dot += m[r * cols + c] * m[r * cols + p] }
                    for r in 0..<rows { m[r * cols + c] -= dot * m[r * cols + p] }
                }
                var norm = 0.0
                for r in 0..<rows { norm += m[r * cols + c] * m[r * cols + c] }
                norm = norm.squareRoot()
                if norm > 1e-300 { for r in 0..<rows { m[r * cols + c] /= norm } }
            }
        }
    }
}
