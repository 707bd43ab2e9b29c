import Dispatch
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import SenseVecCore
import Synchronization
@testable import Explorer

/// libFuzzer entry for the explorer's raw HTTP path: the input is the bytes a client sends on one connection.
/// They go through the server's own channel pipeline (``ExplorerHTTP1Channel/configure``: header deadline, NIO's
/// HTTP/1 decoder, the explorer's connection handler, the HTTP types codec, the idle timeout) on an
/// `EmbeddedChannel`, in 1–4 reads. Each request the pipeline delivers is answered by the server's router (its body
/// a stream that ends, or throws the decoder's error as the server's body stream does) and the response is
/// written back through the pipeline, until the connection closes; then the header deadline's clock is run out.
/// Any input must end without a crash, and no response on the wire may be a 500.
enum Harness {
    static let logger: Logger = {
        var l = Logger(label: "fuzz")
        l.logLevel = .critical
        return l
    }()
    static let limits = ExplorerLimits()
    static let service: ExplorerService = {
        let rows: [(String, [Float])] = [("king", [1, 1, 0]), ("queen", [1, -1, 0]), ("man", [0, 1, 0.1]),
                                          ("woman", [0, -1, 0.1]), ("apple", [0, 0, 1])]
        let vectors = try! WordVectors(words: rows.map(\.0), dimension: 3, values: rows.flatMap(\.1))
        return try! ExplorerService(model: WordVectorsExplorerModel(vectors: vectors), limits: limits, map: MapStore(.disabled))
    }()
    static let responder = service.buildRouter().buildResponder()

    /// The parts and error that reach the end of the pipeline, in order.
    final class Collector: ChannelInboundHandler {
        typealias InboundIn = HTTPRequestPart
        enum Event { case part(HTTPRequestPart), error(any Error) }
        var events: [Event] = []
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { events.append(.part(unwrapInboundIn(data))) }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { events.append(.error(error)) }
    }

    /// Runs the router on one request on Swift's concurrency pool and waits for it.
    static func respond(_ request: Request, channel: EmbeddedChannel) -> Response {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Response?>(nil)
        let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        Task {
            let response = try? await responder.respond(to: request, context: context)
            result.withLock { $0 = response }
            done.signal()
        }
        done.wait()
        guard let response = result.withLock({ $0 }) else { fatalError("the router threw instead of answering") }
        return response
    }

    static func run(_ bytes: [UInt8]) {
        let channel = EmbeddedChannel()
        let collector = Collector()
        try! ExplorerHTTP1Channel.configure(channel.pipeline.syncOperations, limits: limits, registry: nil, logger: logger)
        try! channel.pipeline.syncOperations.addHandler(collector)
        try! channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()

        var wire: [UInt8] = []
        func drainOutbound() {
            while let out = try? channel.readOutbound(as: ByteBuffer.self) { wire += out.readableBytesView }
        }
        // Reads of the input: the first byte picks how many, the rest is split evenly.
        let payload = bytes.dropFirst()
        let reads = 1 + Int(bytes.first ?? 0) % 4
        let step = max(1, (payload.count + reads - 1) / reads)
        var start = payload.startIndex
        var consumed = 0
        while start < payload.endIndex && channel.isActive {
            let end = min(payload.endIndex, start + step)
            try? channel.writeInbound(ByteBuffer(bytes: payload[start..<end]))
            start = end
            // Answer every request that is complete (or whose body failed) so far.
            consumed = answer(collector, from: consumed, channel: channel)
            drainOutbound()
        }
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        drainOutbound()
        _ = try? channel.finish(acceptAlreadyClosed: true)

        // Every status line on the wire must be a known one and never 500.
        let text = String(decoding: wire, as: UTF8.self)
        for line in text.split(separator: "\r\n") where line.hasPrefix("HTTP/1.1 ") {
            if line.hasPrefix("HTTP/1.1 500") { fatalError("a 500 on the wire: \(line)") }
        }
    }

    /// Answers the requests in `collector.events` from index `first` on that are complete; returns the index of
    /// the first event not used.
    static func answer(_ collector: Collector, from first: Int, channel: EmbeddedChannel) -> Int {
        var i = first
        let events = collector.events
        while i < events.count, channel.isActive {
            guard case .part(.head(let head)) = events[i] else { i += 1; continue }
            var bodies: [ByteBuffer] = []
            var ending: (any Error)?? = nil   // .some(nil): end; .some(error): failed
            var j = i + 1
            scan: while j < events.count {
                switch events[j] {
                case .part(.body(let b)): bodies.append(b)
                case .part(.end): ending = .some(nil); j += 1; break scan
                case .part(.head): break scan
                case .error(let e): ending = .some(e); j += 1; break scan
                }
                j += 1
            }
            guard let ending else { return i }   // the body is still arriving
            let stream = AsyncThrowingStream<ByteBuffer, any Error> { c in
                for b in bodies { c.yield(b) }
                c.finish(throwing: ending)
            }
            let response = respond(Request(head: head, body: RequestBody(asyncSequence: stream)), channel: channel)
            if response.status.code == 500 { fatalError("500 for \(head): \(response)") }
            try? channel.writeOutbound(HTTPResponsePart.head(response.head))
            try? channel.writeOutbound(HTTPResponsePart.end(nil))
            i = j
        }
        return i
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExplorerHTTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Harness.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver (C linkage), given the entry above.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// The executable's entry: SwiftPM links an executable target's `main` to `<module>_main`, so this hands over to
/// libFuzzer's driver instead of libFuzzer's own `main`.
@_cdecl("FuzzExplorerHTTP_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzExplorerHTTP)
}
