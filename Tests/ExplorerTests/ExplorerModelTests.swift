import Foundation
import Hummingbird
import SenseVecCore
import Testing
@testable import Explorer

@Suite struct SenseModelTests {
    @Test func posteriorMatchesDirectComputation() throws {
        let table = try Fixtures.senses()
        let model = try SenseExplorerModel(source: table)
        let tokens = ["the", "river", "bank", "water", "unknownword"]
        let r = try model.disambiguate(tokens: tokens, position: 2, window: 5, k: 3, deadline: .now + .seconds(10))
        // q(z) ∝ p(z) Π_c σ(u_z · v_c) over the known context words, computed here directly.
        let bank = table.index(of: "bank")!
        let contexts = ["the", "river", "water"].map { table.index(of: $0)! }
        let unnormalized = (0..<2).map { z -> Double in
            contexts.reduce(table.priors(ofWord: bank)[z]) { $0 * exp(table.contextLogLikelihood(word: bank, sense: z, context: $1)) }
        }
        let total = unnormalized.reduce(0, +)
        #expect(r.senses.count == 2)
        for z in 0..<2 { #expect(abs(r.senses[z].posterior - unnormalized[z] / total) < 1e-9) }
        #expect(r.best == 1)
        #expect(r.senses[1].label == "bank#1")
        #expect(r.senses[1].posterior > 0.9)
        // The unknown word is not in the context; "river" supports the river sense.
        #expect(r.context.map(\.word) == ["the", "river", "water"])
        let river = try #require(r.context.first { $0.word == "river" })
        #expect(river.weight > 0)
        // Influence in nats of the best sense over the runner-up, recomputed (the definition `disambiguate` prints).
        let riverRow = table.index(of: "river")!
        let expectedWeight = table.contextLogLikelihood(word: bank, sense: 1, context: riverRow)
            - table.contextLogLikelihood(word: bank, sense: 0, context: riverRow)
        #expect(abs(river.weight - expectedWeight) < 1e-9)
    }

    @Test func moneyContextPicksTheMoneySense() throws {
        let model = try SenseExplorerModel(source: try Fixtures.senses())
        let r = try model.disambiguate(tokens: ["bank", "loan", "money"], position: 0, window: 5, k: 2, deadline: .now + .seconds(10))
        #expect(r.best == 0)
        #expect(r.senses[0].posterior > 0.9)
        #expect(r.context.allSatisfy { $0.weight > 0 })
        #expect(abs(r.senses.map(\.posterior).reduce(0, +) - 1) < 1e-12)
    }

    @Test func sensesNeighborsAndMapPoints() throws {
        let model = try SenseExplorerModel(source: try Fixtures.senses())
        #expect(model.pointCount == 8)
        #expect(model.contains("bank#1") && model.contains("bank") && !model.contains("bank#2"))
        let s = try model.senses(of: "bank", k: 2, deadline: .now + .seconds(10))
        #expect(s.senses.map(\.label) == ["bank#0", "bank#1"])
        #expect(abs(s.senses[0].prior - 0.6) < 1e-12)
        #expect(Set(s.senses[0].neighbors.map(\.word)) == ["money", "loan"])
        #expect(Set(s.senses[1].neighbors.map(\.word)) == ["river", "water"])
        let n = try model.neighbors(of: "bank#1", k: 1, deadline: .now + .seconds(10))
        #expect(["river", "water"].contains(n.neighbors[0].word))
        #expect(try model.neighbors(of: "money", k: 7, deadline: .now + .seconds(10)).neighbors.count == 7)
        let input = model.mapInput(limit: 2)
        #expect(input.words == ["bank", "bank", "money"])
        #expect(input.senses == [0, 1, 0])
        #expect(input.values.count == 3 * 3)
        #expect(throws: ExplorerError.unknownWord("nope")) { try model.senses(of: "nope", k: 1, deadline: .now + .seconds(1)) }
    }

    @Test func explanationIsStableForLargeEvidence() {
        let e = SenseExplanation(senses: [0, 1], logPrior: [log(0.5), log(0.5)], contextWords: ["a"],
                                 contributions: [[-1000], [-1001]])
        #expect(abs(e.posterior[0] + e.posterior[1] - 1) < 1e-12)
        #expect(abs(log(e.posterior[0] / e.posterior[1]) - 1) < 1e-9)
        #expect(e.best == 0 && e.runnerUp == 1 && abs(e.influence[0] - 1) < 1e-12)
        let withZeroPrior = SenseExplanation(senses: [0, 1], logPrior: [-.infinity, 0], contextWords: ["a"],
                                             contributions: [[5], [0]])
        #expect(withZeroPrior.posterior == [0, 1] && withZeroPrior.best == 1)
    }

    /// The browser and `sensevec disambiguate` explain the same choice with the same numbers: the explorer's
    /// answer is the model's own ``SenseExplanation`` for the same context words.
    @Test func explorerAndCommandLineGiveTheSameExplanation() throws {
        let vectors = try Fixtures.senseVectors()
        let model = try SenseExplorerModel(source: SenseVectorsSource(vectors))
        let tokens = ["the", "river", "bank", "unknownword", "water", "money", "the"]
        let result = try model.disambiguate(tokens: tokens, position: 2, window: 5, k: 2, deadline: .now + .seconds(10))
        // What `disambiguate` computes for the same sentence (its left and right context words).
        let cli = try #require(vectors.explain(word: "bank", left: Array(tokens[..<2]), right: Array(tokens[3...])))
        #expect(cli.posterior.count == 2)
        #expect(result.best == cli.best)
        #expect(result.senses.map(\.posterior) == cli.posterior)
        #expect(result.context.map(\.word) == cli.contextWords)
        #expect(result.context.map(\.weight) == cli.influence)
        #expect(cli.influence.contains { $0 != 0 })
    }

    @Test func tableRejectsBadInput() {
        #expect(throws: ExplorerError.self) {
            try SenseTable(words: ["a"], dimension: 2, senses: [[]], outputs: [[0, 0]])
        }
        #expect(throws: ExplorerError.self) {
            try SenseTable(words: ["a"], dimension: 2, senses: [[([1], 1)]], outputs: [[0, 0]])
        }
    }
}

