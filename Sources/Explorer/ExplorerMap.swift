import Foundation
import Plot
import SenseVecCore

/// How the map is projected.
public enum MapMethod: String, Sendable, Codable, CaseIterable {
    case tsne, pca
}

/// Settings of the map; together with the model's checksum they key the cache file.
public struct MapSettings: Sendable, Equatable {
    /// Number of most frequent words to project (all their senses for sense models).
    public var size: Int
    public var method: MapMethod
    public var perplexity: Double
    public var seed: UInt64
    public init(size: Int = 5000, method: MapMethod = .tsne, perplexity: Double = 30, seed: UInt64 = 1) {
        self.size = size; self.method = method; self.perplexity = perplexity; self.seed = seed
    }
    /// A string that changes whenever a setting that changes the result changes.
    var key: String { "v2 size=\(size) method=\(method.rawValue) perplexity=\(perplexity) seed=\(seed)" }
}

/// One projected point of `GET /api/map`.
public struct MapPoint: Codable, Sendable, Equatable {
    public var word: String
    /// Sense index for sense models, absent for plain word vectors.
    public var sense: Int?
    public var x: Double
    public var y: Double
    /// True for function words ("the", "of", …: ``LabelChoice/functionWords``), which the page labels last.
    public var stop: Bool?
    /// The point's metadata values, one per ``ExplorerMap/columns`` entry (absent without `--metadata`).
    public var meta: [String]?
    public init(word: String, sense: Int?, x: Double, y: Double, meta: [String]? = nil) {
        self.word = word; self.sense = sense; self.x = x; self.y = y
        self.stop = LabelChoice.isContentWord(word) ? nil : true
        self.meta = meta
    }
}

/// The body of `GET /api/map`.
public struct ExplorerMap: Codable, Sendable {
    /// The method that actually produced the points ("tsne" or "pca").
    public var method: String
    /// A note when the requested method was not available.
    public var note: String?
    public var points: [MapPoint]
    /// Names of the metadata columns (`serve --metadata`), whose values each point carries in `meta`.
    public var columns: [String]?
    public init(method: String, note: String?, points: [MapPoint], columns: [String]? = nil) {
        self.method = method; self.note = note; self.points = points; self.columns = columns
    }

    /// Attaches `metadata` to every point: the row of its label (`word#k`) or, failing that, of its word;
    /// points without a row get empty values.
    public func with(_ metadata: MapMetadata) -> ExplorerMap {
        var out = self
        out.columns = metadata.columns
        let empty = [String](repeating: "", count: metadata.columns.count)
        for i in out.points.indices {
            let p = out.points[i]
            let label = p.sense.map { "\(p.word)#\($0)" } ?? p.word
            out.points[i].meta = metadata.rows[label] ?? metadata.rows[p.word] ?? empty
        }
        return out
    }

