import Foundation
import SenseVecCore

/// How t-SNE finds the k = ⌊3·perplexity⌋ nearest neighbours of every point for the sparse affinities.
///
/// - ``vantagePointTree``: exact, a ``VantagePointTree``; fast in low dimension (≲ 20), close to brute force
///   plus overhead in high dimension, where the triangle inequality prunes little.
/// - ``bruteForce``: exact, all pairs, ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b with a blocked SIMD kernel (4 queries × 2
///   references per step, like a GEMM micro-kernel) on all threads. O(N²·D).
/// - ``projected(components:candidates:)``: approximate. The data are projected on their top principal
///   components (randomized PCA); the `candidates` nearest points in that space are found by the same blocked
///   brute force, then re-ranked by their exact distance in the full space and the k best kept. The projection
///   never increases a distance, so true neighbours are missed only when directions outside the components
///   separate them; the recall is measured on a sample (``Neighbors/recall``).
/// - ``automatic``: VP tree up to 20 dimensions; the projection (50 components, 2k candidates) when there are more
///   than 3,000 points and more than 100 dimensions; exact brute force otherwise.
public enum NeighborSearch: Sendable, Equatable {
    case automatic
    case vantagePointTree
    case bruteForce
    case projected(components: Int, candidates: Int?)

    /// The concrete method for `rows × dimension` data (never ``automatic``).
    public func resolved(rows: Int, dimension: Int) -> NeighborSearch {
        switch self {
        case .automatic:
            if dimension <= 20 { return .vantagePointTree }
            if rows > 3_000 && dimension > 100 { return .projected(components: 50, candidates: nil) }
            return .bruteForce
        case .projected(let c, let k): return .projected(components: min(c, dimension), candidates: k)
        default: return self
        }
    }

    /// Short name for messages and JSON.
    public var name: String {
        switch self {
        case .automatic: return "auto"
        case .vantagePointTree: return "vptree"
        case .bruteForce: return "brute"
        case .projected(let c, _): return "pca\(c)"
        }
    }
}

/// The k nearest neighbours of every row: `count × k` indices and squared distances (full space), each row
/// sorted by increasing distance, the row itself excluded.
public struct Neighbors: Sendable {
    public let count: Int
    public let k: Int
    public var indices: [Int32]
    public var squaredDistances: [Float]
    /// Share of the exact k nearest neighbours found, measured on ``recallSample`` random rows (1 for exact
    /// methods, where it is not measured; nil when not measured for an approximate one).
    public var recall: Double?
    public var recallSample: Int = 0
    /// The PCA fitted by ``NeighborSearch/projected(components:candidates:)`` (reusable as t-SNE's initialization).
    public var projection: PCA? = nil

    /// Finds the neighbours with `method`. `recallSample` rows (seeded) are checked against exact brute force when
    /// the method is approximate.
    public static func find(_ data: DataMatrix, k: Int, method: NeighborSearch = .automatic, threads: Int = 1,
                            seed: UInt64 = 1, recallSample: Int = 1_000,
                            progress: ProgressHandler? = nil) throws -> Neighbors {
        let n = data.rows
        guard k >= 1, k < n else { throw SenseVecError("need 1 ≤ k < N for neighbours, got k = \(k), N = \(n)") }
        switch method.resolved(rows: n, dimension: data.columns) {
        case .vantagePointTree:
            var rng = SenseRandom(seed: seed)
            let tree = VantagePointTree(data: data.values, dimension: data.columns, rng: &rng)
            let (idx, d2) = tree.allNeighbors(k: k, threads: threads, progress: progress)
            return Neighbors(count: n, k: k, indices: idx, squaredDistances: d2, recall: 1, recallSample: 0)
        case .bruteForce:
            let (idx, d2) = BruteForceKNN(data.values, rows: n, dimension: data.columns)
                .search(queries: nil, k: k, threads: threads, progress: progress)
            return Neighbors(count: n, k: k, indices: idx, squaredDistances: d2, recall: 1, recallSample: 0)
        case .projected(let components, let candidates):
            let c = max(k, min(n - 1, candidates ?? 2 * k))
            let comps = max(1, min(components, data.columns, n))
            progress?(ProgressEvent(stage: "neighbours", fraction: 0, message: "PCA to \(comps) components"))
            let pca = try PCA(data, components: comps, powerIterations: 2, seed: seed, threads: threads)
            let scores = pca.scores.map { Float($0) }
            let (cand, _) = BruteForceKNN(scores, rows: n, dimension: comps)
                .search(queries: nil, k: c, threads: threads, progress: progress)
            var result = rerank(data, candidates: cand, perRow: c, k: k, threads: threads)
            result.projection = pca
            if recallSample > 0 {
                result.recall = measureRecall(result, data: data, sample: min(recallSample, n), seed: seed,
                                              threads: threads)
                result.recallSample = min(recallSample, n)
            }
            return result
        case .automatic:
            fatalError("unreachable: resolved() never returns .automatic")
        }
    }

