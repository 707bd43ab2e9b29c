import Foundation
import Synchronization
import Testing
@testable import SenseVecCore

@Suite struct CosineIndexTests {
    /// Brute-force cosine in Double.
    static func cosine(_ v: WordVectors, _ x: [Double], _ j: Int) -> Double {
        let y = v.vector(at: j).map(Double.init)
        let dot = zip(x, y).map(*).reduce(0, +)
        let nx = x.map { $0 * $0 }.reduce(0, +).squareRoot(), ny = y.map { $0 * $0 }.reduce(0, +).squareRoot()
        return nx > 0 && ny > 0 ? dot / (nx * ny) : 0
    }

    static func unit(_ v: WordVectors, _ i: Int) -> [Double] {
        let x = v.vector(at: i).map(Double.init)
        let n = x.map { $0 * $0 }.reduce(0, +).squareRoot()
        return n > 0 ? x.map { $0 / n } : x
    }

    /// Checks `got` against brute-force `score` for every row except `excluded`: same top-k similarities, and
    /// each reported similarity is the brute-force score of its row.
    static func check(_ got: [Neighbor], k: Int, rows: Int, excluded: Set<Int>, score: (Int) -> Double,
                      tolerance: Double = 2e-5) {
        let brute = (0..<rows).filter { !excluded.contains($0) }.map { ($0, score($0)) }
            .sorted { $0.1 > $1.1 }.prefix(k)
        #expect(got.count == brute.count)
        for (g, b) in zip(got, brute) {
            #expect(abs(Double(g.similarity) - b.1) < tolerance, "\(g) vs \(b)")
            #expect(abs(Double(g.similarity) - score(g.index)) < tolerance)
            #expect(!excluded.contains(g.index))
        }
        #expect(zip(got, got.dropFirst()).allSatisfy { $0.similarity >= $1.similarity })
    }

    @Test func neighborsMatchBruteForce() throws {
        // 203 rows (not a multiple of the 16-row panel), dimension 13 (not a multiple of 8), one zero row.
        var v = try Fixture.random(count: 203, dimension: 13, seed: 11)
        var values = v.values
        for k in 0..<13 { values[50 * 13 + k] = 0 }
        v = try WordVectors(words: v.words, dimension: 13, values: values)
        let index = CosineIndex(v, threads: 2)
        for q in [0, 1, 50, 77, 202] {
            let got = try index.neighbors(of: v.words[q], k: 7)
            let x = v.vector(at: q).map(Double.init)
            Self.check(got, k: 7, rows: 203, excluded: [q]) { Self.cosine(v, x, $0) }
            #expect(got.allSatisfy { $0.word == v.words[$0.index] })
        }
        // Restricting the candidates to the first rows.
        let restricted = try index.neighbors(of: "w100", k: 5, candidates: 40)
        #expect(restricted.allSatisfy { $0.index < 40 })
        let x = v.vector(at: 100).map(Double.init)
        Self.check(restricted, k: 5, rows: 40, excluded: []) { Self.cosine(v, x, $0) }
        // An index of the first rows only: the others are unknown and never answers.
        let prefix = CosineIndex(v, rows: 40, threads: 1)
        #expect(prefix.count == 40)
        #expect(try prefix.neighbors(of: "w10", k: 5) == index.neighbors(of: "w10", k: 5, candidates: 40))
        #expect(throws: SenseVecError.self) { try prefix.neighbors(of: "w100") }
        #expect(prefix.analogies([AnalogyQuestion(a: 1, b: 2, c: 3)], k: 3) == index.analogies([AnalogyQuestion(a: 1, b: 2, c: 3)], k: 3, candidates: 40))
        // k larger than the candidates.
        #expect(try index.neighbors(of: "w0", k: 500).count == 202)
        #expect(throws: SenseVecError.self) { try index.neighbors(of: "nope") }
    }