    /// Reads coordinates computed elsewhere (`serve --map`): one `label<TAB>x<TAB>y` row per point, as written by
    /// `sensevec tsne --output` or `pca --output` (further columns are ignored; `#` lines, blank lines and a
    /// header row whose x and y are not numbers are skipped). A label `word#k` is sense k of `word`.
    public static func readCoordinates(path: String) throws -> ExplorerMap {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SenseVecError("cannot read the map coordinates '\(path)'")
        }
        var points: [MapPoint] = []
        for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.hasSuffix("\r") ? line.dropLast() : line
            if text.isEmpty || text.hasPrefix("#") { continue }
            let f = text.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 3, let x = Double(f[1]), let y = Double(f[2]), x.isFinite, y.isFinite else {
                if points.isEmpty && f.count >= 3 && Double(f[1]) == nil { continue } // a header row
                throw SenseVecError("'\(path)' line \(n + 1): expected label<TAB>x<TAB>y with numbers x and y")
            }
            let label = String(f[0])
            let word = LabelChoice.baseWord(label)
            let sense = word == label ? nil : Int(label[label.index(after: label.lastIndex(of: "#")!)...])
            points.append(MapPoint(word: word, sense: sense, x: x, y: y))
        }
        guard !points.isEmpty else { throw SenseVecError("'\(path)' has no coordinates") }
        return ExplorerMap(method: "file", note: nil, points: points)
    }

    /// Projects `input` with `settings`, reporting progress. See ``MapProjection``.
    public static func compute(_ input: MapInput, settings: MapSettings, progress: ProgressHandler?) throws -> ExplorerMap {
        let projected = try MapProjection.project(input, settings: settings, progress: progress)
        var points: [MapPoint] = []
        points.reserveCapacity(input.words.count)
        for i in input.words.indices {
            points.append(MapPoint(word: input.words[i], sense: input.senses?[i], x: projected.xy[2 * i], y: projected.xy[2 * i + 1]))
        }
        return ExplorerMap(method: projected.method.rawValue, note: projected.note, points: points)
    }

    // MARK: cache file

    /// `MODEL.map-<key>.tsv` next to the model, `<key>` a hash of the model checksum and the settings.
    public static func cachePath(modelPath: String, checksum: String, settings: MapSettings) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in (checksum + "|" + settings.key).utf8 { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return modelPath + ".map-" + String(hash, radix: 16).leftPadded(to: 16) + ".tsv"
    }

    /// The start of the header line that identifies a cache file's content (`points=N` follows).
    static func cacheHeader(checksum: String, settings: MapSettings) -> String {
        "# sensevec-map checksum=\(checksum) \(settings.key)"
    }

    static let cacheEndPrefix = "# end fnv1a="

    /// Writes the map atomically: a header line (model checksum, settings, point count), a `# method=… note=…`
    /// line, one `word<TAB>sense<TAB>x<TAB>y` row per point (sense `-` for plain vectors), and an end line with a
    /// hash of everything before it.
    public func writeCache(to path: String, checksum: String, settings: MapSettings) throws {
        var text = Self.cacheHeader(checksum: checksum, settings: settings) + " points=\(points.count)\n"
        text += "# method=\(method)" + (note.map { " note=\($0.replacingOccurrences(of: "\n", with: " "))" } ?? "") + "\n"
        for p in points {
            text += "\(p.word)\t\(p.sense.map(String.init) ?? "-")\t\(p.x)\t\(p.y)\n"
        }
        let bytes = Array(text.utf8)
        let hash = bytes.withUnsafeBytes { NeighborTable.payloadHash($0) }
        try AtomicFile.write(to: path) { w in
            try w.write(text)
            try w.write(Self.cacheEndPrefix + String(hash, radix: 16).leftPadded(to: 16) + "\n")
        }
    }

    /// Reads a cache file written by ``writeCache(to:checksum:settings:)``: nil when there is none. A file that is
    /// truncated, fails its hash, was written for another model or other settings, holds a non-finite
    /// coordinate, or whose points are not `expected`'s (the labels the model's map has, in order) throws an error
    /// that names the file and the problem.
    public static func readCache(from path: String, checksum: String, settings: MapSettings,
                                 expected: MapInput? = nil) throws -> ExplorerMap? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        func damaged(_ why: String) -> SenseVecError { SenseVecError("the map cache '\(path)' is not usable: \(why)") }
        let bytes = [UInt8](data)
        guard bytes.last == 0x0A else { throw damaged("it is truncated (no end line)") }
        let endStart = (bytes.dropLast().lastIndex(of: 0x0A) ?? -1) + 1
        let endLine = String(decoding: bytes[endStart ..< bytes.count - 1], as: UTF8.self)
        guard endLine.hasPrefix(cacheEndPrefix), let stored = UInt64(endLine.dropFirst(cacheEndPrefix.count), radix: 16) else {
            throw damaged("it is truncated (no end line)")
        }
        guard bytes[..<endStart].withUnsafeBytes({ NeighborTable.payloadHash($0) }) == stored else {
            throw damaged("its hash does not match its content")
        }
        let lines = String(decoding: bytes[..<endStart], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let headerPrefix = cacheHeader(checksum: checksum, settings: settings) + " points="
        guard let header = lines.first, header.hasPrefix(headerPrefix) else {
            throw damaged("it was written for another model or other map settings")
        }
        guard let count = Int(header.dropFirst(headerPrefix.count)), count >= 0 else { throw damaged("bad header '\(header.prefix(200))'") }
        guard lines.count >= 2, lines[lines.startIndex + 1].hasPrefix("# method=") else { throw damaged("no method line") }
        let meta = lines[lines.startIndex + 1].dropFirst("# method=".count)
        let method: String, note: String?
        if let r = meta.range(of: " note=") {
            method = String(meta[..<r.lowerBound]); note = String(meta[r.upperBound...])
        } else {
            method = String(meta); note = nil
        }
        let rows = lines.dropFirst(2)
        guard rows.count == count else { throw damaged("it has \(rows.count) points, its header says \(count)") }
        if let expected, expected.words.count != count {
            throw damaged("it has \(count) points; the model's map has \(expected.words.count)")
        }
        var points: [MapPoint] = []
        points.reserveCapacity(count)
        for (i, line) in rows.enumerated() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 4, let x = Double(f[2]), let y = Double(f[3]) else {
                throw damaged("line \(i + 3): expected word<TAB>sense<TAB>x<TAB>y")
            }
            guard x.isFinite && y.isFinite else { throw damaged("line \(i + 3): a non-finite coordinate") }
            let sense: Int? = f[1] == "-" ? nil : Int(f[1])
            if f[1] != "-" && sense == nil { throw damaged("line \(i + 3): bad sense '\(f[1].prefix(40))'") }
            let word = String(f[0])
            if let expected, word != expected.words[i] || sense != expected.senses?[i] {
                throw damaged("line \(i + 3): point \(i + 1) is '\(word.prefix(100))', the model's map has '\(expected.words[i].prefix(100))' there")
            }
            points.append(MapPoint(word: word, sense: sense, x: x, y: y))
        }
        return ExplorerMap(method: method, note: note, points: points)
    }
}

/// Metadata for the map's points in the TensorBoard Embedding Projector's TSV format: a header row naming the
/// columns, then one row per point. The first column is the point's label (`word`, or `word#k` for one sense)
/// and keys the row; the other columns are what the page can colour the points by.
public struct MapMetadata: Sendable, Equatable {
    /// Column names after the label column.
    public var columns: [String]
    /// Values by label.
    public var rows: [String: [String]]

    public init(columns: [String], rows: [String: [String]]) { self.columns = columns; self.rows = rows }

    /// Parses the TSV text; `name` is used in error messages.
    public init(tsv text: String, name: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let header = lines.first else { throw SenseVecError("'\(name)' is empty: expected a header row, then one row per word") }
        let names = header.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard names.count >= 2 else {
            throw SenseVecError("'\(name)' needs a header row with a label column and at least one metadata column (tab-separated)")
        }
        columns = Array(names.dropFirst())
        rows = [:]
        for (n, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            var f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count <= names.count else {
                throw SenseVecError("'\(name)' line \(n + 1) has \(f.count) fields, the header \(names.count)")
            }
            while f.count < names.count { f.append("") }
            if rows[f[0]] == nil { rows[f[0]] = Array(f.dropFirst()) }
        }
        guard !rows.isEmpty else { throw SenseVecError("'\(name)' has a header but no rows") }
    }

    /// Reads a metadata file.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw SenseVecError("cannot read the metadata '\(path)'") }
        try self.init(tsv: String(decoding: data, as: UTF8.self), name: path)
    }
}