    /// Keeps, for each row, the k candidates nearest in the full space (exact distances), sorted.
    static func rerank(_ data: DataMatrix, candidates: [Int32], perRow c: Int, k: Int, threads: Int) -> Neighbors {
        let n = data.rows, dim = data.columns
        var idx = [Int32](repeating: 0, count: n * k)
        var dst = [Float](repeating: 0, count: n * k)
        data.values.withUnsafeBufferPointer { xp in
        candidates.withUnsafeBufferPointer { cp in
        idx.withUnsafeMutableBufferPointer { ip in
        dst.withUnsafeMutableBufferPointer { dp in
            let xs = SharedPointer(UnsafeMutablePointer(mutating: xp.baseAddress!))
            let cs = SharedPointer(UnsafeMutablePointer(mutating: cp.baseAddress!))
            let ips = SharedPointer(ip.baseAddress!), dps = SharedPointer(dp.baseAddress!)
            parallelChunks(n, threads: threads, chunksPerThread: 4) { range in
                let order = UnsafeMutablePointer<Int>.allocate(capacity: c)
                let d = UnsafeMutablePointer<Float>.allocate(capacity: c)
                defer { order.deallocate(); d.deallocate() }
                for i in range {
                    let q = xs.base + i * dim
                    for t in 0..<c {
                        d[t] = squaredDistance(q, xs.base + Int(cs[i * c + t]) * dim, dim)
                        order[t] = t
                    }
                    // Partial selection sort is O(c·k); a full sort of c ≤ a few hundred is cheaper and simpler.
                    var buf = UnsafeMutableBufferPointer(start: order, count: c)
                    buf.sort { d[$0] < d[$1] || (d[$0] == d[$1] && cs[i * c + $0] < cs[i * c + $1]) }
                    for t in 0..<k {
                        ips[i * k + t] = cs[i * c + order[t]]
                        dps[i * k + t] = d[order[t]]
                    }
                }
            }
        }}}}
        return Neighbors(count: n, k: k, indices: idx, squaredDistances: dst, recall: nil, recallSample: 0)
    }

    /// Share of the exact k nearest neighbours (full space, brute force) of `sample` seeded random rows that
    /// `found` contains.
    public static func measureRecall(_ found: Neighbors, data: DataMatrix, sample: Int, seed: UInt64,
                                     threads: Int) -> Double {
        let n = data.rows, k = found.k
        var rng = SenseRandom(seed: seed ^ 0x5EED_4EC4)
        var rows = Array(0..<n)
        let s = min(sample, n)
        for t in 0..<s { rows.swapAt(t, t + rng.nextInt(below: n - t)) }
        let queries = Array(rows[..<s])
        let (exact, _) = BruteForceKNN(data.values, rows: n, dimension: data.columns)
            .search(queries: queries, k: k, threads: threads)
        var hits = 0
        for (t, q) in queries.enumerated() {
            let got = Set(found.indices[(q * k)..<((q + 1) * k)])
            for e in exact[(t * k)..<((t + 1) * k)] where got.contains(e) { hits += 1 }
        }
        return Double(hits) / Double(s * k)
    }
}

