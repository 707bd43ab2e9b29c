import Foundation
import SenseVecCore

/// The symmetric input similarities P of t-SNE, stored sparse (compressed rows).
///
/// For each point i a Gaussian conditional distribution over its candidates j,
/// p(j|i) = exp(−β_i‖x_i − x_j‖²) / Σ_k exp(−β_i‖x_i − x_k‖²), with β_i = 1/(2σ_i²) found by bisection so
/// that the entropy H(P_i) = −Σ_j p(j|i) ln p(j|i) equals ln(perplexity) to 1e-5 (van der Maaten & Hinton
/// 2008). Then P = (P_cond + P_condᵀ) / 2N, so P is symmetric and sums to 1. Candidates are all other points
/// (``exact(_:perplexity:threads:)``) or the ⌊3·perplexity⌋ exact nearest neighbours from a vantage-point tree
/// (``nearestNeighbors(_:perplexity:threads:seed:progress:)``, van der Maaten 2014). As openTSNE says, t-SNE
/// only needs P: any other construction can be swapped in through ``init(count:rowStart:columns:values:)``.
public struct Affinities: Sendable {
    /// Number of points.
    public let count: Int
    /// Row i's entries are `rowStart[i] ..< rowStart[i+1]`.
    public let rowStart: [Int]
    /// Column index of each entry (sorted within a row).
    public let columns: [Int32]
    /// p_ij of each entry.
    public let values: [Float]
    /// How the neighbours were found (nil for ``exact(_:perplexity:threads:)``) and their measured recall.
    public var neighbors: (method: String, recall: Double?, sample: Int)? = nil

    /// Wraps a given sparse P (not checked for symmetry; should sum to 1).
    public init(count: Int, rowStart: [Int], columns: [Int32], values: [Float]) {
        self.count = count; self.rowStart = rowStart; self.columns = columns; self.values = values
    }

    /// Σ_ij p_ij.
    public var sum: Double { values.reduce(0.0) { $0 + Double($1) } }

    /// p_ij (0 when not stored).
    public func value(_ i: Int, _ j: Int) -> Float {
        for e in rowStart[i]..<rowStart[i + 1] where Int(columns[e]) == j { return values[e] }
        return 0
    }

    /// Σ_ij p_ij ln p_ij (the constant part of KL(P‖Q)).
    public var negativeEntropy: Double {
        var s = 0.0
        for v in values where v > 0 { s += Double(v) * log(Double(v)) }
        return s
    }

    /// Calibrates one point: given squared distances to its candidates, finds β with
    /// |H(p) − ln(perplexity)| ≤ `tolerance` by bisection and writes p(j|i) into `probabilities`.
    /// Returns β and the reached entropy (nats). Distances are shifted by their minimum before
    /// exponentiating (the shift cancels in the normalization) so no row underflows to all zeros.
    @discardableResult
    public static func calibrate(squaredDistances d: UnsafePointer<Float>, count n: Int, perplexity: Double,
                                 probabilities p: UnsafeMutablePointer<Float>,
                                 tolerance: Double = 1e-5) -> (beta: Double, entropy: Double) {
        guard n > 0 else { return (1, 0) }
        let target = log(perplexity)
        var dmin = Double(d[0]), mean = 0.0
        for j in 0..<n { dmin = min(dmin, Double(d[j])) }
        for j in 0..<n { mean += Double(d[j]) - dmin }
        mean /= Double(n)
        var beta = mean > 0 ? 1 / mean : 1
        var lo = 0.0, hi = Double.infinity
        var entropy = 0.0
        for _ in 0..<200 {
            var z = 0.0, dz = 0.0
            for j in 0..<n {
                let s = Double(d[j]) - dmin
                let e = exp(-beta * s)
                z += e; dz += s * e
            }
            // H = ln Z + β E[s]  (the shift by dmin does not change H).
            entropy = log(z) + beta * dz / z
            let diff = entropy - target
            if abs(diff) <= tolerance { break }
            if diff > 0 { lo = beta; beta = hi.isInfinite ? beta * 2 : (beta + hi) / 2 }
            else { hi = beta; beta = (beta + lo) / 2 }
        }
        var z = 0.0
        for j in 0..<n { z += exp(-beta * (Double(d[j]) - dmin)) }
        for j in 0..<n { p[j] = Float(exp(-beta * (Double(d[j]) - dmin)) / z) }
        return (beta, entropy)
    }

