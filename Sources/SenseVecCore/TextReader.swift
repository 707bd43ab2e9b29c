import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where text comes from: files (plain or gzip, detected by content), folders of files (recursively, sorted),
/// or standard input (`-`).
public struct TextSource: Sendable {
    public var paths: [String]
    public init(paths: [String]) { self.paths = paths }

    /// The files to read, folders expanded (sorted, hidden files skipped); throws for missing paths and devices
    /// (``InputFile/requireFinite(_:sequential:)``).
    public func expandedFiles() throws -> [String] {
        var result: [String] = []
        for path in paths {
            if path == "-" { result.append(path); continue }
            var st = stat()
            guard stat(path, &st) == 0 else {
                throw SenseVecError("cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                result.append(contentsOf: try Self.filesUnder(path))
            } else {
                try InputFile.requireFinite(path)
                result.append(path)
            }
        }
        return result
    }

    static func filesUnder(_ dir: String) throws -> [String] {
        guard let d = opendir(dir) else {
            throw SenseVecError("cannot read folder '\(dir)': \(String(cString: strerror(errno)))")
        }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        var files: [String] = []
        for name in names.sorted() {
            let p = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            var st = stat()
            guard stat(p, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR { files.append(contentsOf: try filesUnder(p)) }
            else if (st.st_mode & S_IFMT) == S_IFREG { files.append(p) }
        }
        return files
    }
}

/// Streams the bytes of one file in fixed-size chunks, decompressing gzip transparently (zlib's `gzread`
/// passes plain files through unchanged). Never loads a whole file.
public final class ChunkReader {
    private let gz: gzFile
    public let path: String
    public let chunkSize: Int
    private var buffer: [UInt8]

    public init(path: String, chunkSize: Int = 1 << 20) throws {
        self.path = path
        self.chunkSize = chunkSize
        let handle: gzFile?
        if path == "-" {
            handle = gzdopen(dup(0), "rb")
        } else {
            var st = stat()
            if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                throw SenseVecError("'\(path)' is a folder where a file was expected")
            }
            guard access(path, R_OK) == 0 else {
                throw SenseVecError("cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            handle = gzopen(path, "rb")
        }
        guard let handle else { throw SenseVecError("cannot open '\(path)'") }
        gzbuffer(handle, 1 << 17)
        self.gz = handle
        self.buffer = []
    }

    deinit { gzclose(gz) }

    /// Whether the input is gzip-compressed (false for plain input, which is passed through).
    public var isCompressed: Bool { gzdirect(gz) == 0 }

    /// Reads up to `into.count` bytes (decompressed); 0 at the end. Throws on read or decompression errors, as
    /// ``forEachChunk(_:)`` does.
    public func read(into: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = into.baseAddress, into.count > 0 else { return 0 }
        let n = gzread(gz, base, UInt32(min(into.count, Int(Int32.max))))
        if n < 0 {
            var code: Int32 = 0
            let msg = gzerror(gz, &code).map { String(cString: $0) } ?? "read error"
            throw SenseVecError("cannot read '\(path)': \(msg)")
        }
        if n == 0 {
            var code: Int32 = 0
            _ = gzerror(gz, &code)
            if code != Z_OK && code != Z_STREAM_END {
                throw SenseVecError("cannot read '\(path)': the compressed file is truncated or corrupt")
            }
        }
        return Int(n)
    }

    /// Bytes consumed from the underlying file so far (compressed bytes for .gz files).
    public var compressedOffset: Int { Int(gzoffset(gz)) }

    /// Calls `body` with successive chunks until the end of the file. Throws on read or decompression errors
    /// (e.g. a truncated .gz file).
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if buffer.count < chunkSize { buffer = [UInt8](repeating: 0, count: chunkSize) }
        while true {
            // gzread returns 0 at EOF but also on a truncated stream; `read(into:)` tells them apart.
            let n = try buffer.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}
