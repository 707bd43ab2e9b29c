/// Thrown by ``CosineIndex``'s deadline-aware queries when the deadline passes before the scan ends.
public struct CosineIndexDeadlineExceeded: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "the similarity scan ran past its deadline" }
}

/// One nearest-neighbour query for ``CosineIndex/neighbors(of:deadline:)``: a row of the index or any vector,
/// how many answers, and which rows may not be answers.
public struct CosineQuery: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// Row `i` of the index (its unit vector, exactly as ``CosineIndex/neighbors(ofRows:k:candidates:)`` uses it).
        case row(Int)
        /// Any vector of ``CosineIndex/dimension`` components (normalized first; zero stays zero).
        case vector([Float])
    }
    public var source: Source
    public var k: Int
    public var excluding: [Int]
    public init(source: Source, k: Int, excluding: [Int]) {
        self.source = source; self.k = k; self.excluding = excluding
    }
    /// The neighbours of row `i`, `i` itself excluded (what `sensevec neighbors` asks).
    public static func row(_ i: Int, k: Int) -> CosineQuery { CosineQuery(source: .row(i), k: k, excluding: [i]) }
}

extension CosineIndex {
    /// Answers a batch of mixed queries with one pass of the blocked kernel over the matrix per chunk of queries
    /// (a pass costs about as much memory traffic for 64 queries as for one). Row queries give the same Float32
    /// similarities as ``neighbors(ofRows:k:candidates:)``, vector queries the same as
    /// ``neighbors(of:k:excluding:candidates:)``. Throws ``CosineIndexDeadlineExceeded`` once `deadline` passes.
    /// `scoreBytes` bounds the similarity buffer of one chunk (default 64 MiB; at least 4 queries a chunk).
    public func neighbors(of queries: [CosineQuery], deadline: ContinuousClock.Instant? = nil,
                          scoreBytes: Int = 64 << 20) throws -> [[Neighbor]] {
        guard !queries.isEmpty else { return [] }
        let limit = candidateLimit(nil)
        let d = dimension
        var results = [[Neighbor]](repeating: [], count: queries.count)
        let chunk = min(chunkSize(limit: limit), max(4, scoreBytes / 4 / paddedRows(limit)))
        var start = 0
        while start < queries.count {
            let end = min(queries.count, start + chunk)
            let slice = Array(queries[start..<end])
            // Vector queries are normalized into one buffer, row queries copied out of the panels into it.
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, slice.count * d))
            defer { buffer.deallocate() }
            var pointers: [UnsafePointer<Float>] = []
            pointers.reserveCapacity(slice.count)
            var next = 0
            for q in slice {
                switch q.source {
                case .row(let i):
                    precondition(i >= 0 && i < count, "row \(i) is outside the index's \(count) rows")
                    let target = buffer + next * d
                    next += 1
                    copyUnitRow(i, into: target)
                    pointers.append(UnsafePointer(target))
                case .vector(let v):
                    precondition(v.count == d, "query has \(v.count) components, the vectors \(d)")
                    let target = buffer + next * d
                    next += 1
                    v.withUnsafeBufferPointer { _ = VectorKernels.normalize($0.baseAddress!, count: d, into: target) }
                    pointers.append(UnsafePointer(target))
                }
            }
            let scores = Scores(queries: slice.count, stride: paddedRows(limit))
            try computeSimilarities(queries: pointers, limit: limit, into: scores, deadline: deadline)
            let partial = parallelMap(slice.count) { qi -> [Neighbor] in
                let q = slice[qi]
                var top = TopK(k: q.k)
                if q.excluding.count == 1 {
                    let own = q.excluding[0]
                    Self.select(scores.row(qi), limit: limit, accept: { $0 != own }, into: &top)
                } else {
                    let ex = Set(q.excluding)
                    Self.select(scores.row(qi), limit: limit, accept: { !ex.contains($0) }, into: &top)
                }
                return top.neighbors(words: self.vectors.words)
            }
            for (o, r) in partial.enumerated() { results[start + o] = r }
            start = end
        }
        return results
    }

    /// Analogy over arbitrary vectors (a is to b as c is to ?, answer ≈ b − a + c): the `k` best rows, `excluding`
    /// skipped. a, b and c are normalized first. 3CosAdd scores cos(x, b̂ − â + ĉ); 3CosMul the objective
    /// cos′(x,b)·cos′(x,c)/(cos′(x,a)+0.001), cos′ = (cos+1)/2, as ``analogies(_:k:method:candidates:)``.
    public func analogy(vectors a: [Float], _ b: [Float], _ c: [Float], k: Int, method: AnalogyMethod,
                        excluding: [Int], deadline: ContinuousClock.Instant? = nil) throws -> [Neighbor] {
        let d = dimension
        precondition(a.count == d && b.count == d && c.count == d, "analogy vectors must have \(d) components")
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 3 * d)
        defer { buffer.deallocate() }
        for (slot, v) in [a, b, c].enumerated() {
            let target = buffer + slot * d
            v.withUnsafeBufferPointer { _ = VectorKernels.normalize($0.baseAddress!, count: d, into: target) }
        }
        var t = [Float](repeating: 0, count: d)
        for j in 0..<d { t[j] = buffer[d + j] - buffer[j] + buffer[2 * d + j] }
        let len2 = t.withUnsafeBufferPointer { VectorKernels.dot($0.baseAddress!, $0.baseAddress!, count: d) }
        let scale: Float = len2 > 1e-12 ? 1 / len2.squareRoot() : 0
        let limit = candidateLimit(nil)
        let scores = Scores(queries: 3, stride: paddedRows(limit))
        try computeSimilarities(queries: [UnsafePointer(buffer), UnsafePointer(buffer + d), UnsafePointer(buffer + 2 * d)],
                                limit: limit, into: scores, deadline: deadline)
        var top = TopK(k: k)
        let ex = Set(excluding)
        combine(method: method, addScale: scale, accept: { !ex.contains($0) }, sa: scores.row(0), sb: scores.row(1),
                sc: scores.row(2), limit: limit, into: &top)
        return top.neighbors(words: vectors.words)
    }
}
