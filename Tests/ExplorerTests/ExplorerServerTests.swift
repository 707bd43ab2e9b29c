import Foundation
import RawHTTPSupport
import SenseVecCore
import Synchronization
import Testing
@testable import Explorer

/// ``ExplorerServer/run(_:progress:onListening:)``, the explorer's one entry point: a model file in, a server
/// with its neighbour table and map computed in the background out.
@Suite(.serialized) struct ExplorerServerTests {
    /// It loads the file, says which port it listens on, answers while the neighbour table and the map are
    /// computed, serves both once ready, writes no cache file when told not to, and stops when its task is
    /// cancelled.
    @Test(.timeLimit(.minutes(2)))
    func runServesAModelFileUntilCancelled() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sensevec-explorer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tiny.vec").path
        try Fixtures.vectors().save(path: path, format: .text)
        var c = ExplorerConfiguration(modelPath: path)
        c.port = 0
        c.mapSize = 8
        c.mapMethod = .pca
        c.neighborTable = 3
        c.usesCacheFiles = false
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let stages = Mutex<Set<String>>([])
        let server = Task {
            try await ExplorerServer.run(c, progress: { event in stages.withLock { _ = $0.insert(event.stage) } },
                                         onListening: { portSink.yield($0) })
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        var health: [String: Any] = [:]
        for _ in 0..<600 {
            let r = await RawHTTP.onThread { RawHTTP.exchange(port: port, RawHTTP.get("/healthz")) }
            health = RawHTTP.jsonBody(r.text) ?? [:]
            if health["map"] as? String == "ready", (health["neighbors"] as? String)?.hasPrefix("table ready") == true { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(health["words"] as? Int == 8, "\(health)")
        #expect(health["map"] as? String == "ready", "\(health)")
        #expect((health["neighbors"] as? String)?.hasPrefix("table ready") == true, "\(health)")
        let map = await RawHTTP.onThread { RawHTTP.exchange(port: port, RawHTTP.get("/api/map")) }
        #expect((RawHTTP.jsonBody(map.text)?["points"] as? [Any])?.count == 8, "\(map.text.prefix(300))")
        let neighbors = await RawHTTP.onThread { RawHTTP.exchange(port: port, RawHTTP.get("/api/neighbors?word=king&k=1")) }
        let first = (RawHTTP.jsonBody(neighbors.text)?["neighbors"] as? [[String: Any]])?.first?["word"] as? String
        #expect(first == "prince", "\(neighbors.text)")
        #expect(stages.withLock { $0 }.isSuperset(of: ["load", "map (pca)"]), "\(stages.withLock { $0 })")

        server.cancel()
        _ = await server.result
        let refused = await RawHTTP.onThread { RawHTTP.exchange(port: port, RawHTTP.get("/healthz"), milliseconds: 2000) }
        #expect(refused.status == nil, "the server still answers after its task was cancelled")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["tiny.vec"])
    }

    /// A model that cannot be read is an error before anything listens.
    @Test func unreadableModelThrowsBeforeListening() async throws {
        var c = ExplorerConfiguration(modelPath: "/nonexistent/model.vec")
        c.port = 0
        let listened = Atomic<Bool>(false)
        await #expect(throws: (any Error).self) {
            try await ExplorerServer.run(c, onListening: { _ in listened.store(true, ordering: .relaxed) })
        }
        let didListen = listened.load(ordering: .relaxed)
        #expect(!didListen)
    }

    /// An index that must be computed starts only once the map is ready (the page needs the map first); the
    /// server answers meanwhile. Progress events are recorded in order: the first "neighbors" event comes after
    /// the map's last event.
    @Test(.timeLimit(.minutes(2)))
    func indexIsComputedAfterTheMap() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("random.vec").path
        try Fixtures.random(count: 400, dimension: 8, seed: 5).save(path: path, format: .text)
        var c = ExplorerConfiguration(modelPath: path)
        c.mapSize = 400
        c.mapMethod = .tsne
        c.neighborTable = 5
        c.neighborIndex = .table
        c.usesCacheFiles = false
        let events = Mutex<[(stage: String, finished: Bool)]>([])
        let service = try ExplorerServer.start(c, progress: { e in events.withLock { $0.append((e.stage, e.finished)) } })
        for _ in 0..<1200 {
            if service.map.statusText == "ready", service.neighborService.statusText.hasPrefix("table ready") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(service.neighborService.statusText == "table ready (k ≤ 5)")
        let log = events.withLock { $0 }
        let firstNeighbors = try #require(log.firstIndex { $0.stage == "neighbors" })
        // The map's stages: its t-SNE (with the projection's "neighbours" search) and "map …".
        let lastMap = try #require(log.lastIndex { $0.stage == "t-SNE" || $0.stage == "neighbours" || $0.stage.hasPrefix("map") })
        #expect(lastMap < firstNeighbors, "\(log)")
    }
}
