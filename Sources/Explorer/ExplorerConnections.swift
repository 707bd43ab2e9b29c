import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The explorer's HTTP/1.1 connections: Hummingbird's request handling behind a channel pipeline that bounds
/// what a client can hold.
///
/// Pipeline, socket side first: ``HeaderDeadlineHandler`` (complete headers within
/// ``ExplorerLimits/headerTimeout`` of a request's first byte, else 408 and close), NIO's HTTP/1 decoder and
/// encoder, ``ExplorerConnectionHandler`` (malformed requests answered with a JSON 400/431/501 and closed;
/// `Connection: close` and HTTP/1.0 without keep-alive closed after the response), the HTTP types codec,
/// Hummingbird's idle timeout (``ExplorerLimits/idleTimeout``), then the router.
///
/// At most ``ExplorerLimits/maxConnections`` are open: a new connection beyond it closes the open connection that
/// has waited longest without a request being answered (stalled headers, a body never sent, an idle keep-alive),
/// so stalled clients cannot keep a new client waiting in the listen backlog. Only when every open connection has
/// a request being answered is the new one closed at once.
struct ExplorerHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let limits: ExplorerLimits
    let registry: ConnectionRegistry

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try Self.configure(channel.pipeline.syncOperations, limits: limits, registry: registry, logger: logger)
            switch registry.admit(channel) {
            case .admitted: break
            case .evicting(let oldest): oldest.close(promise: nil)
            case .refused: channel.close(promise: nil)
            }
            channel.closeFuture.whenComplete { [registry] _ in registry.remove(channel) }
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel,
                                       configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }

    /// Adds the explorer's HTTP handlers to an empty pipeline; the last one reads and writes
    /// `HTTPRequestPart`/`HTTPResponsePart` (the server wraps it in an `NIOAsyncChannel`; the HTTP fuzz target
    /// drives it directly).
    static func configure(_ pipeline: ChannelPipeline.SynchronousOperations, limits: ExplorerLimits,
                          registry: ConnectionRegistry?, logger: Logger) throws {
        let deadline = HeaderDeadlineHandler(timeout: TimeAmount(limits.headerTimeout))
        try pipeline.addHandler(deadline)
        try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false,
                                                 withOutboundHeaderValidation: false, withEncoderConfiguration: .init(),
                                                 withDecoderLimitConfiguration: .init())
        try pipeline.addHandler(ExplorerConnectionHandler(deadline: deadline, registry: registry))
        try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: limits.idleTimeout, logger: logger))
    }
}

extension TimeAmount {
    init(_ duration: Duration) { self = .nanoseconds(Int64(duration / .nanoseconds(1))) }
}

/// The open connections of one server and which of them have a request being answered (see
/// ``ExplorerHTTP1Channel``). Shared by the event loops.
final class ConnectionRegistry: Sendable {
    struct Entry {
        var channel: any Channel
        /// When the connection opened or last finished a response.
        var since: ContinuousClock.Instant
        /// A complete request has been read and its response is not finished.
        var answering: Bool
    }

    enum Admission {
        case admitted
        /// Admitted in place of this connection, which the caller closes.
        case evicting(any Channel)
        /// Every open connection has a request being answered.
        case refused
    }

    let maxConnections: Int
    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])
    private let evictedCount = Atomic<Int>(0)

    init(maxConnections: Int) { self.maxConnections = max(1, maxConnections) }

    /// Connections open now.
    var count: Int { entries.withLock { $0.count } }
    /// Connections closed to make room for new ones so far.
    var evicted: Int { evictedCount.load(ordering: .relaxed) }

    func admit(_ channel: any Channel) -> Admission {
        let admission: Admission = entries.withLock { e in
            var victim: (key: ObjectIdentifier, entry: Entry)?
            if e.count >= maxConnections {
                for (key, entry) in e where !entry.answering && (victim == nil || entry.since < victim!.entry.since) {
                    victim = (key, entry)
                }
                guard let victim else { return .refused }
                e[victim.key] = nil
            }
            e[ObjectIdentifier(channel)] = Entry(channel: channel, since: .now, answering: false)
            return victim.map { .evicting($0.entry.channel) } ?? .admitted
        }
        if case .evicting = admission { evictedCount.add(1, ordering: .relaxed) }
        return admission
    }

    func remove(_ channel: any Channel) {
        entries.withLock { e in
            let id = ObjectIdentifier(channel)
            if let entry = e[id], entry.channel === channel { e[id] = nil }
        }
    }

    func setAnswering(_ channel: any Channel, _ answering: Bool) {
        entries.withLock { e in
            let id = ObjectIdentifier(channel)
            guard var entry = e[id], entry.channel === channel else { return }
            entry.answering = answering
            if !answering { entry.since = .now }
            e[id] = entry
        }
    }
}

