#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The unit of an information measure: the base of the logarithm.
public enum LogarithmBase: Sendable, Equatable {
    /// Natural logarithm (nats).
    case nats
    /// Base 2 (bits, "shannons").
    case bits
    /// Any base b > 0, b ≠ 1.
    case custom(Double)

    /// ln(b): a measure in nats divided by this is the measure in base b.
    public var naturalLogarithm: Double {
        switch self {
        case .nats: return 1
        case .bits: return M_LN2
        case .custom(let b): return log(b)
        }
    }
}

/// Why a pair of discrete distributions was refused.
public enum DistributionError: Error, CustomStringConvertible, Equatable, Sendable {
    case empty(name: String)
    case lengthMismatch(p: Int, q: Int)
    case notFinite(name: String, index: Int)
    case negative(name: String, index: Int, value: Double)
    case sumNotOne(name: String, sum: Double)
    case badBase(Double)

    public var description: String {
        switch self {
        case .empty(let name): return "distribution \(name) is empty"
        case let .lengthMismatch(p, q): return "distributions have different lengths (p has \(p) entries, q has \(q))"
        case let .notFinite(name, index): return "distribution \(name) has a non-finite entry at index \(index)"
        case let .negative(name, index, value): return "distribution \(name) has a negative entry \(value) at index \(index)"
        case let .sumNotOne(name, sum): return "distribution \(name) sums to \(sum), not 1 (normalize it first)"
        case .badBase(let b): return "logarithm base \(b) is invalid (it must be positive and not 1)"
        }
    }
}
