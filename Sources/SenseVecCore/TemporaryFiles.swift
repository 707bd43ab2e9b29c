#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The temporary files of atomic writes in progress (``AtomicFile``), kept where a signal handler can read them,
/// so that a program interrupted by Ctrl-C (SIGINT), SIGTERM or SIGHUP removes them before it dies instead of
/// leaving `NAME.tmp-PID-N` files behind. (A write's final file is never half-written either way: it appears
/// only by the rename at the end.)
///
/// Async-signal safety: paths live in preallocated C buffers (64 slots of 4,096 bytes) published through one
/// atomic bit mask; the handler only loads the mask, calls `unlink` and re-raises the signal with its default
/// action, all of which are async-signal-safe. A path that does not fit, or a 65th concurrent write, is simply
/// not registered (the file is still removed on errors; only a signal could leave it behind).
public enum TemporaryFiles {
    /// The registry ``AtomicFile`` uses and the signal handlers empty.
    static let shared = TemporaryFileRegistry()

    /// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the registered temporary files and then
    /// die of the same signal (so the exit status still says which signal it was). For command-line programs;
    /// a program with its own signal handling (a server's graceful shutdown) should not call it.
    public static func removeOnSignals() {
        shared.prepareForSignals()  // initialize everything now, not inside a handler
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in
                TemporaryFiles.shared.removeAll()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}

/// Fixed storage for up to ``slots`` registered paths (see ``TemporaryFiles``).
final class TemporaryFileRegistry: Sendable {
    static let slots = 64
    static let capacity = 4096
    nonisolated(unsafe) let buffer: UnsafeMutablePointer<CChar>
    /// Slots taken by a writer (a path may be being copied in).
    let reserved = Atomic<UInt64>(0)
    /// Slots whose path is complete: ``removeAll()`` removes exactly these.
    let active = Atomic<UInt64>(0)

    init() {
        buffer = .allocate(capacity: Self.slots * Self.capacity)
        buffer.initialize(repeating: 0, count: Self.slots * Self.capacity)
    }
    deinit { buffer.deallocate() }

    func prepareForSignals() { _ = active.load(ordering: .relaxed) }

    /// Registers `path`; returns its slot, or nil when it cannot be registered.
    func register(_ path: String) -> Int? {
        let bytes = Array(path.utf8)
        guard bytes.count < Self.capacity, !bytes.contains(0) else { return nil }
        var slot = -1
        var current = reserved.load(ordering: .relaxed)
        while true {
            guard current != .max else { return nil }
            let free = (~current).trailingZeroBitCount
            let (exchanged, original) = reserved.compareExchange(expected: current, desired: current | (1 << UInt64(free)),
                                                                 ordering: .acquiringAndReleasing)
            if exchanged { slot = free; break }
            current = original
        }
        let dst = buffer + slot * Self.capacity
        for (i, b) in bytes.enumerated() { dst[i] = CChar(bitPattern: b) }
        dst[bytes.count] = 0
        active.bitwiseOr(1 << UInt64(slot), ordering: .releasing)
        return slot
    }

    /// Forgets the path in `slot` (after the rename, or after the file was removed on an error).
    func unregister(_ slot: Int) {
        active.bitwiseAnd(~(1 << UInt64(slot)), ordering: .releasing)
        reserved.bitwiseAnd(~(1 << UInt64(slot)), ordering: .releasing)
    }

    /// The registered paths (for tests and diagnostics; not for a signal handler).
    func paths() -> [String] {
        let mask = active.load(ordering: .acquiring)
        return (0..<Self.slots).filter { mask & (1 << UInt64($0)) != 0 }.map { String(cString: buffer + $0 * Self.capacity) }
    }

    /// Removes every registered temporary file (async-signal-safe: one atomic load and `unlink` calls).
    func removeAll() {
        let mask = active.load(ordering: .acquiring)
        guard mask != 0 else { return }
        for slot in 0..<Self.slots where mask & (1 << UInt64(slot)) != 0 { unlink(buffer + slot * Self.capacity) }
    }
}
