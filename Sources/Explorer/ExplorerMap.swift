import Foundation
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
    var key: String { "v1 size=\(size) method=\(method.rawValue) perplexity=\(perplexity) seed=\(seed)" }
}

/// One projected point of `GET /api/map`.
public struct MapPoint: Codable, Sendable, Equatable {
    public var word: String
    /// Sense index for sense models, absent for plain word vectors.
    public var sense: Int?
    public var x: Double
    public var y: Double
    public init(word: String, sense: Int?, x: Double, y: Double) { self.word = word; self.sense = sense; self.x = x; self.y = y }
}

/// The body of `GET /api/map`.
public struct ExplorerMap: Codable, Sendable {
    /// The method that actually produced the points ("tsne" or "pca").
    public var method: String
    /// A note when the requested method was not available.
    public var note: String?
    public var points: [MapPoint]
    public init(method: String, note: String?, points: [MapPoint]) { self.method = method; self.note = note; self.points = points }

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

    /// The header line that identifies a cache file's content.
    static func cacheHeader(checksum: String, settings: MapSettings) -> String {
        "# sensevec-map checksum=\(checksum) \(settings.key)"
    }

    /// Writes the map atomically: a header line, a `# method=… note=…` line, then `word<TAB>sense<TAB>x<TAB>y` rows
    /// (sense `-` for plain vectors).
    public func writeCache(to path: String, checksum: String, settings: MapSettings) throws {
        try AtomicFile.write(to: path) { w in
            try w.write(Self.cacheHeader(checksum: checksum, settings: settings) + "\n")
            try w.write("# method=\(method)" + (note.map { " note=\($0.replacingOccurrences(of: "\n", with: " "))" } ?? "") + "\n")
            for p in points {
                try w.write("\(p.word)\t\(p.sense.map(String.init) ?? "-")\t\(p.x)\t\(p.y)\n")
            }
        }
    }

    /// Reads a cache file written by ``writeCache(to:checksum:settings:)``; nil when it is missing, for other
    /// settings or another model, or damaged.
    public static func readCache(from path: String, checksum: String, settings: MapSettings) -> ExplorerMap? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count >= 2, lines[0] == cacheHeader(checksum: checksum, settings: settings),
              lines[1].hasPrefix("# method=") else { return nil }
        let meta = lines[1].dropFirst("# method=".count)
        let method: String, note: String?
        if let r = meta.range(of: " note=") {
            method = String(meta[..<r.lowerBound]); note = String(meta[r.upperBound...])
        } else {
            method = String(meta); note = nil
        }
        var points: [MapPoint] = []
        for line in lines.dropFirst(2) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 4, let x = Double(f[2]), let y = Double(f[3]) else { return nil }
            let sense: Int? = f[1] == "-" ? nil : Int(f[1])
            if f[1] != "-" && sense == nil { return nil }
            points.append(MapPoint(word: String(f[0]), sense: sense, x: x, y: y))
        }
        return ExplorerMap(method: method, note: note, points: points)
    }
}
