import Foundation
import SenseVecCore

/// An exact cosine-similarity index: a copy of the matrix with every row scaled to unit length, scanned with
/// SIMD dot products.
///
/// cos(u, v) = u·v / (‖u‖‖v‖); with unit rows and a unit query this is one dot product per row, so a top-k
/// query is one pass over `count × dimension` floats (memory-bound: ~120 MB for 100k × 300). Rows are padded
/// to a multiple of 8 floats and 32-byte aligned so the kernel uses aligned `SIMD8<Float>` loads with two
/// accumulators (see PERFORMANCE.md). Zero rows stay zero (similarity 0 to everything).
///
/// The storage is written once in `init` and only read afterwards, which is why the class is `Sendable`.
public final class TimedCosineIndex: @unchecked Sendable {
    /// Number of rows.
    public let count: Int
    /// Vector dimension (unpadded).
    public let dimension: Int
    /// Floats per stored row (dimension rounded up to a multiple of 8).
    public let stride: Int
    private let rows: UnsafeMutablePointer<Float>

    /// Builds the index from `count × dimension` row-major values.
    public init(dimension: Int, values: UnsafeBufferPointer<Float>) {
        precondition(dimension > 0 && values.count % dimension == 0)
        self.dimension = dimension
        self.count = values.count / dimension
        self.stride = (dimension + 7) / 8 * 8
        let total = max(1, count * stride)
        var raw: UnsafeMutableRawPointer?
        let status = posix_memalign(&raw, 64, total * MemoryLayout<Float>.stride)
        precondition(status == 0 && raw != nil, "out of memory for the cosine index")
        rows = raw!.bindMemory(to: Float.self, capacity: total)
        rows.initialize(repeating: 0, count: total)
        guard let src = values.baseAddress else { return }
        for i in 0..<count {
            let from = src + i * dimension, to = rows + i * stride
            var norm: Float = 0
            for j in 0..<dimension { norm += from[j] * from[j] }
            let scale: Float = norm > 0 ? 1 / norm.squareRoot() : 0
            for j in 0..<dimension { to[j] = from[j] * scale }
        }
    }

    deinit { free(rows) }

    /// The unit row `i` (unpadded copy).
    public func row(_ i: Int) -> [Float] { Array(UnsafeBufferPointer(start: rows + i * stride, count: dimension)) }

    /// A padded, unit-length copy of `v` (zero stays zero), ready for ``nearest(to:k:excluding:deadline:)``.
    public func query(from v: [Float]) -> [Float] {
        var q = [Float](repeating: 0, count: stride)
        var norm: Float = 0
        for j in 0..<min(dimension, v.count) { norm += v[j] * v[j] }
        let scale: Float = norm > 0 ? 1 / norm.squareRoot() : 0
        for j in 0..<min(dimension, v.count) { q[j] = v[j] * scale }
        return q
    }

    /// Dot product of two padded rows (`stride` floats): Core's SIMD kernel.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        CosineIndex.dot(a, b, n)
    }

    /// Cosine similarity between rows `i` and `j`.
    public func similarity(_ i: Int, _ j: Int) -> Float {
        Self.dot(rows + i * stride, rows + j * stride, stride)
    }

    /// Cosine similarity between row `i` and a query from ``query(from:)``.
    public func similarity(_ i: Int, query q: [Float]) -> Float {
        q.withUnsafeBufferPointer { Self.dot(rows + i * stride, $0.baseAddress!, stride) }
    }

    /// How often (in rows) a scan looks at the clock.
    static let deadlineCheckInterval = 4096

    /// The `k` rows most similar to the unit query `q` (from ``query(from:)``), best first, skipping `excluding`.
    public func nearest(to q: [Float], k: Int, excluding: Set<Int> = [],
                        deadline: ContinuousClock.Instant = .now + .seconds(3600)) throws -> [(row: Int, similarity: Float)] {
        precondition(q.count == stride)
        var top = TopK(k: k)
        try q.withUnsafeBufferPointer { qb in
            let qp = qb.baseAddress!, base = rows, stride = stride, n = count
            var start = 0
            while start < n {
                let end = min(n, start + Self.deadlineCheckInterval)
                for i in start..<end {
                    let s = Self.dot(base + i * stride, qp, stride)
                    if s > top.threshold && !excluding.contains(i) { top.insert(i, s) }
                }
                start = end
                if start < n && ContinuousClock.now > deadline { throw ExplorerError.timeout }
            }
        }
        return top.sorted
    }

    /// 3CosMul: the `k` rows maximising cos′(d,b)·cos′(d,c)/(cos′(d,a)+ε), cos′ = (cos+1)/2, ε = 0.001
    /// (Levy & Goldberg 2014), for unit queries `a`, `b`, `c`. The returned score is that objective.
    public func nearestMultiplicative(a: [Float], b: [Float], c: [Float], k: Int, excluding: Set<Int>,
                                      deadline: ContinuousClock.Instant) throws -> [(row: Int, similarity: Float)] {
        var top = TopK(k: k)
        let epsilon: Float = 0.001
        try a.withUnsafeBufferPointer { ab in
            try b.withUnsafeBufferPointer { bb in
                try c.withUnsafeBufferPointer { cb in
                    let pa = ab.baseAddress!, pb = bb.baseAddress!, pc = cb.baseAddress!
                    let base = rows, stride = stride, n = count
                    var start = 0
                    while start < n {
                        let end = min(n, start + Self.deadlineCheckInterval)
                        for i in start..<end {
                            let r = base + i * stride
                            let ca = (Self.dot(r, pa, stride) + 1) / 2
                            let cbv = (Self.dot(r, pb, stride) + 1) / 2
                            let cc = (Self.dot(r, pc, stride) + 1) / 2
                            let s = cbv * cc / (ca + epsilon)
                            if s > top.threshold && !excluding.contains(i) { top.insert(i, s) }
                        }
                        start = end
                        if start < n && ContinuousClock.now > deadline { throw ExplorerError.timeout }
                    }
                }
            }
        }
        return top.sorted
    }
}

/// The `k` largest scores seen so far, kept sorted descending (insertion; k ≤ 1000 and most rows are rejected
/// by the threshold test before reaching it).
struct TopK {
    let k: Int
    private(set) var rows: [Int] = []
    private(set) var scores: [Float] = []

    init(k: Int) {
        self.k = k
        rows.reserveCapacity(k + 1)
        scores.reserveCapacity(k + 1)
    }

    /// Scores at or below this cannot enter.
    var threshold: Float { scores.count < k ? -.infinity : scores[scores.count - 1] }

    mutating func insert(_ row: Int, _ score: Float) {
        guard k > 0, score > threshold else { return }
        var lo = 0, hi = scores.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if scores[mid] >= score { lo = mid + 1 } else { hi = mid }
        }
        scores.insert(score, at: lo)
        rows.insert(row, at: lo)
        if scores.count > k { scores.removeLast(); rows.removeLast() }
    }

    var sorted: [(row: Int, similarity: Float)] { zip(rows, scores).map { ($0, $1) } }
}
