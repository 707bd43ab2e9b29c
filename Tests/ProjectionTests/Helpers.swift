import Foundation
@testable import Projection
import SenseVecCore

/// Random Gaussian blobs: `clusters` centres spread by `separation`, `perCluster` points each.
func blobs(clusters: Int, perCluster: Int, dimension: Int, separation: Double, seed: UInt64) -> (DataMatrix, [Int]) {
    var rng = SenseRandom(seed: seed)
    var centres: [[Double]] = []
    for _ in 0..<clusters { centres.append((0..<dimension).map { _ in rng.nextGaussian() * separation }) }
    var v: [Float] = [], classes: [Int] = []
    for c in 0..<clusters {
        for _ in 0..<perCluster {
            for d in 0..<dimension { v.append(Float(centres[c][d] + rng.nextGaussian())) }
            classes.append(c)
        }
    }
    return (try! DataMatrix(rows: clusters * perCluster, columns: dimension, values: v), classes)
}

func randomPositions(_ n: Int, scale: Double, seed: UInt64) -> [Double] {
    var rng = SenseRandom(seed: seed)
    return (0..<(2 * n)).map { _ in rng.nextGaussian() * scale }
}

/// Fraction of each point's k nearest neighbours in `a` (row-major, dimension da) that are also among its k
/// nearest in `b` (dimension db), averaged (brute force).
func neighbourPreservation(_ a: [Double], _ da: Int, _ b: [Double], _ db: Int, k: Int) -> Double {
    let n = a.count / da
    func knn(_ x: [Double], _ d: Int, _ i: Int) -> Set<Int> {
        var dist: [(Double, Int)] = []
        for j in 0..<n where j != i {
            var s = 0.0
            for t in 0..<d { let e = x[i * d + t] - x[j * d + t]; s += e * e }
            dist.append((s, j))
        }
        dist.sort { $0.0 < $1.0 }
        return Set(dist.prefix(k).map { $0.1 })
    }
    var total = 0.0
    for i in 0..<n { total += Double(knn(a, da, i).intersection(knn(b, db, i)).count) / Double(k) }
    return total / Double(n)
}
