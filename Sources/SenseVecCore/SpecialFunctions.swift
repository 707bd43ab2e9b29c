#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Special functions needed by the variational stick-breaking posterior.
public enum SpecialFunctions {
    /// The digamma function ψ(x) = d/dx log Γ(x) for x > 0.
    ///
    /// Shifts x above 6 with the recurrence ψ(x) = ψ(x + 1) − 1/x, then uses the asymptotic series
    /// ψ(x) ≈ log x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + 1/(240x⁸) − 1/(132x¹⁰)
    /// (Abramowitz & Stegun 6.3.18), accurate to ~1e-12 there.
    public static func digamma(_ x: Double) -> Double {
        precondition(x > 0, "digamma is only defined here for x > 0")
        var x = x
        var result = 0.0
        while x < 6 { result -= 1 / x; x += 1 }
        let f = 1 / (x * x)
        let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))))
        return result + log(x) - 0.5 / x - series
    }
}
