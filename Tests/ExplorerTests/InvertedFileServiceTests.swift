import Foundation
import Hummingbird
import HummingbirdTesting
import SenseVecCore
import Synchronization
import Testing
@testable import Explorer

/// The inverted-file index in the explorer: its cache file beside the model, and the service answering by exact
/// scans before it is ready and from it afterwards.
@Suite struct InvertedFileServiceTests {
    /// Seeded clustered rows (centre + uniform noise), word i in cluster i mod clusters.
    static func clustered(count: Int, dimension: Int, clusters: Int, seed: UInt64) throws -> WordVectors {
        var rng = SenseRandom(seed: seed)
        let centres = (0..<(clusters * dimension)).map { _ in rng.nextFloat() * 2 - 1 }
        var values = [Float](repeating: 0, count: count * dimension)
        for i in 0..<count {
            for j in 0..<dimension { values[i * dimension + j] = centres[(i % clusters) * dimension + j] + rng.nextFloat() - 0.5 }
        }
        return try WordVectors(words: (0..<count).map { "w\($0)" }, dimension: dimension, values: values)
    }

    @Test func cacheFileRoundTripAndDamage() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let v = try Self.clustered(count: 900, dimension: 12, clusters: 30, seed: 4)
        let index = CosineIndex(v)
        let ivf = try #require(InvertedFileIndex.build(index: index, recallQueries: 100))
        let model = dir.appendingPathComponent("m.bin").path
        let settings = InvertedFileCache.Settings()
        let path = InvertedFileCache.cachePath(modelPath: model, checksum: "abc", settings: settings)
        #expect(path != InvertedFileCache.cachePath(modelPath: model, checksum: "abd", settings: settings))
        var other = settings
        other.seed = 2
        #expect(path != InvertedFileCache.cachePath(modelPath: model, checksum: "abc", settings: other))
        try InvertedFileCache.write(ivf, to: path, checksum: "abc")
        let back = try #require(InvertedFileCache.read(from: path, checksum: "abc", index: index))
        #expect(back.lists == ivf.lists && back.nprobe == ivf.nprobe && back.recall == ivf.recall)
        #expect(back.recallK == 10 && back.recallQueries == 100)
        #expect(back.assignment == ivf.assignment && back.centroids == ivf.centroids)
        for row in [0, 17, 899] { #expect(back.neighbors(of: .row(row, k: 10)) == ivf.neighbors(of: .row(row, k: 10))) }
        // Another model (checksum, row count, dimension): ignored.
        #expect(InvertedFileCache.read(from: path, checksum: "abd", index: index) == nil)
        #expect(InvertedFileCache.read(from: path, checksum: "abc", index: CosineIndex(v, rows: 899)) == nil)
        let wider = try Self.clustered(count: 900, dimension: 13, clusters: 30, seed: 4)
        #expect(InvertedFileCache.read(from: path, checksum: "abc", index: CosineIndex(wider)) == nil)
        let good = try #require(FileManager.default.contents(atPath: path))
        // One flipped bit in the payload or in the header, a truncated file, garbage: ignored.
        var bytes = good
        bytes[bytes.count - 20] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(InvertedFileCache.read(from: path, checksum: "abc", index: index) == nil)
        bytes = good
        let nprobeAt = try #require(bytes.firstRange(of: Data("nprobe=".utf8))).upperBound
        bytes[nprobeAt] = UInt8(ascii: "0")
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(InvertedFileCache.read(from: path, checksum: "abc", index: index) == nil)
        try good.prefix(good.count - 9).write(to: URL(fileURLWithPath: path))
        #expect(InvertedFileCache.read(from: path, checksum: "abc", index: index) == nil)
        try Data("not an index".utf8).write(to: URL(fileURLWithPath: path))
        #expect(InvertedFileCache.read(from: path, checksum: "abc", index: index) == nil)
        // A list out of range with a hash that matches it: the values are checked too.
        var bad = ivf.assignment
        bad[5] = Int32(ivf.lists)
        var payload = good.prefix(good.count - 8 - 900 * 4)
        bad.withUnsafeBytes { payload.append(contentsOf: $0) }
        var hash = ivf.centroids.withUnsafeBytes { c in bad.withUnsafeBytes { a in NeighborTable.payloadHash(c, a) } }
        withUnsafeBytes(of: &hash) { payload.append(contentsOf: $0) }
        try payload.write(to: URL(fileURLWithPath: path))
        #expect(InvertedFileCache.read(from: path, checksum: "abc", index: index) == nil)
        #expect(InvertedFileCache.read(from: dir.appendingPathComponent("missing").path, checksum: "abc", index: index) == nil)
    }

