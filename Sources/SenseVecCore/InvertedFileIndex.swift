import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An approximate cosine nearest-neighbour index over a ``CosineIndex``: an inverted file (IVF).
///
/// A spherical k-means coarse quantizer (`lists` unit centroids, trained on a seeded sample of rows) assigns every
/// row to its nearest centroid. A query computes its similarity with every centroid, probes the ``nprobe`` lists
/// whose centroids are nearest, and ranks the rows of those lists exactly: each list's unit rows are packed in
/// panels of 16 (the layout of ``VectorKernels/panelDots(_:panel:dimension:)``), and every lane of that kernel sums
/// its products in component order, so the similarity of a row is the same Float32 as in an exact scan of the
/// ``CosineIndex``, and when the exact top `k` lie in the probed lists the answer equals the exact one (ties to
/// the lower row). Cost per query: `lists·D + nprobe·(n/lists)·D` multiply-adds instead of `n·D`.
///
/// ``nprobe`` is chosen by ``build(index:lists:seed:targetRecall:recallQueries:recallK:progress:isCancelled:)``:
/// the smallest number of lists (1, 2, 3, 4, then ×1.5: 6, 9, 13, …) for which the recall@`recallK` against exact scans of
/// `recallQueries` seeded sample rows reaches `targetRecall` with a margin: the one-sided 95% lower confidence bound
/// of the mean (mean − 1.645·s/√queries) must reach it. The measured mean recall is kept in ``recall``.
///
/// Memory: one more packed copy of the unit rows (`n·D` floats, in list order), `lists·D` floats of centroids, and
/// 4 bytes per row for its list and its row number.
public final class InvertedFileIndex: @unchecked Sendable {
    // Sendable by construction: every buffer is written once in `init` and only read afterwards.
    public let base: CosineIndex
    public let lists: Int
    /// Lists probed per query.
    public let nprobe: Int
    /// Recall@``recallK`` of ``nprobe`` measured against exact scans on ``recallQueries`` sample rows.
    public let recall: Double
    public let recallK: Int
    public let recallQueries: Int
    /// The probes tried by the build, in increasing order, with their mean recall and its one-sided 95% lower
    /// confidence bound (mean − 1.645·s/√queries); empty when the index was read from a file.
    public let recallCurve: [(probe: Int, recall: Double, lowerBound: Double)]
    /// The list of every row (`assignment[row]` in 0..<lists).
    public let assignment: [Int32]
    /// The centroids as given to ``init(base:centroids:assignment:nprobe:recall:recallK:recallQueries:)``
    /// (`lists × dimension`, row after row; the index uses them normalized).
    public let centroids: [Float]
    /// Centroids in panels of 16 (padding centroids are zero).
    let centroidPanels: AlignedFloats
    let centroidPanelCount: Int
    /// First panel of list l in ``packed`` (`panelStart[lists]` = all panels).
    let panelStart: [Int]
    /// Row of each slot of ``packed`` (−1 for padding).
    let slotRow: [Int32]
    let packed: AlignedFloats

    /// The same lists with another `nprobe` and its measured recall (the buffers are shared, not copied).
    init(_ other: InvertedFileIndex, nprobe: Int, recall: Double, recallQueries: Int,
         recallCurve: [(probe: Int, recall: Double, lowerBound: Double)]) {
        self.recallCurve = recallCurve
        base = other.base; lists = other.lists; self.nprobe = max(1, min(other.lists, nprobe)); self.recall = recall
        recallK = other.recallK; self.recallQueries = recallQueries; assignment = other.assignment
        centroids = other.centroids; centroidPanels = other.centroidPanels; centroidPanelCount = other.centroidPanelCount
        panelStart = other.panelStart; slotRow = other.slotRow; packed = other.packed
    }

