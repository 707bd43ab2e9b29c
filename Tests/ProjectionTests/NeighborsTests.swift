import Foundation
import Testing
@testable import Projection
import SenseVecCore

/// Exact k nearest neighbours by a plain double loop (the reference).
private func referenceNeighbors(_ data: DataMatrix, k: Int) -> [[(Float, Int)]] {
    let n = data.rows, d = data.columns
    return (0..<n).map { i in
        var all: [(Float, Int)] = []
        for j in 0..<n where j != i {
            var s: Float = 0
            for t in 0..<d { let e = data.values[i * d + t] - data.values[j * d + t]; s += e * e }
            all.append((s, j))
        }
        all.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return Array(all.prefix(k))
    }
}

@Suite struct NeighborsTests {
    /// Brute force equals the reference: same distances (to Float rounding of the ‖a‖²+‖b‖²−2a·b form) and the
    /// same neighbour sets, for dimensions that are and are not multiples of 8 and counts not multiples of 4 or 2.
    @Test(arguments: [(3, 101), (8, 64), (21, 99), (40, 130)])
    func bruteForceIsExact(dimension: Int, rows: Int) throws {
        let (all, _) = blobs(clusters: 5, perCluster: (rows + 4) / 5, dimension: dimension, separation: 3, seed: UInt64(dimension))
        let data = all.prefix(rows)
        let k = 7
        let nn = try Neighbors.find(data, k: k, method: .bruteForce, threads: 2)
        let ref = referenceNeighbors(data, k: k)
        var sameSet = 0
        for i in 0..<rows {
            let got = nn.indices[(i * k)..<((i + 1) * k)].map(Int.init)
            #expect(!got.contains(i))
            #expect(Set(got).count == k)
            for t in 0..<k {
                #expect(abs(nn.squaredDistances[i * k + t] - ref[i][t].0) <= 1e-3 * max(1, ref[i][t].0))
                if t > 0 { #expect(nn.squaredDistances[i * k + t] >= nn.squaredDistances[i * k + t - 1]) }
            }
            if Set(got) == Set(ref[i].map { $0.1 }) { sameSet += 1 }
        }
        // Random continuous data: ties (which could swap the k-th neighbour) essentially never happen.
        #expect(sameSet == rows)
        #expect(nn.recall == 1)
    }

    /// Queries on a subset give the same rows as the full search, and one thread equals two.
    @Test func queriesSubsetAndThreadsAgree() {
        let (data, _) = blobs(clusters: 3, perCluster: 50, dimension: 13, separation: 2, seed: 5)
        let bf = BruteForceKNN(data.values, rows: data.rows, dimension: data.columns)
        let k = 5
        let (full, _) = bf.search(queries: nil, k: k, threads: 1)
        let (two, _) = bf.search(queries: nil, k: k, threads: 2)
        #expect(full == two)
        let qs = [149, 0, 77, 3, 42]
        let (sub, _) = bf.search(queries: qs, k: k, threads: 2)
        for (t, q) in qs.enumerated() { #expect(Array(sub[(t * k)..<((t + 1) * k)]) == Array(full[(q * k)..<((q + 1) * k)])) }
    }

    /// The PCA-projected search on data whose variance lies in a few directions (plus small noise in many
    /// others) finds nearly all exact neighbours, its distances are the exact full-space ones, and the reported
    /// recall is the recall measured here against the reference.
    @Test func projectedSearchHasHighMeasuredRecall() throws {
        var rng = SenseRandom(seed: 9)
        let n = 400, d = 60, latent = 6
        let basis = (0..<(latent * d)).map { _ in rng.nextGaussian() }
        var v = [Float](repeating: 0, count: n * d)
        for i in 0..<n {
            let z = (0..<latent).map { _ in rng.nextGaussian() * 3 }
            for j in 0..<d {
                var s = 0.1 * rng.nextGaussian()
                for a in 0..<latent { s += z[a] * basis[a * d + j] }
                v[i * d + j] = Float(s)
            }
        }
        let data = try DataMatrix(rows: n, columns: d, values: v)
        let k = 10
        let nn = try Neighbors.find(data, k: k, method: .projected(components: 8, candidates: 20), threads: 2,
                                    recallSample: n)
        let ref = referenceNeighbors(data, k: k)
        var hits = 0
        for i in 0..<n {
            let got = Set(nn.indices[(i * k)..<((i + 1) * k)].map(Int.init))
            #expect(!got.contains(i))
            hits += ref[i].filter { got.contains($0.1) }.count
            for t in 0..<k {
                let j = Int(nn.indices[i * k + t])
                var s: Float = 0
                for c in 0..<d { let e = v[i * d + c] - v[j * d + c]; s += e * e }
                #expect(abs(nn.squaredDistances[i * k + t] - s) <= 1e-4 * max(1, s))
            }
        }
        let recall = Double(hits) / Double(n * k)
        #expect(recall > 0.95)
        #expect(abs((nn.recall ?? -1) - recall) < 1e-12)
        #expect(nn.recallSample == n)
        #expect(nn.projection?.components == 8)
    }

    /// With too few components the projection must lose neighbours, and the measured recall says so
    /// (the recall estimate is not a constant).
    @Test func projectedSearchReportsLowRecallWhenProjectionIsPoor() throws {
        let (data, _) = blobs(clusters: 1, perCluster: 300, dimension: 30, separation: 0, seed: 3)
        let nn = try Neighbors.find(data, k: 10, method: .projected(components: 2, candidates: 10), threads: 1,
                                    recallSample: 300)
        #expect((nn.recall ?? 1) < 0.5)
    }

    @Test func automaticChoice() {
        #expect(NeighborSearch.automatic.resolved(rows: 70_000, dimension: 784) == .projected(components: 50, candidates: nil))
        #expect(NeighborSearch.automatic.resolved(rows: 70_000, dimension: 10) == .vantagePointTree)
        #expect(NeighborSearch.automatic.resolved(rows: 2_500, dimension: 64) == .bruteForce)
        #expect(NeighborSearch.projected(components: 50, candidates: nil).resolved(rows: 100, dimension: 20)
                == .projected(components: 20, candidates: nil))
    }

    /// PCA's Cholesky-QR orthonormalization gives orthonormal columns spanning the same space, and falls back to
    /// Gram–Schmidt for rank-deficient input.
    @Test func orthonormalizeGivesOrthonormalColumns() {
        var rng = SenseRandom(seed: 4)
        let rows = 200, cols = 12
        var m = (0..<(rows * cols)).map { _ in rng.nextGaussian() }
        // Make column 5 nearly parallel to column 2 to stress the first Cholesky step.
        for r in 0..<rows { m[r * cols + 5] = m[r * cols + 2] + 1e-6 * m[r * cols + 5] }
        let original = m
        PCA.orthonormalize(&m, rows: rows, cols: cols)
        for a in 0..<cols {
            for b in 0..<cols {
                var s = 0.0
                for r in 0..<rows { s += m[r * cols + a] * m[r * cols + b] }
                #expect(abs(s - (a == b ? 1 : 0)) < 1e-8)
            }
        }
        // Column 0 keeps its direction (QR: first column is normalized only).
        var dot = 0.0, n0 = 0.0
        for r in 0..<rows { dot += m[r * cols] * original[r * cols]; n0 += original[r * cols] * original[r * cols] }
        #expect(abs(dot - n0.squareRoot()) < 1e-8 * n0.squareRoot())
        // Exactly rank-deficient: falls back without NaNs.
        var z = [Double](repeating: 0, count: rows * 3)
        for r in 0..<rows { z[r * 3] = Double(r); z[r * 3 + 1] = 2 * Double(r); z[r * 3 + 2] = 1 }
        PCA.orthonormalize(&z, rows: rows, cols: 3)
        #expect(z.allSatisfy { $0.isFinite })
    }
}
