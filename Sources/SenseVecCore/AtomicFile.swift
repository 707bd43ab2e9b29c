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
        try withoutActuallyEscaping(body) { body in try write([(path, body)]) }
    }

    /// Writes several files as one unit (a projector vectors file and its metadata, say): every file is first
    /// written to its own temporary file and synced, and only then renamed over its final name. When a write fails,
    /// no final file has changed. When a rename fails, the files already renamed are put back, so the old set stays
    /// whole: before the first rename each existing file is hard-linked to a backup name (or, on a file system
    /// without hard links, renamed to it just before its replacement), the backups are restored, and a file that
    /// did not exist before is removed again.
    public static func write(_ files: [(path: String, body: (inout BufferedWriter) throws -> Void)]) throws {
        for (path, _) in files { try refuseFolder(path) }
        var temporaries: [(path: String, slot: Int?)] = []
        var renamed = 0
        defer {
            for (i, t) in temporaries.enumerated() {
                if i >= renamed { unlink(t.path) }
                if let slot = t.slot { TemporaryFiles.shared.unregister(slot) }
            }
        }
        for (path, body) in files {
            let tmp = temporaryName(for: path)
            // Registered before the file exists, so that a signal at any moment finds it (see TemporaryFiles).
            temporaries.append((tmp, TemporaryFiles.shared.register(tmp)))
            try writeSynced(tmp, finalPath: path, body)
        }
        if files.count == 1 {
            try refuseFolder(files[0].path)
            try rename(temporaries[0].path, to: files[0].path)
            renamed = 1
            return
        }
        // The old version of each file: nil when there was none; `aside` when it must be renamed away first. A
        // hard-link backup is registered like a temporary file (a signal removes the extra name, never data that
        // has no other name); a file renamed aside is not, as it is then the only copy of the old file.
        var backups: [(path: String, aside: Bool)?] = []
        var backupSlots: [Int] = []
        defer {
            for case let b? in backups where !b.aside { unlink(b.path) }
            for slot in backupSlots { TemporaryFiles.shared.unregister(slot) }
        }
        for (path, _) in files {
            var st = stat()
            guard lstat(path, &st) == 0 else { backups.append(nil); continue }
            if (st.st_mode & S_IFMT) == S_IFDIR { throw SenseVecError("cannot write '\(path)': it is a folder") }
            let backup = temporaryName(for: path)
            let slot = TemporaryFiles.shared.register(backup)
            let linked = link(path, backup) == 0
            if let slot { if linked { backupSlots.append(slot) } else { TemporaryFiles.shared.unregister(slot) } }
            backups.append((backup, !linked))
        }
        func restore(upTo last: Int) {
            for j in 0..<last {
                if let b = backups[j] { if (try? rename(b.path, to: files[j].path)) != nil { backups[j] = nil } }
                else { unlink(files[j].path) }
            }
        }
        for (i, (path, _)) in files.enumerated() {
            var movedAside = false
            do {
                if let b = backups[i], b.aside {
                    try rename(path, to: b.path)
                    backups[i] = (b.path, false)
                    movedAside = true
                }
                try rename(temporaries[i].path, to: path)
                renamed = i + 1
            } catch {
                if movedAside, let b = backups[i], (try? rename(b.path, to: path)) != nil { backups[i] = nil }
                restore(upTo: i)
                throw error
            }
        }
    }

    static func temporaryName(for path: String) -> String {
        path + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
    }

    static func refuseFolder(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw SenseVecError("cannot write '\(path)': it is a folder")
        }
    }

    static func rename(_ tmp: String, to path: String) throws {
        #if canImport(Glibc)
        let result = Glibc.rename(tmp, path)
        #else
        let result = Darwin.rename(tmp, path)
        #endif
        guard result == 0 else {
            throw SenseVecError("cannot rename temporary file to '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `body`'s bytes to `tmp`, flushed and synced; errors name `finalPath`. The file is removed on error.
    static func writeSynced(_ tmp: String, finalPath path: String, _ body: (inout BufferedWriter) throws -> Void) throws {
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
