/// The Huffman tree over a vocabulary used by hierarchical softmax (Morin & Bengio 2005; Mikolov et al. 2013).
///
/// Word `w` is a leaf; its path from the root visits inner nodes `points(w)` (ids in `0..<count-1`, one output
/// vector each) and takes branches `codes(w)` (0 or 1). Then
/// p(w | h) = Π_j σ((1 − 2·code_j) · U_{point_j} · h), which sums to 1 over the vocabulary.
/// Built as word2vec does: repeatedly merge the two least frequent nodes, so frequent words get short codes.
public struct HuffmanTree: Sendable {
    /// Concatenated codes of all words; word `w`'s are `codes[offsets[w] ..< offsets[w+1]]`.
    public let codes: [UInt8]
    /// Concatenated inner-node ids of all words, parallel to `codes` (root first).
    public let points: [Int32]
    /// `count + 1` offsets into `codes` and `points`.
    public let offsets: [Int]

    /// The number of leaves (words).
    public var count: Int { offsets.count - 1 }
    /// The number of inner nodes (`count − 1`, at least 1 so a one-word vocabulary still has an output row).
    public var innerNodeCount: Int { max(1, count - 1) }

    /// Builds the tree from word counts (any order; ties broken deterministically).
    public init(counts: [Int]) {
        let n = counts.count
        guard n > 1 else {
            // A single word: one inner node, code 0, so p(w) = σ(U·h) is still a proper objective.
            codes = n == 1 ? [0] : []
            points = n == 1 ? [0] : []
            offsets = n == 1 ? [0, 1] : [0]
            return
        }
        // Two-queue O(n) construction over leaves sorted by ascending count.
        let leafOrder = (0..<n).sorted { counts[$0] != counts[$1] ? counts[$0] < counts[$1] : $0 > $1 }
        var nodeCount = [Int](repeating: 0, count: 2 * n - 1)   // 0..<n leaves (by word id), n... inner
        for i in 0..<n { nodeCount[i] = counts[i] }
        var parent = [Int](repeating: -1, count: 2 * n - 1)
        var branch = [UInt8](repeating: 0, count: 2 * n - 1)
        var leafPos = 0
        var innerPos = n, innerEnd = n
        func takeMin() -> Int {
            if leafPos < n && (innerPos >= innerEnd || nodeCount[leafOrder[leafPos]] <= nodeCount[innerPos]) {
                let id = leafOrder[leafPos]; leafPos += 1; return id
            }
            let id = innerPos; innerPos += 1; return id
        }
        for _ in 0..<(n - 1) {
            let a = takeMin(), b = takeMin()
            let node = innerEnd; innerEnd += 1
            nodeCount[node] = nodeCount[a] + nodeCount[b]
            parent[a] = node; parent[b] = node
            branch[a] = 0; branch[b] = 1
        }
        let root = 2 * n - 2
        var codes: [UInt8] = [], points: [Int32] = [], offsets = [0]
        codes.reserveCapacity(n * 8); points.reserveCapacity(n * 8)
        var pathCodes: [UInt8] = [], pathPoints: [Int32] = []
        for w in 0..<n {
            pathCodes.removeAll(keepingCapacity: true); pathPoints.removeAll(keepingCapacity: true)
            var node = w
            while node != root {
                pathCodes.append(branch[node])
                node = parent[node]
                pathPoints.append(Int32(root - node))  // root → 0, inner ids in 0..<n-1
            }
            codes.append(contentsOf: pathCodes.reversed())
            points.append(contentsOf: pathPoints.reversed())
            offsets.append(codes.count)
        }
        self.codes = codes
        self.points = points
        self.offsets = offsets
    }

    /// The branch codes on the path of word `w`, root first.
    public func codes(of w: Int) -> ArraySlice<UInt8> { codes[offsets[w] ..< offsets[w + 1]] }
    /// The inner nodes on the path of word `w`, root first.
    public func points(of w: Int) -> ArraySlice<Int32> { points[offsets[w] ..< offsets[w + 1]] }
}
