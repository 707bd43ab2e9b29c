import Foundation
import SenseVecCore
import Synchronization
import Testing
@testable import Explorer

/// Core's `CosineIndex` as the explorer uses it: mixed batches, deadlines, analogies over arbitrary vectors.
@Suite struct ExplorerIndexTests {
    @Test func batchedQueriesMatchBruteForceAndSingleQueries() throws {
        // Dimensions that are and are not multiples of 8 or 16 exercise the SIMD tails.
        for dimension in [1, 7, 8, 13, 16, 37] {
            let vectors = try Fixtures.random(count: 300, dimension: dimension, seed: UInt64(dimension))
            let index = CosineIndex(vectors, threads: 2)
            let rows = [0, 17, 299]
            let free = vectors.vector(at: 5).map { $0 * 3 + 0.5 }
            let queries = rows.map { CosineQuery.row($0, k: 12) } + [CosineQuery(source: .vector(free), k: 12, excluding: [5, 6])]
            let batched = try index.neighbors(of: queries, deadline: .now + .seconds(60))
            // Bit-identical to the non-batched entry points (what `sensevec neighbors` prints).
            for (q, row) in rows.enumerated() { #expect(batched[q] == index.neighbors(ofRows: [row], k: 12)[0]) }
            #expect(batched[3] == index.neighbors(of: free, k: 12, excluding: [5, 6]))
            for (q, query) in queries.enumerated() {
                let qv: [Float]
                switch query.source { case .row(let r): qv = vectors.vector(at: r); case .vector(let v): qv = v }
                let expected = (0..<vectors.count).filter { !query.excluding.contains($0) }
                    .map { ($0, Fixtures.cosine(qv, vectors.vector(at: $0))) }
                    .sorted { $0.1 > $1.1 }.prefix(12)
                let found = batched[q]
                #expect(found.count == 12)
                for (f, e) in zip(found, expected) { #expect(abs(Double(f.similarity) - e.1) < 1e-4, "dimension \(dimension)") }
                // Same set up to ties at float precision (in one dimension every cosine is ±1: all ties).
                if dimension > 1 {
                    #expect(Set(found.map(\.index)).intersection(expected.map(\.0)).count >= 11, "dimension \(dimension)")
                }
                #expect(!found.contains { query.excluding.contains($0.index) })
                #expect(zip(found, found.dropFirst()).allSatisfy { $0.similarity >= $1.similarity })
            }
        }
    }

    @Test func zeroRowsAndKLargerThanCount() throws {
        let v = try WordVectors(words: ["a", "b", "zero"], dimension: 3, values: [1, 0, 0, 1, 1, 0, 0, 0, 0])
        let index = CosineIndex(v)
        let found = try index.neighbors(of: [CosineQuery(source: .vector([1, 0, 0]), k: 10, excluding: [])])[0]
        #expect(found.map(\.index) == [0, 1, 2])
        #expect(found[2].similarity == 0)
        #expect(abs(Double(found[1].similarity) - 0.5.squareRoot()) < 1e-6)
        // A zero query vector is similar to nothing (all zeros), not NaN.
        let zero = try index.neighbors(of: [CosineQuery(source: .vector([0, 0, 0]), k: 3, excluding: [])])[0]
        #expect(zero.allSatisfy { $0.similarity == 0 })
    }

    @Test func scansStopAtTheDeadline() throws {
        let v = try Fixtures.random(count: 9000, dimension: 8, seed: 5)
        let index = CosineIndex(v, threads: 2)
        let past = ContinuousClock.now - .seconds(1)
        #expect(throws: CosineIndexDeadlineExceeded.self) { _ = try index.neighbors(of: [.row(0, k: 5)], deadline: past) }
        #expect(throws: CosineIndexDeadlineExceeded.self) { _ = try index.neighbors(ofRows: [0, 1], k: 5, deadline: past) }
        #expect(throws: CosineIndexDeadlineExceeded.self) {
            _ = try index.analogies([AnalogyQuestion(a: 0, b: 1, c: 2)], k: 5, deadline: past)
        }
        let q = v.vector(at: 0)
        #expect(throws: CosineIndexDeadlineExceeded.self) {
            _ = try index.analogy(vectors: q, q, q, k: 5, method: .mul, excluding: [], deadline: past)
        }
        // The model layer turns it into the API's timeout (503).
        let model = WordVectorsExplorerModel(vectors: v)
        #expect(throws: ExplorerError.timeout) { _ = try model.neighbors(of: "w0", k: 5, deadline: past) }
        #expect(try index.neighbors(of: [.row(0, k: 5)], deadline: .now + .seconds(60))[0].count == 5)
    }

