import Foundation
import SenseVecCore

/// The exact `K` nearest neighbours of every point, computed once with Core's batched ``CosineIndex`` and then
/// answering any neighbour query of a point (itself excluded) with `k ≤ K` by a lookup.
///
/// Exactness: the table holds, for each row, `neighbors(ofRows: [row], k: K)` — the same kernel, summation order
/// and tie rule (higher similarity first, then the lower row) as a direct query. The best `k` of that order
/// are its first `k` entries, so a lookup returns exactly what a scan with `k ≤ K` returns.
///
/// Memory: `count × K × 8` bytes (an Int32 row and a Float32 similarity per entry): 80 MB for 100k × 100.
/// Cache file: `MODEL.neighbors-<key>.bin` beside the model, `<key>` = hash of the model's checksum, K and the
/// format version. Layout: a text header line `# sensevec-neighbors v1 checksum=… k=K count=N\n`, then
/// N·K little-endian Int32 rows (−1 = no entry), N·K Float32 similarities, and an 8-byte FNV-1a hash of the
/// two arrays. A file whose header, size, hash or row range disagrees is ignored (and recomputed).
public final class NeighborTable: Sendable {
    public let k: Int
    public let count: Int
    let rows: [Int32]
    let similarities: [Float]

    init(k: Int, count: Int, rows: [Int32], similarities: [Float]) {
        precondition(rows.count == k * count && similarities.count == k * count)
        self.k = k; self.count = count; self.rows = rows; self.similarities = similarities
    }

    /// The `k` nearest points of `row` (itself excluded), or nil when `k` is over the table's K.
    public func neighbors(ofRow row: Int, k: Int, words: [String]) -> [Neighbor]? {
        guard k <= self.k, row >= 0, row < count else { return nil }
        var out: [Neighbor] = []
        out.reserveCapacity(k)
        let base = row * self.k
        for j in 0..<k {
            let r = Int(rows[base + j])
            if r < 0 { break }
            out.append(Neighbor(word: words[r], index: r, similarity: similarities[base + j]))
        }
        return out
    }

    /// Computes the table over all rows of `index`, `chunk` rows per batched pass, reporting progress and
    /// stopping (returning nil) when `isCancelled` says so between chunks.
    public static func compute(index: CosineIndex, k: Int, chunk: Int = 512,
                               progress: (Double) -> Void = { _ in },
                               isCancelled: () -> Bool = { false }) -> NeighborTable? {
        let n = index.count
        var rows = [Int32](repeating: -1, count: n * k)
        var sims = [Float](repeating: 0, count: n * k)
        var start = 0
        while start < n {
            if isCancelled() { return nil }
            let end = min(n, start + chunk)
            let lists = index.neighbors(ofRows: Array(start..<end), k: k)
            for (o, list) in lists.enumerated() {
                let base = (start + o) * k
                for (j, nb) in list.enumerated() {
                    rows[base + j] = Int32(nb.index)
                    sims[base + j] = nb.similarity
                }
            }
            start = end
            progress(Double(start) / Double(max(1, n)))
        }
        return NeighborTable(k: k, count: n, rows: rows, similarities: sims)
    }

    // MARK: cache file

    static let formatVersion = 1

    public static func cachePath(modelPath: String, checksum: String, k: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in "\(checksum)|k=\(k)|v\(formatVersion)".utf8 { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return modelPath + ".neighbors-" + String(hash, radix: 16).leftPadded(to: 16) + ".bin"
    }

    static func header(checksum: String, k: Int, count: Int) -> String {
        "# sensevec-neighbors v\(formatVersion) checksum=\(checksum) k=\(k) count=\(count)\n"
    }

    /// FNV-1a over the bytes of the buffers in turn, 8 bytes at a time (also the map cache's hash).
    static func payloadHash(_ buffers: UnsafeRawBufferPointer...) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for buffer in buffers {
            var i = 0
            while i + 8 <= buffer.count {
                h = (h ^ buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01b3
                i += 8
            }
            while i < buffer.count { h = (h ^ UInt64(buffer[i])) &* 0x0000_0100_0000_01b3; i += 1 }
        }
        return h
    }

    /// Writes the table atomically (``AtomicFile``).
    public func write(to path: String, checksum: String) throws {
        try AtomicFile.write(to: path) { w in
            try w.write(Self.header(checksum: checksum, k: k, count: count))
            try rows.withUnsafeBufferPointer { try w.writeRaw($0) }
            try similarities.withUnsafeBufferPointer { try w.writeRaw($0) }
            var hash = rows.withUnsafeBytes { r in similarities.withUnsafeBytes { s in Self.payloadHash(r, s) } }
            try withUnsafeBytes(of: &hash) { try w.write($0) }
        }
    }

    /// Reads a table written by ``write(to:checksum:)`` for this model (`checksum`, `count` points) and `k`;
    /// nil when the file is missing, foreign, stale or damaged.
    public static func read(from path: String, checksum: String, k: Int, count: Int) -> NeighborTable? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let head = Array(header(checksum: checksum, k: k, count: count).utf8)
        let entries = k * count
        guard data.count == head.count + entries * 8 + 8, data.prefix(head.count).elementsEqual(head) else { return nil }
        var rows = [Int32](repeating: 0, count: entries)
        var sims = [Float](repeating: 0, count: entries)
        var stored: UInt64 = 0
        data.withUnsafeBytes { raw in
            let base = head.count
            rows.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[base ..< base + entries * 4])) }
            sims.withUnsafeMutableBytes {
                $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[base + entries * 4 ..< base + entries * 8]))
            }
            stored = raw.loadUnaligned(fromByteOffset: base + entries * 8, as: UInt64.self)
        }
        let hash = rows.withUnsafeBytes { r in sims.withUnsafeBytes { s in payloadHash(r, s) } }
        guard hash == stored, rows.allSatisfy({ $0 >= -1 && Int($0) < count }),
              sims.allSatisfy({ $0.isFinite }) else { return nil }
        return NeighborTable(k: k, count: count, rows: rows, similarities: sims)
    }
}