    /// Assembles the index from a quantizer (`centroids`, unit or not: they are normalized) and the list of every
    /// row; `nprobe`, `recall` as measured for them. Preconditions: sizes and ranges agree.
    public init(base: CosineIndex, centroids: [Float], assignment: [Int32], nprobe: Int, recall: Double,
                recallK: Int, recallQueries: Int) {
        let d = base.dimension, w = VectorKernels.panelWidth
        precondition(d > 0 && centroids.count % d == 0 && centroids.count > 0, "centroids must be lists × dimension")
        precondition(assignment.count == base.count, "one list per row")
        let lists = centroids.count / d
        self.base = base
        self.lists = lists
        self.nprobe = max(1, min(lists, nprobe))
        self.recall = recall
        self.recallK = recallK
        self.recallQueries = recallQueries
        recallCurve = []
        self.assignment = assignment
        var units = [Float](repeating: 0, count: centroids.count)
        centroids.withUnsafeBufferPointer { c in
            units.withUnsafeMutableBufferPointer { u in
                for l in 0..<lists { _ = VectorKernels.normalize(c.baseAddress! + l * d, count: d, into: u.baseAddress! + l * d) }
            }
        }
        // Kept as given (the cache file stores them so): normalizing again would change the last bits.
        self.centroids = centroids
        centroidPanelCount = (lists + w - 1) / w
        let cp = AlignedFloats(max(1, centroidPanelCount * w * d))
        units.withUnsafeBufferPointer { u in
            for l in 0..<lists { VectorKernels.pack(u.baseAddress! + l * d, row: l, dimension: d, into: cp.p) }
        }
        centroidPanels = cp
        // Members of each list in row order, each list padded to whole panels.
        var sizes = [Int](repeating: 0, count: lists)
        for a in assignment {
            precondition(a >= 0 && Int(a) < lists, "list \(a) is outside 0..<\(lists)")
            sizes[Int(a)] += 1
        }
        var starts = [Int](repeating: 0, count: lists + 1)
        for l in 0..<lists { starts[l + 1] = starts[l] + (sizes[l] + w - 1) / w }
        panelStart = starts
        let slots = starts[lists] * w
        var slotRows = [Int32](repeating: -1, count: slots)
        var fill = starts.map { $0 * w }
        for (row, a) in assignment.enumerated() {
            slotRows[fill[Int(a)]] = Int32(row)
            fill[Int(a)] += 1
        }
        slotRow = slotRows
        let rowsPacked = AlignedFloats(max(1, slots * d))
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: d)
        defer { scratch.deallocate() }
        for (slot, row) in slotRows.enumerated() where row >= 0 {
            base.copyUnitRow(Int(row), into: scratch)
            VectorKernels.pack(scratch, row: slot, dimension: d, into: rowsPacked.p)
        }
        packed = rowsPacked
    }

    public var count: Int { base.count }
    public var dimension: Int { base.dimension }

    /// The `k` best rows for the unit vector `q` among the rows of the `probe` lists nearest to it, `accept`ed rows
    /// only (best first, ties to the lower row).
    func search(_ q: UnsafePointer<Float>, k: Int, probe: Int, accept: (Int) -> Bool) -> TopK {
        let w = VectorKernels.panelWidth, d = dimension
        var nearest = TopK(k: max(1, min(lists, probe)))
        withUnsafeTemporaryAllocation(of: Float.self, capacity: centroidPanelCount * w) { scores in
            let s = scores.baseAddress!
            for p in 0..<centroidPanelCount {
                VectorKernels.panelDots(q, panel: centroidPanels.p + p * w * d, dimension: d).store(s + p * w)
            }
            CosineIndex.select(s, limit: lists, accept: { _ in true }, into: &nearest)
        }
        var top = TopK(k: k)
        for l in nearest.rows {
            for p in panelStart[l]..<panelStart[l + 1] {
                let dots = VectorKernels.panelDots(q, panel: packed.p + p * w * d, dimension: d)
                let t = top.threshold
                if CosineIndex.maxLane(dots.low) < t && CosineIndex.maxLane(dots.high) < t { continue }
                // `>=`: the rows of a list do not come in row order, and an equal score with a lower row wins the
                // tie in the exact order (TopK.offer decides).
                for j in 0..<w {
                    let row = Int(slotRow[p * w + j])
                    let s = j < 8 ? dots.low[j] : dots.high[j - 8]
                    if row >= 0 && s >= top.threshold && accept(row) { top.offer(row, s) }
                }
            }
        }
        return top
    }

    /// The `k` approximate nearest rows of `query` (a row of the index or any vector), its `excluding` rows skipped.
    public func neighbors(of query: CosineQuery) -> [Neighbor] {
        neighbors(of: query, probe: nprobe)
    }

    /// ``neighbors(of:)`` probing `probe` lists (`lists` gives the exact answer).
    public func neighbors(of query: CosineQuery, probe: Int) -> [Neighbor] {
        let d = dimension
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, d)) { buffer in
            let q = buffer.baseAddress!
            switch query.source {
            case .row(let i):
                precondition(i >= 0 && i < count, "row \(i) is outside the index's \(count) rows")
                base.copyUnitRow(i, into: q)
            case .vector(let v):
                precondition(v.count == d, "query has \(v.count) components, the vectors \(d)")
                v.withUnsafeBufferPointer { _ = VectorKernels.normalize($0.baseAddress!, count: d, into: q) }
            }
            let top: TopK
            if query.excluding.count == 1 {
                let own = query.excluding[0]
                top = search(q, k: query.k, probe: probe, accept: { $0 != own })
            } else {
                let ex = Set(query.excluding)
                top = search(q, k: query.k, probe: probe, accept: { !ex.contains($0) })
            }
            return top.neighbors(words: base.vectors.words)
        }
    }

    // MARK: Building

    /// Lists for `n` rows: about 2√n, a multiple of 16, at least 16 and at most n.
    public static func defaultLists(count n: Int) -> Int {
        let l = Int((2 * Double(max(1, n)).squareRoot()).rounded())
        return max(1, min(n, max(16, (l + 15) / 16 * 16)))
    }

    /// Trains the quantizer (spherical k-means, `iterations` rounds on a seeded sample of at most 32 rows per list),
    /// assigns every row, and chooses ``nprobe`` by measured recall (see the type's documentation). `progress`
    /// receives the fraction done; nil when `isCancelled` says so (checked between steps).
    public static func build(index: CosineIndex, lists: Int? = nil, seed: UInt64 = 1, iterations: Int = 6,
                             targetRecall: Double = 0.99, recallQueries: Int = 400, recallK: Int = 10,
                             progress: (Double) -> Void = { _ in },
                             isCancelled: () -> Bool = { false }) -> InvertedFileIndex? {
        let n = index.count, d = index.dimension
        guard n > 0, d > 0 else { return nil }
        let l = max(1, min(n, lists ?? defaultLists(count: n)))
        var rng = SenseRandom(seed: seed)
        // Seeded sample: a partial Fisher–Yates shuffle of the rows.
        let sampleSize = min(n, max(l, 32 * l))
        var order = Array(0..<n)
        for i in 0..<sampleSize {
            let j = i + rng.nextInt(below: n - i)
            order.swapAt(i, j)
        }
        let sample = Array(order[0..<sampleSize])
        var centroids = [Float](repeating: 0, count: l * d)
        centroids.withUnsafeMutableBufferPointer { c in
            for j in 0..<l { index.copyUnitRow(sample[j], into: c.baseAddress! + j * d) }
        }
        // Work units for the progress fraction: the training rounds, the final assignment (≈ n/sample rounds)
        // and the recall measurement (≈ one round).
        let assignWeight = Double(n) / Double(sampleSize)
        let total = Double(iterations) + assignWeight + 1
        for round in 0..<iterations {
            if isCancelled() { return nil }
            let assigned = nearestCentroids(index: index, rows: sample, centroids: centroids, lists: l)
            var sums = [Float](repeating: 0, count: l * d)
            var sizes = [Int](repeating: 0, count: l)
            sums.withUnsafeMutableBufferPointer { s in
                let unit = UnsafeMutablePointer<Float>.allocate(capacity: d)
                defer { unit.deallocate() }
                for (o, row) in sample.enumerated() {
                    let c = Int(assigned[o])
                    sizes[c] += 1
                    index.copyUnitRow(row, into: unit)
                    VectorKernels.axpy(1, unit, s.baseAddress! + c * d, count: d)
                }
            }
            for c in 0..<l {
                if sizes[c] > 0 {
                    for j in 0..<d { centroids[c * d + j] = sums[c * d + j] }
                } else {
                    // An empty list takes a random sample row (seeded).
                    centroids.withUnsafeMutableBufferPointer { cb in
                        index.copyUnitRow(sample[rng.nextInt(below: sampleSize)], into: cb.baseAddress! + c * d)
                    }
                }
            }
            progress(Double(round + 1) / total)
        }
        if isCancelled() { return nil }
        let assignment = nearestCentroids(index: index, rows: Array(0..<n), centroids: centroids, lists: l)
        progress((Double(iterations) + assignWeight) / total)
        if isCancelled() { return nil }
        let draft = InvertedFileIndex(base: index, centroids: centroids, assignment: assignment, nprobe: l, recall: 1,
                                      recallK: recallK, recallQueries: 0)
        let queries = Array(order.shuffled(using: &rng).prefix(min(n, recallQueries)))
        let exact = index.neighbors(ofRows: queries, k: recallK)
        var curve: [(probe: Int, recall: Double, lowerBound: Double)] = []
        var probe = 1
        while true {
            if isCancelled() { return nil }
            let r = draft.recallSamples(queries: queries, exact: exact, k: recallK, probe: probe)
            let mean = r.reduce(0, +) / Double(max(1, r.count))
            let variance = r.count > 1 ? r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(r.count - 1) : 0
            let bound = mean - 1.645 * (variance / Double(max(1, r.count))).squareRoot()
            curve.append((probe, mean, bound))
            if bound >= targetRecall || probe == l { break }
            probe = min(l, probe < 4 ? probe + 1 : probe + probe / 2)
        }
        progress(1)
        return InvertedFileIndex(draft, nprobe: curve.last!.probe, recall: curve.last!.recall,
                                 recallQueries: queries.count, recallCurve: curve)
    }

    /// Mean recall@`k` of probing `probe` lists for the neighbours of `queries` (rows, themselves excluded),
    /// against their `exact` answers.
    public func recall(queries: [Int], exact: [[Neighbor]], k: Int, probe: Int) -> Double {
        guard !queries.isEmpty else { return 1 }
        return recallSamples(queries: queries, exact: exact, k: k, probe: probe).reduce(0, +) / Double(queries.count)
    }

    /// The recall@`k` of each query (see ``recall(queries:exact:k:probe:)``).
    func recallSamples(queries: [Int], exact: [[Neighbor]], k: Int, probe: Int) -> [Double] {
        base.parallelMap(queries.count) { qi -> Double in
            let approx = self.neighbors(of: .row(queries[qi], k: k), probe: probe)
            let truth = Set(exact[qi].prefix(k).map(\.index))
            guard !truth.isEmpty else { return 1 }
            return Double(approx.filter { truth.contains($0.index) }.count) / Double(truth.count)
        }
    }

    /// The nearest of `lists` centroids (`centroids`, lists × dimension, normalized here) to each of `rows`, by
    /// cosine (ties to the lower list): blocks of 64 rows against all centroid panels, 4 rows per kernel call,
    /// blocks split over the base index's threads.
    static func nearestCentroids(index: CosineIndex, rows: [Int], centroids: [Float], lists: Int) -> [Int32] {
        let d = index.dimension, w = VectorKernels.panelWidth
        let panels = (lists + w - 1) / w
        let packedCentroids = CosineIndex.allocate(max(1, panels * w * d))
        defer { free(packedCentroids) }
        centroids.withUnsafeBufferPointer { c in
            let unit = UnsafeMutablePointer<Float>.allocate(capacity: d)
            defer { unit.deallocate() }
            for l in 0..<lists {
                _ = VectorKernels.normalize(c.baseAddress! + l * d, count: d, into: unit)
                VectorKernels.pack(unit, row: l, dimension: d, into: packedCentroids)
            }
        }
        let block = 64
        let blocks = (rows.count + block - 1) / block
        let out = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, rows.count))
        defer { out.deallocate() }
        let outP = SendablePointer(out), cP = SendablePointer(packedCentroids)
        let t = max(1, min(index.threads, blocks))
        DispatchQueue.concurrentPerform(iterations: t) { ti in
            let units = UnsafeMutablePointer<Float>.allocate(capacity: block * d)
            let best = UnsafeMutablePointer<Float>.allocate(capacity: block)
            defer { units.deallocate(); best.deallocate() }
            var lo0 = 0
            // Row o of the block keeps the best centroid of panel p (scanned in order: ties keep the lower list).
            func keep(_ o: Int, _ dots: PanelDots, _ p: Int) {
                for j in 0..<w where p * w + j < lists {
                    let s = j < 8 ? dots.low[j] : dots.high[j - 8]
                    if s > best[o] { best[o] = s; outP.p[lo0 + o] = Int32(p * w + j) }
                }
            }
            var b = ti
            while b < blocks {
                let lo = b * block, m = Swift.min(block, rows.count - lo)
                lo0 = lo
                for o in 0..<m { index.copyUnitRow(rows[lo + o], into: units + o * d) }
                for o in 0..<m { best[o] = -.infinity; outP.p[lo + o] = 0 }
                for p in 0..<panels {
                    let panel = UnsafePointer(cP.p + p * w * d)
                    var q = 0
                    while q < m {
                        let q1 = Swift.min(q + 1, m - 1), q2 = Swift.min(q + 2, m - 1), q3 = Swift.min(q + 3, m - 1)
                        let r = VectorKernels.panelDots(UnsafePointer(units + q * d), UnsafePointer(units + q1 * d),
                                                        UnsafePointer(units + q2 * d), UnsafePointer(units + q3 * d),
                                                        panel: panel, dimension: d)
                        keep(q, r.0, p); keep(q1, r.1, p); keep(q2, r.2, p); keep(q3, r.3, p)
                        q += 4
                    }
                }
                b += t
            }
        }
        return Array(UnsafeBufferPointer(start: out, count: rows.count))
    }
}

/// A 64-byte aligned, zeroed Float buffer freed with its owner (shared by index values that use the same data).
final class AlignedFloats: @unchecked Sendable {
    let p: UnsafeMutablePointer<Float>
    init(_ count: Int) { p = CosineIndex.allocate(count) }
    deinit { free(p) }
}
