import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SenseVec's native model container: versioned, checksummed, made of named binary sections.
///
/// Layout (all integers little-endian):
/// ```
/// "SENSEVEC" (8 bytes magic)  UInt32 formatVersion  UInt16 kindLength  kind (UTF-8)
/// UInt32 sectionCount
/// repeat: UInt16 nameLength  name (UTF-8)  UInt64 payloadLength  payload
/// "SVEND\0\0\0" (8 bytes)  UInt32 CRC-32 of every byte before this field
/// ```
/// Readers check the magic, the version (a newer file says so), the kind, every length against the file size
/// (truncation) and the CRC-32 (bit flips), and give a one-line error naming the problem.
public struct NativeModelFile: Sendable {
    public static let magic: [UInt8] = Array("SENSEVEC".utf8)
    static let endMarker: [UInt8] = Array("SVEND".utf8) + [0, 0, 0]
    /// The container version this build writes and the newest it reads.
    public static let currentVersion: UInt32 = 1

    /// What the file holds, e.g. "skipgram", "senses", "checkpoint".
    public var kind: String
    /// Named sections in file order.
    public private(set) var sections: [(name: String, payload: [UInt8])] = []

    public init(kind: String) { self.kind = kind }

    /// Adds (or replaces) a section.
    public mutating func set(_ name: String, _ payload: [UInt8]) {
        if let i = sections.firstIndex(where: { $0.name == name }) { sections[i].payload = payload }
        else { sections.append((name, payload)) }
    }

    /// Adds a section built with a ``SectionWriter``.
    public mutating func set(_ name: String, _ build: (inout SectionWriter) -> Void) {
        var w = SectionWriter()
        build(&w)
        set(name, w.bytes)
    }

    /// The payload of a section; throws when it is missing.
    public func section(_ name: String) throws -> [UInt8] {
        guard let s = sections.first(where: { $0.name == name }) else {
            throw SenseVecError("model file of kind '\(kind)' has no '\(name)' section")
        }
        return s.payload
    }

    /// A reader over a section.
    public func reader(_ name: String) throws -> SectionReader {
        SectionReader(bytes: try section(name), context: "section '\(name)'")
    }

    public func hasSection(_ name: String) -> Bool { sections.contains { $0.name == name } }