@Suite struct SenseVectorsSourceTests {
    @Test func posteriorMatchesTheSensesModule() throws {
        let vectors = try Fixtures.senseVectors()
        let model = try SenseExplorerModel(source: SenseVectorsSource(vectors))
        for (tokens, position) in [(["the", "river", "bank", "water"], 2), (["money", "bank", "loan", "nope"], 1),
                                   (["bank"], 0)] {
            let mine = try model.disambiguate(tokens: tokens, position: position, window: 5, k: 2, deadline: .now + .seconds(10))
            let theirs = try #require(vectors.posterior(of: tokens[position], left: Array(tokens[..<position]),
                                                         right: Array(tokens[(position + 1)...])))
            #expect(mine.senses.count == theirs.count)
            for (a, b) in zip(mine.senses.map(\.posterior), theirs) { #expect(abs(a - b) < 1e-6, "\(tokens)") }
            let explanation = try #require(vectors.explain(word: tokens[position], left: Array(tokens[..<position]),
                                                           right: Array(tokens[(position + 1)...])))
            #expect(mine.context.map(\.word) == explanation.contextWords)
        }
        let senses = try model.senses(of: "bank", k: 3, deadline: .now + .seconds(10))
        let reference = try #require(vectors.senses(of: "bank"))
        #expect(senses.senses.map(\.prior) == reference.map(\.prior))
    }
}

@Suite struct MapTests {
    @Test func pcaKeepsDistancesOfPlanarData() throws {
        // Points on a 2-D plane inside 5-D space: the projection on two components preserves all distances.
        var rng = SenseRandom(seed: 3)
        let n = 40
        let u: [Double] = [1, 2, 0, -1, 0.5], w: [Double] = [0.3, -0.2, 1, 0.4, -0.7]
        var values: [Float] = []
        var plane: [(Double, Double)] = []
        for _ in 0..<n {
            let a = rng.nextGaussian() * 3, b = rng.nextGaussian()
            plane.append((a, b))
            for j in 0..<5 { values.append(Float(a * u[j] + b * w[j] + 7)) }
        }
        let xy = MapProjection.principalComponents(values, rows: n, dimension: 5, seed: 1, progress: nil)
        func dist5(_ i: Int, _ j: Int) -> Double {
            (0..<5).reduce(0) { $0 + pow(Double(values[i * 5 + $1] - values[j * 5 + $1]), 2) }.squareRoot()
        }
        for (i, j) in [(0, 1), (2, 9), (5, 30), (11, 39)] {
            let d2 = ((xy[2 * i] - xy[2 * j]) * (xy[2 * i] - xy[2 * j]) + (xy[2 * i + 1] - xy[2 * j + 1]) * (xy[2 * i + 1] - xy[2 * j + 1])).squareRoot()
            #expect(abs(d2 - dist5(i, j)) < 1e-3 * max(1, dist5(i, j)))
        }
    }

