#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open-addressing hash table from raw word bytes to a count (or any integer payload), the counting engine of
/// ``Vocabulary/count(_:minCount:maxSize:progress:)`` and the lookup table of ``EncodedCorpus``.
///
/// Words are never turned into `String`s while counting: the tokenizer computes the hash of each token
/// (``hash(_:)``) during its boundary scan and the table compares raw bytes. Slots hold `(hash >> 32) << 32 | entry + 1`, so a
/// probe rejects most mismatches from the slot word alone; entries (offset into a byte arena, length, count, hash)
/// are stored in insertion order, which gives "ties by first appearance". Linear probing, load factor ≤ 1/2.
///
/// ``reduce(minReduce:)`` is word2vec's `ReduceVocab`: drop every word with count ≤ `minReduce` and rebuild.
/// It is a struct so that the hot path pays no dynamic exclusivity checks (class properties do); the buffers are
/// owned by a private class that frees them. Copies share the buffers: use one value at a time (internal type).
struct WordTable {
    /// Frees the buffers when the last copy of the table goes away.
    final class Storage {
        var pointers: [UnsafeMutableRawPointer] = []
        deinit { for p in pointers { p.deallocate() } }
        func replace(_ old: UnsafeMutableRawPointer, with new: UnsafeMutableRawPointer) {
            if let i = pointers.firstIndex(of: old) { pointers[i] = new } else { pointers.append(new) }
            old.deallocate()
        }
    }
    let storage = Storage()
    var slots: UnsafeMutablePointer<UInt64>
    var mask: Int
    var entryCount = 0
    var entryCapacity: Int
    var offsets: UnsafeMutablePointer<Int>
    var lengths: UnsafeMutablePointer<Int32>
    var values: UnsafeMutablePointer<Int>
    var hashes: UnsafeMutablePointer<UInt64>
    var arena: UnsafeMutablePointer<UInt8>
    var arenaCount = 0
    var arenaCapacity: Int

    /// The hash of a word: its bytes read as little-endian 64-bit words (the last one zero-padded), each folded
    /// in by `h = (h ^ w) · φ` (φ = 2⁶⁴/golden ratio), then the length, then SplitMix64's finalizer so that the
    /// low bits (the slot) and the high bits (the tag) both depend on every byte. The tokenizer computes the same
    /// value 8 bytes at a time while it looks for the end of each token.
    static let seed: UInt64 = 0x243F_6A88_85A3_08D3

    @inline(__always) static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 { (h ^ w) &* 0x9E37_79B9_7F4A_7C15 }

    @inline(__always) static func finish(_ h: UInt64, length: Int) -> UInt64 {
        var z = h ^ UInt64(truncatingIfNeeded: length)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The running state over all of `bytes` (before ``finish(_:length:)``).
    @inline(__always) static func hashState(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = seed
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            h = mix(h, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            for k in 0..<(n - i) { w |= UInt64(bytes[i + k]) << UInt64(8 * k) }
            h = mix(h, w)
        }
        return h
    }

    /// The hash of `bytes`; the tokenizer's scan produces the same value.
    @inline(__always) static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        finish(hashState(bytes), length: bytes.count)
    }

    /// Creates an empty table sized for about `expectedWords` distinct words.
    init(expectedWords: Int = 1 << 16) {
        var cap = 1024
        while cap < expectedWords * 2 { cap <<= 1 }
        slots = .allocate(capacity: cap)
        slots.initialize(repeating: 0, count: cap)
        mask = cap - 1
        entryCapacity = max(512, expectedWords)
        offsets = .allocate(capacity: entryCapacity)
        lengths = .allocate(capacity: entryCapacity)
        values = .allocate(capacity: entryCapacity)
        hashes = .allocate(capacity: entryCapacity)
        arenaCapacity = entryCapacity * 8
        arena = .allocate(capacity: arenaCapacity)
        storage.pointers = [UnsafeMutableRawPointer(slots), UnsafeMutableRawPointer(offsets),
                            UnsafeMutableRawPointer(lengths), UnsafeMutableRawPointer(values),
                            UnsafeMutableRawPointer(hashes), UnsafeMutableRawPointer(arena)]
    }

    /// The number of distinct words.
    var count: Int { entryCount }