    @Test func vectorAnalogiesMatchDefinitionsAndRowAnalogies() throws {
        let v = try Fixtures.random(count: 50, dimension: 6, seed: 9)
        let index = CosineIndex(v)
        let (a, b, c) = (v.vector(at: 1), v.vector(at: 2), v.vector(at: 3))
        let mul = try index.analogy(vectors: a, b, c, k: 5, method: .mul, excluding: [1, 2, 3])
        func score(_ d: Int) -> Double {
            let x = v.vector(at: d)
            let ca = (Fixtures.cosine(x, a) + 1) / 2, cb = (Fixtures.cosine(x, b) + 1) / 2, cc = (Fixtures.cosine(x, c) + 1) / 2
            return cb * cc / (ca + 0.001)
        }
        let expected = (0..<50).filter { ![1, 2, 3].contains($0) }.map { ($0, score($0)) }.sorted { $0.1 > $1.1 }
        #expect(mul.map(\.index) == expected.prefix(5).map(\.0))
        #expect(abs(Double(mul[0].similarity) - expected[0].1) < 1e-3)
        // Same answers as the row-based batch analogies (scores equal to float rounding).
        for method in AnalogyMethod.allCases {
            let byVector = try index.analogy(vectors: a, b, c, k: 5, method: method, excluding: [1, 2, 3])
            let byRow = index.analogies([AnalogyQuestion(a: 1, b: 2, c: 3)], k: 5, method: method)[0]
            #expect(byVector.map(\.index) == byRow.map(\.index))
            for (x, y) in zip(byVector, byRow) { #expect(abs(x.similarity - y.similarity) < 1e-5) }
        }
    }
}

@Suite struct NeighborTableTests {
    @Test func tableAnswersEqualDirectScans() throws {
        let v = try Fixtures.random(count: 203, dimension: 13, seed: 3)
        let index = CosineIndex(v, threads: 2)
        var fractions: [Double] = []
        let table = try #require(NeighborTable.compute(index: index, k: 20, chunk: 64, progress: { fractions.append($0) }))
        #expect(fractions.count == 4 && fractions.last == 1)
        for row in [0, 1, 63, 64, 150, 202] {
            for k in [1, 10, 20] {
                #expect(table.neighbors(ofRow: row, k: k, words: v.words) == index.neighbors(ofRows: [row], k: k)[0])
            }
        }
        #expect(table.neighbors(ofRow: 0, k: 21, words: v.words) == nil)
        // Fewer points than K: every other point, as a scan gives.
        let small = try Fixtures.vectors()
        let smallIndex = CosineIndex(small)
        let t2 = try #require(NeighborTable.compute(index: smallIndex, k: 10))
        #expect(t2.neighbors(ofRow: 0, k: 10, words: small.words) == smallIndex.neighbors(ofRows: [0], k: 10)[0])
        #expect(t2.neighbors(ofRow: 0, k: 10, words: small.words)?.count == 7)
        #expect(NeighborTable.compute(index: smallIndex, k: 3, isCancelled: { true }) == nil)
    }

    @Test func cacheFileRoundTripAndDamage() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let v = try Fixtures.random(count: 60, dimension: 5, seed: 4)
        let index = CosineIndex(v)
        let table = try #require(NeighborTable.compute(index: index, k: 8))
        let model = dir.appendingPathComponent("m.bin").path
        let path = NeighborTable.cachePath(modelPath: model, checksum: "abc", k: 8)
        #expect(path != NeighborTable.cachePath(modelPath: model, checksum: "abd", k: 8))
        #expect(path != NeighborTable.cachePath(modelPath: model, checksum: "abc", k: 9))
        try table.write(to: path, checksum: "abc")
        let back = try #require(NeighborTable.read(from: path, checksum: "abc", k: 8, count: 60))
        for row in 0..<60 { #expect(back.neighbors(ofRow: row, k: 8, words: v.words) == table.neighbors(ofRow: row, k: 8, words: v.words)) }
        // Wrong checksum, K or count: ignored.
        #expect(NeighborTable.read(from: path, checksum: "abd", k: 8, count: 60) == nil)
        #expect(NeighborTable.read(from: path, checksum: "abc", k: 7, count: 60) == nil)
        #expect(NeighborTable.read(from: path, checksum: "abc", k: 8, count: 61) == nil)
        // One flipped bit in the payload, a truncated file, garbage: ignored (never a crash or wrong answers).
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count / 2] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(NeighborTable.read(from: path, checksum: "abc", k: 8, count: 60) == nil)
        try bytes.prefix(bytes.count - 9).write(to: URL(fileURLWithPath: path))
        #expect(NeighborTable.read(from: path, checksum: "abc", k: 8, count: 60) == nil)
        try Data("not a table".utf8).write(to: URL(fileURLWithPath: path))
        #expect(NeighborTable.read(from: path, checksum: "abc", k: 8, count: 60) == nil)
        #expect(NeighborTable.read(from: dir.appendingPathComponent("missing").path, checksum: "abc", k: 8, count: 60) == nil)
    }