    /// Rows are scaled to unit length without overflow: vectors with components near 10²⁰ (whose squares overflow
    /// Float) give the map of their directions, the same as the rows at ordinary scale.
    @Test func mapOfHugeRowsIsTheMapOfTheirDirections() throws {
        var rng = SenseRandom(seed: 4)
        let n = 12, d = 6
        let values = (0..<(n * d)).map { _ in rng.nextFloat() - 0.5 }
        let words = (0..<n).map { "w\($0)" }
        let settings = MapSettings(size: n, method: .pca)
        let plain = try MapProjection.project(MapInput(words: words, senses: nil, dimension: d, values: values),
                                              settings: settings, progress: nil)
        let huge = try MapProjection.project(MapInput(words: words, senses: nil, dimension: d, values: values.map { $0 * 1e20 }),
                                             settings: settings, progress: nil)
        #expect(huge.xy.count == plain.xy.count)
        for (a, b) in zip(plain.xy, huge.xy) { #expect(abs(a - b) < 1e-4, "\(a) vs \(b)") }
    }

    @Test func tsneRequestSaysWhatItUsed() throws {
        let model = WordVectorsExplorerModel(vectors: try Fixtures.vectors())
        let map = try ExplorerMap.compute(model.mapInput(limit: 100), settings: MapSettings(size: 100, method: .tsne), progress: nil)
        #expect(map.points.count == 8)
        #expect(map.method == "tsne")
        #expect(map.note?.contains("perplexity") == true, "8 points cannot have perplexity 30: the note says what was used")
        #expect(map.points.allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    @Test func cacheRoundTripAndKeying() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let modelPath = dir.appendingPathComponent("model.txt").path
        let settings = MapSettings(size: 3, method: .pca)
        let map = ExplorerMap(method: "pca", note: "a note", points: [
            MapPoint(word: "bank", sense: 0, x: 1.5, y: -2), MapPoint(word: "bank", sense: 1, x: 0.25, y: 3),
            MapPoint(word: "río", sense: nil, x: 1e-7, y: 12345.678),
        ])
        let path = ExplorerMap.cachePath(modelPath: modelPath, checksum: "abc", settings: settings)
        #expect(path.hasPrefix(modelPath + ".map-"))
        #expect(path != ExplorerMap.cachePath(modelPath: modelPath, checksum: "abd", settings: settings))
        #expect(path != ExplorerMap.cachePath(modelPath: modelPath, checksum: "abc", settings: MapSettings(size: 4, method: .pca)))
        #expect(path != ExplorerMap.cachePath(modelPath: modelPath, checksum: "abc", settings: MapSettings(size: 3, method: .tsne)))
        try map.writeCache(to: path, checksum: "abc", settings: settings)
        let back = try #require(try ExplorerMap.readCache(from: path, checksum: "abc", settings: settings))
        #expect(back.points == map.points)
        #expect(back.method == "pca" && back.note == "a note")
        #expect(try ExplorerMap.readCache(from: path + ".missing", checksum: "abc", settings: settings) == nil)
        #expect(throws: (any Error).self) { try ExplorerMap.readCache(from: path, checksum: "other", settings: settings) }
        // A damaged file is refused with the reason, not trusted.
        try "# junk\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ExplorerMap.readCache(from: path, checksum: "abc", settings: settings) }
    }

    /// A cache file is checked like a model file: its end line and hash (truncation, bit flips), its point count
    /// and labels against the model's map, and finite coordinates; each failure names the file and the problem.
    @Test func damagedCacheFilesAreRefusedWithTheReason() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.vec.map").path
        let settings = MapSettings(size: 200, method: .pca)
        let vectors = try Fixtures.random(count: 200, dimension: 4, seed: 3)
        let input = WordVectorsExplorerModel(vectors: vectors).mapInput(limit: 200)
        let map = ExplorerMap(method: "pca", note: nil,
                              points: input.words.enumerated().map { MapPoint(word: $1, sense: nil, x: Double($0), y: 1) })
        try map.writeCache(to: path, checksum: "c", settings: settings)
        #expect(try ExplorerMap.readCache(from: path, checksum: "c", settings: settings, expected: input)?.points.count == 200)
        let good = try String(contentsOfFile: path, encoding: .utf8)
        func refusal(_ text: String, expected: MapInput? = input) -> String {
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try ExplorerMap.readCache(from: path, checksum: "c", settings: settings, expected: expected)
                return "accepted"
            } catch { return "\(error)" }
        }
        let lines = good.split(separator: "\n", omittingEmptySubsequences: false)
        // Truncated after 48 points (on a line boundary, and mid-line).
        let truncated = lines.prefix(2 + 48).joined(separator: "\n") + "\n"
        #expect(refusal(truncated).contains("truncated"))
        #expect(refusal(String(good.prefix(good.utf8.count / 2))).contains("truncated"))
        // One digit changed: the hash.
        #expect(refusal(good.replacingOccurrences(of: "\t17.0\t", with: "\t18.0\t")).contains("hash"))
        // A NaN with a valid hash (as writeCache would write it): refused as non-finite.
        var nan = map
        nan.points[5].x = .nan
        try nan.writeCache(to: path, checksum: "c", settings: settings)
        #expect(refusal(try String(contentsOfFile: path, encoding: .utf8)).contains("non-finite"))
        // A valid file of other points than the model's map.
        var other = map
        other.points[7].word = "zzz"
        try other.writeCache(to: path, checksum: "c", settings: settings)
        #expect(refusal(try String(contentsOfFile: path, encoding: .utf8)).contains("point 8"))
        let fewer = ExplorerMap(method: "pca", note: nil, points: Array(map.points.prefix(48)))
        try fewer.writeCache(to: path, checksum: "c", settings: settings)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(refusal(text).contains("the model's map has 200"))
        #expect(refusal(text).contains(path))
    }

    /// A truncated or NaN-holding cache beside the model is not served: the store says why and computes the map
    /// again (all points, finite), and replaces the cache.
    @Test func storeRecomputesADamagedCache() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let modelPath = dir.appendingPathComponent("m.vec").path
        let model = WordVectorsExplorerModel(vectors: try Fixtures.random(count: 200, dimension: 4, seed: 5))
        let settings = MapSettings(size: 200, method: .pca)
        MapStore(.computing(0)).load(model: model, modelPath: modelPath, checksum: "c1", settings: settings, progress: nil)
        let cachePath = ExplorerMap.cachePath(modelPath: modelPath, checksum: "c1", settings: settings)
        let good = try String(contentsOfFile: cachePath, encoding: .utf8)
        let lines = good.split(separator: "\n", omittingEmptySubsequences: false)
        var nanLines = lines
        nanLines[5] = nanLines[5].split(separator: "\t").prefix(2).joined(separator: "\t") + "\tnan\tnan"
        for damaged in [lines.prefix(2 + 48).joined(separator: "\n") + "\n", nanLines.joined(separator: "\n")] {
            try damaged.write(toFile: cachePath, atomically: true, encoding: .utf8)
            let messages = Messages()
            let store = MapStore(.computing(0))
            store.load(model: model, modelPath: modelPath, checksum: "c1", settings: settings, progress: { messages.add($0.message) })
            guard case .ready(let map, _) = store.state else { Issue.record("map not ready: \(store.statusText)"); continue }
            #expect(map.points.count == 200)
            #expect(messages.all.contains { $0.contains(cachePath) && $0.contains("computing the map again") }, "\(messages.all)")
            #expect(try String(contentsOfFile: cachePath, encoding: .utf8) == good)
        }
        // A map with a NaN is refused with a plain message (not an encoder's debug description).
        let store = MapStore(.computing(0))
        #expect(throws: (any Error).self) {
            try store.setReady(ExplorerMap(method: "pca", note: nil, points: [MapPoint(word: "a", sense: nil, x: .nan, y: 0)]))
        }
        do {
            try store.setReady(ExplorerMap(method: "pca", note: nil, points: [MapPoint(word: "a", sense: nil, x: .nan, y: 0)]))
        } catch {
            #expect("\(error)".contains("non-finite") && !"\(error)".contains("EncodingError"), "\(error)")
        }
    }

    /// The Projector's metadata TSV: a header, rows keyed by label; a sense's own row wins over its word's.
    @Test func metadataIsAttachedByLabel() throws {
        let tsv = "word\ttopic\tcount\nbank\tplace\t10\nbank#1\tfinance\t4\nrío\tnature\nextra\tx\t1\r\n"
        let meta = try MapMetadata(tsv: tsv, name: "m.tsv")
        #expect(meta.columns == ["topic", "count"])
        #expect(meta.rows["río"] == ["nature", ""])
        let map = ExplorerMap(method: "pca", note: nil, points: [
            MapPoint(word: "bank", sense: 0, x: 0, y: 0), MapPoint(word: "bank", sense: 1, x: 1, y: 0),
            MapPoint(word: "río", sense: nil, x: 2, y: 0), MapPoint(word: "the", sense: nil, x: 3, y: 0),
        ]).with(meta)
        #expect(map.columns == ["topic", "count"])
        #expect(map.points.map { $0.meta ?? [] } == [["place", "10"], ["finance", "4"], ["nature", ""], ["", ""]])
        // Function words are flagged for the page's label priority.
        #expect(map.points.map { $0.stop == true } == [false, false, false, true])
        for bad in ["", "word\n", "word\ttopic\n", "word\ttopic\nbank\ta\tb\n"] {
            #expect(throws: (any Error).self) { try MapMetadata(tsv: bad, name: "bad.tsv") }
        }
    }

    /// `serve --map`: the coordinates `sensevec tsne --output` writes, a header row allowed.
    @Test func coordinatesFromAFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("coords.tsv").path
        try "label\tx\ty\nbank#0\t1.5\t-2\nbank#1\t0.25\t3\tignored\n# comment\n\nc#\t1e-3\t4\n".write(toFile: path, atomically: true, encoding: .utf8)
        let map = try ExplorerMap.readCoordinates(path: path)
        #expect(map.method == "file")
        #expect(map.points == [MapPoint(word: "bank", sense: 0, x: 1.5, y: -2), MapPoint(word: "bank", sense: 1, x: 0.25, y: 3),
                               MapPoint(word: "c#", sense: nil, x: 0.001, y: 4)])
        try "bank\t1\tx\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ExplorerMap.readCoordinates(path: path) }
        try "a\t1\t2\nb\t1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ExplorerMap.readCoordinates(path: path) }
        #expect(throws: (any Error).self) { try ExplorerMap.readCoordinates(path: path + ".missing") }
    }

    @Test func storeWritesAndThenReadsTheCache() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let modelPath = dir.appendingPathComponent("m.vec").path
        let model = WordVectorsExplorerModel(vectors: try Fixtures.vectors())
        let settings = MapSettings(size: 6, method: .pca)
        let first = MapStore(.computing(0))
        first.load(model: model, modelPath: modelPath, checksum: "c1", settings: settings, progress: nil)
        guard case .ready(let computed, _) = first.state else { Issue.record("map not ready: \(first.statusText)"); return }
        let cachePath = ExplorerMap.cachePath(modelPath: modelPath, checksum: "c1", settings: settings)
        #expect(FileManager.default.fileExists(atPath: cachePath))
        // Second start: from the cache (progress says so).
        let messages = Messages()
        let second = MapStore(.computing(0))
        second.load(model: model, modelPath: modelPath, checksum: "c1", settings: settings, progress: { messages.add($0.message) })
        guard case .ready(let cached, _) = second.state else { Issue.record("cached map not ready"); return }
        #expect(cached.points == computed.points)
        #expect(messages.all.contains { $0.contains("read 6 points") })
    }
}

