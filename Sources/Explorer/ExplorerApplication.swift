import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOHTTP1
import SenseVecCore

/// The explorer's HTTP application: the JSON API, the static page, and the map computed in the background.
///
/// Routes (all answers JSON unless noted; errors are `{"error": "…"}` with a 4xx/5xx status):
/// - `GET /` the page (HTML), `GET /app.js`, `GET /style.css`
/// - `GET /healthz` → `{"status": "ok", "kind", "words", "points", "dimension", "map"}`
/// - `GET /api/neighbors?word=W&k=10` → `{"word", "neighbors": [{"word", "similarity"}]}`
/// - `GET /api/analogy?a=A&b=B&c=C&k=10&method=add|mul` → `{"query": [A, B, C], "neighbors": […]}`
/// - `GET /api/senses?word=W&k=10` → `{"word", "senses": [{"index", "label", "prior", "neighbors"}]}`
/// - `POST /api/disambiguate` `{"sentence", "word", "position"?, "k"?}` →
///   `{"word", "position", "tokens", "best", "senses": [{…, "posterior"}], "context": [{"word", "position", "weight"}]}`
/// - `GET /api/map` → `{"method", "note"?, "columns"?, "points": [{"word", "sense"?, "x", "y", "stop"?, "meta"?}]}`
///   (503 while computing)
public final class ExplorerService: Sendable {
    public let model: any ExplorerModel
    public let limits: ExplorerLimits
    public let map: MapStore
    /// Answers `/api/neighbors`: neighbour table when ready, else batched exact scans.
    public let neighborService: NeighborService
    let cache: ResponseCache
    let assets: [String: (contentType: String, body: ByteBuffer)]

    public init(model: any ExplorerModel, limits: ExplorerLimits = ExplorerLimits(), map: MapStore = MapStore(),
                neighbors: NeighborService? = nil) throws {
        self.model = model
        self.limits = limits
        self.map = map
        self.neighborService = neighbors ?? NeighborService(index: model.index, maxQueued: limits.maxQueuedScans)
        self.cache = ResponseCache(capacity: limits.cacheCapacity)
        self.assets = try Self.loadAssets()
    }

    /// The page's files, read once from the package resources.
    static func loadAssets() throws -> [String: (contentType: String, body: ByteBuffer)] {
        let files: [(route: String, name: String, ext: String, type: String)] = [
            ("/", "index", "html", "text/html; charset=utf-8"),
            ("/app.js", "app", "js", "text/javascript; charset=utf-8"),
            ("/style.css", "style", "css", "text/css; charset=utf-8"),
        ]
        var assets: [String: (contentType: String, body: ByteBuffer)] = [:]
        for f in files {
            guard let url = Bundle.module.url(forResource: f.name, withExtension: f.ext, subdirectory: "Resources")
                    ?? Bundle.module.url(forResource: f.name, withExtension: f.ext),
                  let data = try? Data(contentsOf: url) else {
                throw SenseVecError("the explorer's page resource \(f.name).\(f.ext) is missing from \(Bundle.module.bundlePath)")
            }
            assets[f.route] = (f.type, ByteBuffer(bytes: data))
        }
        return assets
    }

    // MARK: routing

