/// A small, fast, seedable random number generator: xoshiro256** (Blackman & Vigna, 2018),
/// seeded through SplitMix64 so that any 64-bit seed (including 0) gives a well-mixed state.
///
/// `SystemRandomNumberGenerator` makes a system call per value (≈350× slower here), so every
/// hot loop in SenseVec draws from this struct, passed `inout`. One seed gives one stream of bits
/// on every platform.
public struct SenseRandom: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        @inline(__always) func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm); s1 = splitMix(&sm); s2 = splitMix(&sm); s3 = splitMix(&sm)
    }

    /// A generator for stream `stream` derived from `seed` (used to give each worker thread its own stream).
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03) &+ stream)
    }

    /// The generator's full state (four words), for checkpoints: `SenseRandom(state: g.state)` continues exactly
    /// where `g` is.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator at a saved ``state`` (four words, not all zero).
    public init(state: [UInt64]) {
        precondition(state.count == 4, "a SenseRandom state has four words")
        s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3]
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1) with 24 bits of precision.
    @inlinable @inline(__always)
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    @inlinable @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform integer in 0..<bound (Lemire's multiply-shift; bias < 2^-32 for bounds below 2^32).
    @inlinable @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int {
        let r = next() >> 32
        return Int((r &* UInt64(bound)) >> 32)
    }

    /// A standard normal deviate (Box–Muller).
    @inlinable
    public mutating func nextGaussian() -> Double {
        var u = nextDouble()
        while u <= .leastNormalMagnitude { u = nextDouble() }
        let v = nextDouble()
        return (-2 * _log(u)).squareRoot() * _cos(2 * .pi * v)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@usableFromInline func _log(_ x: Double) -> Double { log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { cos(x) }
