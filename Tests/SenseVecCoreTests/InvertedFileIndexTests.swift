import Testing
@testable import SenseVecCore

/// ``InvertedFileIndex``: the approximate index's recall against exact scans, its answers when it probes every
/// list, and the choice of `nprobe`.
@Suite struct InvertedFileIndexTests {
    /// `count` rows around `clusters` seeded centres (centre + uniform noise of half its spread), word i in
    /// cluster i mod clusters.
    static func clustered(count: Int, dimension: Int, clusters: Int, seed: UInt64) throws -> WordVectors {
        var rng = SenseRandom(seed: seed)
        let centres = (0..<(clusters * dimension)).map { _ in rng.nextFloat() * 2 - 1 }
        var values = [Float](repeating: 0, count: count * dimension)
        for i in 0..<count {
            let c = i % clusters
            for j in 0..<dimension { values[i * dimension + j] = centres[c * dimension + j] + (rng.nextFloat() - 0.5) }
        }
        return try WordVectors(words: (0..<count).map { "w\($0)" }, dimension: dimension, values: values)
    }

    static func recall(_ approx: [Neighbor], _ exact: [Neighbor]) -> Double {
        let truth = Set(exact.map(\.index))
        return Double(approx.filter { truth.contains($0.index) }.count) / Double(max(1, truth.count))
    }

    @Test func recallAgainstExactScansOnAClusteredSet() throws {
        let v = try Self.clustered(count: 4000, dimension: 24, clusters: 80, seed: 5)
        let index = CosineIndex(v, threads: 2)
        var fractions: [Double] = []
        let ivf = try #require(InvertedFileIndex.build(index: index, seed: 3, recallQueries: 200,
                                                       progress: { f in fractions.append(f) }))
        #expect(ivf.lists == InvertedFileIndex.defaultLists(count: 4000))
        #expect(ivf.recall >= 0.99 && ivf.recallQueries == 200 && ivf.recallK == 10)
        #expect(ivf.nprobe < ivf.lists / 4, "nprobe \(ivf.nprobe) of \(ivf.lists): the index saves no work")
        #expect(fractions.last == 1 && fractions == fractions.sorted())
        // Recall on other queries than the ones nprobe was chosen on (rows 0..<300 step 7 and vector queries).
        let rows = Array(stride(from: 1, to: 4000, by: 13))
        let exact = index.neighbors(ofRows: rows, k: 10)
        var total = 0.0
        for (r, e) in zip(rows, exact) { total += Self.recall(ivf.neighbors(of: .row(r, k: 10)), e) }
        #expect(total / Double(rows.count) >= 0.97, "recall \(total / Double(rows.count))")
        // Every row is in exactly one list.
        #expect(ivf.assignment.count == 4000 && ivf.slotRow.filter { $0 >= 0 }.count == 4000)
        #expect(Set(ivf.slotRow.filter { $0 >= 0 }).count == 4000)
    }

    @Test func probingEveryListGivesTheExactAnswerBitForBit() throws {
        let v = try Self.clustered(count: 700, dimension: 19, clusters: 9, seed: 8)
        let index = CosineIndex(v, threads: 2)
        let ivf = try #require(InvertedFileIndex.build(index: index, lists: 32, recallQueries: 50))
        for row in [0, 1, 15, 16, 350, 699] {
            for k in [1, 10, 40] {
                #expect(ivf.neighbors(of: .row(row, k: k), probe: 32) == index.neighbors(ofRows: [row], k: k)[0])
            }
        }
        var rng = SenseRandom(seed: 2)
        let q = (0..<19).map { _ in rng.nextFloat() - 0.5 }
        #expect(ivf.neighbors(of: CosineQuery(source: .vector(q), k: 12, excluding: [3, 5]), probe: 32)
                == index.neighbors(of: q, k: 12, excluding: [3, 5]))
        // Duplicate rows (equal scores): the lower row wins the tie, as in the exact scan.
        let dup = try WordVectors(words: (0..<64).map { "d\($0)" }, dimension: 4,
                                  values: (0..<64).flatMap { i in [1, 2, 3, Float(i % 5)] })
        let dupIndex = CosineIndex(dup)
        let dupIVF = try #require(InvertedFileIndex.build(index: dupIndex, lists: 16, recallQueries: 10))
        for row in [0, 7, 63] {
            #expect(dupIVF.neighbors(of: .row(row, k: 20), probe: 16) == dupIndex.neighbors(ofRows: [row], k: 20)[0])
        }
    }

    /// Equal scores in different lists: rows 2j = (1, −a_j) and 2j + 1 = (1, a_j) have exactly the same cosine with
    /// (1, 0, 0); the list of the positive side is probed first, so the lower row of each tied pair comes second and
    /// must still win the tie, as in the exact scan.
    @Test func tiesAcrossListsGoToTheLowerRow() throws {
        var values: [Float] = []
        for j in 0..<16 {
            let a = 0.5 + Float(j) * 0.1
            values += [1, -a, 0, 1, a, 0]
        }
        let v = try WordVectors(words: (0..<32).map { "t\($0)" }, dimension: 3, values: values)
        let index = CosineIndex(v)
        let ivf = InvertedFileIndex(base: index, centroids: [0, 1, 0, 0, -1, 0],
                                    assignment: (0..<32).map { Int32($0 % 2 == 0 ? 1 : 0) }, nprobe: 2, recall: 1,
                                    recallK: 10, recallQueries: 0)
        for k in [1, 3, 5, 9] {
            let q = CosineQuery(source: .vector([1, 0, 0]), k: k, excluding: [])
            #expect(ivf.neighbors(of: q) == index.neighbors(of: [1, 0, 0], k: k), "k = \(k)")
        }
    }

    @Test func nprobeIsTheSmallestThatReachesTheTarget() throws {
        let v = try Self.clustered(count: 3000, dimension: 16, clusters: 40, seed: 9)
        let index = CosineIndex(v, threads: 2)
        let ivf = try #require(InvertedFileIndex.build(index: index, targetRecall: 0.999, recallQueries: 150))
        // The probes tried, in increasing order: the recall bound of every one before nprobe is short of the target.
        let curve = ivf.recallCurve
        #expect(curve.count >= 2, "\(curve)")
        #expect(curve.map(\.probe) == curve.map(\.probe).sorted() && Set(curve.map(\.probe)).count == curve.count)
        #expect(curve.last?.probe == ivf.nprobe && curve.last?.recall == ivf.recall)
        #expect((curve.last?.lowerBound ?? 0) >= 0.999 && ivf.recall >= (curve.last?.lowerBound ?? 2))
        #expect(curve.dropLast().allSatisfy { $0.lowerBound < 0.999 && $0.lowerBound <= $0.recall }, "\(curve)")
        // Probing every list is exact: recall 1 on any queries.
        let queries = (0..<150).map { $0 * 19 % 3000 }
        let exact = index.neighbors(ofRows: queries, k: 10)
        #expect(ivf.recall(queries: queries, exact: exact, k: 10, probe: ivf.lists) == 1)
        #expect(InvertedFileIndex.build(index: index, isCancelled: { true }) == nil)
    }
}
