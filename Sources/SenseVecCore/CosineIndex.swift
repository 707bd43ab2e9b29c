import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact cosine-similarity queries over ``WordVectors``: nearest neighbours, analogies (3CosAdd, 3CosMul) and
/// pair similarities, one at a time or in batches.
///
/// The index keeps one unit-length copy of every row, packed in panels of 16 rows stored column by column
/// (`panel[k][j]` = component k of row 16p + j), the layout of the GEMM micro-kernel of
/// ``VectorKernels/panelDots(_:_:_:_:panel:dimension:)``: one pass computes the dot products of 4 queries with 16
/// rows in 8 SIMD8 accumulators, broadcasting one query component at a time, with no horizontal sums. Row queries
/// copy their unit rows out of the panels first (`dimension` floats each). Batches are blocked so a panel (16·D
/// floats) stays in L1 while up to 64 queries pass over it, and panels are split over threads. Batch analogies
/// compute the similarities of the distinct question words with one block of rows at a time (a small matrix
/// product kept in cache), then combine them per question, so 19,544 Google questions cost about as much as their
/// ~900 distinct words.
///
/// Results are exact up to Float32 rounding; ties are broken by the lower row.
public final class CosineIndex: @unchecked Sendable {
    // Sendable by construction: every buffer is written once in `init` and only read afterwards.
    public let vectors: WordVectors
    /// Worker threads used for large queries.
    public let threads: Int
    /// Rows indexed: the first `count` rows of ``vectors``.
    public let count: Int
    public let dimension: Int
    /// Euclidean length of each indexed row.
    public let norms: [Float]
    static let panelWidth = VectorKernels.panelWidth
    let panelCount: Int
    /// The unit rows in panels of ``panelWidth`` (padding rows are zero): the index's only copy of the vectors.
    let packed: UnsafeMutablePointer<Float>

    /// Builds the index (normalizes and packs the rows: O(count·dimension)).
    /// - Parameters:
    ///   - rows: index only the first `rows` rows (the most frequent words when rows are sorted by frequency); the
    ///     other rows are neither answers nor known words. nil: all rows.
    ///   - threads: worker threads for big queries (nil: the number of active processors).
    public init(_ vectors: WordVectors, rows: Int? = nil, threads: Int? = nil) {
        self.vectors = vectors
        let n = max(0, min(rows ?? vectors.count, vectors.count)), d = vectors.dimension
        count = n
        dimension = d
        let cpus = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        self.threads = max(1, min(64, threads ?? max(1, cpus)))
        let panels = (n + Self.panelWidth - 1) / Self.panelWidth
        panelCount = panels
        let packedCount = max(1, panels * Self.panelWidth * d)
        let packedBuffer = Self.allocate(packedCount)
        var lengths = [Float](repeating: 0, count: n)
        let w = Self.panelWidth
        // The 16 unit rows of a panel are normalized into a scratch block, then written into the panel in order
        // (component by component); padding rows keep allocate's zeros.
        let block = UnsafeMutablePointer<Float>.allocate(capacity: max(1, w * d))
        defer { block.deallocate() }
        vectors.withUnsafeValues { v in
            for p in 0..<panels {
                let rows = Swift.min(w, n - p * w)
                for j in 0..<rows {
                    lengths[p * w + j] = VectorKernels.normalize(v.baseAddress! + (p * w + j) * d, count: d, into: block + j * d)
                }
                let panel = packedBuffer + p * w * d
                for k in 0..<d {
                    for j in 0..<rows { panel[k * w + j] = block[j * d + k] }
                }
            }
        }
        norms = lengths
        packed = packedBuffer
    }

    deinit {
        free(packed)
    }

    static func allocate(_ n: Int) -> UnsafeMutablePointer<Float> {
        var raw: UnsafeMutableRawPointer? = nil
        let bytes = n * MemoryLayout<Float>.stride
        if posix_memalign(&raw, 64, bytes) != 0 || raw == nil { fatalError("out of memory allocating \(bytes) bytes") }
        let p = raw!.bindMemory(to: Float.self, capacity: n)
        p.initialize(repeating: 0, count: n)
        return p
    }

    // MARK: Single queries

