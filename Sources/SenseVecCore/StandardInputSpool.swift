#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard input copied to a temporary file, for readers that pass over their text more than once (counting
/// the vocabulary, then encoding): a pipe can be read only once. The bytes are copied as they come (a gzip
/// stream stays compressed; ``ChunkReader`` detects it in the copy), into `$TMPDIR` (or `/tmp`) as
/// `sensevec-stdin-PID-N`. The file is registered with ``TemporaryFiles``, so Ctrl-C, SIGTERM and SIGHUP
/// remove it, and it is removed by ``remove()`` or when the spool is released.
public final class StandardInputSpool {
    /// The temporary copy.
    public let path: String
    /// Bytes copied.
    public let bytes: Int
    private var slot: Int?
    private var removed = false

    /// Copies all of file descriptor `descriptor` (standard input by default) into a new temporary file in
    /// `directory` (default `$TMPDIR`, else `/tmp`). Throws when the file cannot be created or written
    /// (a full disk names the folder), or when reading fails.
    public init(descriptor: Int32 = 0, directory: String? = nil) throws {
        let env = getenv("TMPDIR").map { String(cString: $0) }
        let folder = directory ?? (env.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        path = base + "sensevec-stdin-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        slot = TemporaryFiles.shared.register(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            if let slot { TemporaryFiles.shared.unregister(slot) }
            slot = nil
            removed = true
            throw SenseVecError("cannot copy standard input to a temporary file in '\(folder)': \(reason) (set TMPDIR to a writable folder)")
        }
        var total = 0
        var failure: String? = nil
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        copying: while true {
            let n = read(descriptor, buffer, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                failure = "cannot read standard input: \(String(cString: strerror(errno)))"
                break
            }
            if n == 0 { break }
            var written = 0
            while written < n {
                let w = write(fd, buffer + written, n - written)
                if w < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot copy standard input to '\(path)': \(String(cString: strerror(errno))) (set TMPDIR to a folder with room)"
                    break copying
                }
                written += w
            }
            total += n
        }
        if close(fd) != 0 && failure == nil {
            failure = "cannot copy standard input to '\(path)': \(String(cString: strerror(errno)))"
        }
        bytes = total
        if let failure {
            remove()
            throw SenseVecError(failure)
        }
    }

    deinit { remove() }

    /// Removes the temporary copy (also done when the spool is released).
    public func remove() {
        guard !removed else { return }
        removed = true
        unlink(path)
        if let slot { TemporaryFiles.shared.unregister(slot) }
        slot = nil
    }

    /// `paths` with `-` replaced by a spool of standard input, and the spool (nil when `-` is not among them).
    /// Throws when `-` is given more than once (standard input can be read only once) or cannot be copied.
    public static func replacingStandardInput(in paths: [String], directory: String? = nil) throws -> (paths: [String], spool: StandardInputSpool?) {
        let dashes = paths.filter { $0 == "-" }.count
        guard dashes > 0 else { return (paths, nil) }
        guard dashes == 1 else { throw SenseVecError("standard input (-) can be read only once: give - once") }
        let spool = try StandardInputSpool(directory: directory)
        return (paths.map { $0 == "-" ? spool.path : $0 }, spool)
    }
}
