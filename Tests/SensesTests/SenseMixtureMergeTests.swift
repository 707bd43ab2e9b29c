import Testing
import Foundation
@testable import SenseVecCore

/// The merge test of ``SenseMixture/mergingSameMeaning(_:points:count:dimension:bags:test:options:)`` on planted
/// bags of words: occurrences whose context vectors form groups that are frames of one meaning (every group draws
/// its words from one pool) are merged; groups drawing from different pools are kept.
@Suite struct SenseMixtureMergeTests {
    /// n occurrences: each draws `words` context words from `pools[group]` and one frame word `frames[group]`;
    /// its point is the normalized sum of the words' random unit vectors, the frame word weighing `frameWeight`.
    func occurrences(n: Int, pools: [[Int32]], frames: [Int32], words: Int, frameWeight: Float, d: Int,
                     vocabulary: Int, seed: UInt64) -> (points: [Float], bags: SenseMixture.ContextBags) {
        var rng = SenseRandom(seed: seed, stream: 5)
        func gaussian() -> Float {
            let u = max(rng.nextDouble(), 1e-12), v = rng.nextDouble()
            return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        let vectors = (0..<(vocabulary * d)).map { _ in gaussian() / Float(d).squareRoot() }
        var points: [Float] = [], ids: [Int32] = [], offsets = [0]
        for i in 0..<n {
            let group = i % pools.count
            var bag = (0..<words).map { _ in pools[group][rng.nextInt(below: pools[group].count)] }
            bag.append(frames[group])
            var p = [Float](repeating: 0, count: d)
            for y in bag {
                let w: Float = y == frames[group] ? frameWeight : 1
                for t in 0..<d { p[t] += w * vectors[Int(y) * d + t] }
            }
            let norm = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
            points += p.map { $0 / norm }
            ids += bag; offsets.append(ids.count)
        }
        let weights = [Float](repeating: 1, count: vocabulary)
        let background = SenseMixture.ContextBags.background(counts: [Int](repeating: 1, count: vocabulary), weights: weights)
        return (points, SenseMixture.ContextBags(ids: ids, offsets: offsets, wordWeights: weights, background: background))
    }

    func twoSenseFit(_ points: [Float], d: Int, seed: UInt64) -> SenseMixture.Fit {
        var options = SenseMixture.FitOptions()
        options.senses = 2
        options.seed = seed
        return SenseMixture.fit(points: points, dimension: d, options: options)
    }

    /// Two frames of one meaning: the frame word dominates the context vector, so a two-sense fit separates the
    /// frames (checked), but both draw their other words from one pool, so the merge test joins them.
    @Test func framesOfOneMeaningAreMerged() {
        let d = 32, pool = (0..<12).map { Int32($0) }
        for seed in UInt64(1)...3 {
            let (points, bags) = occurrences(n: 600, pools: [pool, pool], frames: [30, 31], words: 4, frameWeight: 4,
                                             d: d, vocabulary: 40, seed: seed)
            let fit = twoSenseFit(points, d: d, seed: seed)
            #expect(fit.mixture.count == 2)
            let agree = (0..<600).filter { fit.assignment($0) == fit.assignment($0 % 2) }.count
            #expect(agree == 600, "the fit did not separate the frames: \(agree) of 600")
            let merged = points.withUnsafeBufferPointer {
                SenseMixture.mergingSameMeaning(fit, points: $0.baseAddress!, count: 600, dimension: d, bags: bags,
                                                test: SenseMixture.MergeTest(), options: SenseMixture.FitOptions())
            }
            #expect(merged.mixture.count == 1, "seed \(seed): \(merged.mixture.count) senses")
            // A negative threshold never merges.
            let kept = points.withUnsafeBufferPointer {
                SenseMixture.mergingSameMeaning(fit, points: $0.baseAddress!, count: 600, dimension: d, bags: bags,
                                                test: SenseMixture.MergeTest(threshold: -1), options: SenseMixture.FitOptions())
            }
            #expect(kept.mixture.count == 2)
        }
    }

    /// Two meanings: each group draws its words from a pool of its own (and has its own frame word); they stay two
    /// senses, and a third group that is only a frame of the first meaning is merged into it.
    @Test func differentPoolsStayApartAndAFrameJoinsItsMeaning() {
        let d = 32
        let a = (0..<12).map { Int32($0) }, b = (12..<24).map { Int32($0) }
        for seed in UInt64(1)...3 {
            let (points, bags) = occurrences(n: 900, pools: [a, b, a], frames: [30, 31, 32], words: 4, frameWeight: 4,
                                             d: d, vocabulary: 40, seed: seed)
            var options = SenseMixture.FitOptions()
            options.senses = 3
            options.seed = seed
            let fit = SenseMixture.fit(points: points, dimension: d, options: options)
            #expect(fit.mixture.count == 3)
            let merged = points.withUnsafeBufferPointer {
                SenseMixture.mergingSameMeaning(fit, points: $0.baseAddress!, count: 900, dimension: d, bags: bags,
                                                test: SenseMixture.MergeTest(), options: SenseMixture.FitOptions())
            }
            #expect(merged.mixture.count == 2, "seed \(seed): \(merged.mixture.count) senses")
            // Groups 0 and 2 (pool a) share a sense; group 1 (pool b) has the other.
            let same = (0..<900).filter { $0 % 3 == 2 }.filter { merged.assignment($0) == merged.assignment($0 - 2) }.count
            let apart = (0..<900).filter { $0 % 3 == 1 }.filter { merged.assignment($0) != merged.assignment($0 - 1) }.count
            #expect(same >= 290 && apart >= 290, "seed \(seed): same \(same), apart \(apart) of 300")
        }
    }

    /// The gain is a held-out log-likelihood difference: about zero for one pool, several nats for disjoint pools.
    @Test func theGainIsNearZeroForOnePoolAndLargeForTwo() {
        let d = 32, pool = (0..<12).map { Int32($0) }, other = (12..<24).map { Int32($0) }
        let (_, one) = occurrences(n: 600, pools: [pool, pool], frames: [30, 31], words: 4, frameWeight: 1, d: d, vocabulary: 40, seed: 7)
        let (_, two) = occurrences(n: 600, pools: [pool, other], frames: [30, 31], words: 4, frameWeight: 1, d: d, vocabulary: 40, seed: 7)
        let assignment = (0..<600).map { $0 % 2 }
        let fitting = Array(stride(from: 0, to: 600, by: 4)) + Array(stride(from: 1, to: 600, by: 4))
        let testing = Array(stride(from: 2, to: 600, by: 4)) + Array(stride(from: 3, to: 600, by: 4))
        let g1 = SenseMixture.separationGain([0], [1], assignment: assignment, fitting: fitting, testing: testing,
                                             bags: one, test: SenseMixture.MergeTest())!
        let g2 = SenseMixture.separationGain([0], [1], assignment: assignment, fitting: fitting, testing: testing,
                                             bags: two, test: SenseMixture.MergeTest())!
        #expect(g1 < 0.3, "one pool: \(g1)")
        #expect(g2 > 2, "two pools: \(g2)")
    }
}
