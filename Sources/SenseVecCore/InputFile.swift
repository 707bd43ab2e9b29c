import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks and whole-input reads for files named on the command line, so that no reader loads endless or
/// absurd input: devices such as `/dev/zero` are refused, a pipe is refused where a reader opens its input
/// more than once, a text line without a line end is cut off at ``maxLineLength``, and no input grows past
/// what memory can hold.
public enum InputFile {
    /// The longest text line a reader accepts (64 MiB) before deciding the input is not text.
    public static let maxLineLength = 64 << 20

    /// Throws a one-line error unless `path` names input that ends: a regular file, or, when `sequential` is
    /// true (the reader reads the input once, front to back), standard input (`-`), a pipe or a socket.
    /// Character and block devices (`/dev/zero`, `/dev/urandom`, a terminal) but the null device (an empty input)
    /// and folders are refused; a missing
    /// or unreadable path is reported with the system's reason.
    public static func requireFinite(_ path: String, sequential: Bool = true) throws {
        if path == "-" {
            guard sequential else {
                throw SenseVecError("standard input ('-') cannot be read here: this input is opened more than once; give a file")
            }
            return
        }
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw SenseVecError("cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            return
        case S_IFDIR:
            throw SenseVecError("'\(path)' is a folder where a file was expected")
        case S_IFIFO, S_IFSOCK:
            guard sequential else {
                throw SenseVecError("'\(path)' is a pipe: this input is opened more than once; give a regular file")
            }
        default:
            // The null device ends at once: it is read as an empty file.
            var null = stat()
            if st.st_mode & S_IFMT == S_IFCHR && stat("/dev/null", &null) == 0 && null.st_rdev == st.st_rdev { return }
            throw SenseVecError("'\(path)' is a device, not a file")
        }
    }

    /// Whether `path` names a regular file (after following links); false for `-`.
    public static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return path != "-" && stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// The bytes this process may hold for one input: a quarter of the smaller of the machine's memory and the
    /// address-space limit (`ulimit -v`), so that the copies a reader makes while parsing still fit.
    public static var memoryBudget: Int {
        var limit = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        var rl = rlimit()
        #if canImport(Glibc)
        let status = getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &rl)
        #else
        let status = getrlimit(RLIMIT_AS, &rl)
        #endif
        if status == 0, rl.rlim_cur != rlim_t.max { limit = min(limit, Int(clamping: rl.rlim_cur)) }
        return max(limit / 4, 1 << 20)
    }

    /// What an input holds, as told by its first bytes.
    public enum Content: Sendable, Equatable {
        /// Text: a line longer than ``InputFile/maxLineLength`` stops the read with an error.
        case text
        /// Binary data of `size` bytes in all, as its header says (nil: unknown, read to the end). Reading stops
        /// after `size` bytes; nothing is allocated for what a header promises, only for bytes actually read.
        case binary(size: Int?)
    }

    /// Reads all of `path` (plain or gzip, detected by content; `-` is standard input) after
    /// ``requireFinite(_:sequential:)``: text (`text` true) or binary data read to its end.
    public static func readAll(_ path: String, text: Bool) throws -> [UInt8] {
        try readAll(path) { _ in text ? .text : .binary(size: nil) }
    }

    /// Reads all of `path` (plain or gzip, detected by content; `-` is standard input) after
    /// ``requireFinite(_:sequential:)``; `content` is called once with the first bytes (up to 1 MiB, or all of a
    /// shorter input) and says how to read the rest.
    /// - Throws: ``SenseVecError`` for refused or unreadable input, an over-long text line, or input larger than
    ///   ``memoryBudget``.
    public static func readAll(_ path: String, content: (UnsafeRawBufferPointer) throws -> Content) throws -> [UInt8] {
        try requireFinite(path)
        var fileSize = 0
        var st = stat()
        if isRegularFile(path), stat(path, &st) == 0 { fileSize = Int(st.st_size) }
        let budget = memoryBudget
        try requireFits(path, bytes: fileSize)
        let reader = try ChunkReader(path: path)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fileSize + 1)
        var wanted = Int.max
        var lineLength = 0
        var line = 1
        var first = true
        var text = false
        do {
            try reader.forEachChunk { chunk in
                var chunk = chunk
                if first {
                    first = false
                    switch try content(chunk) {
                    case .text: text = true
                    case .binary(let size): wanted = max(size ?? .max, 0)
                    }
                }
                if chunk.count > wanted - bytes.count { chunk = UnsafeRawBufferPointer(rebasing: chunk[0..<(wanted - bytes.count)]) }
                if chunk.count > budget - bytes.count { try requireFits(path, bytes: budget + 1) }
                if text, let base = chunk.baseAddress {
                    var p = 0
                    while p < chunk.count {
                        let newline = memchr(base + p, 0x0A, chunk.count - p)
                        let end = newline.map { UnsafeRawPointer($0) - base } ?? chunk.count
                        lineLength += end - p
                        if lineLength > maxLineLength {
                            throw SenseVecError("'\(path)': line \(line) is longer than \(maxLineLength >> 20) MiB without a line end; this is not a text file")
                        }
                        if newline == nil { break }
                        lineLength = 0
                        line += 1
                        p = end + 1
                    }
                }
                bytes.append(contentsOf: chunk)
                if bytes.count >= wanted { throw StopReading() }
            }
        } catch is StopReading {}
        return bytes
    }

    /// Throws unless `bytes` of `path` fit in ``memoryBudget``.
    public static func requireFits(_ path: String, bytes: Int) throws {
        let budget = memoryBudget
        guard bytes <= budget else {
            throw SenseVecError("'\(path)' is too large to read: more than the \(megabytes(budget)) MB this process can hold for one input (a quarter of its memory)")
        }
    }

    /// Throws unless a result of `bytes` (what a header promises, before anything is allocated for it) fits in
    /// ``memoryBudget``; the error is `describe()` followed by the budget.
    public static func requireResultFits(bytes: Int, _ describe: () -> String) throws {
        let budget = memoryBudget
        guard bytes <= budget else {
            throw SenseVecError("\(describe()) (\(bytes == .max ? "more than any memory" : "\(megabytes(bytes)) MB")), more than the \(megabytes(budget)) MB this process can hold for one input (a quarter of its memory)")
        }
    }

    private struct StopReading: Error {}

    static func megabytes(_ n: Int) -> Int { (n + (1 << 20) - 1) >> 20 }
}