    /// The serialized bytes.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        // Appending to an array cannot fail.
        try! Self.stream(kind: kind, sections: streamedSections) { out.append(contentsOf: $0) }
        return out
    }

    /// Writes the file atomically (temporary file, fsync, rename).
    public func write(to path: String) throws {
        try Self.write(kind: kind, sections: streamedSections, to: path)
    }

    /// A section whose payload is produced while the file is written, so a large matrix goes to disk without
    /// a second copy in memory. `body` must append exactly `byteCount` bytes.
    public struct StreamedSection {
        public var name: String
        public var byteCount: Int
        public var body: (inout SectionSink) throws -> Void
        public init(name: String, byteCount: Int, body: @escaping (inout SectionSink) throws -> Void) {
            self.name = name; self.byteCount = byteCount; self.body = body
        }
    }

    /// Receives a section's bytes while a file is streamed (and keeps the running CRC-32).
    public struct SectionSink {
        let emit: (UnsafeRawBufferPointer) throws -> Void
        var crc: UInt
        var written = 0
        public mutating func append(bytes: UnsafeRawBufferPointer) throws {
            guard bytes.count > 0 else { return }
            crc = crc32(crc, bytes.bindMemory(to: Bytef.self).baseAddress, uInt(bytes.count))
            written += bytes.count
            try emit(bytes)
        }
        public mutating func append(bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try append(bytes: $0) } }
        public mutating func append<T: FixedWidthInteger>(_ v: T) throws {
            try withUnsafeBytes(of: v.littleEndian) { try append(bytes: $0) }
        }
        /// Raw little-endian Float32 values (little-endian hosts only, as ``SectionWriter``).
        public mutating func append(floats: UnsafeBufferPointer<Float>) throws { try append(bytes: UnsafeRawBufferPointer(floats)) }
    }

    var streamedSections: [StreamedSection] {
        sections.map { s in StreamedSection(name: s.name, byteCount: s.payload.count) { try $0.append(bytes: s.payload) } }
    }

    /// Writes a file of `kind` made of `sections` atomically, streaming each payload (the same bytes as
    /// ``serialized()`` of a file holding those payloads).
    public static func write(kind: String, sections: [StreamedSection], to path: String) throws {
        try AtomicFile.write(to: path) { w in
            try stream(kind: kind, sections: sections) { try w.write($0) }
        }
    }

    /// The container layout, emitted piece by piece.
    static func stream(kind: String, sections: [StreamedSection], emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withoutActuallyEscaping(emit) { emit in
            var sink = SectionSink(emit: emit, crc: crc32(0, nil, 0))
            try sink.append(bytes: magic)
            try sink.append(currentVersion)
            let k = Array(kind.utf8)
            try sink.append(UInt16(k.count)); try sink.append(bytes: k)
            try sink.append(UInt32(sections.count))
            for section in sections {
                let n = Array(section.name.utf8)
                try sink.append(UInt16(n.count)); try sink.append(bytes: n)
                try sink.append(UInt64(section.byteCount))
                let before = sink.written
                try section.body(&sink)
                guard sink.written - before == section.byteCount else {
                    throw SenseVecError("section '\(section.name)' wrote \(sink.written - before) bytes, declared \(section.byteCount)")
                }
            }
            try sink.append(bytes: endMarker)
            let crc = UInt32(sink.crc)
            try withUnsafeBytes(of: crc.littleEndian) { try emit($0) }
        }
    }

    /// The CRC-32 of a serialized file (its last four bytes), usable as a cache key.
    public static func checksum(ofFileAt path: String) throws -> UInt32 {
        let bytes = try readAll(path)
        guard bytes.count >= 4 else { throw SenseVecError("'\(path)' is not a SenseVec model file (too short)") }
        return bytes.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    /// Parses serialized bytes. `expectedKind` (if given) must match.
    public static func parse(_ bytes: [UInt8], path: String = "model", expectedKind: String? = nil) throws -> NativeModelFile {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw SenseVecError("'\(path)' is not a SenseVec model file (bad magic number)")
        }
        var r = SectionReader(bytes: bytes, context: "'\(path)'")
        r.offset = magic.count
        let version: UInt32 = try r.read()
        guard version <= currentVersion else {
            throw SenseVecError("'\(path)' was written by a newer SenseVec (format version \(version); this build reads up to \(currentVersion))")
        }
        guard version >= 1 else { throw SenseVecError("'\(path)' has an invalid format version \(version)") }
        // Check size and checksum before trusting any length.
        guard bytes.count >= magic.count + 4 + 2 + 4 + endMarker.count + 4 else {
            throw SenseVecError("'\(path)' is truncated")
        }
        let body = bytes.count - 4
        let stored = bytes[body...].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        let markerStart = body - endMarker.count
        guard Array(bytes[markerStart..<body]) == endMarker else {
            // Sections that end exactly where the marker belongs: the file is whole and its marker damaged.
            if sectionsEnd(bytes) == markerStart { throw SenseVecError("'\(path)' is corrupt (bad end marker)") }
            throw SenseVecError("'\(path)' is truncated (end marker missing)")
        }
        let computed = bytes.withUnsafeBytes { UInt32(crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt(body))) }
        guard computed == stored else {
            throw SenseVecError("'\(path)' is corrupt (checksum mismatch: stored \(String(stored, radix: 16)), computed \(String(computed, radix: 16)))")
        }
        let kindLength: UInt16 = try r.read()
        let kind = try r.readString(byteCount: Int(kindLength))
        if let expectedKind, kind != expectedKind {
            throw SenseVecError("'\(path)' holds a '\(EscapedText.printable(kind))' model, expected '\(expectedKind)'")
        }
        var file = NativeModelFile(kind: kind)
        let count: UInt32 = try r.read()
        guard r.offset <= markerStart else { throw SenseVecError("'\(path)' is truncated (header runs past the end)") }
        for _ in 0..<count {
            let nl: UInt16 = try r.read()
            let name = try r.readString(byteCount: Int(nl))
            let pl: UInt64 = try r.read()
            guard r.offset <= markerStart, pl <= UInt64(markerStart - r.offset) else {
                throw SenseVecError("'\(path)' is truncated in section '\(EscapedText.printable(name))'")
            }
            file.sections.append((name, try r.readBytes(Int(pl))))
        }
        guard r.offset == markerStart else { throw SenseVecError("'\(path)' has trailing bytes after its sections") }
        return file
    }

    /// The offset where the sections of `bytes` end according to their length fields, or nil when a length runs
    /// past the end of the bytes (read without trusting the checksum, only to tell truncation from damage).
    static func sectionsEnd(_ bytes: [UInt8]) -> Int? {
        var r = SectionReader(bytes: bytes)
        r.offset = magic.count + 4
        guard let kindLength = try? r.read(UInt16.self), (try? r.readBytes(Int(kindLength))) != nil,
              let count = try? r.read(UInt32.self) else { return nil }
        for _ in 0..<count {
            guard let nameLength = try? r.read(UInt16.self), (try? r.readBytes(Int(nameLength))) != nil,
                  let length = try? r.read(UInt64.self), length <= UInt64(r.remaining) else { return nil }
            r.offset += Int(length)
        }
        return r.offset
    }

    /// Reads and checks a model file.
    public static func read(path: String, expectedKind: String? = nil) throws -> NativeModelFile {
        try parse(readAll(path), path: path, expectedKind: expectedKind)
    }

    static func readAll(_ path: String) throws -> [UInt8] {
        var st = stat()
        guard stat(path, &st) == 0 else { throw SenseVecError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        try InputFile.requireFinite(path, sequential: false)
        try InputFile.requireFits(path, bytes: Int(st.st_size))
        guard let fp = fopen(path, "rb") else { throw SenseVecError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        defer { fclose(fp) }
        let size = Int(st.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        let n = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, fp) }
        guard n == size else { throw SenseVecError("cannot read '\(path)': short read") }
        return bytes
    }
}

