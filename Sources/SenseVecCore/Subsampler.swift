/// Frequent-word subsampling with word2vec's `-sample` formula (Mikolov et al. 2013b as implemented in
/// word2vec.c): a token of word w with count f(w), in a corpus of T tokens, is kept with probability
///
///     p_keep(w) = min(1, (√(f / (s·T)) + 1) · (s·T) / f)
///
/// where s is the threshold (1e-3 by default; 0 keeps everything). Thresholds are stored as 32-bit integers
/// so a draw is one comparison against the low bits of a random number.
public struct Subsampler: Sendable {
    /// Keep probabilities per word.
    public let keepProbabilities: [Double]
    /// `keepProbabilities` scaled to 2³²; a token is kept when a uniform 32-bit number is below it
    /// (values ≥ 2³² are stored as `UInt64(1) << 32`: always kept).
    public let thresholds: [UInt64]

    /// Keep probabilities for a corpus of Σ `counts` tokens.
    public init(counts: [Int], sample: Double) {
        self.init(counts: counts, sample: sample, totalTokens: counts.reduce(0, +))
    }

    /// Keep probabilities for a corpus of `totalTokens` tokens (T), when the counts come from a larger text than
    /// the one trained on.
    public init(counts: [Int], sample: Double, totalTokens: Int) {
        let total = Double(totalTokens)
        keepProbabilities = counts.map { c in
            guard sample > 0, c > 0 else { return 1 }
            let st = sample * total
            let f = Double(c)
            return min(1, ((f / st).squareRoot() + 1) * st / f)
        }
        thresholds = keepProbabilities.map { p in p >= 1 ? UInt64(1) << 32 : UInt64(p * 4_294_967_296) }
    }

    /// Whether to keep one token of word `w`.
    @inlinable @inline(__always)
    public static func keep(_ thresholds: UnsafePointer<UInt64>, word: Int, rng: inout SenseRandom) -> Bool {
        UInt64(UInt32(truncatingIfNeeded: rng.next() >> 16)) < thresholds[word]
    }
}