    @Test func serviceLoadsThenReadsTheCache() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let v = try Fixtures.random(count: 80, dimension: 6, seed: 8)
        let model = dir.appendingPathComponent("m.bin").path
        let service = NeighborService(index: CosineIndex(v))
        #expect(service.statusText == "scan")
        service.loadTable(k: 5, modelPath: model, checksum: "c1", progress: nil)
        #expect(service.statusText == "table ready (k ≤ 5)")
        let path = NeighborTable.cachePath(modelPath: model, checksum: "c1", k: 5)
        #expect(FileManager.default.fileExists(atPath: path))
        let second = NeighborService(index: CosineIndex(v))
        let messages = Mutex<[String]>([])
        second.loadTable(k: 5, modelPath: model, checksum: "c1", progress: { e in messages.withLock { $0.append(e.message) } })
        #expect(messages.withLock { $0.contains { $0.hasPrefix("read the top-5 table") } })
        // Answers from the table (k ≤ 5) and from scans (k > 5, vector queries) are the direct scan's.
        let index = CosineIndex(v)
        for k in [3, 5, 9] {
            let got = try await second.neighbors(.row(7, k: k), deadline: .now + .seconds(60))
            #expect(got == index.neighbors(ofRows: [7], k: k)[0])
        }
    }
}

@Suite struct ScanBatcherTests {
    @Test func concurrentQueriesShareScansAndGetExactAnswers() async throws {
        let v = try Fixtures.random(count: 4000, dimension: 16, seed: 12)
        let index = CosineIndex(v, threads: 2)
        let service = NeighborService(index: index, maxBatch: 16)
        let rows = Array(0..<64)
        let answers = try await withThrowingTaskGroup(of: (Int, [Neighbor]).self) { group in
            for r in rows {
                group.addTask { (r, try await service.neighbors(.row(r, k: 7), deadline: .now + .seconds(60))) }
            }
            var out: [Int: [Neighbor]] = [:]
            for try await (r, a) in group { out[r] = a }
            return out
        }
        let expected = index.neighbors(ofRows: rows, k: 7)
        for r in rows { #expect(answers[r] == expected[r]) }
        let stats = service.batcher.statistics
        #expect(stats.answered == 64)
        // Every pass answers at most 16 queries, and at least one pass served several at once.
        #expect(stats.passes >= 4 && stats.passes < 64, "\(stats)")
    }

    @Test func expiredAndOverflowingQueriesAreRefused() async throws {
        let v = try Fixtures.random(count: 50, dimension: 4, seed: 2)
        let service = NeighborService(index: CosineIndex(v), maxBatch: 4, maxQueued: 2)
        await #expect(throws: ExplorerError.timeout) {
            _ = try await service.neighbors(.row(0, k: 3), deadline: .now - .seconds(1))
        }
        // More simultaneous queries than the queue holds: the extra ones get 503 "busy", the others answers.
        let results = await withTaskGroup(of: Result<[Neighbor], any Error>.self) { group in
            for r in 0..<40 {
                group.addTask {
                    do { return .success(try await service.neighbors(.row(r, k: 3), deadline: .now + .seconds(60))) }
                    catch { return .failure(error) }
                }
            }
            var all: [Result<[Neighbor], any Error>] = []
            for await r in group { all.append(r) }
            return all
        }
        let ok = results.filter { if case .success = $0 { return true } else { return false } }.count
        let busy = results.filter {
            if case .failure(let e) = $0, case ExplorerError.unavailable(let m) = e { return m.contains("busy") }
            return false
        }.count
        #expect(ok >= 1 && ok + busy == 40)
    }
}
