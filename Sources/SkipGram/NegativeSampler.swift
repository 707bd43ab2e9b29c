#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SenseVecCore

/// Draws negative samples from the smoothed unigram distribution P(w) ∝ count(w)^power (power 0.75 in
/// word2vec, Mikolov et al. 2013b) with Walker's alias method (Vose's construction): O(1) per draw from one
/// 64-bit random number, and a table of 8 bytes per word (≈0.5 MiB for 70k words, cache-resident) instead of
/// word2vec's 10⁸-entry table whose random reads dominate its profile (../shared/docs/PERFORMANCE.md).
///
/// Draw: column i = ⌊u₁·n⌋ from the high 32 bits, keep i if the low 32 bits fall below `threshold[i]`,
/// else take `alias[i]`. Exact up to the 2⁻³² quantization of the thresholds.
public struct NegativeSampler: Sendable {
    /// Per column: acceptance threshold (low 32 bits) and alias (high 32 bits).
    public let table: [UInt64]
    /// The sampling probabilities (for tests and diagnostics).
    public let probabilities: [Double]

    public init(counts: [Int], power: Double = 0.75) {
        let n = counts.count
        precondition(n > 0, "negative sampler needs at least one word")
        var weights = counts.map { pow(Double(max($0, 0)), power) }
        var total = weights.reduce(0, +)
        if total <= 0 { weights = [Double](repeating: 1, count: n); total = Double(n) }
        let p = weights.map { $0 / total }
        probabilities = p
        var scaled = p.map { $0 * Double(n) }
        var threshold = [Double](repeating: 1, count: n)
        var alias = [Int](0..<n)
        var small: [Int] = [], large: [Int] = []
        for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.last, let l = large.last {
            small.removeLast(); large.removeLast()
            threshold[s] = scaled[s]
            alias[s] = l
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        // Leftovers (rounding) keep themselves with probability 1.
        table = (0..<n).map { i in
            // A column that keeps itself always gets threshold 2³²−1 and alias = itself, so both branches agree.
            if threshold[i] >= 1 { return (UInt64(i) << 32) | UInt64(UInt32.max) }
            let t = min(UInt64((threshold[i] * 4_294_967_296).rounded(.down)), UInt64(UInt32.max))
            return (UInt64(alias[i]) << 32) | t
        }
    }

    public var count: Int { table.count }

    /// One draw, reading `table` through a hoisted pointer.
    @inlinable @inline(__always)
    public static func draw(_ table: UnsafePointer<UInt64>, count: Int, rng: inout SenseRandom) -> Int32 {
        let r = rng.next()
        let column = Int(((r >> 32) &* UInt64(count)) >> 32)
        let entry = table[column]
        return UInt32(truncatingIfNeeded: r) < UInt32(truncatingIfNeeded: entry) ? Int32(column) : Int32(truncatingIfNeeded: entry >> 32)
    }

    /// One draw (convenience; the trainer uses ``draw(_:count:rng:)``).
    public func sample(_ rng: inout SenseRandom) -> Int {
        table.withUnsafeBufferPointer { Int(Self.draw($0.baseAddress!, count: $0.count, rng: &rng)) }
    }
}