    /// The row of `word`, or an error naming the unknown word.
    public func row(of word: String) throws -> Int {
        guard let i = vectors.index(of: word), i < count else { throw SenseVecError("unknown word '\(word)'") }
        return i
    }

    /// The unit vector of row `i` (a copy).
    public func unitVector(at i: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: dimension) { buffer, initialized in
            if let out = buffer.baseAddress { copyUnitRow(i, into: out) }
            initialized = dimension
        }
    }

    /// Copies the unit vector of row `i` out of its panel into `out` (``dimension`` floats).
    func copyUnitRow(_ i: Int, into out: UnsafeMutablePointer<Float>) {
        VectorKernels.unpack(row: i, dimension: dimension, from: packed, into: out)
    }

    /// The unit vectors of `rows`, one after another in a buffer the caller deallocates.
    func copyUnitRows(_ rows: [Int]) -> UnsafeMutablePointer<Float> {
        let d = dimension
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, rows.count * d))
        for (o, r) in rows.enumerated() { copyUnitRow(r, into: buffer + o * d) }
        return buffer
    }

    /// Cosine similarity of two words (0 when one of them is the zero vector).
    public func similarity(_ w1: String, _ w2: String) throws -> Float {
        let i = try row(of: w1), j = try row(of: w2)
        return similarity(rows: i, j)
    }

    /// Cosine similarity of rows `i` and `j`: the unit row of `i` against the panel of `j` with the scans' panel
    /// kernel, so it equals the score of `j` in the neighbours of `i` bit for bit.
    public func similarity(rows i: Int, _ j: Int) -> Float {
        let w = Self.panelWidth, d = dimension
        guard d > 0 else { return 0 }
        let q = unitVector(at: i)
        let dots = q.withUnsafeBufferPointer { VectorKernels.panelDots($0.baseAddress!, panel: packed + (j / w) * w * d, dimension: d) }
        return dots[j % w]
    }

    /// The `k` rows most similar to `word` by cosine, the word itself excluded.
    public func neighbors(of word: String, k: Int = 10, candidates: Int? = nil) throws -> [Neighbor] {
        let i = try row(of: word)
        return neighbors(ofRows: [i], k: k, candidates: candidates)[0]
    }

    /// The `k` rows most similar by cosine to an arbitrary `vector` (of length ``dimension``), skipping `excluding`.
    public func neighbors(of vector: [Float], k: Int = 10, excluding: [Int] = [], candidates: Int? = nil) -> [Neighbor] {
        precondition(vector.count == dimension, "query has \(vector.count) components, the vectors \(dimension)")
        let q = VectorKernels.normalized(vector)
        let limit = candidateLimit(candidates)
        let scores = Scores(queries: 1, stride: paddedRows(limit))
        q.withUnsafeBufferPointer { try! computeSimilarities(queries: [$0.baseAddress!], limit: limit, into: scores, deadline: nil) }
        var top = TopK(k: k)
        let ex = Set(excluding)
        Self.select(scores.row(0), limit: limit, accept: { j in !ex.contains(j) }, into: &top)
        return top.neighbors(words: vectors.words)
    }

    /// Analogy "a is to b as c is to ?" (the answer is near b − a + c): the `k` best rows, a, b and c excluded.
    public func analogy(_ a: String, _ b: String, _ c: String, k: Int = 10, method: AnalogyMethod = .add,
                        candidates: Int? = nil) throws -> [Neighbor] {
        let q = AnalogyQuestion(a: try row(of: a), b: try row(of: b), c: try row(of: c))
        return analogies([q], k: k, method: method, candidates: candidates)[0]
    }

    // MARK: Batches

    /// Nearest neighbours of many rows at once (each row excluded from its own answers). `candidates` limits the
    /// answers to the first rows (the most frequent words when rows are sorted by frequency).
    public func neighbors(ofRows rows: [Int], k: Int = 10, candidates: Int? = nil) -> [[Neighbor]] {
        // No deadline: cannot throw.
        try! neighbors(ofRows: rows, k: k, candidates: candidates, deadline: nil)
    }

    /// ``neighbors(ofRows:k:candidates:)`` that gives up with ``CosineIndexDeadlineExceeded`` once `deadline` passes
    /// (checked every 256 panels = 4,096 rows of each worker's share of the scan). The results are identical.
    public func neighbors(ofRows rows: [Int], k: Int = 10, candidates: Int? = nil,
                          deadline: ContinuousClock.Instant?) throws -> [[Neighbor]] {
        let limit = candidateLimit(candidates)
        var results = [[Neighbor]](repeating: [], count: rows.count)
        let chunk = chunkSize(limit: limit)
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + chunk)
            let slice = Array(rows[start..<end])
            let scores = Scores(queries: slice.count, stride: paddedRows(limit))
            let units = copyUnitRows(slice)
            defer { units.deallocate() }
            try computeSimilarities(queries: slice.indices.map { UnsafePointer(units + $0 * dimension) }, limit: limit,
                                    into: scores, deadline: deadline)
            let partial = parallelMap(slice.count) { qi -> [Neighbor] in
                var top = TopK(k: k)
                let own = slice[qi]
                Self.select(scores.row(qi), limit: limit, accept: { $0 != own }, into: &top)
                return top.neighbors(words: self.vectors.words)
            }
            for (o, r) in partial.enumerated() { results[start + o] = r }
            start = end
        }
        return results
    }

    /// Answers many analogy questions (rows a, b, c: a is to b as c is to ?) with the `k` best rows each, the
    /// question's own rows and its ``AnalogyQuestion/excluding`` rows excluded, the answers restricted to the first
    /// `candidates` rows.
    public func analogies(_ questions: [AnalogyQuestion], k: Int = 1, method: AnalogyMethod = .add,
                          candidates: Int? = nil, progress: ProgressHandler? = nil) -> [[Neighbor]] {
        // No deadline: cannot throw.
        try! analogies(questions, k: k, method: method, candidates: candidates, deadline: nil, progress: progress)
    }

    /// ``analogies(_:k:method:candidates:progress:)`` that gives up with ``CosineIndexDeadlineExceeded`` once
    /// `deadline` passes (checked before each block of ``analogyBlockRows`` rows). The results are identical.
    ///
    /// The scores of a question combine the similarities of its three words with each row, so the rows are scanned
    /// in blocks of ``analogyBlockRows``: the similarities of the chunk's distinct question words with one block
    /// (a small matrix product with the panel kernel) fill a tile that stays in cache, every question of the chunk
    /// then combines its three tile rows into its running top `k`, and the next block reuses the tile. Blocks are
    /// dealt round-robin to the threads and the per-thread top `k` lists are merged (ties keep the lower row).
    /// Cost: `U·n·D` multiply-adds for U distinct words over n rows, plus `Q·n` combinations for Q questions.
    /// `progress` receives stage "analogies" events.
    public func analogies(_ questions: [AnalogyQuestion], k: Int = 1, method: AnalogyMethod = .add,
                          candidates: Int? = nil, deadline: ContinuousClock.Instant?,
                          progress: ProgressHandler? = nil) throws -> [[Neighbor]] {
        let limit = candidateLimit(candidates)
        var results = [[Neighbor]](repeating: [], count: questions.count)
        var start = 0
        while start < questions.count {
            // A chunk of questions whose distinct words fit the tile.
            var slot: [Int: Int] = [:]
            var words: [Int] = []
            var end = start
            while end < questions.count {
                let q = questions[end]
                let new = Set([q.a, q.b, q.c]).filter { slot[$0] == nil }
                if words.count + new.count > Self.analogyWords && end > start { break }
                for r in [q.a, q.b, q.c] where slot[r] == nil { slot[r] = words.count; words.append(r) }
                end += 1
            }
            let chunk = Array(questions[start..<end])
            let answers = try analogyChunk(chunk, words: words, slot: slot, k: k, method: method, limit: limit,
                                           deadline: deadline, progress: progress, done: start, total: questions.count)
            for (o, r) in answers.enumerated() { results[start + o] = r }
            start = end
        }
        return results
    }

    /// Rows per block of the blocked analogy scan (a multiple of ``panelWidth``).
    static let analogyBlockRows = 512
    /// Distinct question words per chunk: a worker's tile is `analogyWords × analogyBlockRows` floats (4 MiB).
    static let analogyWords = 2048

    /// Answers questions whose distinct words are `words` (`slot[row]` = position in `words`); `done` of `total`
    /// questions were answered before this chunk (for the progress fraction).
    func analogyChunk(_ questions: [AnalogyQuestion], words: [Int], slot: [Int: Int], k: Int, method: AnalogyMethod,
                      limit: Int, deadline: ContinuousClock.Instant?, progress: ProgressHandler?, done: Int,
                      total: Int) throws -> [[Neighbor]] {
        let report: @Sendable (Double) -> Void = { f in
            let fraction = (Double(done) + f * Double(questions.count)) / Double(total)
            progress?(ProgressEvent(stage: "analogies", fraction: fraction, finished: done + questions.count == total && f >= 1))
        }
        let blockRows = Self.analogyBlockRows, w = Self.panelWidth, d = dimension
        let blocks = (limit + blockRows - 1) / blockRows
        guard blocks > 0, !questions.isEmpty else {
            if progress != nil { report(1) }
            return [[Neighbor]](repeating: [], count: questions.count)
        }
        let work = words.count * limit * d
        let t = work < 1 << 21 ? 1 : min(threads, blocks)
        let sa = questions.map { slot[$0.a]! }, sb = questions.map { slot[$0.b]! }, sc = questions.map { slot[$0.c]! }
        let scales = method == .add ? questions.map { addScale($0) } : []
        let units = copyUnitRows(words)
        defer { units.deallocate() }
        let queries = words.indices.map { SendablePointer(units + $0 * d) }
        let packedP = SendablePointer(packed)
        let tops = ResultBox<[TopK]>(t)
        let stopped = ResultBox<Bool>(t)
        let finished = Mutex<Int>(0)
        let progressStride = max(1, blocks / 50)
        DispatchQueue.concurrentPerform(iterations: t) { ti in
            let tile = UnsafeMutablePointer<Float>.allocate(capacity: words.count * blockRows)
            defer { tile.deallocate() }
            var top = [TopK](repeating: TopK(k: k), count: questions.count)
            var block = ti
            while block < blocks {
                if let deadline, ContinuousClock.now > deadline {
                    stopped.set(ti, true)
                    break
                }
                let first = block * blockRows
                let width = Swift.min(blockRows, limit - first)
                let firstPanel = first / w, panels = (width + w - 1) / w
                // tile[u * blockRows + j] = similarity of question word u with row first + j.
                for p in 0..<panels {
                    let panel = UnsafePointer(packedP.p + (firstPanel + p) * w * d)
                    var u = 0
                    while u < queries.count {
                        let u1 = Swift.min(u + 1, queries.count - 1), u2 = Swift.min(u + 2, queries.count - 1)
                        let u3 = Swift.min(u + 3, queries.count - 1)
                        let (s0, s1, s2, s3) = VectorKernels.panelDots(
                            UnsafePointer(queries[u].p), UnsafePointer(queries[u1].p), UnsafePointer(queries[u2].p),
                            UnsafePointer(queries[u3].p), panel: panel, dimension: d)
                        s0.store(tile + u * blockRows + p * w); s1.store(tile + u1 * blockRows + p * w)
                        s2.store(tile + u2 * blockRows + p * w); s3.store(tile + u3 * blockRows + p * w)
                        u += 4
                    }
                }
                for qi in 0..<questions.count {
                    let q = questions[qi]
                    let accept: (Int) -> Bool = { r in r != q.a && r != q.b && r != q.c && !q.excluding.contains(r) }
                    self.combine(method: method, addScale: method == .add ? scales[qi] : 1, accept: accept,
                                 sa: tile + sa[qi] * blockRows, sb: tile + sb[qi] * blockRows, sc: tile + sc[qi] * blockRows,
                                 offset: first, limit: width, into: &top[qi])
                }
                if progress != nil {
                    let n = finished.withLock { $0 += 1; return $0 }
                    if n % progressStride == 0 || n == blocks { report(Double(n) / Double(blocks)) }
                }
                block += t
            }
            tops.set(ti, top)
        }
        if stopped.collect().contains(where: { $0 == true }) { throw CosineIndexDeadlineExceeded() }
        let perThread = tops.collect().map { $0! }
        return (0..<questions.count).map { qi in
            var merged = TopK(k: k)
            for top in perThread { for (r, s) in zip(top[qi].rows, top[qi].scores) { merged.offer(r, s) } }
            return merged.neighbors(words: vectors.words)
        }
    }

    // MARK: Internals

    func candidateLimit(_ candidates: Int?) -> Int { max(0, min(count, candidates ?? count)) }
    func paddedRows(_ limit: Int) -> Int { max(Self.panelWidth, (limit + Self.panelWidth - 1) / Self.panelWidth * Self.panelWidth) }
    /// Queries per similarity buffer: at most 64 MiB of scores, at least 4.
    func chunkSize(limit: Int) -> Int { max(4, (16 << 20) / paddedRows(limit)) }

    /// Similarities of unit query vectors with the first `limit` rows, `scores.row(q)[j]` = q·unit_j.
    func computeSimilarities(queries: [UnsafePointer<Float>], limit: Int, into scores: Scores,
                             deadline: ContinuousClock.Instant?) throws {
        let panels = (limit + Self.panelWidth - 1) / Self.panelWidth
        guard panels > 0, !queries.isEmpty else { return }
        let work = queries.count * panels * Self.panelWidth * dimension
        let t = work < 1 << 21 ? 1 : min(threads, panels)
        let d = dimension
        let packedP = SendablePointer(packed)
        let out = SendablePointer(scores.buffer)
        let stride = scores.stride
        let qs = queries.map { SendablePointer(UnsafeMutablePointer(mutating: $0)) }
        // One flag per worker: set when that worker saw the deadline pass and stopped.
        let stopped = ResultBox<Bool>(t)
        DispatchQueue.concurrentPerform(iterations: t) { ti in
            let lo = panels * ti / t, hi = panels * (ti + 1) / t
            let block = 64
            var qb = 0
            scan: while qb < qs.count {
                let qe = min(qs.count, qb + block)
                for p in lo..<hi {
                    if let deadline, (p - lo) & (Self.deadlinePanels - 1) == 0, ContinuousClock.now > deadline {
                        stopped.set(ti, true)
                        break scan
                    }
                    let panel = UnsafePointer(packedP.p + p * Self.panelWidth * d)
                    var q = qb
                    if qe - qb == 1 {
                        VectorKernels.panelDots(UnsafePointer(qs[q].p), panel: panel, dimension: d)
                            .store(out.p + q * stride + p * Self.panelWidth)
                        continue
                    }
                    while q < qe {
                        let q0 = q, q1 = min(q + 1, qe - 1), q2 = min(q + 2, qe - 1), q3 = min(q + 3, qe - 1)
                        let (s0, s1, s2, s3) = VectorKernels.panelDots(
                            UnsafePointer(qs[q0].p), UnsafePointer(qs[q1].p), UnsafePointer(qs[q2].p),
                            UnsafePointer(qs[q3].p), panel: panel, dimension: d)
                        s0.store(out.p + q0 * stride + p * Self.panelWidth); s1.store(out.p + q1 * stride + p * Self.panelWidth)
                        s2.store(out.p + q2 * stride + p * Self.panelWidth); s3.store(out.p + q3 * stride + p * Self.panelWidth)
                        q += 4
                    }
                }
                qb = qe
            }
        }
        if stopped.collect().contains(where: { $0 == true }) { throw CosineIndexDeadlineExceeded() }
    }

    /// How often (in 16-row panels of a worker's share) a scan with a deadline looks at the clock: a power of 2.
    static let deadlinePanels = 256

    /// The largest of 8 lanes, as a scalar max tree (SIMD mask comparisons and `pointwiseMax` compiled to slow
    /// per-lane code or library calls here).
    @inline(__always)
    static func maxLane(_ s: SIMD8<Float>) -> Float {
        let a = Swift.max(Swift.max(s[0], s[1]), Swift.max(s[2], s[3]))
        let b = Swift.max(Swift.max(s[4], s[5]), Swift.max(s[6], s[7]))
        return Swift.max(a, b)
    }

    /// Scans `scores[0..<limit]`, offering rows that beat the current k-th best and pass `accept`.
    static func select(_ scores: UnsafePointer<Float>, limit: Int, accept: (Int) -> Bool, into top: inout TopK) {
        var j = 0
        while j + 8 <= limit {
            let s = UnsafeRawPointer(scores + j).loadUnaligned(as: SIMD8<Float>.self)
            if Self.maxLane(s) > top.threshold {
                for l in 0..<8 where s[l] > top.threshold && accept(j + l) { top.offer(j + l, s[l]) }
            }
            j += 8
        }
        while j < limit {
            if scores[j] > top.threshold && accept(j) { top.offer(j, scores[j]) }
            j += 1
        }
    }

    /// 1 / |b̂ − â + ĉ| from the unit rows' Gram matrix (zero rows have length 0), 0 for a zero target.
    func addScale(_ q: AnalogyQuestion) -> Float {
        let na = norms[q.a] > 0 ? Float(1) : 0, nb = norms[q.b] > 0 ? Float(1) : 0, nc = norms[q.c] > 0 ? Float(1) : 0
        let ab = similarity(rows: q.a, q.b), ac = similarity(rows: q.a, q.c), bc = similarity(rows: q.b, q.c)
        let len2 = na + nb + nc - 2 * ab - 2 * ac + 2 * bc
        return len2 > 1e-12 ? 1 / len2.squareRoot() : 0
    }

    /// False only when no lane of `v` exceeds `threshold` (it may be true when none does, e.g. a lane equal to it, so
    /// callers re-check lanes one by one). Works on the sign bits of `v − threshold` with integer vector ops: `v − t > 0`
    /// ⇔ its bit pattern x is a positive Int32 ⇔ x − 1 has the sign bit clear (−0.0 passes too, harmlessly). The
    /// generic SIMD comparisons (`.>`, `any`) compiled to a lane-by-lane loop through the stack here.
    @inline(__always)
    static func mayExceed(_ v: SIMD8<Float>, _ threshold: Float) -> Bool {
        let x = unsafeBitCast(v - SIMD8<Float>(repeating: threshold), to: SIMD8<Int32>.self) &- SIMD8<Int32>(repeating: 1)
        let h4 = x.lowHalf & x.highHalf
        let h2 = h4.lowHalf & h4.highHalf
        return (h2[0] & h2[1]) >= 0
    }

    /// Combines the similarity rows of a, b and c into analogy scores and keeps the best rows that `accept` allows.
    /// For 3CosAdd the score is (b − a + c)·x scaled by `addScale` (1 / |b̂ − â + ĉ|). `sa[j]`, `sb[j]`, `sc[j]`
    /// (j < `limit`) are the similarities with row `offset + j`.
    func combine(method: AnalogyMethod, addScale inv: Float, accept: (Int) -> Bool, sa: UnsafePointer<Float>,
                 sb: UnsafePointer<Float>, sc: UnsafePointer<Float>, offset: Int = 0, limit: Int, into top: inout TopK) {
        var j = 0
        var t = top.threshold
        switch method {
        case .add:
            let vinv = SIMD8<Float>(repeating: inv)
            while j + 8 <= limit {
                let a = UnsafeRawPointer(sa + j).loadUnaligned(as: SIMD8<Float>.self)
                let b = UnsafeRawPointer(sb + j).loadUnaligned(as: SIMD8<Float>.self)
                let c = UnsafeRawPointer(sc + j).loadUnaligned(as: SIMD8<Float>.self)
                let s = (b - a + c) * vinv
                if Self.mayExceed(s, t) {
                    for l in 0..<8 where s[l] > t && accept(offset + j + l) { top.offer(offset + j + l, s[l]); t = top.threshold }
                }
                j += 8
            }
            while j < limit {
                let s = (sb[j] - sa[j] + sc[j]) * inv
                if s > t && accept(offset + j) { top.offer(offset + j, s); t = top.threshold }
                j += 1
            }
        case .mul:
            let half = SIMD8<Float>(repeating: 0.5), eps = SIMD8<Float>(repeating: 0.001), one = SIMD8<Float>(repeating: 1)
            while j + 8 <= limit {
                let a = UnsafeRawPointer(sa + j).loadUnaligned(as: SIMD8<Float>.self)
                let b = UnsafeRawPointer(sb + j).loadUnaligned(as: SIMD8<Float>.self)
                let c = UnsafeRawPointer(sc + j).loadUnaligned(as: SIMD8<Float>.self)
                let pb: SIMD8<Float> = (b + one) * half
                let pc: SIMD8<Float> = (c + one) * half
                let pa: SIMD8<Float> = (a + one) * half + eps
                let pbc: SIMD8<Float> = pb * pc
                // Without a vector division: s = pb·pc / pa beats t ⇔ pb·pc − t·pa > 0 (pa > 0). The filter uses a
                // slightly lowered t so that rounding never hides a candidate; candidates are scored exactly.
                let lowered = SIMD8<Float>(repeating: t > 0 ? t * 0.9999 : t)
                if Self.mayExceed(pbc - lowered * pa, 0) {
                    for l in 0..<8 {
                        let s = pbc[l] / pa[l]
                        if s > t && accept(offset + j + l) { top.offer(offset + j + l, s); t = top.threshold }
                    }
                }
                j += 8
            }
            while j < limit {
                let pb: Float = (sb[j] + 1) * 0.5, pc: Float = (sc[j] + 1) * 0.5
                let pa: Float = (sa[j] + 1) * 0.5 + 0.001
                let s: Float = pb * pc / pa
                if s > t && accept(offset + j) { top.offer(offset + j, s); t = top.threshold }
                j += 1
            }
        }
    }

    /// Runs `body(i)` for i in 0..<n over the worker threads and collects the results in order.
    func parallelMap<T: Sendable>(_ n: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let t = n < 8 ? 1 : min(threads, n)
        let box = ResultBox<T>(n)
        DispatchQueue.concurrentPerform(iterations: t) { ti in
            let lo = n * ti / t, hi = n * (ti + 1) / t
            for i in lo..<hi { box.set(i, body(i)) }
        }
        return box.collect().map { $0! }
    }
}