    /// The bytes of entry `i` (valid until the table changes).
    func bytes(at i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: arena + offsets[i], count: Int(lengths[i]))
    }

    /// The count (payload) of entry `i`.
    func value(at i: Int) -> Int { values[i] }

    /// The word of entry `i` as a String (invalid UTF-8 is repaired with U+FFFD).
    func word(at i: Int) -> String { String(decoding: bytes(at: i), as: UTF8.self) }

    /// The entry of the word with these bytes and hash, or -1.
    @inline(__always)
    func find(_ word: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        let tag = (hash >> 32) << 32
        var s = Int(truncatingIfNeeded: hash) & mask
        let n = word.count
        while true {
            let slot = slots[s]
            if slot == 0 { return -1 }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let e = Int(slot & 0xFFFF_FFFF) - 1
                if Int(lengths[e]) == n && Self.equal(arena + offsets[e], word, n) { return e }
            }
            s = (s + 1) & mask
        }
    }

    /// Adds `amount` to the word's count, inserting it (with count `amount`) when new. Returns its entry.
    @inline(__always) @discardableResult
    mutating func add(_ word: UnsafeRawBufferPointer, hash: UInt64, amount: Int = 1) -> Int {
        let tag = (hash >> 32) << 32
        var s = Int(truncatingIfNeeded: hash) & mask
        let n = word.count
        while true {
            let slot = slots[s]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let e = Int(slot & 0xFFFF_FFFF) - 1
                if Int(lengths[e]) == n && Self.equal(arena + offsets[e], word, n) {
                    values[e] &+= amount
                    return e
                }
            }
            s = (s + 1) & mask
        }
        return insert(word, hash: hash, value: amount, slot: s)
    }

    @usableFromInline
    mutating func insert(_ word: UnsafeRawBufferPointer, hash: UInt64, value: Int, slot: Int) -> Int {
        if entryCount == entryCapacity { growEntries() }
        if arenaCount + word.count > arenaCapacity { growArena(word.count) }
        let e = entryCount
        if word.count > 0 { memcpy(arena + arenaCount, word.baseAddress!, word.count) }
        offsets[e] = arenaCount
        lengths[e] = Int32(word.count)
        values[e] = value
        hashes[e] = hash
        arenaCount += word.count
        entryCount += 1
        slots[slot] = ((hash >> 32) << 32) | UInt64(e + 1)
        if entryCount * 2 > mask + 1 { rehash(capacity: (mask + 1) * 2) }
        return e
    }

    /// Byte equality of short words without a library call (words are a few bytes long).
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafeRawBufferPointer, _ n: Int) -> Bool {
        guard n > 0 else { return true }
        let q = b.baseAddress!
        var i = 0
        while i + 8 <= n {
            if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != q.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if a[i] != q.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    mutating func growEntries() {
        let cap = entryCapacity * 2
        let storage = self.storage
        func grow<T>(_ p: inout UnsafeMutablePointer<T>) {
            let q = UnsafeMutablePointer<T>.allocate(capacity: cap)
            q.moveInitialize(from: p, count: entryCount)
            storage.replace(UnsafeMutableRawPointer(p), with: UnsafeMutableRawPointer(q))
            p = q
        }
        grow(&offsets); grow(&lengths); grow(&values); grow(&hashes)
        entryCapacity = cap
    }

    mutating func growArena(_ need: Int) {
        var cap = arenaCapacity * 2
        while cap < arenaCount + need { cap *= 2 }
        let q = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        q.moveInitialize(from: arena, count: arenaCount)
        storage.replace(UnsafeMutableRawPointer(arena), with: UnsafeMutableRawPointer(q))
        arena = q
        arenaCapacity = cap
    }

    mutating func rehash(capacity: Int) {
        let newSlots = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        storage.replace(UnsafeMutableRawPointer(slots), with: UnsafeMutableRawPointer(newSlots))
        slots = newSlots
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        for e in 0..<entryCount {
            var s = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = ((hashes[e] >> 32) << 32) | UInt64(e + 1)
        }
    }

    /// word2vec's `ReduceVocab`: removes every word whose count is ≤ `minReduce`, keeping the others in order,
    /// and compacts the byte arena. Returns the number of words removed.
    @discardableResult
    mutating func reduce(minReduce: Int) -> Int {
        var kept = 0
        var arenaPos = 0
        for e in 0..<entryCount where values[e] > minReduce {
            let len = Int(lengths[e])
            if arenaPos != offsets[e] { memmove(arena + arenaPos, arena + offsets[e], len) }
            offsets[kept] = arenaPos
            lengths[kept] = lengths[e]
            values[kept] = values[e]
            hashes[kept] = hashes[e]
            arenaPos += len
            kept += 1
        }
        let removed = entryCount - kept
        entryCount = kept
        arenaCount = arenaPos
        rehash(capacity: mask + 1)
        return removed
    }
}