final class Messages: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ m: String) { lock.lock(); list.append(m); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}

@Suite struct ModelFileTests {
    @Test func loadsWordVectorsAndChecksumsTheFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.txt").path, b = dir.appendingPathComponent("b.txt").path
        try "2 3\nking 1 0 0.5\nqueen -1 2 3e-1\n".write(toFile: a, atomically: true, encoding: .utf8)
        try "2 3\nking 1 0 0.5\nqueen -1 2 3e-2\n".write(toFile: b, atomically: true, encoding: .utf8)
        let model = try ModelFile.explorerModel(path: a)
        #expect(model.kind == "vectors")
        #expect(model.wordCount == 2 && model.dimension == 3)
        #expect(model.contains("queen") && !model.contains("king#0"))
        #expect(try ModelFile.checksum(path: a) != ModelFile.checksum(path: b))
        #expect(try ModelFile.checksum(path: a) == ModelFile.checksum(path: a))
        #expect(try ModelFile.checksum(path: a).count == 16)
    }

    @Test func clearErrors() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: SenseVecError.self) { try ModelFile.explorerModel(path: dir.appendingPathComponent("missing").path) }
        let other = dir.appendingPathComponent("other.model").path
        try NativeModelFile(kind: "checkpoint").write(to: other)
        #expect(ModelFile.nativeKind(path: other) == "checkpoint")
        do {
            _ = try ModelFile.explorerModel(path: other)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("checkpoint"))
        }
    }

    @Test func loadsSenseModels() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.model").path
        try Fixtures.senseVectors().save(to: path)
        #expect(ModelFile.nativeKind(path: path) == "senses")
        let model = try ModelFile.explorerModel(path: path)
        #expect(model.kind == "senses")
        #expect(model.contains("bank#1"))
    }
}