/// The lines of a file descriptor (standard input by default), each returned as soon as it has arrived, so that
/// interactive queries are answered one by one; `\n` or `\r\n` is removed. A line longer than
/// ``InputFile/maxLineLength`` throws instead of growing without end (`< /dev/zero`).
public final class InputLines {
    let fd: Int32
    let name: String
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity = 1 << 16
    /// Unread bytes are `start..<end`; `start..<scanned` holds no line end.
    private var start = 0, end = 0, scanned = 0
    private var atEnd = false
    private var line = 0

    /// Lines of `fileDescriptor` (not closed here); `name` appears in error messages.
    public init(fileDescriptor: Int32 = 0, name: String = "standard input") {
        fd = fileDescriptor
        self.name = name
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// The next line, or nil at the end of the input.
    public func next() throws -> String? {
        while true {
            let from = max(start, scanned)
            if from < end, let found = memchr(buffer + from, 0x0A, end - from) {
                let newline = found.assumingMemoryBound(to: UInt8.self) - buffer
                var last = newline
                if last > start && buffer[last - 1] == 0x0D { last -= 1 }
                defer { start = newline + 1; scanned = start; line += 1 }
                return String(decoding: UnsafeBufferPointer(start: buffer + start, count: last - start), as: UTF8.self)
            }
            scanned = end
            if atEnd {
                guard start < end else { return nil }
                defer { start = end; line += 1 }
                return String(decoding: UnsafeBufferPointer(start: buffer + start, count: end - start), as: UTF8.self)
            }
            if end - start > InputFile.maxLineLength {
                throw SenseVecError("\(name): line \(line + 1) is longer than \(InputFile.maxLineLength >> 20) MiB without a line end; this is not text")
            }
            if start > 0 {
                memmove(buffer, buffer + start, end - start)
                end -= start
                scanned -= start
                start = 0
            }
            if end == capacity {
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                larger.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
            let n = read(fd, buffer + end, capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw SenseVecError("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if n == 0 { atEnd = true }
            end += n
        }
    }
}