    /// The server answers (exact scans) before the index exists, says so in /healthz, then answers from the index
    /// (no more scans) once it is built; a second service reads the cache file instead of building.
    @Test func serverAnswersBeforeAndAfterTheIndexIsReady() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let v = try Self.clustered(count: 1500, dimension: 16, clusters: 50, seed: 6)
        let model = dir.appendingPathComponent("m.bin").path
        let index = CosineIndex(v)
        let neighbors = NeighborService(index: index)
        let service = try ExplorerService(model: WordVectorsExplorerModel(vectors: v), limits: ExplorerLimits(),
                                          map: MapStore(.disabled), neighbors: neighbors)
        let app = Application(router: service.buildRouter())
        @Sendable func ask(_ client: any TestClientProtocol, _ uri: String) async throws -> [String: Any] {
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
        }
        try await app.test(.router) { client in
            #expect(try await ask(client, "/healthz")["neighbors"] as? String == "scan")
            let before = try await ask(client, "/api/neighbors?word=w10&k=10")
            #expect((before["neighbors"] as? [[String: Any]])?.map { $0["word"] as? String }
                    == index.neighbors(ofRows: [10], k: 10)[0].map(\.word))
            #expect(neighbors.batcher.statistics.answered == 1)
            neighbors.loadIVF(modelPath: model, checksum: "c1", progress: nil)
            let health = try #require(try await ask(client, "/healthz")["neighbors"] as? String)
            #expect(health.hasPrefix("ivf ready (") && health.contains("recall@10"), "\(health)")
            let ivf: InvertedFileIndex
            guard case .ready(let x) = neighbors.ivf else { Issue.record("not ready"); return }
            ivf = x
            var words: [[String?]] = []
            for row in [11, 12, 13] {
                let got = try await ask(client, "/api/neighbors?word=w\(row)&k=10")
                words.append((got["neighbors"] as? [[String: Any]])?.map { $0["word"] as? String } ?? [])
                #expect(words.last! == ivf.neighbors(of: .row(row, k: 10)).map(\.word))
            }
            #expect(neighbors.batcher.statistics.answered == 1, "answered from the index, not by scans")
            // k above the k the recall was measured at: an exact scan.
            let wide = try await ask(client, "/api/neighbors?word=w11&k=30")
            #expect((wide["neighbors"] as? [[String: Any]])?.map { $0["word"] as? String }
                    == index.neighbors(ofRows: [11], k: 30)[0].map(\.word))
            #expect(neighbors.batcher.statistics.answered == 2)
        }
        let path = InvertedFileCache.cachePath(modelPath: model, checksum: "c1", settings: .init())
        #expect(FileManager.default.fileExists(atPath: path))
        let second = NeighborService(index: CosineIndex(v))
        let messages = Mutex<[String]>([])
        second.loadIVF(modelPath: model, checksum: "c1", progress: { e in messages.withLock { $0.append(e.message) } })
        #expect(messages.withLock { $0.contains { $0.hasPrefix("read the inverted-file index") } })
        #expect(second.statusText.hasPrefix("ivf ready ("))
    }

    @Test func autoModeChoosesByModelSize() {
        #expect(NeighborIndexMode.auto.resolved(points: 50_000, tableK: 100) == .table)
        #expect(NeighborIndexMode.auto.resolved(points: 50_001, tableK: 100) == .ivf)
        #expect(NeighborIndexMode.auto.resolved(points: 100, tableK: 0) == .scan)
        #expect(NeighborIndexMode.table.resolved(points: 10, tableK: 0) == .scan)
        #expect(NeighborIndexMode.ivf.resolved(points: 10, tableK: 5) == .ivf)
    }
}
