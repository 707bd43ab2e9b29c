import Foundation
import Hummingbird
import Synchronization

/// A bounded cache of encoded JSON responses (query → body bytes), so repeated queries skip both the
/// matrix scan and the JSON encoding.
///
/// Two generations approximate LRU at O(1) cost: lookups hit `recent`, then `older` (promoting the entry);
/// when `recent` holds `capacity` entries it becomes `older` and the previous `older` is dropped. Memory is
/// bounded by 2 × capacity entries, so a long run with many distinct queries stays flat.
public final class ResponseCache: Sendable {
    private struct State: ~Copyable {
        var recent: [String: ByteBuffer] = [:]
        var older: [String: ByteBuffer] = [:]
    }
    private let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int) { self.capacity = capacity }

    public func get(_ key: String) -> ByteBuffer? {
        guard capacity > 0 else { return nil }
        return state.withLock { s in
            if let hit = s.recent[key] { return hit }
            if let hit = s.older[key] {
                Self.insert(key, hit, into: &s, capacity: capacity)
                return hit
            }
            return nil
        }
    }

    public func set(_ key: String, _ value: ByteBuffer) {
        guard capacity > 0 else { return }
        state.withLock { Self.insert(key, value, into: &$0, capacity: capacity) }
    }

    private static func insert(_ key: String, _ value: ByteBuffer, into s: inout State, capacity: Int) {
        if s.recent.count >= capacity {
            s.older = s.recent
            s.recent = [:]
            s.recent.reserveCapacity(capacity)
        }
        s.recent[key] = value
    }

    /// Number of entries held (both generations).
    public var count: Int { state.withLock { $0.recent.count + $0.older.count } }
}
