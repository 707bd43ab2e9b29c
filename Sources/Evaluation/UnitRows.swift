import SenseVecCore

/// Rows of a ``WordVectors`` prefix scaled to unit length, stored with a padded stride (a multiple of 8,
/// zero-filled) for the SIMD kernels. Immutable after creation, so it is safe to share between threads.
///
/// A zero vector stays zero (its cosine with anything is 0), where gensim would produce NaN.
public final class UnitRows: @unchecked Sendable {
    /// Number of rows.
    public let count: Int
    /// The vector dimension.
    public let dimension: Int
    /// Distance between row starts, `dimension` rounded up to a multiple of 8.
    public let stride: Int
    /// `paddedCount × stride` floats; rows past `count` are zero (so 2-row kernels never read out of bounds).
    let storage: UnsafeMutablePointer<Float>
    let paddedCount: Int

    /// The first `rows` rows of `vectors`, unit-normalized (``VectorKernels/normalize(_:count:into:)``).
    public init(_ vectors: WordVectors, rows: Int) {
        let n = max(0, min(rows, vectors.count))
        let d = vectors.dimension
        count = n
        dimension = d
        stride = (d + 7) / 8 * 8
        paddedCount = (n + 1) / 2 * 2 + 2
        storage = .allocate(capacity: paddedCount * stride)
        storage.initialize(repeating: 0, count: paddedCount * stride)
        vectors.withUnsafeValues { v in
            for i in 0..<n { _ = VectorKernels.normalize(v.baseAddress! + i * d, count: d, into: storage + i * stride) }
        }
    }

    deinit { storage.deallocate() }

    /// Pointer to row `i` (`0 ..< paddedCount`).
    @inline(__always)
    func row(_ i: Int) -> UnsafePointer<Float> { UnsafePointer(storage + i * stride) }

    /// Cosine of rows `i` and `j`.
    public func cosine(_ i: Int, _ j: Int) -> Float {
        DotKernels.dot(row(i), row(j), stride: stride)
    }
}