/// The first handler of a connection: once a request's first byte has arrived, its head must be complete
/// within `timeout` (a client trickling header bytes is not idle, so the idle timeout alone would never close
/// it); otherwise the connection is answered 408 and closed.
final class HeaderDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let timeout: TimeAmount
    private var awaitingHead = true
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if awaitingHead && timer == nil {
            let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                expired(loopContext.value)
            }
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancel() }

    /// A complete request head arrived.
    func headReceived() {
        awaitingHead = false
        cancel()
    }

    /// The request was answered and read to its end: the next byte starts the next head's deadline.
    func requestFinished() { awaitingHead = true }

    private func cancel() {
        timer?.cancel()
        timer = nil
    }

    private func expired(_ context: ChannelHandlerContext) {
        timer = nil
        guard awaitingHead, context.channel.isActive else { return }
        let seconds = Double(timeout.nanoseconds) / 1e9
        let body = ExplorerService.errorBody("the request headers were not complete within \(seconds.formatted()) s")
        var head = ByteBuffer(string: "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json; charset=utf-8\r\n"
                                    + "content-length: \(body.readableBytes)\r\nconnection: close\r\n\r\n")
        head.writeImmutableBuffer(body)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(head), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}

/// Sits between NIO's HTTP/1 decoder and the HTTP types codec. Answers what the router never sees with the API's
/// JSON error shape and closes the connection: a parse error before a request head (400; 431 for oversized
/// headers), a head the HTTP types cannot represent (400), a transfer coding other than chunked (501). A parse
/// error in the body of a request being read is passed on, so the handler reading the body answers it (400,
/// ``JSONErrorMiddleware``), and the connection is closed after that response. Closes the connection after a
/// response to a request without keep-alive (`Connection: close`, or HTTP/1.0 without `keep-alive`) or a response
/// that says `Connection: close`. Tells ``ConnectionRegistry`` which connections have a request being answered.
final class ExplorerConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let deadline: HeaderDeadlineHandler
    let registry: ConnectionRegistry?
    /// Heads passed on whose responses have not ended (more than one when requests are pipelined).
    private var pendingHeads = 0
    /// The last head passed on has not reached its end.
    private var readingRequest = false
    private var closeAfterResponse = false
    /// The connection's last response was written (or is being written): nothing more is read or written.
    private var finished = false

    init(deadline: HeaderDeadlineHandler, registry: ConnectionRegistry?) {
        self.deadline = deadline
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if finished { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            deadline.headReceived()
            if let coding = Self.unsupportedTransferCoding(head.headers) {
                respond(context, .notImplemented,
                        "Transfer-Encoding '\(coding.prefix(100))' is not supported; send the body with Content-Length or chunked")
                return
            }
            do {
                _ = try HTTPRequest(head, secure: false, splitCookie: false)
            } catch {
                respond(context, .badRequest, "malformed request head: \(error)")
                return
            }
            pendingHeads += 1
            readingRequest = true
            if !head.isKeepAlive { closeAfterResponse = true }
        case .body:
            break
        case .end:
            readingRequest = false
            if pendingHeads > 0 {
                registry?.setAnswering(context.channel, true)
            } else {
                deadline.requestFinished()
            }
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        if finished { return }
        if pendingHeads > 0 {
            // The request being answered gets its response (400 when its handler reads the broken body); the
            // connection ends after it.
            closeAfterResponse = true
            if readingRequest { context.fireErrorCaught(error) }
        } else {
            respond(context, parseError.responseStatus, parseError.explorerMessage)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if finished {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "close" }) {
                closeAfterResponse = true
            } else if closeAfterResponse {
                head.headers.replaceOrAdd(name: "connection", value: "close")
            }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            pendingHeads = max(0, pendingHeads - 1)
            if pendingHeads == 0 {
                registry?.setAnswering(context.channel, false)
                if !readingRequest { deadline.requestFinished() }
            }
            if closeAfterResponse {
                finished = true
                let written = context.eventLoop.makePromise(of: Void.self)
                context.writeAndFlush(data, promise: written)
                written.futureResult.cascade(to: promise)
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            } else {
                context.write(data, promise: promise)
            }
        }
    }

    /// Writes a JSON error response and closes the connection after it.
    private func respond(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, _ message: String) {
        finished = true
        let body = ExplorerService.errorBody(message)
        let headers = HTTPHeaders([("content-type", "application/json; charset=utf-8"),
                                   ("content-length", "\(body.readableBytes)"), ("connection", "close")])
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    /// The request's transfer codings when they are anything but exactly `chunked` (nil without the header).
    static func unsupportedTransferCoding(_ headers: HTTPHeaders) -> String? {
        let values = headers["transfer-encoding"]
        guard !values.isEmpty else { return nil }
        let codings = values.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return codings == ["chunked"] ? nil : codings.joined(separator: ", ")
    }
}

extension HTTPParserError {
    /// 431 for headers over the decoder's limits, else 400.
    var responseStatus: HTTPResponseStatus {
        self == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
    }

    var explorerMessage: String {
        self == .unknown ? "malformed request: its framing is invalid (e.g. a Transfer-Encoding that does not end in chunked)"
                         : "malformed request: \(debugDescription)"
    }
}

extension ExplorerService {
    /// Raises this process's soft limit of open files to its hard limit, so that the server's connection limit,
    /// not the file limit, decides when connections are turned away (a common default soft limit is 1024).
    /// Returns the soft limit now in force.
    @discardableResult
    public static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return -1 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur >= rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }
}