@Suite struct ResponseCacheTests {
    @Test func boundedAndPromotes() {
        let cache = ResponseCache(capacity: 4)
        for i in 0..<100 { cache.set("k\(i)", ByteBuffer(string: "\(i)")) }
        #expect(cache.count <= 8)
        #expect(cache.get("k99").map { String(buffer: $0) } == "99")
        #expect(cache.get("k0") == nil)
        let off = ResponseCache(capacity: 0)
        off.set("a", ByteBuffer(string: "a"))
        #expect(off.get("a") == nil)
    }
}

@Suite struct TopicalSourceTests {
    /// A topical model by hand: `bank` has a river sense and a money sense, its context vector weighs distance and
    /// carries the adjacent words (β = 0.5), so the order of the context words matters.
    static func model() throws -> SenseVectors {
        let words = ["bank", "river", "water", "money", "loan", "the"]
        let s = Float(0.5).squareRoot()
        let unit: [Float] = [s, s, 1, 0, s, -s, 0, 1, -s, s, 0.6, 0.8]
        let encoder = try ContextEncoder(dimension: 2, vectors: unit, weights: [1, 2, 2, 2, 2, 0.1], window: 5,
                                         shape: .init(distanceDecay: 0.5, adjacentWeight: 0.5))
        // Rows: bank#0 (river), bank#1 (money), then one row per other word; means have 3d = 6 values.
        var means = [Float](repeating: 0, count: 7 * 6)
        for (i, v) in [Float(1), 0, 1, 0, 0, 1].enumerated() { means[i] = v * 0.7 }
        for (i, v) in [Float(0), 1, 0, 1, 1, 0].enumerated() { means[6 + i] = v * 0.7 }
        let topical = try TopicalSenses(encoder: encoder, means: means, kappa: [6, 0, 0, 0, 0, 0])
        return try SenseVectors(words: words, counts: [50, 40, 30, 30, 20, 100], dimension: 2,
                                senseOffsets: [0, 2, 3, 4, 5, 6, 7], senseValues: [Float](repeating: 0.1, count: 14),
                                senseCounts: [25, 25, 40, 30, 30, 20, 100], outputValues: [],
                                prior: SensePrior(kind: .dirichletProcess, alpha: 0.1, senseCount: 2), threshold: 0.01,
                                window: 5, settings: [], topical: topical)
    }

