import Foundation
import Testing
@testable import Projection
import SenseVecCore

@Suite struct AffinitiesTests {
    @Test func calibrationHitsTargetPerplexity() {
        var rng = SenseRandom(seed: 5)
        for perplexity in [2.0, 10, 30] {
            let d = (0..<200).map { _ in Float(rng.nextDouble() * 50 + 1e3) }
            var p = [Float](repeating: 0, count: d.count)
            let (_, h) = d.withUnsafeBufferPointer { dp in
                p.withUnsafeMutableBufferPointer { pp in
                    Affinities.calibrate(squaredDistances: dp.baseAddress!, count: d.count, perplexity: perplexity,
                                         probabilities: pp.baseAddress!)
                }
            }
            #expect(abs(h - log(perplexity)) <= 1e-5)
            // Entropy recomputed from the written probabilities.
            var hp = 0.0, s = 0.0
            for v in p where v > 0 { hp -= Double(v) * log(Double(v)); s += Double(v) }
            #expect(abs(s - 1) < 1e-5)
            #expect(abs(hp - log(perplexity)) < 1e-3)
        }
    }

    func checkSymmetricAndNormalized(_ p: Affinities) {
        #expect(abs(p.sum - 1) < 1e-5)
        for i in 0..<p.count {
            for e in p.rowStart[i]..<p.rowStart[i + 1] {
                let j = Int(p.columns[e])
                #expect(j != i)
                #expect(abs(p.values[e] - p.value(j, i)) <= 1e-7 * max(1, p.values[e]))
            }
        }
    }

    @Test func exactAffinitiesAreSymmetricAndSumToOne() throws {
        let (data, _) = blobs(clusters: 3, perCluster: 20, dimension: 5, separation: 4, seed: 11)
        checkSymmetricAndNormalized(try Affinities.exact(data, perplexity: 10, threads: 2))
    }

    @Test func sparseAffinitiesAreSymmetricAndSumToOne() throws {
        let (data, _) = blobs(clusters: 3, perCluster: 40, dimension: 5, separation: 4, seed: 12)
        let p = try Affinities.nearestNeighbors(data, perplexity: 5, threads: 2)
        checkSymmetricAndNormalized(p)
        // Each row holds at least its 15 neighbours.
        for i in 0..<p.count { #expect(p.rowStart[i + 1] - p.rowStart[i] >= 15) }
    }

    @Test func vantagePointTreeFindsExactNeighbours() {
        let (data, _) = blobs(clusters: 4, perCluster: 60, dimension: 7, separation: 2, seed: 13)
        var rng = SenseRandom(seed: 1)
        let tree = VantagePointTree(data: data.values, dimension: data.columns, rng: &rng)
        let k = 9
        let (idx, dist) = tree.allNeighbors(k: k, threads: 2)
        let n = data.rows, d = data.columns
        for i in 0..<n {
            var all: [(Float, Int)] = []
            for j in 0..<n where j != i {
                var s: Float = 0
                for t in 0..<d { let e = data.values[i * d + t] - data.values[j * d + t]; s += e * e }
                all.append((s, j))
            }
            all.sort { $0.0 < $1.0 }
            for t in 0..<k {
                #expect(abs(dist[i * k + t] - all[t].0) <= 1e-3 * max(1, all[t].0))
            }
            #expect(Set(idx[(i * k)..<((i + 1) * k)].map(Int.init)).count == k)
            #expect(!idx[(i * k)..<((i + 1) * k)].contains(Int32(i)))
        }
    }
}