/// A pointer that may cross into `concurrentPerform` workers; each worker touches disjoint parts.
struct SendablePointer<T>: @unchecked Sendable {
    let p: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { self.p = p }
}

/// Results written by worker threads at distinct indices.
final class ResultBox<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T?>
    init(_ n: Int) {
        base = .allocate(capacity: max(1, n))
        base.initialize(repeating: nil, count: max(1, n))
        count = n
    }
    let count: Int
    func set(_ i: Int, _ v: T) { base[i] = v }
    deinit { base.deinitialize(count: max(1, count)); base.deallocate() }
    func collect() -> [T?] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// A `queries × stride` buffer of similarity scores.
final class Scores: @unchecked Sendable {
    let buffer: UnsafeMutablePointer<Float>
    let stride: Int
    let queries: Int
    init(queries: Int, stride: Int) {
        self.queries = queries
        self.stride = stride
        // Not zeroed: every score that is read is written first.
        buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, queries * stride))
    }
    deinit { buffer.deallocate() }
    func row(_ q: Int) -> UnsafePointer<Float> { UnsafePointer(buffer + q * stride) }
}

/// The k best (row, score) pairs seen so far, best first; ties keep the lower row.
struct TopK {
    let k: Int
    var rows: [Int] = []
    var scores: [Float] = []
    /// Scores must beat this to enter (−∞ until k entries are held).
    var threshold: Float = -.infinity

    init(k: Int) {
        self.k = max(0, k)
        rows.reserveCapacity(self.k + 1)
        scores.reserveCapacity(self.k + 1)
        if self.k == 0 { threshold = .infinity }
    }

    mutating func offer(_ row: Int, _ score: Float) {
        var i = scores.count
        while i > 0 && (scores[i - 1] < score || (scores[i - 1] == score && rows[i - 1] > row)) { i -= 1 }
        if i >= k { return }
        scores.insert(score, at: i)
        rows.insert(row, at: i)
        if scores.count > k { scores.removeLast(); rows.removeLast() }
        if scores.count == k { threshold = scores[k - 1] }
    }

    func neighbors(words: [String]) -> [Neighbor] {
        zip(rows, scores).map { Neighbor(word: words[$0.0], index: $0.0, similarity: $0.1) }
    }
}