    /// The explorer explains a topical model's choice with the same numbers as `disambiguate`, positions and
    /// adjacent words included, and a lone context word's term is that word's share of the log-likelihood.
    @Test func explorerAndCommandLineAgreeOnATopicalModel() throws {
        let vectors = try Self.model()
        let source = SenseVectorsSource(vectors)
        let model = try SenseExplorerModel(source: source)
        for (tokens, position) in [(["the", "river", "bank", "loan", "money"], 2), (["money", "water", "the", "bank"], 3)] {
            let result = try model.disambiguate(tokens: tokens, position: position, window: 5, k: 2, deadline: .now + .seconds(10))
            let cli = try #require(vectors.explain(word: "bank", left: Array(tokens[..<position]), right: Array(tokens[(position + 1)...])))
            #expect(result.senses.map(\.posterior) == cli.posterior)
            #expect(result.context.map(\.weight) == cli.influence)
        }
        // The adjacent-word block makes order matter: the same words in another order give another posterior.
        let a = try #require(vectors.explain(word: "bank", left: ["money", "river"], right: []))
        let b = try #require(vectors.explain(word: "bank", left: ["river", "money"], right: []))
        #expect(abs(a.posterior[0] - b.posterior[0]) > 1e-3)
        let lone = source.contextLogLikelihood(word: 0, sense: 1, context: 3)
        let e = vectors.explain(index: 0, context: [3], leftCount: 0)
        #expect(lone.isFinite && lone == e.contributions[1][0] && lone > 0)
    }
}
