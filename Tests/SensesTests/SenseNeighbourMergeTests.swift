import Testing
import Foundation
@testable import Senses
import SenseVecCore

/// ``SenseNeighbourMerge``: senses whose vectors have the same nearest words are joined; senses near different
/// words are kept; and ``SenseRows/join(_:dimension:pointDimension:wordVector:)`` combines joined rows as documented.
@Suite struct SenseNeighbourMergeTests {
    /// Words 0..<12 lie around direction e0, words 12..<24 around e1 (one row each); word 24 has three senses, two
    /// near e0 (with different noise) and one near e1; word 25 has two senses, one near each direction.
    func planted(d: Int = 8) -> (rows: [Float], offsets: [Int]) {
        var rng = SenseRandom(seed: 3, stream: 1)
        func around(_ axis: Int) -> [Float] {
            (0..<d).map { t in (t == axis ? 1 : 0) + Float(rng.nextDouble() - 0.5) * 0.3 }
        }
        var rows: [Float] = [], offsets = [0]
        for w in 0..<24 { rows += around(w < 12 ? 0 : 1); offsets.append(offsets.last! + 1) }
        rows += around(0) + around(0) + around(1); offsets.append(offsets.last! + 3)
        rows += around(0) + around(1); offsets.append(offsets.last! + 2)
        return (rows, offsets)
    }

    @Test func sensesNearTheSameWordsAreJoinedAndOthersKept() throws {
        let (rows, offsets) = planted()
        let groups = try SenseNeighbourMerge(neighbours: 10, shared: 3).groups(rows: rows, offsets: offsets, dimension: 8, threads: 2)
        #expect(groups.count == 26)
        #expect(groups[0..<24].allSatisfy { $0 == nil })
        #expect(groups[24] == [0, 0, 1])
        #expect(groups[25] == nil)
        // Requiring more shared words than there are neighbours, or none at all, joins nothing.
        let never = try SenseNeighbourMerge(neighbours: 10, shared: 11).groups(rows: rows, offsets: offsets, dimension: 8, threads: 1)
        #expect(never.allSatisfy { $0 == nil })
        let off = try SenseNeighbourMerge(neighbours: 10, shared: 0).groups(rows: rows, offsets: offsets, dimension: 8, threads: 1)
        #expect(off.allSatisfy { $0 == nil })
    }

    @Test func joiningWeighsByCountsAndOrdersByCount() {
        // d = 2, p = 2. Word 0: one sense. Word 1: three senses, 0 and 2 joined. Word 2: two senses joined into one.
        var joined = SenseRows(
            offsets: [0, 1, 4, 6],
            values: [9, 9, /* word 1 */ 1, 0, 5, 5, 0, 1, /* word 2 */ 2, 2, 4, 4],
            means: [0, 0, /* word 1 */ 1, 0, 0, 1, 0, 1, /* word 2 */ 1, 0, 0, 1],
            kappa: [0, 7, 5],
            counts: [10, /* word 1 */ 30, 50, 10, /* word 2 */ 3, 1])
        joined.join([nil, [0, 1, 0], [0, 0]], dimension: 2, pointDimension: 2) { x in [Float(x), -1] }
        #expect(joined.offsets == [0, 1, 3, 4])
        #expect(joined.counts == [10, 50, 40, 4])
        // Word 1: the sense of count 50 first, then senses 0 and 2 (30 and 10): value (30·(1,0) + 10·(0,1)) / 40.
        #expect(Array(joined.values[0..<2]) == [9, 9])
        #expect(Array(joined.values[2..<4]) == [5, 5])
        #expect(abs(joined.values[4] - 0.75) < 1e-6 && abs(joined.values[5] - 0.25) < 1e-6)
        // Its mean direction: (30·(1,0) + 10·(0,1)) normalized.
        let l = Float((900.0 + 100.0).squareRoot())
        #expect(abs(joined.means[4] - 30 / l) < 1e-6 && abs(joined.means[5] - 10 / l) < 1e-6)
        #expect(Array(joined.means[2..<4]) == [0, 1])
        #expect(joined.kappa[1] == 7)
        // Word 2 is left with one sense: its word vector, a zero mean and κ = 0.
        #expect(Array(joined.values[6..<8]) == [2, -1])
        #expect(Array(joined.means[6..<8]) == [0, 0])
        #expect(joined.kappa[2] == 0)
    }
}
