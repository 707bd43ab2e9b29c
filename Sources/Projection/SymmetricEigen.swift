import Foundation

/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan, §8.5).
///
/// Each sweep zeroes every off-diagonal entry once with a plane rotation; convergence is quadratic. Used by PCA
/// on the small (k+p)×(k+p) projected matrix, and as the reference in tests. O(n³) per sweep.
public enum SymmetricEigen {
    /// Eigenvalues in descending order and the matching unit eigenvectors (as columns of a row-major n×n).
    public static func jacobi(_ matrix: [Double], n: Int, maxSweeps: Int = 100) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<maxSweeps {
            var off = 0.0
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { off += a[i * n + j] * a[i * n + j] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = a[p * n + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        var values = [Double](), vectors = [Double](repeating: 0, count: n * n)
        for (col, src) in order.enumerated() {
            values.append(a[src * n + src])
            for k in 0..<n { vectors[k * n + col] = v[k * n + src] }
        }
        return (values, vectors)
    }
}
