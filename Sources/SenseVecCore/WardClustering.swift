/// Agglomerative clustering with Ward's criterion (Ward 1963): starting from one cluster per point, the two
/// clusters whose union increases the within-cluster sum of squares least are merged, until one is left.
///
/// With d the squared Euclidean distance between points, the cost of merging clusters i and j is tracked by the
/// Lance–Williams update (Lance & Williams 1967)
///
///     d(i ∪ j, k) = ((n_i + n_k) d(i, k) + (n_j + n_k) d(j, k) − n_k d(i, j)) / (n_i + n_j + n_k)
///
/// and the merges are found by the nearest-neighbour chain (Murtagh 1983): follow nearest neighbours from any
/// cluster until two clusters are each other's nearest, merge them, and continue from the rest of the chain.
/// Ward's criterion is reducible, so this gives the same dendrogram as merging the globally closest pair each
/// time, in O(n²) time and memory.
///
/// Cutting the dendrogram at K clusters gives a deterministic partition that seeds EM for a K-sense mixture
/// (``SenseMixture/FitOptions/initialization``). On SemEval-2010's contexts, EM from these starts scores 1.0–2.0
/// AVG higher than from random k-means++ seeds (docs/senses.md).
public struct WardDendrogram: Sendable {
    /// One merge: clusters `a` and `b` (each named by one of its points) joined at `height` (the merge cost d).
    public struct Merge: Sendable, Equatable {
        public var a: Int
        public var b: Int
        public var height: Float
    }

    /// Number of points.
    public let count: Int
    /// The n − 1 merges in increasing height.
    public let merges: [Merge]

    /// Clusters the n rows of `points` (n × d).
    public init(points: UnsafePointer<Float>, count n: Int, dimension d: Int) {
        count = n
        guard n >= 2 else { merges = []; return }
        var distance = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                let s = VectorKernels.squaredDistance(points + i * d, points + j * d, count: d)
                distance[i * n + j] = s
                distance[j * n + i] = s
            }
        }
        var size = [Float](repeating: 1, count: n)
        var activeList = Array(0..<n)
        var chain: [Int] = []
        chain.reserveCapacity(n)
        var found: [Merge] = []
        found.reserveCapacity(n - 1)
        distance.withUnsafeMutableBufferPointer { dp in
            let dist = dp.baseAddress!
            while activeList.count > 1 {
                if chain.isEmpty { chain.append(activeList[0]) }
                var a = chain[chain.count - 1], b = -1
                while true {
                    a = chain[chain.count - 1]
                    let previous = chain.count >= 2 ? chain[chain.count - 2] : -1
                    // The nearest active cluster; the previous link of the chain wins ties, so the chain ends.
                    var best = previous, bestDistance = previous >= 0 ? dist[a * n + previous] : Float.infinity
                    for c in activeList where c != a && c != previous {
                        let v = dist[a * n + c]
                        if v < bestDistance { bestDistance = v; best = c }
                    }
                    // Distances that do not compare (NaN from non-finite points) still end in a merge.
                    b = best >= 0 ? best : activeList.first { $0 != a }!
                    if b == previous { break }
                    chain.append(b)
                }
                chain.removeLast(2)
                let (keep, drop) = a < b ? (a, b) : (b, a)
                let height = dist[a * n + b]
                found.append(Merge(a: keep, b: drop, height: height.isNaN ? .infinity : height))
                let ni = size[keep], nj = size[drop]
                for k in activeList where k != keep && k != drop {
                    let nk = size[k]
                    let v = ((ni + nk) * dist[keep * n + k] + (nj + nk) * dist[drop * n + k] - nk * height) / (ni + nj + nk)
                    dist[keep * n + k] = v
                    dist[k * n + keep] = v
                }
                size[keep] = ni + nj
                activeList.removeAll { $0 == drop }
            }
        }
        // Stable order by height: the merges of a reducible criterion replayed in this order rebuild the tree.
        merges = found.enumerated().sorted { ($0.element.height, $0.offset) < ($1.element.height, $1.offset) }.map(\.element)
    }

    /// The partition into `k` clusters (the first n − k merges): a cluster index in 0..<k for every point, the
    /// clusters numbered in order of their first point.
    public func cut(clusters k: Int) -> [Int] {
        let n = count
        guard n > 0 else { return [] }
        var parent = Array(0..<n)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for m in merges.prefix(max(0, n - max(1, k))) {
            let ra = root(m.a), rb = root(m.b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var label = [Int: Int]()
        var out = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let r = root(i)
            if let l = label[r] { out[i] = l } else { label[r] = label.count; out[i] = label[r]! }
        }
        return out
    }
}