/// Exact k-nearest-neighbour search by blocked brute force over Float32 rows.
///
/// Distances are ‖q‖² + ‖r‖² − 2q·r (clamped at 0). Dot products come from a 4×2 register-blocked SIMD8 kernel:
/// four query rows and two reference rows per step, eight accumulators, so each loaded vector feeds several FMAs.
/// References are visited in blocks that fit the L2 cache; each query keeps a max-heap of its best k, and a
/// candidate is compared with the heap's top before anything else. Query blocks are split over threads.
struct BruteForceKNN {
    let base: [Float]
    let rows: Int
    let dimension: Int
    /// Row stride of `base` (dimension rounded up to a multiple of 8, zero padded).
    let stride: Int
    let norms: [Float]

    init(_ values: [Float], rows: Int, dimension: Int) {
        self.rows = rows; self.dimension = dimension
        let s = (dimension + 7) / 8 * 8
        stride = s
        if s == dimension {
            base = values
        } else {
            var b = [Float](repeating: 0, count: rows * s)
            for i in 0..<rows { for j in 0..<dimension { b[i * s + j] = values[i * dimension + j] } }
            base = b
        }
        var nr = [Float](repeating: 0, count: rows)
        base.withUnsafeBufferPointer { bp in
            for i in 0..<rows {
                let r = bp.baseAddress! + i * s
                var acc = 0.0 as Float
                for j in 0..<s { acc += r[j] * r[j] }
                nr[i] = acc
            }
        }
        norms = nr
    }

    /// Pushes (i, d) into the max-heap `idx`/`dist` of current size `size` and capacity k.
    @inline(__always)
    static func push(_ idx: UnsafeMutablePointer<Int32>, _ dist: UnsafeMutablePointer<Float>, _ size: inout Int,
                     _ k: Int, _ i: Int32, _ d: Float) {
        if size < k {
            var c = size; size += 1
            while c > 0 {
                let p = (c - 1) / 2
                if dist[p] >= d { break }
                dist[c] = dist[p]; idx[c] = idx[p]; c = p
            }
            dist[c] = d; idx[c] = i
        } else if d < dist[0] {
            var c = 0
            while true {
                let l = 2 * c + 1
                if l >= size { break }
                var m = l
                if l + 1 < size && dist[l + 1] > dist[l] { m = l + 1 }
                if dist[m] <= d { break }
                dist[c] = dist[m]; idx[c] = idx[m]; c = m
            }
            dist[c] = d; idx[c] = i
        }
    }

    /// Heap → ascending by (distance, index).
    static func sortHeap(_ idx: UnsafeMutablePointer<Int32>, _ dist: UnsafeMutablePointer<Float>, _ size: Int) {
        var pairs = (0..<size).map { (dist[$0], idx[$0]) }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        for t in 0..<size { dist[t] = pairs[t].0; idx[t] = pairs[t].1 }
    }