    /// Exact affinities over all pairs (O(N²·D) time, O(N²) memory): for small N.
    public static func exact(_ data: DataMatrix, perplexity: Double, threads: Int = 1) throws -> Affinities {
        let n = data.rows
        guard n >= 2 else { throw SenseVecError("t-SNE needs at least 2 points, got \(n)") }
        let m = n - 1
        var cols = [Int32](repeating: 0, count: n * m)
        var cond = [Float](repeating: 0, count: n * m)
        let dim = data.columns
        data.values.withUnsafeBufferPointer { x in
            cols.withUnsafeMutableBufferPointer { cp in
                cond.withUnsafeMutableBufferPointer { pp in
                    let xs = SharedPointer(UnsafeMutablePointer(mutating: x.baseAddress!))
                    let cs = SharedPointer(cp.baseAddress!), ps = SharedPointer(pp.baseAddress!)
                    parallelChunks(n, threads: threads, chunksPerThread: 4) { range in
                        var dist = [Float](repeating: 0, count: m)
                        for i in range {
                            var t = 0
                            for j in 0..<n where j != i {
                                dist[t] = VectorKernels.squaredDistance(xs.base + i * dim, xs.base + j * dim, count: dim)
                                cs[i * m + t] = Int32(j)
                                t += 1
                            }
                            dist.withUnsafeBufferPointer {
                                _ = calibrate(squaredDistances: $0.baseAddress!, count: m, perplexity: perplexity,
                                              probabilities: ps.base + i * m)
                            }
                        }
                    }
                }
            }
        }
        return symmetrize(count: n, perRow: m, columns: cols, conditional: cond)
    }

    /// Sparse affinities over the k = min(N−1, ⌊3·perplexity⌋) nearest neighbours of each point, found with
    /// `search` (exact VP tree or brute force, or the PCA-projected search with its recall measured; see
    /// ``NeighborSearch``) on `threads` threads.
    public static func nearestNeighbors(_ data: DataMatrix, perplexity: Double, threads: Int = 1, seed: UInt64 = 1,
                                        search: NeighborSearch = .automatic,
                                        progress: ProgressHandler? = nil) throws -> Affinities {
        let nn = try Neighbors.find(data, k: min(data.rows - 1, max(1, Int(3 * perplexity))), method: search,
                                    threads: threads, seed: seed, progress: progress)
        var p = fromNeighbors(nn, perplexity: perplexity, threads: threads)
        p.neighbors = (search.resolved(rows: data.rows, dimension: data.columns).name, nn.recall, nn.recallSample)
        return p
    }

    /// Sparse affinities from given neighbours (calibrated on their squared distances).
    public static func fromNeighbors(_ nn: Neighbors, perplexity: Double, threads: Int = 1) -> Affinities {
        let n = nn.count, k = nn.k
        var cond = [Float](repeating: 0, count: n * k)
        nn.squaredDistances.withUnsafeBufferPointer { dp in
            cond.withUnsafeMutableBufferPointer { pp in
                let ds = SharedPointer(UnsafeMutablePointer(mutating: dp.baseAddress!)), ps = SharedPointer(pp.baseAddress!)
                parallelChunks(n, threads: threads, chunksPerThread: 4) { range in
                    for i in range {
                        _ = calibrate(squaredDistances: ds.base + i * k, count: k, perplexity: perplexity,
                                      probabilities: ps.base + i * k)
                    }
                }
            }
        }
        return symmetrize(count: n, perRow: k, columns: nn.indices, conditional: cond)
    }

    /// P = (P_cond + P_condᵀ) / 2N from `perRow` conditional entries per row.
    static func symmetrize(count n: Int, perRow m: Int, columns: [Int32], conditional: [Float]) -> Affinities {
        // Degree of each row in P_cond + P_condᵀ (before merging duplicates).
        var degree = [Int](repeating: m, count: n + 1)
        for c in columns { degree[Int(c)] += 1 }
        var start = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { start[i + 1] = start[i] + degree[i] }
        var fill = start
        var cols = [Int32](repeating: 0, count: start[n])
        var vals = [Float](repeating: 0, count: start[n])
        let scale = Float(1.0 / (2.0 * Double(n)))
        for i in 0..<n {
            for t in 0..<m {
                let j = Int(columns[i * m + t]), v = conditional[i * m + t] * scale
                cols[fill[i]] = Int32(j); vals[fill[i]] = v; fill[i] += 1
                cols[fill[j]] = Int32(i); vals[fill[j]] = v; fill[j] += 1
            }
        }
        // Sort each row by column and merge duplicates.
        var outStart = [Int](repeating: 0, count: n + 1)
        var outCols = [Int32](); outCols.reserveCapacity(start[n])
        var outVals = [Float](); outVals.reserveCapacity(start[n])
        var order: [Int] = []
        for i in 0..<n {
            let lo = start[i], hi = start[i + 1]
            order.removeAll(keepingCapacity: true)
            order.append(contentsOf: lo..<hi)
            order.sort { cols[$0] < cols[$1] }
            var last: Int32 = -1
            for e in order {
                if cols[e] == last { outVals[outVals.count - 1] += vals[e] }
                else { outCols.append(cols[e]); outVals.append(vals[e]); last = cols[e] }
            }
            outStart[i + 1] = outCols.count
        }
        return Affinities(count: n, rowStart: outStart, columns: outCols, values: outVals)
    }
}