    /// The router with every route and the JSON error middleware.
    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        for (path, asset) in assets {
            router.get(RouterPath(path)) { _, _ in
                Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "no-cache"],
                         body: ResponseBody(byteBuffer: asset.body))
            }
        }
        router.get("/healthz") { [self] _, _ in try json(healthz()) }
        router.get("/api/neighbors") { [self] request, _ in try await neighbors(Self.query(request)) }
        router.get("/api/analogy") { [self] request, _ in try analogy(Self.query(request)) }
        router.get("/api/senses") { [self] request, _ in try senses(Self.query(request)) }
        router.post("/api/disambiguate") { [self] request, context in
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limits.maxBodyBytes {
                throw ExplorerError.tooLarge("request body of \(length) bytes is over the limit of \(limits.maxBodyBytes) bytes")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: limits.maxBodyBytes)
            } catch let e as HTTPResponseError where e.status == .contentTooLarge {
                throw ExplorerError.tooLarge("request body is over the limit of \(limits.maxBodyBytes) bytes")
            }
            return try disambiguate(body: body)
        }
        router.get("/api/map") { [self] _, _ in try mapResponse() }
        return router
    }

    /// A Hummingbird application serving this explorer on `host:port`, its connections bounded as
    /// ``ExplorerHTTP1Channel`` describes.
    public func application(host: String, port: Int, onRunning: @escaping @Sendable (Int) -> Void = { _ in })
        -> some ApplicationProtocol {
        var logger = Logger(label: "sensevec.serve")
        logger.logLevel = .warning
        let limits = limits
        let registry = ConnectionRegistry(maxConnections: limits.maxConnections)
        let server = HTTPServerBuilder { responder in
            ExplorerHTTP1Channel(responder: responder, limits: limits, registry: registry)
        }
        return Application(router: buildRouter(), server: server,
                           configuration: .init(address: .hostname(host, port: port), serverName: "sensevec"),
                           onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) },
                           logger: logger)
    }

    // MARK: handlers

    struct Health: Codable {
        var status: String, kind: String, words: Int, points: Int, dimension: Int, map: String
        /// How neighbour queries are answered: "scan", "table computing 42%", "table ready (k ≤ 100)", "ivf building 42%",
        /// "ivf ready (2000 lists, nprobe 2, recall@10 0.9997 on 400 queries)".
        var neighbors: String
        var version: String
    }

    func healthz() -> Health {
        Health(status: "ok", kind: model.kind, words: model.wordCount, points: model.pointCount,
               dimension: model.dimension, map: map.statusText, neighbors: neighborService.statusText, version: SenseVecVersion.string)
    }

    /// The query parameters (percent-decoded; the first value wins when a name repeats).
    static func query(_ request: Request) -> [String: String] {
        var q: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where q[String(key)] == nil { q[String(key)] = String(value) }
        return q
    }

    var deadline: ContinuousClock.Instant { .now + limits.requestTimeout }

    func word(_ q: [String: String], _ name: String) throws -> String {
        try ExplorerRequests.word(q, name, limits: limits)
    }

    func k(_ q: [String: String], default value: Int = 10) throws -> Int {
        try ExplorerRequests.k(q, limits: limits, default: value)
    }

    /// Answers from the cache, or computes, encodes and caches.
    func cached(_ key: String, _ compute: () throws -> some Encodable) throws -> Response {
        if let hit = cache.get(key) { return Self.jsonResponse(hit) }
        let body = try Self.encode(try compute())
        cache.set(key, body)
        return Self.jsonResponse(body)
    }

    func neighbors(_ q: [String: String]) async throws -> Response {
        let w = try word(q, "word"), k = try k(q)
        let key = "n\u{1}\(k)\u{1}\(w)"
        if let hit = cache.get(key) { return Self.jsonResponse(hit) }
        let found = try await neighborService.neighbors(try model.neighborQuery(for: w, k: k), deadline: deadline)
        let body = try Self.encode(NeighborsResult(word: w, neighbors: found.map { Self.rounded(ScoredWord($0)) }))
        cache.set(key, body)
        return Self.jsonResponse(body)
    }

    func analogy(_ q: [String: String]) throws -> Response {
        let a = try word(q, "a"), b = try word(q, "b"), c = try word(q, "c"), k = try k(q)
        let method = try ExplorerRequests.method(q)
        return try cached("a\u{1}\(k)\u{1}\(method.rawValue)\u{1}\(a)\u{1}\(b)\u{1}\(c)") {
            var r = try model.analogy(a: a, b: b, c: c, k: k, method: method, deadline: deadline)
            r.neighbors = r.neighbors.map(Self.rounded)
            return r
        }
    }

    func senses(_ q: [String: String]) throws -> Response {
        let w = try word(q, "word"), k = try k(q)
        return try cached("s\u{1}\(k)\u{1}\(w)") {
            var r = try model.senses(of: w, k: k, deadline: deadline)
            for i in r.senses.indices { r.senses[i].neighbors = r.senses[i].neighbors.map(Self.rounded) }
            return r
        }
    }

    /// Splits a sentence into tokens (``ExplorerRequests/tokenize(_:)``).
    public static func tokenize(_ sentence: String) -> [String] { ExplorerRequests.tokenize(sentence) }

    func disambiguate(body: ByteBuffer) throws -> Response {
        let r = try ExplorerRequests.disambiguation(body: Data(buffer: body), limits: limits, contains: model.contains)
        var result = try model.disambiguate(tokens: r.tokens, position: r.position, window: limits.window, k: r.k,
                                            deadline: deadline)
        for i in result.senses.indices { result.senses[i].neighbors = result.senses[i].neighbors.map(Self.rounded) }
        return try json(result)
    }

    func mapResponse() throws -> Response {
        switch map.state {
        case .ready(_, let body): return Self.jsonResponse(body)
        case .computing(let fraction):
            throw ExplorerError.unavailable("the map is still being computed (\(Int((fraction * 100).rounded()))%); try again shortly")
        case .failed(let message): throw ExplorerError.unavailable("the map could not be computed: \(message)")
        case .disabled: throw ExplorerError.unavailable("this server was started without a map")
        }
    }

    // MARK: encoding

    static func rounded(_ n: ScoredWord) -> ScoredWord {
        ScoredWord(word: n.word, similarity: (n.similarity * 1e6).rounded() / 1e6)
    }

    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return ByteBuffer(bytes: try encoder.encode(value))
    }

    func json(_ value: some Encodable) throws -> Response { Self.jsonResponse(try Self.encode(value)) }

    static func jsonResponse(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: body))
    }

    static func errorResponse(_ message: String, status: HTTPResponse.Status) -> Response {
        jsonResponse(errorBody(message), status: status)
    }

    /// `{"error": message}`.
    static func errorBody(_ message: String) -> ByteBuffer {
        struct Body: Encodable { var error: String }
        return (try? encode(Body(error: message))) ?? ByteBuffer(string: "{\"error\": \"internal error\"}")
    }
}

/// Turns every thrown error into `{"error": "…"}` with the right status: ``ExplorerError`` codes, Hummingbird's
/// own errors (404 for an unknown route, 413 for a large body) with their status, a malformed request body
/// (NIO's `HTTPParserError` while the body is read, e.g. a bad chunk size) 400, anything else 500.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as ExplorerError {
            var response = ExplorerService.errorResponse(e.description, status: .init(code: e.statusCode))
            if e.statusCode == 503 { response.headers[.retryAfter] = "2" }
            return response
        } catch let e as HTTPError {
            let message = e.body ?? (e.status == .notFound ? "no such route: \(request.method) \(request.uri.path)" : e.status.reasonPhrase)
            return ExplorerService.errorResponse(message, status: e.status)
        } catch let e as HTTPResponseError {
            return ExplorerService.errorResponse(e.status.reasonPhrase, status: e.status)
        } catch let e as HTTPParserError {
            var response = ExplorerService.errorResponse(e.explorerMessage, status: .init(code: Int(e.responseStatus.code)))
            response.headers[.connection] = "close"
            return response
        } catch {
            return ExplorerService.errorResponse("internal error: \(error)", status: .internalServerError)
        }
    }
}