    /// The k nearest rows (excluding the query row itself) of each query row (`nil` = every row), as
    /// `queries × k` indices and squared distances sorted ascending.
    func search(queries: [Int]?, k: Int, threads: Int, progress: ProgressHandler? = nil) -> (indices: [Int32], squaredDistances: [Float]) {
        let q = queries ?? Array(0..<rows)
        let nq = q.count
        var idx = [Int32](repeating: 0, count: nq * k)
        var dst = [Float](repeating: .infinity, count: nq * k)
        let s = stride
        // Reference block of ≈ 128 KB; query blocks of 32 rows.
        let refBlock = max(8, min(512, (128 * 1024 / 4) / s) / 2 * 2)
        let queryBlock = 32
        let blocks = (nq + queryBlock - 1) / queryBlock
        let done = DoneCounter()
        let n = rows
        base.withUnsafeBufferPointer { bp in
        norms.withUnsafeBufferPointer { np in
        q.withUnsafeBufferPointer { qp in
        idx.withUnsafeMutableBufferPointer { ip in
        dst.withUnsafeMutableBufferPointer { dp in
            let xs = SharedPointer(UnsafeMutablePointer(mutating: bp.baseAddress!))
            let ns = SharedPointer(UnsafeMutablePointer(mutating: np.baseAddress!))
            let qs = SharedPointer(UnsafeMutablePointer(mutating: qp.baseAddress!))
            let ips = SharedPointer(ip.baseAddress!), dps = SharedPointer(dp.baseAddress!)
            parallelChunks(blocks, threads: threads, chunksPerThread: 8) { range in
                var sizes = [Int](repeating: 0, count: queryBlock)
                var dots = [Float](repeating: 0, count: 8)
                for b in range {
                    let q0 = b * queryBlock, q1 = min(nq, q0 + queryBlock)
                    for t in 0..<(q1 - q0) { sizes[t] = 0 }
                    var r0 = 0
                    while r0 < n {
                        let r1 = min(n, r0 + refBlock)
                        var a = q0
                        while a < q1 {
                            let qa = min(4, q1 - a)
                            // Query pointers (repeat the last one when fewer than 4 remain).
                            let qi0 = qs[a], qi1 = qs[a + min(1, qa - 1)], qi2 = qs[a + min(2, qa - 1)], qi3 = qs[a + min(3, qa - 1)]
                            let p0 = UnsafeRawPointer(xs.base + qi0 * s), p1 = UnsafeRawPointer(xs.base + qi1 * s)
                            let p2 = UnsafeRawPointer(xs.base + qi2 * s), p3 = UnsafeRawPointer(xs.base + qi3 * s)
                            var r = r0
                            while r < r1 {
                                let two = r + 1 < r1
                                let ra = UnsafeRawPointer(xs.base + r * s)
                                let rb = UnsafeRawPointer(xs.base + (two ? r + 1 : r) * s)
                                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                                var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>()
                                var o = 0
                                let end = s * 4
                                while o < end {
                                    let va = ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                                    let vb = rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                                    let x0 = p0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                                    a0.addProduct(x0, va); b0.addProduct(x0, vb)
                                    let x1 = p1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                                    a1.addProduct(x1, va); b1.addProduct(x1, vb)
                                    let x2 = p2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                                    a2.addProduct(x2, va); b2.addProduct(x2, vb)
                                    let x3 = p3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                                    a3.addProduct(x3, va); b3.addProduct(x3, vb)
                                    o += 32
                                }
                                dots[0] = a0.sum(); dots[1] = a1.sum(); dots[2] = a2.sum(); dots[3] = a3.sum()
                                dots[4] = b0.sum(); dots[5] = b1.sum(); dots[6] = b2.sum(); dots[7] = b3.sum()
                                let nra = ns[r], nrb = two ? ns[r + 1] : 0
                                for t in 0..<qa {
                                    let qi = qs[a + t], slot = a + t - q0
                                    let nqv = ns[qi]
                                    let hi = ips.base + (a + t) * k, hd = dps.base + (a + t) * k
                                    let da = max(0, nqv + nra - 2 * dots[t])
                                    if r != qi && (sizes[slot] < k || da < hd[0]) {
                                        Self.push(hi, hd, &sizes[slot], k, Int32(r), da)
                                    }
                                    if two {
                                        let db = max(0, nqv + nrb - 2 * dots[4 + t])
                                        if r + 1 != qi && (sizes[slot] < k || db < hd[0]) {
                                            Self.push(hi, hd, &sizes[slot], k, Int32(r + 1), db)
                                        }
                                    }
                                }
                                r += 2
                            }
                            a += 4
                        }
                        r0 = r1
                    }
                    for t in q0..<q1 { Self.sortHeap(ips.base + t * k, dps.base + t * k, sizes[t - q0]) }
                    let total = done.add(q1 - q0)
                    progress?(ProgressEvent(stage: "neighbours", fraction: Double(total) / Double(nq)))
                }
            }
        }}}}}
        return (idx, dst)
    }
}
