import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 client over POSIX loopback sockets, for the explorer's tests (ExplorerTests and
/// CLITests): it sends what no well-behaved client library would (malformed requests, stalled headers, floods)
/// and runs on its own threads, never on Swift's cooperative pool, which the server under test needs.
public enum RawHTTP {
    /// Under a sanitizer (scripts/sanitizers.sh sets SENSEVEC_SANITIZER) everything runs several times slower:
    /// time bounds are multiplied by this.
    public static let slowdown = ProcessInfo.processInfo.environment["SENSEVEC_SANITIZER"] == nil ? 1 : 4

    /// A connection to 127.0.0.1:`port` whose connect, send and receive give up after `milliseconds`; nil when
    /// it cannot connect. The default is long enough that a request delayed by a whole test suite running on the
    /// same 2 cores still gets its answer.
    public static func connect(port: Int, milliseconds: Int = 30_000 * slowdown) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var tv = timeval(tv_sec: milliseconds / 1000, tv_usec: Int((milliseconds % 1000) * 1000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if ok != 0 { close(fd); return nil }
        return fd
    }

    /// Sends all of `bytes`; false when the connection fails first.
    public static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Sends `text` as UTF-8.
    public static func send(_ fd: Int32, _ text: String) -> Bool { send(fd, Array(text.utf8)) }

    /// Reads until the server closes (or the receive timeout): the whole response.
    public static func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// One raw exchange on a new connection: the status (nil: no answer), the whole response as text, whether the
    /// server closed the connection (rather than the receive timing out), the time until then, and the time from
    /// the first byte of the answer until then.
    public static func exchange(port: Int, _ raw: [UInt8], milliseconds: Int = 30_000 * slowdown)
        -> (status: Int?, text: String, closed: Bool, seconds: Double, afterResponse: Double) {
        let start = ContinuousClock.now
        guard let fd = connect(port: port, milliseconds: milliseconds) else { return (nil, "", false, 0, 0) }
        defer { close(fd) }
        guard send(fd, raw) else { return (nil, "", false, 0, 0) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var closed = false
        var firstByte: ContinuousClock.Instant?
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { closed = true; break }
            if n < 0 { closed = errno == ECONNRESET; break }
            if firstByte == nil { firstByte = .now }
            out += buffer[0..<n]
        }
        let end = ContinuousClock.now
        let seconds = Double((end - start) / .milliseconds(1)) / 1000
        let afterResponse = firstByte.map { Double((end - $0) / .milliseconds(1)) / 1000 } ?? seconds
        let text = String(decoding: out, as: UTF8.self)
        let parts = text.prefix(32).split(separator: " ")
        return (parts.count >= 2 ? Int(parts[1]) : nil, text, closed, seconds, afterResponse)
    }

    /// Sends one request (with `Connection: close`) on a new connection: the status code (nil: no answer) and
    /// the seconds until the response ended.
    public static func request(port: Int, _ raw: [UInt8], milliseconds: Int = 30_000 * slowdown) -> (status: Int?, seconds: Double) {
        let r = exchange(port: port, raw, milliseconds: milliseconds)
        return (r.status, r.seconds)
    }

    /// The JSON body of a response text (after the blank line).
    public static func jsonBody(_ text: String) -> [String: Any]? {
        guard let r = text.range(of: "\r\n\r\n") else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(text[r.upperBound...].utf8))) as? [String: Any]
    }

    /// `GET path` with `Connection: close`.
    public static func get(_ path: String) -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    }

    /// `POST path` of a JSON body with `Connection: close`; `declaredLength` overrides the Content-Length.
    public static func post(_ path: String, body: [UInt8], declaredLength: Int? = nil) -> [UInt8] {
        Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(declaredLength ?? body.count)\r\n\r\n".utf8) + body
    }

    /// Runs `body(i)` for i in 0..<n on `threads` plain threads and returns the results in order.
    public static func onThreads<T: Sendable>(_ n: Int, threads: Int, _ body: @escaping @Sendable (Int) -> T) async -> [T] {
        let results = Mutex<[Int: T]>([:])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let remaining = Mutex(threads)
            for t in 0..<threads {
                Thread.detachNewThread {
                    var i = t
                    while i < n {
                        let r = body(i)
                        results.withLock { $0[i] = r }
                        i += threads
                    }
                    if remaining.withLock({ $0 -= 1; return $0 }) == 0 { done.resume() }
                }
            }
        }
        return results.withLock { r in (0..<n).map { r[$0]! } }
    }

    /// Runs `body` on a plain thread of its own.
    public static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await onThreads(1, threads: 1) { _ in body() }[0]
    }
}
