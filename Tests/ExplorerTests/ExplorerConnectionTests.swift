import Foundation
import Hummingbird
import HummingbirdTesting
import SenseVecCore
import Synchronization
import NIOEmbedded
import RawHTTPSupport
import Testing
@testable import Explorer
#if canImport(Glibc)
import Glibc
#endif

/// The explorer's connection handling on a live server: malformed requests, HTTP/1.0, slow headers and stalled
/// connections.
@Suite(.serialized) struct ExplorerConnectionTests {
    static func withServer(_ limits: ExplorerLimits = ExplorerLimits(),
                           _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let service = try ExplorerService(model: WordVectorsExplorerModel(vectors: try Fixtures.vectors()), limits: limits,
                                          map: MapStore(.disabled))
        let app = service.application(host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    /// Bad chunk sizes and unsupported transfer codings are client errors with the API's JSON error shape, never
    /// 500; so is a request that is not HTTP. The connection is closed after the answer.
    @Test func malformedRequestsAreClientErrorsInJSON() async throws {
        try await Self.withServer { port in
            func chunked(_ chunks: String, close: Bool = true, path: String = "/api/disambiguate") -> [UInt8] {
                Array(("POST \(path) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                       + (close ? "Connection: close\r\n" : "") + "\r\n" + chunks).utf8)
            }
            let cases: [(name: String, request: [UInt8], status: Int)] = [
                ("chunk size zz", chunked("zz\r\nabc\r\n0\r\n\r\n"), 400),
                ("chunk size -1", chunked("-1\r\nabc\r\n0\r\n\r\n"), 400),
                ("chunk size of twenty Fs", chunked(String(repeating: "F", count: 20) + "\r\nabc\r\n0\r\n\r\n"), 400),
                ("empty chunk size", chunked("\r\nabc\r\n0\r\n\r\n"), 400),
                ("bad chunk size, keep-alive", chunked("zz\r\nabc\r\n0\r\n\r\n", close: false), 400),
                ("bad chunk size on a GET route", chunked("zz\r\nabc\r\n0\r\n\r\n", path: "/healthz"), 405),
                ("Transfer-Encoding: gzip",
                 Array("POST /api/disambiguate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\nabc".utf8), 501),
                ("Transfer-Encoding: gzip on GET",
                 Array("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n".utf8), 501),
                // Chunked not last: the decoder refuses it before the head (400, as RFC 9112 asks).
                ("Transfer-Encoding: chunked, gzip",
                 Array("POST /api/disambiguate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n".utf8), 400),
                ("not HTTP", Array("\u{1}\u{2}garbage that is not HTTP at all\r\n\r\n".utf8), 400),
                ("bad header name", Array("GET /healthz HTTP/1.1\r\nHo st: x\r\n\r\n".utf8), 400),
                ("two content lengths", Array("POST /api/disambiguate HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd".utf8), 400),
            ]
            let results = await RawHTTP.onThreads(cases.count, threads: 4) { i in RawHTTP.exchange(port: port, cases[i].request) }
            for (c, r) in zip(cases, results) {
                // The bad-chunk request to a GET-only route: the route's 405 is its answer, then the connection ends.
                if c.status == 405 {
                    #expect(r.status.map { (400..<500).contains($0) } == true, "\(c.name): \(r.text)")
                } else {
                    #expect(r.status == c.status, "\(c.name): \(r.text)")
                }
                #expect(RawHTTP.jsonBody(r.text)?["error"] is String, "\(c.name): \(r.text)")
                #expect(!r.text.contains(" 500 "), "\(c.name): \(r.text)")
                // Closed right after the answer (not held until the idle timeout); the answer itself may be slow on a
                // loaded machine.
                #expect(r.closed && r.afterResponse < 5 * Double(RawHTTP.slowdown),
                        "\(c.name): closed \(r.closed) \(r.afterResponse) s after the answer began (\(r.seconds) s in all)")
            }
            // The server is fine afterwards.
            #expect(RawHTTP.exchange(port: port, RawHTTP.get("/healthz")).status == 200)
        }
    }

    /// An HTTP/1.0 request without keep-alive is answered and its connection closed at once (not after the idle
    /// timeout); with `Connection: keep-alive` the connection stays open for the next request.
    @Test func http10ConnectionsCloseAfterTheResponse() async throws {
        try await Self.withServer { port in
            let r = await RawHTTP.onThreads(1, threads: 1) { _ in
                RawHTTP.exchange(port: port, Array("GET /healthz HTTP/1.0\r\n\r\n".utf8))
            }[0]
            #expect(r.status == 200, "\(r.text)")
            // Closed right after the answer, not after the idle timeout of 30 s.
            #expect(r.closed && r.afterResponse < 5 * Double(RawHTTP.slowdown),
                    "closed \(r.closed) \(r.afterResponse) s after the answer began (\(r.seconds) s in all)")
            let kept = await RawHTTP.onThreads(1, threads: 1) { _ -> (Int?, Int?) in
                guard let fd = RawHTTP.connect(port: port, milliseconds: 30_000) else { return (nil, nil) }
                defer { close(fd) }
                var statuses: [Int?] = []
                for _ in 0..<2 {
                    _ = RawHTTP.send(fd, Array("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".utf8))
                    // Read one response: the head, then the body its Content-Length announces.
                    var got: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let text = String(decoding: got, as: UTF8.self)
                        if let end = text.range(of: "\r\n\r\n"),
                           let line = text.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
                           let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)),
                           text[end.upperBound...].utf8.count >= length { break }
                        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                        if n <= 0 { break }
                        got += buffer[0..<n]
                    }
                    let parts = String(decoding: got.prefix(32), as: UTF8.self).split(separator: " ")
                    statuses.append(parts.count >= 2 ? Int(parts[1]) : nil)
                }
                return (statuses[0], statuses[1])
            }[0]
            #expect(kept.0 == 200 && kept.1 == 200, "\(kept)")
        }
    }

    /// A client trickling header bytes (never idle) gets 408 and is closed once its headers are not complete
    /// `headerTimeout` after their first byte.
    @Test func slowHeadersAreCutOff() async throws {
        var limits = ExplorerLimits()
        limits.headerTimeout = .seconds(1)
        try await Self.withServer(limits) { port in
            let r = await RawHTTP.onThreads(1, threads: 1) { _ -> (String, Double) in
                let start = ContinuousClock.now
                guard let fd = RawHTTP.connect(port: port, milliseconds: 6000) else { return ("no connection", 0) }
                defer { close(fd) }
                _ = RawHTTP.send(fd, Array("GET /healthz HTTP/1.1\r\nX-Slow: ".utf8))
                // One byte every 200 ms for up to 5 s, while the server keeps the connection open.
                for _ in 0..<25 {
                    usleep(200_000)
                    if !RawHTTP.send(fd, [UInt8(ascii: "a")]) { break }
                    var probe = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    if poll(&probe, 1, 0) > 0 { break }
                }
                let text = String(decoding: RawHTTP.readAll(fd), as: UTF8.self)
                return (text, Double((ContinuousClock.now - start) / .milliseconds(1)) / 1000)
            }[0]
            #expect(r.0.hasPrefix("HTTP/1.1 408"), "\(r.0)")
            #expect(RawHTTP.jsonBody(r.0)?["error"] is String, "\(r.0)")
            #expect(r.1 < 3, "\(r.1) s")
        }
    }

    /// At the connection limit a new connection replaces the one that has waited longest without a request
    /// being answered; connections with a request being answered are never replaced, and when all are, the new
    /// one is refused. (The slow-connection load test against `serve` is in ExplorerCLITests.)
    @Test func newConnectionsReplaceTheLongestStalled() throws {
        let registry = ConnectionRegistry(maxConnections: 3)
        let channels = (0..<6).map { _ in EmbeddedChannel() }
        for c in channels.prefix(3) {
            guard case .admitted = registry.admit(c) else { Issue.record("not admitted below the limit"); return }
            usleep(1000)
        }
        // channels[0] is answering a request; channels[1] finished a response just now: channels[2] waited longest.
        registry.setAnswering(channels[0], true)
        registry.setAnswering(channels[1], true)
        registry.setAnswering(channels[1], false)
        guard case .evicting(let first) = registry.admit(channels[3]) else { Issue.record("no eviction at the limit"); return }
        #expect(first === channels[2])
        usleep(1000)
        guard case .evicting(let second) = registry.admit(channels[4]) else { Issue.record("no eviction at the limit"); return }
        #expect(second === channels[1])
        #expect(registry.count == 3 && registry.evicted == 2)
        registry.setAnswering(channels[3], true)
        registry.setAnswering(channels[4], true)
        guard case .refused = registry.admit(channels[5]) else { Issue.record("admitted although every connection is answering"); return }
        registry.remove(channels[0])
        guard case .admitted = registry.admit(channels[5]) else { Issue.record("not admitted after a close"); return }
        #expect(registry.count == 3)
    }
}
