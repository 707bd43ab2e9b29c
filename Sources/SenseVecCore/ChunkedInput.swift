import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a ``ChunkedInput`` gets its bytes: a file through ``ChunkReader`` or bytes in memory.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns how many, 0 at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes already in memory, read as an input.
public final class MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0, let dst = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { src in _ = memcpy(dst, src.baseAddress! + offset, n) }
        offset += n
        return n
    }
}

/// An input read front to back through a window of bytes that holds only what a parser is looking at: readers
/// of large files (word2vec vectors, matrices) keep their result and this window, never the whole input.
///
/// The window starts at ``chunkSize`` bytes and grows only when one request needs more (one text line, one
/// binary row), so a reader that bounds its requests (``InputFile/maxLineLength`` for lines) reads in bounded
/// memory whatever the input's size. Offsets are relative to the start of the window; ``consume(_:)`` moves
/// the start on. Pointers into the window are valid until the next request.
public final class ChunkedInput {
    /// The input's name in messages.
    public let name: String
    /// Bytes read from the source at a time.
    public let chunkSize: Int
    /// The size of the whole input when known before reading (a plain regular file or bytes in memory).
    public let knownSize: Int?
    let source: ByteSource
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0, end = 0
    /// True once the source has no more bytes.
    public private(set) var atEnd = false
    /// Bytes before the window (consumed).
    public private(set) var offset = 0
    /// The largest the window's storage has been, in bytes: what this reader holds besides its result.
    public private(set) var peakCapacity: Int

    public init(source: ByteSource, name: String, chunkSize: Int = 1 << 20, knownSize: Int? = nil) {
        self.source = source
        self.name = name
        self.chunkSize = max(chunkSize, 16)
        self.knownSize = knownSize
        capacity = self.chunkSize
        peakCapacity = capacity
        storage = .allocate(capacity: capacity)
    }

    /// Bytes in memory (their size is known).
    public convenience init(bytes: [UInt8], name: String = "input", chunkSize: Int = 1 << 20) {
        self.init(source: MemoryByteSource(bytes), name: name, chunkSize: chunkSize, knownSize: bytes.count)
    }

    /// The file at `path` (plain or gzip, detected by content; `-` is standard input) after
    /// ``InputFile/requireFinite(_:sequential:)``: devices and folders are refused, the null device is empty.
    public convenience init(path: String, chunkSize: Int = 1 << 20) throws {
        try InputFile.requireFinite(path)
        let reader = try ChunkReader(path: path, chunkSize: chunkSize)
        var size: Int? = nil
        var st = stat()
        if InputFile.isRegularFile(path), !reader.isCompressed, stat(path, &st) == 0 { size = Int(st.st_size) }
        self.init(source: reader, name: path, chunkSize: chunkSize, knownSize: size)
    }

    deinit { storage.deallocate() }

    /// Bytes in the window.
    @inline(__always) public var count: Int { end - start }
    /// The window's first byte.
    @inline(__always) public var bytes: UnsafePointer<UInt8> { UnsafePointer(storage + start) }
    /// The window as a buffer.
    public var window: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage + start, count: end - start) }
    /// Byte `i` of the window (`i < count`).
    @inline(__always) public subscript(i: Int) -> UInt8 { storage[start + i] }
    /// Bytes of the input after the window, when its size is known.
    public var remainingAfterWindowStart: Int? { knownSize.map { max($0 - offset, 0) } }

    /// Makes `n` bytes available in the window when the input holds them; returns whether it does.
    @discardableResult
    public func request(_ n: Int) throws -> Bool {
        while end - start < n && !atEnd { try readMore(room: n) }
        return end - start >= n
    }

    /// The byte at window offset `i`, reading on as needed; nil past the end of the input.
    @inline(__always) public func byte(at i: Int) throws -> UInt8? {
        if i < end - start { return storage[start + i] }
        return try request(i + 1) ? storage[start + i] : nil
    }

    /// Drops the window's first `n` bytes (`n <= count`).
    @inline(__always) public func consume(_ n: Int) {
        start += n
        offset += n
        if start == end { start = 0; end = 0 }
    }

    /// The window offset of the first `byte` at or after `from`, reading on; nil when the input ends first.
    /// Throws `tooLong()` once more than `limit` bytes from the window start hold none.
    public func firstIndex(of byte: UInt8, from: Int = 0, limit: Int, tooLong: () -> SenseVecError) throws -> Int? {
        var from = from
        while true {
            if from < end - start, let found = memchr(storage + start + from, Int32(byte), end - start - from) {
                return found.assumingMemoryBound(to: UInt8.self) - (storage + start)
            }
            from = max(from, end - start)
            if from > limit { throw tooLong() }
            if atEnd { return nil }
            try readMore(room: end - start + 1)
        }
    }

    /// Reads once from the source (at most ``chunkSize`` bytes), first making room: the window moves to the
    /// front of the storage when the free tail is smaller than a chunk, and the storage doubles (or grows to
    /// `room`) only when the window fills it.
    private func readMore(room: Int) throws {
        if start > 0 && capacity - end < chunkSize {
            memmove(storage, storage + start, end - start)
            end -= start
            start = 0
        }
        if end == capacity || capacity < room {
            let larger = max(room, capacity * 2)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
            grown.update(from: storage + start, count: end - start)
            storage.deallocate()
            storage = grown
            end -= start
            start = 0
            capacity = larger
            peakCapacity = max(peakCapacity, larger)
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: storage + end, count: min(capacity - end, chunkSize)))
        if n == 0 { atEnd = true } else { end += n }
    }
}

extension ChunkReader: ByteSource {}
