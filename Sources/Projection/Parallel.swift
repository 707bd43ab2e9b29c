import Dispatch

/// A raw pointer that may cross into `DispatchQueue.concurrentPerform` workers.
///
/// Swift 6 refuses to capture raw pointers in `@Sendable` closures. Every use in this module hands each
/// worker a disjoint range of the pointed-to memory (or only reads it), so no two threads write the
/// same element; that is the invariant this wrapper stands for.
@usableFromInline
struct SharedPointer<T>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<T>
    @inlinable init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    @inlinable subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// Runs `body` over `0..<count` split into contiguous chunks, on up to `threads` threads.
///
/// With one thread (or tiny counts) the body runs inline, so single-threaded runs are deterministic and
/// pay no dispatch overhead. `chunksPerThread` > 1 balances uneven work (e.g. tree queries).
@inlinable
func parallelChunks(_ count: Int, threads: Int, chunksPerThread: Int = 1,
                    _ body: @Sendable (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let t = max(1, threads)
    if t == 1 || count < 2 { body(0..<count); return }
    let chunks = min(count, t * max(1, chunksPerThread))
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let lo = count * c / chunks, hi = count * (c + 1) / chunks
        if lo < hi { body(lo..<hi) }
    }
}
