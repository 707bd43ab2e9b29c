/// Squared Euclidean distance ‖a − b‖² between two Float32 vectors of length `n`.
///
/// SIMD8 with two accumulators (breaks the serial add chain; see PERFORMANCE.md), unaligned loads, scalar tail.
@inlinable @inline(__always)
func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var k = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while k + 16 <= n {
        let d0 = ra.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
            - rb.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
        let d1 = ra.loadUnaligned(fromByteOffset: (k + 8) * 4, as: SIMD8<Float>.self)
            - rb.loadUnaligned(fromByteOffset: (k + 8) * 4, as: SIMD8<Float>.self)
        acc0.addProduct(d0, d0)
        acc1.addProduct(d1, d1)
        k += 16
    }
    if k + 8 <= n {
        let d0 = ra.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
            - rb.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
        acc0.addProduct(d0, d0)
        k += 8
    }
    var s = (acc0 + acc1).sum()
    while k < n { let d = a[k] - b[k]; s += d * d; k += 1 }
    return s
}
