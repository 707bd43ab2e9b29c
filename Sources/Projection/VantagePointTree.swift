import SenseVecCore

/// A vantage-point tree (Yianilos 1993) for exact k-nearest-neighbour search under Euclidean distance.
///
/// Each node holds one point (the vantage point) and the median distance μ from it to the points below;
/// points closer than μ go left, the others right. A query with current k-th best distance τ visits the
/// far side only when |d(q, vp) − μ| ≤ τ (triangle inequality), so results are exact. Queries for many
/// points run on several threads (each query is independent; the tree is read-only).
public struct VantagePointTree: Sendable {
    @usableFromInline let data: [Float]
    @usableFromInline let dimension: Int
    /// Node arrays: point index, radius μ, left and right child (−1 = none).
    @usableFromInline var point: [Int32] = []
    @usableFromInline var radius: [Float] = []
    @usableFromInline var left: [Int32] = []
    @usableFromInline var right: [Int32] = []

    /// Builds the tree over the rows of `data` (`count × dimension`, row-major). Vantage points are drawn
    /// with `rng`, so a seed gives the same tree.
    public init(data: [Float], dimension: Int, rng: inout SenseRandom) {
        self.data = data
        self.dimension = dimension
        let n = data.count / max(dimension, 1)
        point.reserveCapacity(n); radius.reserveCapacity(n); left.reserveCapacity(n); right.reserveCapacity(n)
        var items = (0..<n).map { (Int32($0), Float(0)) }
        _ = build(&items, 0, n, &rng)
    }

    private mutating func build(_ items: inout [(Int32, Float)], _ lo: Int, _ hi: Int, _ rng: inout SenseRandom) -> Int32 {
        if lo >= hi { return -1 }
        let node = Int32(point.count)
        let pick = lo + rng.nextInt(below: hi - lo)
        items.swapAt(lo, pick)
        let vp = Int(items[lo].0)
        point.append(Int32(vp)); radius.append(0); left.append(-1); right.append(-1)
        if hi - lo == 1 { return node }
        data.withUnsafeBufferPointer { d in
            let v = d.baseAddress! + vp * dimension
            for k in (lo + 1)..<hi {
                items[k].1 = VectorKernels.squaredDistance(v, d.baseAddress! + Int(items[k].0) * dimension, count: dimension).squareRoot()
            }
        }
        let mid = (lo + 1 + hi) / 2
        Self.select(&items, lo + 1, hi, mid)
        radius[Int(node)] = items[mid].1
        let l = build(&items, lo + 1, mid, &rng)
        let r = build(&items, mid, hi, &rng)
        left[Int(node)] = l; right[Int(node)] = r
        return node
    }

    /// Quickselect: puts the element of rank `k` (by distance) at `k`, smaller before, larger after.
    private static func select(_ a: inout [(Int32, Float)], _ lo0: Int, _ hi0: Int, _ k: Int) {
        var lo = lo0, hi = hi0 - 1
        while lo < hi {
            let pivot = a[(lo + hi) / 2].1
            var i = lo, j = hi
            while i <= j {
                while a[i].1 < pivot { i += 1 }
                while a[j].1 > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    /// The `k` nearest rows to row `query` of the tree's own data, excluding the row itself, sorted by
    /// increasing distance; writes indices and squared distances into the buffers (length ≥ k).
    @usableFromInline
    func neighbors(ofRow query: Int, k: Int, indices: UnsafeMutablePointer<Int32>,
                   squaredDistances: UnsafeMutablePointer<Float>) {
        data.withUnsafeBufferPointer { d in
            let base = d.baseAddress!
            let q = base + query * dimension
            // Max-heap of the best k (by distance) in indices/distances.
            var size = 0
            var tau = Float.infinity
            func push(_ idx: Int32, _ dist: Float) {
                BruteForceKNN.push(indices, squaredDistances, &size, k, idx, dist)
                if size == k { tau = squaredDistances[0].squareRoot() }
            }
            point.withUnsafeBufferPointer { pt in
            radius.withUnsafeBufferPointer { rad in
            left.withUnsafeBufferPointer { lf in
            right.withUnsafeBufferPointer { rt in
                func search(_ node: Int32) {
                    if node < 0 { return }
                    let n = Int(node)
                    let vp = Int(pt[n])
                    let d2 = VectorKernels.squaredDistance(q, base + vp * dimension, count: dimension)
                    let dist = d2.squareRoot()
                    if vp != query && (size < k || d2 < squaredDistances[0]) { push(Int32(vp), d2) }
                    let mu = rad[n]
                    if lf[n] < 0 && rt[n] < 0 { return }
                    if dist < mu {
                        if dist - tau <= mu { search(lf[n]) }
                        if dist + tau >= mu { search(rt[n]) }
                    } else {
                        if dist + tau >= mu { search(rt[n]) }
                        if dist - tau <= mu { search(lf[n]) }
                    }
                }
                search(point.isEmpty ? -1 : 0)
            }}}}
            BruteForceKNN.sortHeap(indices, squaredDistances, size)
        }
    }

    /// The `k` nearest neighbours of every row (excluding itself), computed on `threads` threads.
    /// Returns `count × k` indices and squared distances, each row sorted by increasing distance.
    public func allNeighbors(k: Int, threads: Int, progress: ProgressHandler? = nil) -> (indices: [Int32], squaredDistances: [Float]) {
        let n = point.count
        var idx = [Int32](repeating: 0, count: n * k)
        var dst = [Float](repeating: 0, count: n * k)
        let done = DoneCounter()
        idx.withUnsafeMutableBufferPointer { ip in
            dst.withUnsafeMutableBufferPointer { dp in
                let ipp = SharedPointer(ip.baseAddress!), dpp = SharedPointer(dp.baseAddress!)
                parallelChunks(n, threads: threads, chunksPerThread: 64) { range in
                    for i in range {
                        self.neighbors(ofRow: i, k: k, indices: ipp.base + i * k, squaredDistances: dpp.base + i * k)
                    }
                    let total = done.add(range.count)
                    progress?(ProgressEvent(stage: "neighbours", fraction: Double(total) / Double(n)))
                }
            }
        }
        return (idx, dst)
    }
}

import Synchronization

/// A shared progress counter for worker threads.
final class DoneCounter: Sendable {
    private let value = Atomic<Int>(0)
    func add(_ n: Int) -> Int { value.add(n, ordering: .relaxed).newValue }
}
