import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import RawHTTPSupport
import Testing

/// `sensevec serve`: options, errors, a live server on a loopback port, and a real browser against it.
@Suite struct ExplorerCLITests {
    /// A model file in a fresh folder: eight words where king − man + woman ≈ queen.
    static func writeModel() throws -> (dir: URL, path: String) {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("tiny.vec").path
        let text = """
            8 4
            king 1 1 0 0.1
            queen 1 -1 0 0.1
            man 0 1 0 0.05
            woman 0 -1 0 0.05
            prince 0.9 1 0 0.6
            princess 0.9 -1 0 0.6
            apple 0 0 1 0.2
            banana 0 0 1 -0.2

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    /// Whether this `sensevec` was built with the explorer (not with SENSEVEC_NO_EXPLORER=1).
    static let explorerBuilt: Bool = {
        guard let r = try? CLI.run(["serve", "/nonexistent/model.vec", "--port", "0"], timeout: 30) else { return false }
        return !r.stderr.contains("built without the explorer")
    }()

    @Test func helpListsTheOptions() throws {
        let r = try CLI.run(["serve", "--help"])
        #expect(r.status == 0)
        for option in ["--port", "--host", "--map-size", "--map-method", "--timeout", "--neighbor-index"] {
            #expect(r.stdout.contains(option), "\(option)")
        }
    }

    @Test func absurdValuesAreRejected() throws {
        for (args, mention) in [(["--port", "70000"], "--port"), (["--map-size", "-1"], "--map-size"),
                                (["--map-method", "umap"], "--map-method"), (["--timeout", "0"], "--timeout"),
                                (["--host", ""], "--host"), (["--neighbor-table", "1001"], "--neighbor-table"),
                                (["--neighbor-table", "-1"], "--neighbor-table"),
                                (["--neighbor-index", "hnsw"], "--neighbor-index")] {
            let r = try CLI.run(["serve", "model.vec"] + args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(mention), "\(args): \(r.stderr)")
        }
    }

    @Test(.enabled(if: ExplorerCLITests.explorerBuilt, "sensevec was built with SENSEVEC_NO_EXPLORER=1"))
    func missingModelIsAClearError() throws {
        let r = try CLI.run(["serve", "/nonexistent/model.vec", "--port", "0"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/model.vec"))
    }

    /// Slow-connection load test (loopback only; 1,000 connections, bounded in time): `serve`, started with a soft
    /// open-file limit of 256 (below its connection limit of 512), holds 1,000 connections that sent part of their
    /// headers and then nothing, and `/healthz` from a new connection answers in under a second, every time.
    @Test(.enabled(if: ExplorerCLITests.explorerBuilt, "sensevec was built with SENSEVEC_NO_EXPLORER=1"))
    func healthzAnswersWithAThousandStalledConnections() async throws {
        let (dir, path) = try Self.writeModel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServeProcess(["serve", path, "--port", "0", "--map-size", "0", "--neighbor-table", "0"],
                                      openFileLimit: 256)
        defer { server.stop() }
        let port = try #require(server.baseURL.split(separator: ":").last.flatMap { Int($0) })
        let (opened, probes) = await RawHTTP.onThread { () -> (Int, [(Int?, Double)]) in
            var stalled: [Int32] = []
            defer { stalled.forEach { close($0) } }
            var failures = 0
            // A server that stops accepting leaves connects hanging: give up after two.
            while stalled.count < 1000 && failures < 2 {
                guard let fd = RawHTTP.connect(port: port, milliseconds: 2000) else { failures += 1; continue }
                stalled.append(fd)
                _ = RawHTTP.send(fd, "GET /healthz HTTP/1.1\r\nHost: 127")
            }
            // The server's accepting catches up with the connects queued in the listen backlog; then 1,000 are held.
            sleep(2)
            var probes: [(Int?, Double)] = []
            for _ in 0..<5 {
                probes.append(RawHTTP.request(port: port, RawHTTP.get("/healthz"), milliseconds: 3000))
                usleep(100_000)
            }
            return (stalled.count, probes)
        }
        #expect(opened == 1000)
        #expect(probes.allSatisfy { $0.0 == 200 && $0.1 < 1 }, "\(probes)")
    }

    @Test(.enabled(if: ExplorerCLITests.explorerBuilt, "sensevec was built with SENSEVEC_NO_EXPLORER=1"))
    func liveServerAnswersAndCachesTheMap() async throws {
        let (dir, path) = try Self.writeModel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServeProcess(["serve", path, "--port", "0", "--map-size", "6", "--map-method", "pca"])
        defer { server.stop() }
        let health = try await server.getJSON("/healthz")
        #expect(health.status == 200)
        #expect(health.json["words"] as? Int == 8)
        let n = try await server.getJSON("/api/neighbors?word=king&k=2")
        #expect(n.status == 200)
        #expect((n.json["neighbors"] as? [[String: Any]])?.first?["word"] as? String == "prince")
        let unknown = try await server.getJSON("/api/neighbors?word=zebra")
        #expect(unknown.status == 404)
        // The map is computed in the background; poll until it is ready.
        var map = try await server.getJSON("/api/map")
        for _ in 0..<100 where map.status == 503 {
            try await Task.sleep(for: .milliseconds(100))
            map = try await server.getJSON("/api/map")
        }
        #expect(map.status == 200)
        #expect((map.json["points"] as? [Any])?.count == 6)
        // The neighbour table too (tiny: ready at once), then written beside the model.
        var health2 = try await server.getJSON("/healthz")
        for _ in 0..<100 where (health2.json["neighbors"] as? String)?.hasPrefix("table ready") != true {
            try await Task.sleep(for: .milliseconds(100))
            health2 = try await server.getJSON("/healthz")
        }
        #expect(health2.json["neighbors"] as? String == "table ready (k ≤ 100)")
        let fromTable = try await server.getJSON("/api/neighbors?word=king&k=2")
        #expect((fromTable.json["neighbors"] as? [[String: Any]])?.first?["word"] as? String == "prince")
        var files: [String] = []
        for _ in 0..<100 {
            files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            if files.contains(where: { $0.hasPrefix("tiny.vec.neighbors-") }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(files.contains { $0.hasPrefix("tiny.vec.map-") && $0.hasSuffix(".tsv") }, "\(files)")
        #expect(files.contains { $0.hasPrefix("tiny.vec.neighbors-") && $0.hasSuffix(".bin") }, "\(files)")
    }

    /// Coordinates and metadata files for the tiny model: royals on the left, fruit on the right.
    static func writeMapFiles(in dir: URL) throws -> (coords: String, metadata: String) {
        let coords = dir.appendingPathComponent("coords.tsv").path, metadata = dir.appendingPathComponent("meta.tsv").path
        let rows = [("king", -2.0, 1.0), ("queen", -2.0, -1.0), ("man", -1.0, 1.0), ("woman", -1.0, -1.0),
                    ("prince", -3.0, 1.2), ("princess", -3.0, -1.2), ("apple", 3.0, 0.2), ("banana", 3.2, -0.2)]
        try rows.map { "\($0.0)\t\($0.1)\t\($0.2)\n" }.joined().write(toFile: coords, atomically: true, encoding: .utf8)
        try ("word\ttopic\n" + rows.map { "\($0.0)\t\($0.0 == "apple" || $0.0 == "banana" ? "fruit" : "people")\n" }.joined())
            .write(toFile: metadata, atomically: true, encoding: .utf8)
        return (coords, metadata)
    }

    @Test(.enabled(if: ExplorerCLITests.explorerBuilt, "sensevec was built with SENSEVEC_NO_EXPLORER=1"))
    func serveUsesCoordinatesAndMetadataFiles() async throws {
        let (dir, path) = try Self.writeModel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.writeMapFiles(in: dir)
        let server = try ServeProcess(["serve", path, "--port", "0", "--map", files.coords, "--metadata", files.metadata, "--no-map-cache"])
        defer { server.stop() }
        let map = try await server.getJSON("/api/map")
        #expect(map.status == 200)
        #expect(map.json["method"] as? String == "file")
        #expect(map.json["columns"] as? [String] == ["topic"])
        let points = try #require(map.json["points"] as? [[String: Any]])
        #expect(points.count == 8)
        #expect(points.first?["word"] as? String == "king" && points.first?["x"] as? Double == -2)
        #expect(points.map { ($0["meta"] as? [String])?.first } == ["people", "people", "people", "people", "people", "people", "fruit", "fruit"])
        // Files that cannot be used are one-line errors before the server starts.
        try "king\t1\tnot-a-number\n".write(toFile: files.coords, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["serve", path, "--port", "0", "--map", files.coords], timeout: 30)
        #expect(bad.status != 0 && bad.stderr.contains("Error:") && bad.stderr.contains("line 1"), "\(bad.stderr)")
        let noMeta = try CLI.run(["serve", path, "--port", "0", "--metadata", dir.appendingPathComponent("none.tsv").path], timeout: 30)
        #expect(noMeta.status != 0 && noMeta.stderr.contains("none.tsv"), "\(noMeta.stderr)")
    }

    static var chromium: String? {
        for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    /// Where tests leave files for people to look at: $SENSEVEC_TEST_OUTPUT or .build/test-output.
    static var outputDirectory: URL {
        if let env = ProcessInfo.processInfo.environment["SENSEVEC_TEST_OUTPUT"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/test-output")
    }

    @Test(.enabled(if: ExplorerCLITests.chromium != nil, "chromium is not installed (apt-get install chromium, or SENSEVEC_BROWSER_TESTS=1 scripts/setup.sh)"),
          .enabled(if: ExplorerCLITests.explorerBuilt, "sensevec was built with SENSEVEC_NO_EXPLORER=1"))
    func browserShowsNeighboursOfASearchedWord() async throws {
        let (dir, path) = try Self.writeModel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServeProcess(["serve", path, "--port", "0", "--map-size", "8", "--map-method", "pca", "--no-map-cache"])
        defer { server.stop() }
        let url = server.baseURL + "/?q=king"
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--user-data-dir=" + dir.appendingPathComponent("chromium-profile").path,
                     "--virtual-time-budget=10000"]
        // 1. The DOM after the page's script ran: the neighbours of "king" are listed.
        let dom = try Self.runTool(Self.chromium!, flags + ["--dump-dom", url], timeout: 90)
        #expect(dom.contains("data-ready=\"true\""), "the page's script did not finish")
        let list = try #require(dom.range(of: "<ol id=\"neighbors\"").map { String(dom[$0.lowerBound...].prefix(2000)) })
        for word in ["prince", "queen", "man"] {
            #expect(list.contains("data-word=\"\(word)\""), "\(word) missing from the neighbours list")
        }
        #expect(!list.contains("data-word=\"banana\"") || list.range(of: "banana")!.lowerBound > list.range(of: "prince")!.lowerBound)
        // The map labels the searched word and its neighbours, and no two labels overlap.
        let canvas = try #require(dom.range(of: "<canvas id=\"map\"").map { String(dom[$0.lowerBound...].prefix(3000)) })
        let labels = Self.attribute("data-labels", in: canvas)?.split(separator: "\n").map(String.init) ?? []
        let status = dom.range(of: "id=\"map-status\"").map { String(dom[$0.lowerBound...].prefix(300)) } ?? "no map status"
        for word in ["king", "prince", "queen"] { #expect(labels.contains(word), "\(word) not labelled on the map: \(labels); \(status)") }
        #expect(Self.attribute("data-label-overlaps", in: canvas) == "0")
        // 2. A screenshot for people to look at.
        try FileManager.default.createDirectory(at: Self.outputDirectory, withIntermediateDirectories: true)
        let png = Self.outputDirectory.appendingPathComponent("explorer-browser.png")
        try? FileManager.default.removeItem(at: png)
        _ = try Self.runTool(Self.chromium!, flags + ["--window-size=1280,800", "--screenshot=" + png.path, url], timeout: 90)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.count > 5000)
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    /// A sense model in the browser: the senses table lists both senses of "bank", and the disambiguation of
    /// "bank" in a money sentence (run from the URL) shows one posterior bar per sense, the best one marked, and
    /// the context words coloured by their influence.
    @Test(.enabled(if: ExplorerCLITests.chromium != nil, "chromium is not installed (apt-get install chromium, or SENSEVEC_BROWSER_TESTS=1 scripts/setup.sh)"),
          .enabled(if: ExplorerCLITests.explorerBuilt, "sensevec was built with SENSEVEC_NO_EXPLORER=1"))
    func browserShowsSensesAndDisambiguation() async throws {
        let (dir, model) = try SensesCLITests.trainedModel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServeProcess(["serve", model, "--port", "0", "--map-size", "40", "--map-method", "pca", "--no-map-cache"])
        defer { server.stop() }
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "q", value: "bank"),
                            URLQueryItem(name: "sentence", value: "cash loan bank deposit account"),
                            URLQueryItem(name: "word", value: "bank")]
        let url = server.baseURL + "/" + (query.string ?? "")
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--user-data-dir=" + dir.appendingPathComponent("chromium-profile").path,
                     "--virtual-time-budget=10000"]
        let dom = try Self.runTool(Self.chromium!, flags + ["--dump-dom", url], timeout: 90)
        #expect(dom.contains("data-ready=\"true\""), "the page's script did not finish")
        // The senses table: one row per sense, labelled bank#0 and bank#1, with priors.
        let table = try #require(dom.range(of: "<table id=\"senses\"").map { String(dom[$0.lowerBound...].prefix(4000)) })
        let body = String(table[..<(table.range(of: "</table>")?.lowerBound ?? table.endIndex)])
        #expect(body.contains(">bank#0<") && body.contains(">bank#1<"), "senses table: \(body)")
        #expect(body.components(separatedBy: "<tr>").count - 1 == 3, "a header row and two sense rows: \(body)")
        // The disambiguation: one bar per sense, exactly one marked best, and coloured context words.
        let posterior = try #require(dom.range(of: "<div id=\"posterior\"").map { String(dom[$0.lowerBound...].prefix(6000)) })
        #expect(posterior.components(separatedBy: "class=\"sense-bar").count - 1 == 2, "\(posterior)")
        #expect(posterior.components(separatedBy: "class=\"sense-bar best\"").count - 1 == 1)
        #expect(posterior.contains("bank#0") && posterior.contains("bank#1"))
        let tokens = try #require(dom.range(of: "<div id=\"tokens\"").map { String(dom[$0.lowerBound...].prefix(4000)) })
        #expect(tokens.contains("class=\"token target\""))
        #expect(tokens.components(separatedBy: "title=\"influence ").count - 1 == 4, "four context words: \(tokens)")
        // A screenshot for people to look at.
        try FileManager.default.createDirectory(at: Self.outputDirectory, withIntermediateDirectories: true)
        let png = Self.outputDirectory.appendingPathComponent("explorer-browser-senses.png")
        try? FileManager.default.removeItem(at: png)
        _ = try Self.runTool(Self.chromium!, flags + ["--window-size=1280,900", "--screenshot=" + png.path, url], timeout: 90)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.count > 5000)
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    /// The value of an attribute in an HTML fragment (entities for newline and quotes decoded).
    static func attribute(_ name: String, in html: String) -> String? {
        guard let r = html.range(of: name + "=\"") else { return nil }
        let rest = html[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end]).replacingOccurrences(of: "&#10;", with: "\n").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The view in the URL's hash comes back: the searched word, the zoom (points drawn bigger when zoomed in),
    /// the colouring by a metadata column (with its legend), and the map's labels never overlap.
    @Test(.enabled(if: ExplorerCLITests.chromium != nil, "chromium is not installed (apt-get install chromium, or SENSEVEC_BROWSER_TESTS=1 scripts/setup.sh)"),
          .enabled(if: ExplorerCLITests.explorerBuilt, "sensevec was built with SENSEVEC_NO_EXPLORER=1"))
    func browserRestoresTheViewFromTheURL() async throws {
        let (dir, path) = try Self.writeModel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.writeMapFiles(in: dir)
        let server = try ServeProcess(["serve", path, "--port", "0", "--map", files.coords, "--metadata", files.metadata, "--no-map-cache"])
        defer { server.stop() }
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--user-data-dir=" + dir.appendingPathComponent("chromium-profile").path,
                     "--virtual-time-budget=10000", "--window-size=1280,800"]
        func canvasAttributes(_ url: String) throws -> (dom: String, canvas: String) {
            let dom = try Self.runTool(Self.chromium!, flags + ["--dump-dom", url], timeout: 90)
            #expect(dom.contains("data-ready=\"true\""), "the page's script did not finish")
            let canvas = try #require(dom.range(of: "<canvas id=\"map\"").map { String(dom[$0.lowerBound...].prefix(3000)) })
            return (dom, canvas)
        }
        let plain = try canvasAttributes(server.baseURL + "/")
        let zoomed = try canvasAttributes(server.baseURL + "/#q=queen&zoom=4&x=-2&y=1&color=topic")
        #expect(zoomed.dom.contains("id=\"search\"") && zoomed.dom.contains("<span id=\"query-word\" class=\"word\">queen</span>"))
        let r0 = Double(Self.attribute("data-point-radius", in: plain.canvas) ?? "") ?? 0
        let r1 = Double(Self.attribute("data-point-radius", in: zoomed.canvas) ?? "") ?? 0
        #expect(r0 > 0 && r1 > r0 * 1.5, "zoom 4 draws bigger points: \(r0) → \(r1)")
        // Colour by the metadata column: the legend lists its values.
        let legend = try #require(zoomed.dom.range(of: "<div id=\"map-legend\"").map { String(zoomed.dom[$0.lowerBound...].prefix(2000)) })
        #expect(legend.contains("data-value=\"people\"") && legend.contains("data-value=\"fruit\""), "\(legend)")
        // Zoomed in 4× on (-2, 1) with y up, queen (at -2, -1) is off screen; king is labelled, overlaps none.
        let labels = Self.attribute("data-labels", in: zoomed.canvas)?.split(separator: "\n").map(String.init) ?? []
        #expect(labels.contains("king") && !labels.contains("apple"), "\(labels)")
        #expect(Self.attribute("data-label-overlaps", in: zoomed.canvas) == "0")
        try FileManager.default.createDirectory(at: Self.outputDirectory, withIntermediateDirectories: true)
        let png = Self.outputDirectory.appendingPathComponent("explorer-browser-restored-view.png")
        try? FileManager.default.removeItem(at: png)
        _ = try Self.runTool(Self.chromium!, flags + ["--screenshot=" + png.path, server.baseURL + "/#q=king&color=topic"], timeout: 90)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.count > 5000 && Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    /// Runs a program, returns its stdout (stderr is discarded).
    static func runTool(_ executable: String, _ args: [String], timeout: TimeInterval) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        nonisolated(unsafe) var data = Data()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { data = out.fileHandleForReading.readDataToEndOfFile(); done.signal() }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw CLIError.timedOut([executable] + args)
        }
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A `sensevec serve` child process on a loopback port chosen by the system (`--port 0`).
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let baseURL: String

    /// With `openFileLimit`, the server starts with that soft limit of open files (through `/bin/sh -c ulimit`).
    init(_ args: [String], timeout: TimeInterval = 60, openFileLimit: Int? = nil) throws {
        if let openFileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -Sn \(openFileLimit) && exec \"$0\" \"$@\"", CLI.executable.path] + args + ["--quiet"]
        } else {
            process.executableURL = CLI.executable
            process.arguments = args + ["--quiet"]
        }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The server prints "sensevec explorer: http://HOST:PORT/" once it listens.
        var text = ""
        let deadline = Date().addingTimeInterval(timeout)
        let handle = out.fileHandleForReading
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let r = text.range(of: "http://"), let end = text[r.lowerBound...].firstIndex(of: "\n") {
                var url = String(text[r.lowerBound..<end])
                if url.hasSuffix("/") { url.removeLast() }
                baseURL = url
                return
            }
        }
        process.terminate()
        throw CLIError.timedOut(args)
    }

    func getJSON(_ path: String) async throws -> (status: Int, json: [String: Any]) {
        let url = URL(string: baseURL + path)!
        let (data, status): (Data, Int) = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: url) { data, response, error in
                if let error { continuation.resume(throwing: error); return }
                continuation.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? -1))
            }.resume()
        }
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (status, json)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
