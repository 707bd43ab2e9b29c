#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Thin wrappers so files that only need one or two libm functions do not import the C library themselves.
@inline(__always) func powDouble(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func floorDouble(_ x: Double) -> Double { floor(x) }
@inline(__always) func log10Double(_ x: Double) -> Double { log10(x) }
@inline(__always) func cosine(_ x: Double) -> Double { cos(x) }
@inline(__always) func sine(_ x: Double) -> Double { sin(x) }
