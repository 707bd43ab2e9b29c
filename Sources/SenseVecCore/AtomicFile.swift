#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file atomically: everything goes to a temporary file beside the destination, which is flushed,
/// synced and then renamed over the final name. A crash or a full disk never leaves a half-written file under
/// the final name (the temporary file is removed on error).
public enum AtomicFile {
    /// Writes the bytes produced by `body` to `path` atomically.
    public static func write(to path: String, _ body: (inout BufferedWriter) throws -> Void) throws {
        var st0 = stat()
        if stat(path, &st0) == 0 && (st0.st_mode & S_IFMT) == S_IFDIR {
            throw SenseVecError("cannot write '\(path)': it is a folder")
        }
        let tmp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        // Registered before the file exists, so that a signal at any moment finds it (see TemporaryFiles).
        let slot = TemporaryFiles.shared.register(tmp)
        defer { if let slot { TemporaryFiles.shared.unregister(slot) } }
        guard let fp = fopen(tmp, "wb") else {
            throw SenseVecError("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        var writer = BufferedWriter(file: fp, path: path)
        var open = true
        do {
            try body(&writer)
            try writer.flush()
            guard fflush(fp) == 0, fsync(fileno(fp)) == 0 else {
                throw SenseVecError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            open = false
            guard fclose(fp) == 0 else {
                throw SenseVecError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            var st = stat()
            if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                throw SenseVecError("cannot write '\(path)': it is a folder")
            }
            guard rename(tmp, path) == 0 else {
                throw SenseVecError("cannot rename temporary file to '\(path)': \(String(cString: strerror(errno)))")
            }
        } catch {
            // The stream is closed exactly once; the temporary file never survives a failure.
            if open { fclose(fp) }
            unlink(tmp)
            throw error
        }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { try $0.write(bytes) }
    }

    /// Writes a UTF-8 string to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }
}

/// A buffered byte writer over a C `FILE*` that reports write errors (e.g. a full disk) as thrown errors.
public struct BufferedWriter {
    let file: UnsafeMutablePointer<FILE>
    let path: String
    var buffer: [UInt8] = []
    let capacity = 1 << 20

    init(file: UnsafeMutablePointer<FILE>, path: String) {
        self.file = file
        self.path = path
        buffer.reserveCapacity(capacity)
    }

    public mutating func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    public mutating func write(_ text: String) throws { try write(text.utf8) }

    public mutating func write(byte: UInt8) throws {
        buffer.append(byte)
        if buffer.count >= capacity { try flush() }
    }

    /// Writes the raw bytes of a buffer of trivial values (e.g. little-endian Float32 rows).
    public mutating func writeRaw<T>(_ values: UnsafeBufferPointer<T>) throws {
        try write(UnsafeRawBufferPointer(values))
    }

    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard n == buffer.count else {
            throw SenseVecError("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
