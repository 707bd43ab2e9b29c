import Testing
import SenseVecCore

/// The one kernel file: every length (SIMD body and scalar tail) against plain loops.
@Suite struct VectorKernelsTests {
    static func random(_ n: Int, _ rng: inout SenseRandom) -> [Float] { (0..<n).map { _ in rng.nextFloat() - 0.5 } }

    @Test func dotAxpyAndDistanceMatchScalarLoopsAtEveryTail() {
        var rng = SenseRandom(seed: 3)
        for n in [0, 1, 7, 8, 9, 15, 16, 17, 24, 100, 301] {
            let a = Self.random(n, &rng), b = Self.random(n, &rng)
            let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let dist = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
            #expect(abs(Double(VectorKernels.dot(a, b, count: n)) - dot) < 1e-5, "n \(n)")
            #expect(abs(Double(VectorKernels.squaredDistance(a, b, count: n)) - dist) < 1e-5, "n \(n)")
            var y = b
            VectorKernels.axpy(0.3, a, &y, count: n)
            for i in 0..<n { #expect(abs(y[i] - (b[i] + 0.3 * a[i])) < 1e-6) }
            let da = a.map(Double.init), db = b.map(Double.init)
            #expect(abs(VectorKernels.dot(da, db) - dot) < 1e-12, "n \(n)")
            var dy = db
            VectorKernels.axpy(-2, da, &dy, count: n)
            for i in 0..<n { #expect(dy[i] == db[i] - 2 * da[i]) }
        }
    }

    @Test func chunkFormsAreTheCountForms() {
        var rng = SenseRandom(seed: 4)
        for chunks in [1, 2, 3, 13] {
            let a = Self.random(chunks * 8, &rng), b = Self.random(chunks * 8, &rng)
            #expect(VectorKernels.dot(a, b, chunks: chunks) == VectorKernels.dot(a, b, count: chunks * 8))
            var y1 = b, y2 = b
            VectorKernels.axpy(0.7, a, &y1, chunks: chunks)
            VectorKernels.axpy(0.7, a, &y2, count: chunks * 8)
            #expect(y1 == y2)
        }
    }

    /// The panel kernels: each lane is its row's dot product summed in component order (fused), for 1 and 4 queries.
    @Test func panelDotsAreInOrderDotProducts() {
        var rng = SenseRandom(seed: 5)
        for d in [1, 3, 8, 37] {
            let rows = 16
            let values = Self.random(rows * d, &rng)
            var panel = [Float](repeating: 0, count: rows * d)
            values.withUnsafeBufferPointer { v in
                panel.withUnsafeMutableBufferPointer { p in
                    for r in 0..<rows { VectorKernels.pack(v.baseAddress! + r * d, row: r, dimension: d, into: p.baseAddress!) }
                }
            }
            var back = [Float](repeating: 0, count: d)
            VectorKernels.unpack(row: 5, dimension: d, from: panel, into: &back)
            #expect(back == Array(values[5 * d ..< 6 * d]))
            let queries = (0..<4).map { _ in Self.random(d, &rng) }
            func expected(_ q: [Float], _ r: Int) -> Float {
                var s: Float = 0
                for k in 0..<d { s = s.addingProduct(q[k], values[r * d + k]) }
                return s
            }
            let one = VectorKernels.panelDots(queries[0], panel: panel, dimension: d)
            let four = VectorKernels.panelDots(queries[0], queries[1], queries[2], queries[3], panel: panel, dimension: d)
            let lanes = [four.0, four.1, four.2, four.3]
            for r in 0..<rows {
                let lane = { (p: PanelDots) in p[r] }
                #expect(lane(one) == expected(queries[0], r))
                for q in 0..<4 { #expect(lane(lanes[q]) == expected(queries[q], r), "d \(d) query \(q) row \(r)") }
            }
        }
    }

    @Test func logisticFunctionsAreStable() {
        for x in [-1000.0, -40, -1, 0, 1, 40, 1000] {
            let s = VectorKernels.sigmoid(x), l = VectorKernels.logSigmoid(x)
            #expect(s.isFinite && s >= 0 && s <= 1)
            #expect(l.isFinite && l <= 0)
            #expect(abs(VectorKernels.sigmoid(x) + VectorKernels.sigmoid(-x) - 1) < 1e-15)
            #expect(abs(Double(VectorKernels.logSigmoid(Float(x))) - l) < 1e-4 * max(1, abs(l)))
        }
        #expect(VectorKernels.logSigmoid(-1000.0) == -1000)
        #expect(abs(VectorKernels.logSigmoid(0.0) - (-0.693_147_180_559_945_3)) < 1e-15)
        #expect(VectorKernels.sigmoid(-700.0) > 0)
    }

    @Test func cosineOfHugeAndZeroVectors() {
        #expect(abs(VectorKernels.cosine([3e30, 4e30], [3, 4]) - 1) < 1e-6)
        #expect(VectorKernels.cosine([1, 0], [0, 0]) == 0)
        #expect(abs(VectorKernels.cosine([1, 0], [1, 1]) - 0.707_106_77) < 1e-6)
    }
}
