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
                        d[t] = VectorKernels.squaredDistance(q, xs.base + Int(cs[i * c + t]) * dim, count: dim)
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
/// Distances are ‖q‖² + ‖r‖² − 2q·r (clamped at 0). The references are repacked in panels of 16 rows stored
/// dimension-major ([feature][16 rows]), so the 4×16 register-blocked kernel of
/// ``VectorKernels/panelDots(_:_:_:_:panel:dimension:)`` (the one ``CosineIndex`` scans with) produces 64 dot
/// products in SIMD lanes with no horizontal sums. The 16 distances of a query are then compared with its current
/// k-th best (the top of a max-heap) as a vector, and only lanes that beat it are pushed. Panels are visited in
/// groups that fit the L2 cache; query blocks are split over threads. Padded lanes have infinite norm.
struct BruteForceKNN {
    let rows: Int
    let dimension: Int
    /// Row-major queries (the original rows).
    let data: [Float]
    /// ⌈rows/16⌉ panels × dimension × 16.
    let panels: [Float]
    /// Squared norms of the rows, padded with +∞ to a multiple of 16.
    let norms: [Float]

    init(_ values: [Float], rows: Int, dimension: Int) {
        self.rows = rows; self.dimension = dimension; self.data = values
        let np = (rows + 15) / 16
        var pan = [Float](repeating: 0, count: np * dimension * 16)
        var nr = [Float](repeating: .infinity, count: np * 16)
        values.withUnsafeBufferPointer { vp in
            pan.withUnsafeMutableBufferPointer { pp in
                for i in 0..<rows {
                    let row = vp.baseAddress! + i * dimension
                    VectorKernels.pack(row, row: i, dimension: dimension, into: pp.baseAddress!)
                    var acc: Float = 0
                    for j in 0..<dimension { acc += row[j] * row[j] }
                    nr[i] = acc
                }
            }
        }
        panels = pan; norms = nr
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

    /// Offers 16 distances (lanes of d0, d1 for references r0 … r0+15) to one query's heap.
    @inline(__always)
    static func offer(_ d0: SIMD8<Float>, _ d1: SIMD8<Float>, r0: Int, rows: Int, self q: Int, heapIdx: UnsafeMutablePointer<Int32>,
                      heapDist: UnsafeMutablePointer<Float>, size: inout Int, k: Int) {
        let thr = size < k ? Float.infinity : heapDist[0]
        let t = SIMD8<Float>(repeating: thr)
        if !any(d0 .< t) && !any(d1 .< t) { return }
        for l in 0..<16 {
            let d = max(0, l < 8 ? d0[l] : d1[l - 8])
            let r = r0 + l
            if r != q && r < rows && (size < k || d < heapDist[0]) { push(heapIdx, heapDist, &size, k, Int32(r), d) }
        }
    }

    /// The k nearest rows (excluding the query row itself) of each query row (`nil` = every row), as
    /// `queries × k` indices and squared distances sorted ascending.
    func search(queries: [Int]?, k: Int, threads: Int, progress: ProgressHandler? = nil) -> (indices: [Int32], squaredDistances: [Float]) {
        let q = queries ?? Array(0..<rows)
        let nq = q.count
        var idx = [Int32](repeating: 0, count: nq * k)
        var dst = [Float](repeating: .infinity, count: nq * k)
        let dim = dimension, n = rows
        let npanels = (rows + 15) / 16
        // Panel group of ≈ 192 KB; query blocks of 32 rows.
        let group = max(1, (192 * 1024) / (dim * 64))
        let queryBlock = 32
        let blocks = (nq + queryBlock - 1) / queryBlock
        let done = DoneCounter()
        data.withUnsafeBufferPointer { xp in
        panels.withUnsafeBufferPointer { pp in
        norms.withUnsafeBufferPointer { np in
        q.withUnsafeBufferPointer { qp in
        idx.withUnsafeMutableBufferPointer { ip in
        dst.withUnsafeMutableBufferPointer { dp in
            let xs = SharedPointer(UnsafeMutablePointer(mutating: xp.baseAddress!))
            let ps = SharedPointer(UnsafeMutablePointer(mutating: pp.baseAddress!))
            let ns = SharedPointer(UnsafeMutablePointer(mutating: np.baseAddress!))
            let qs = SharedPointer(UnsafeMutablePointer(mutating: qp.baseAddress!))
            let ips = SharedPointer(ip.baseAddress!), dps = SharedPointer(dp.baseAddress!)
            parallelChunks(blocks, threads: threads, chunksPerThread: 8) { range in
                var sizes = [Int](repeating: 0, count: queryBlock)
                sizes.withUnsafeMutableBufferPointer { sz in
                for b in range {
                    let q0 = b * queryBlock, q1 = min(nq, q0 + queryBlock)
                    for t in 0..<(q1 - q0) { sz[t] = 0 }
                    var g0 = 0
                    while g0 < npanels {
                        let g1 = min(npanels, g0 + group)
                        var a = q0
                        while a < q1 {
                            let qa = min(4, q1 - a)
                            // Query rows (the last one repeated when fewer than 4 remain).
                            let qi0 = qs[a], qi1 = qs[a + min(1, qa - 1)], qi2 = qs[a + min(2, qa - 1)], qi3 = qs[a + min(3, qa - 1)]
                            let x0 = xs.base + qi0 * dim, x1 = xs.base + qi1 * dim
                            let x2 = xs.base + qi2 * dim, x3 = xs.base + qi3 * dim
                            for pnl in g0..<g1 {
                                let (p0, p1, p2, p3) = VectorKernels.panelDots(
                                    UnsafePointer(x0), UnsafePointer(x1), UnsafePointer(x2), UnsafePointer(x3),
                                    panel: UnsafePointer(ps.base + pnl * dim * 16), dimension: dim)
                                let rn = UnsafeRawPointer(ns.base + pnl * 16)
                                let n0 = rn.load(fromByteOffset: 0, as: SIMD8<Float>.self)
                                let n1 = rn.load(fromByteOffset: 32, as: SIMD8<Float>.self)
                                for t in 0..<qa {
                                    let (s0, s1): (SIMD8<Float>, SIMD8<Float>)
                                    switch t { case 0: (s0, s1) = (p0.low, p0.high); case 1: (s0, s1) = (p1.low, p1.high)
                                    case 2: (s0, s1) = (p2.low, p2.high); default: (s0, s1) = (p3.low, p3.high) }
                                    let qi = qs[a + t]
                                    let nqv = SIMD8<Float>(repeating: ns[qi])
                                    // Rounding can make a distance slightly negative; offer() clamps what it keeps.
                                    let d0 = nqv + n0 - 2 * s0
                                    let d1 = nqv + n1 - 2 * s1
                                    Self.offer(d0, d1, r0: pnl * 16, rows: n, self: qi, heapIdx: ips.base + (a + t) * k,
                                               heapDist: dps.base + (a + t) * k, size: &sz[a + t - q0], k: k)
                                }
                            }
                            a += 4
                        }
                        g0 = g1
                    }
                    for t in q0..<q1 { Self.sortHeap(ips.base + t * k, dps.base + t * k, sz[t - q0]) }
                    let total = done.add(q1 - q0)
                    progress?(ProgressEvent(stage: "neighbours", fraction: Double(total) / Double(nq)))
                }
                }
            }
        }}}}}}
        return (idx, dst)
    }
}
