import Foundation
import SenseVecCore

/// The cache file of an ``InvertedFileIndex`` beside the model: `MODEL.ivf-<key>.bin`, `<key>` = hash of the
/// model's checksum, the build settings and the format version.
///
/// Layout: a text header line `# sensevec-ivf v1 checksum=… count=N dim=D lists=L nprobe=P recall=R k=K queries=Q\n`,
/// then L·D little-endian Float32 centroids, N Int32 lists (one per row), and an 8-byte FNV-1a hash of the two
/// arrays (``NeighborTable``'s payload hash). The packed rows are rebuilt from the model on reading. A file whose
/// header, size, hash or values disagree with the model (checksum, count, dimension) is ignored (and rebuilt).
enum InvertedFileCache {
    static let formatVersion = 1

    /// Settings that change the index, part of the file's key.
    struct Settings: Sendable, Equatable {
        var seed: UInt64 = 1
        var targetRecall = 0.99
        var recallQueries = 400
        var recallK = 10
        var lists: Int?
    }

    static func cachePath(modelPath: String, checksum: String, settings: Settings) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let key = "\(checksum)|seed=\(settings.seed)|recall=\(settings.targetRecall)|q=\(settings.recallQueries)|k=\(settings.recallK)|lists=\(settings.lists ?? 0)|v\(formatVersion)"
        for b in key.utf8 { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return modelPath + ".ivf-" + String(hash, radix: 16).leftPadded(to: 16) + ".bin"
    }

    static func headerPrefix(checksum: String, count: Int, dimension: Int) -> String {
        "# sensevec-ivf v\(formatVersion) checksum=\(checksum) count=\(count) dim=\(dimension) "
    }

    /// Writes the quantizer, the lists and the measured recall atomically (``AtomicFile``).
    static func write(_ ivf: InvertedFileIndex, to path: String, checksum: String) throws {
        try AtomicFile.write(to: path) { w in
            try w.write(headerPrefix(checksum: checksum, count: ivf.count, dimension: ivf.dimension)
                        + "lists=\(ivf.lists) nprobe=\(ivf.nprobe) recall=\(ivf.recall) k=\(ivf.recallK) queries=\(ivf.recallQueries)\n")
            try ivf.centroids.withUnsafeBufferPointer { try w.writeRaw($0) }
            try ivf.assignment.withUnsafeBufferPointer { try w.writeRaw($0) }
            var hash = ivf.centroids.withUnsafeBytes { c in ivf.assignment.withUnsafeBytes { a in NeighborTable.payloadHash(c, a) } }
            try withUnsafeBytes(of: &hash) { try w.write($0) }
        }
    }

    /// Reads an index written by ``write(_:to:checksum:)`` for this model (`checksum`, the rows of `index`); nil
    /// when the file is missing, foreign, stale or damaged.
    static func read(from path: String, checksum: String, index: CosineIndex) -> InvertedFileIndex? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let n = index.count, d = index.dimension
        let prefix = Array(headerPrefix(checksum: checksum, count: n, dimension: d).utf8)
        guard data.count > prefix.count, data.prefix(prefix.count).elementsEqual(prefix),
              let newline = data[prefix.count...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        // "lists=L nprobe=P recall=R k=K queries=Q"
        guard let rest = String(data: data[prefix.count..<newline], encoding: .utf8) else { return nil }
        var fields: [String: String] = [:]
        for part in rest.split(separator: " ") {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { return nil }
            fields[String(kv[0])] = String(kv[1])
        }
        guard fields.count == 5, let lists = fields["lists"].flatMap({ Int($0) }), lists >= 1, lists <= max(1, n),
              let nprobe = fields["nprobe"].flatMap({ Int($0) }), nprobe >= 1, nprobe <= lists,
              let recall = fields["recall"].flatMap({ Double($0) }), recall >= 0, recall <= 1,
              let k = fields["k"].flatMap({ Int($0) }), k >= 1,
              let queries = fields["queries"].flatMap({ Int($0) }), queries >= 0 else { return nil }
        let base = newline + 1 - data.startIndex
        let centroidBytes = lists * d * 4, assignmentBytes = n * 4
        guard data.count == base + centroidBytes + assignmentBytes + 8 else { return nil }
        var centroids = [Float](repeating: 0, count: lists * d)
        var assignment = [Int32](repeating: 0, count: n)
        var stored: UInt64 = 0
        data.withUnsafeBytes { raw in
            centroids.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[base ..< base + centroidBytes])) }
            assignment.withUnsafeMutableBytes {
                $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[base + centroidBytes ..< base + centroidBytes + assignmentBytes]))
            }
            stored = raw.loadUnaligned(fromByteOffset: base + centroidBytes + assignmentBytes, as: UInt64.self)
        }
        let hash = centroids.withUnsafeBytes { c in assignment.withUnsafeBytes { a in NeighborTable.payloadHash(c, a) } }
        guard hash == stored, assignment.allSatisfy({ $0 >= 0 && Int($0) < lists }),
              centroids.allSatisfy({ $0.isFinite }) else { return nil }
        return InvertedFileIndex(base: index, centroids: centroids, assignment: assignment, nprobe: nprobe,
                                 recall: recall, recallK: k, recallQueries: queries)
    }
}