/// Appends little-endian values to a byte array.
public struct SectionWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public mutating func append<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
    public mutating func append(_ v: Double) { append(v.bitPattern) }
    public mutating func append(_ v: Float) { append(v.bitPattern) }
    public mutating func append(bytes b: some Collection<UInt8>) { bytes.append(contentsOf: b) }
    /// A length-prefixed (UInt32) UTF-8 string.
    public mutating func append(string s: String) {
        let u = Array(s.utf8); append(UInt32(u.count)); bytes.append(contentsOf: u)
    }
    /// Raw little-endian Float32 values (count not written).
    public mutating func append(floats: UnsafeBufferPointer<Float>) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(floats))  // little-endian hosts only (x86_64, arm64)
    }
    public mutating func append(floats: [Float]) { floats.withUnsafeBufferPointer { append(floats: $0) } }
}

/// Reads little-endian values from a byte array with bounds checks that throw "truncated" errors.
public struct SectionReader: Sendable {
    public let bytes: [UInt8]
    public var offset = 0
    let context: String
    public init(bytes: [UInt8], context: String = "data") { self.bytes = bytes; self.context = context }

    public var remaining: Int { bytes.count - offset }

    func need(_ n: Int) throws {
        guard n >= 0, n <= remaining else { throw SenseVecError("\(context) is truncated (needed \(n) more bytes, \(remaining) left)") }
    }
    public mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        try need(MemoryLayout<T>.size)
        var v: T = 0
        withUnsafeMutableBytes(of: &v) { dst in
            bytes.withUnsafeBytes { src in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<offset + MemoryLayout<T>.size])) }
        }
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }
    /// A UInt64 count, size or position, refused when it does not fit an `Int`.
    public mutating func readCount() throws -> Int {
        let v = try read(UInt64.self)
        guard let n = Int(exactly: v) else { throw SenseVecError("\(context) holds an impossible count \(v)") }
        return n
    }
    public mutating func readDouble() throws -> Double { Double(bitPattern: try read(UInt64.self)) }
    public mutating func readFloat() throws -> Float { Float(bitPattern: try read(UInt32.self)) }
    public mutating func readBytes(_ n: Int) throws -> [UInt8] {
        try need(n); defer { offset += n }; return Array(bytes[offset..<offset + n])
    }
    public mutating func readString(byteCount n: Int) throws -> String {
        let b = try readBytes(n)
        guard let s = String(validating: b, as: UTF8.self) else { throw SenseVecError("\(context) holds invalid UTF-8 text") }
        return s
    }
    /// A length-prefixed (UInt32) UTF-8 string.
    public mutating func readString() throws -> String { try readString(byteCount: Int(try read(UInt32.self))) }
    /// `count` raw little-endian Float32 values.
    public mutating func readFloats(_ count: Int) throws -> [Float] {
        guard count >= 0, count <= remaining / 4 else { throw SenseVecError("\(context) is truncated (needed \(count) floats)") }
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<offset + count * 4])) }
        }
        offset += count * 4
        return out
    }
}