    /// The index keeps one copy of the rows (the packed panels): a pair similarity and a unit vector read from it
    /// are the numbers the scans use, bit for bit.
    @Test func pairSimilaritiesAndUnitVectorsAreTheScansNumbers() throws {
        let v = try Fixture.random(count: 70, dimension: 37, seed: 21)
        let index = CosineIndex(v, threads: 1)
        for q in [0, 15, 16, 33, 69] {
            let all = index.neighbors(ofRows: [q], k: 69)[0]
            #expect(all.count == 69)
            for n in all { #expect(index.similarity(rows: q, n.index) == n.similarity, "rows \(q), \(n.index)") }
            #expect(index.unitVector(at: q) == VectorKernels.normalized(v.vector(at: q)))
        }
    }

    @Test func batchesEqualSingleQueriesAcrossThreads() throws {
        // Large enough that the similarity pass is split over threads.
        let v = try Fixture.random(count: 2100, dimension: 40, seed: 5)
        let one = CosineIndex(v, threads: 1), two = CosineIndex(v, threads: 2)
        let rows = Array(0..<37).map { $0 * 53 % 2100 }
        let a = one.neighbors(ofRows: rows, k: 4)
        let b = two.neighbors(ofRows: rows, k: 4)
        #expect(a == b)
        for (i, r) in rows.enumerated() {
            let single = try two.neighbors(of: v.words[r], k: 4)
            #expect(single == b[i])
            let x = v.vector(at: r).map(Double.init)
            Self.check(single, k: 4, rows: 2100, excluded: [r]) { Self.cosine(v, x, $0) }
        }
    }

    @Test func analogiesMatchBruteForce() throws {
        let v = try Fixture.random(count: 150, dimension: 9, seed: 21)
        let index = CosineIndex(v)
        var rng = SenseRandom(seed: 4)
        var questions: [AnalogyQuestion] = []
        for _ in 0..<25 {
            questions.append(AnalogyQuestion(a: rng.nextInt(below: 150), b: rng.nextInt(below: 150), c: rng.nextInt(below: 150)))
        }
        for method in AnalogyMethod.allCases {
            let batch = index.analogies(questions, k: 3, method: method)
            for (q, got) in zip(questions, batch) {
                let ua = Self.unit(v, q.a), ub = Self.unit(v, q.b), uc = Self.unit(v, q.c)
                let target = (0..<9).map { ub[$0] - ua[$0] + uc[$0] }
                let score: (Int) -> Double = { j in
                    switch method {
                    case .add: return Self.cosine(v, target, j)
                    case .mul:
                        let ca = (Self.cosine(v, ua, j) + 1) / 2, cb = (Self.cosine(v, ub, j) + 1) / 2
                        let cc = (Self.cosine(v, uc, j) + 1) / 2
                        return cb * cc / (ca + 0.001)
                    }
                }
                Self.check(got, k: 3, rows: 150, excluded: [q.a, q.b, q.c], score: score, tolerance: 1e-4)
                let single = try index.analogy(v.words[q.a], v.words[q.b], v.words[q.c], k: 3, method: method)
                #expect(single == got)
            }
        }
    }

    @Test func blockedAnalogiesAcrossThreadsCandidatesAndExclusions() throws {
        // 1,300 rows: three 512-row blocks, the last one partial; enough distinct words to use several threads.
        let n = 1300, d = 13
        let v = try Fixture.random(count: n, dimension: d, seed: 31)
        var rng = SenseRandom(seed: 8)
        var questions: [AnalogyQuestion] = (0..<200).map { _ in
            AnalogyQuestion(a: rng.nextInt(below: n), b: rng.nextInt(below: n), c: rng.nextInt(below: n))
        }
        let reference = CosineIndex(v, threads: 1)
        let unexcluded = reference.analogies(questions, k: 1)
        // Every third question may not be answered by its best row nor by a random one.
        for i in stride(from: 0, to: questions.count, by: 3) {
            questions[i].excluding = [unexcluded[i][0].index, rng.nextInt(below: n)]
        }
        for method in AnalogyMethod.allCases {
            for candidates in [nil, 1000] {
                let limit = candidates ?? n
                let log = EventLog()
                let one = reference.analogies(questions, k: 3, method: method, candidates: candidates,
                                              progress: { e in log.events.withLock { $0.append(e) } })
                #expect(log.events.withLock { $0.last?.fraction == 1 && $0.last?.finished == true })
                for threads in [2, 3] {
                    #expect(CosineIndex(v, threads: threads).analogies(questions, k: 3, method: method, candidates: candidates) == one)
                }
                for (q, got) in zip(questions, one) {
                    let ua = Self.unit(v, q.a), ub = Self.unit(v, q.b), uc = Self.unit(v, q.c)
                    let target = (0..<d).map { ub[$0] - ua[$0] + uc[$0] }
                    let score: (Int) -> Double = { j in
                        switch method {
                        case .add: return Self.cosine(v, target, j)
                        case .mul:
                            let ca = (Self.cosine(v, ua, j) + 1) / 2, cb = (Self.cosine(v, ub, j) + 1) / 2
                            let cc = (Self.cosine(v, uc, j) + 1) / 2
                            return cb * cc / (ca + 0.001)
                        }
                    }
                    Self.check(got, k: 3, rows: limit, excluded: Set([q.a, q.b, q.c] + q.excluding), score: score,
                               tolerance: 1e-4)
                }
            }
        }
    }

    @Test func plantedAnalogyIsFound() throws {
        // king − man + woman lands next to queen; other rows are random.
        var rng = SenseRandom(seed: 9)
        let d = 16
        var rows: [[Float]] = (0..<40).map { _ in (0..<d).map { _ in Float(rng.nextGaussian()) } }
        let royal = (0..<d).map { _ in Float(rng.nextGaussian()) }, female = (0..<d).map { _ in Float(rng.nextGaussian()) }
        let man = rows[0]
        rows[1] = zip(man, royal).map(+)                                  // king
        rows[2] = zip(man, female).map(+)                                 // woman
        rows[3] = zip(zip(man, royal).map(+), female).map(+)              // queen
        var words = (0..<40).map { "r\($0)" }
        words[0] = "man"; words[1] = "king"; words[2] = "woman"; words[3] = "queen"
        let v = try WordVectors(words: words, dimension: d, values: rows.flatMap { $0 })
        let index = CosineIndex(v)
        #expect(try index.analogy("man", "king", "woman", k: 1, method: .add).first?.word == "queen")
        #expect(try index.analogy("man", "king", "woman", k: 1, method: .mul).first?.word == "queen")
        let s = try index.similarity("king", "queen")
        let x = v.vector(for: "king")!.map(Double.init)
        #expect(abs(Double(s) - Self.cosine(v, x, 3)) < 1e-5)
        #expect(try index.similarity("king", "king") > 0.99999)
    }

    @Test func vectorQueriesAndTopKTies() throws {
        let v = try WordVectors(words: ["a", "b", "c", "d"], dimension: 2, values: [1, 0, 2, 0, 0, 1, -1, 0])
        let index = CosineIndex(v)
        // a and b point the same way: tie broken by the lower row.
        let got = index.neighbors(of: [3, 0], k: 3)
        #expect(got.map(\.word) == ["a", "b", "c"])
        #expect(index.neighbors(of: [3, 0], k: 2, excluding: [0]).map(\.word) == ["b", "c"])
        #expect(index.neighbors(of: [0, 0], k: 1).first?.similarity == 0)
    }
}

/// Progress events collected from worker threads.
final class EventLog: Sendable {
    let events = Mutex<[ProgressEvent]>([])
}
