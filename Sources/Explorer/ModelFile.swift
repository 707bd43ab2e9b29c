import Foundation
import SenseVecCore

/// Reading a model file for `sensevec serve`, and its checksum (the key of the map cache).
///
/// Word vectors in word2vec's text format (optional `count dimension` header, then `word v1 … vd` lines) or
/// binary format (`count dimension\n`, then `word ` + d little-endian Float32 per row, with or without a newline
/// after each row) are read here. This reader is the explorer's own until the core module's
/// `WordVectors.load(path:)` is merged; the serve command uses that one when it exists.
public enum ModelFile {
    /// Reads word vectors from `path`, detecting text vs binary.
    public static func loadWordVectors(path: String) throws -> WordVectors {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SenseVecError("cannot read model file '\(path)'")
        }
        let bytes = [UInt8](data)
        guard let firstNewline = bytes.firstIndex(of: 10) else {
            throw SenseVecError("'\(path)' is not a word-vector file: no line break")
        }
        let header = String(decoding: bytes[..<firstNewline], as: UTF8.self).split(separator: " ")
        if header.count == 2, let n = Int(header[0]), let d = Int(header[1]), n >= 0, d > 0 {
            // Binary if the body does not look like text: count the bytes that are not printable ASCII/UTF-8.
            let sample = bytes[(firstNewline + 1)..<min(bytes.count, firstNewline + 1 + 4096)]
            let controls = sample.filter { $0 < 9 || ($0 > 13 && $0 < 32) }.count
            if controls > 0 { return try readBinary(bytes, from: firstNewline + 1, count: n, dimension: d, path: path) }
            return try readText(bytes, from: firstNewline + 1, expected: n, dimension: d, path: path)
        }
        return try readText(bytes, from: 0, expected: nil, dimension: nil, path: path)
    }

    static func readBinary(_ bytes: [UInt8], from start: Int, count n: Int, dimension d: Int, path: String) throws -> WordVectors {
        var words: [String] = [], values = [Float](); words.reserveCapacity(n); values.reserveCapacity(n * d)
        var p = start
        for row in 0..<n {
            while p < bytes.count && (bytes[p] == 10 || bytes[p] == 13) { p += 1 }
            let wordStart = p
            while p < bytes.count && bytes[p] != 32 { p += 1 }
            guard p + 1 + 4 * d <= bytes.count else {
                throw SenseVecError("'\(path)' is truncated: row \(row + 1) of \(n) is incomplete")
            }
            words.append(String(decoding: bytes[wordStart..<p], as: UTF8.self))
            p += 1
            bytes.withUnsafeBytes { raw in
                for j in 0..<d { values.append(raw.loadUnaligned(fromByteOffset: p + 4 * j, as: Float.self)) }
            }
            p += 4 * d
        }
        return try WordVectors(words: words, dimension: d, values: values)
    }

    static func readText(_ bytes: [UInt8], from start: Int, expected: Int?, dimension: Int?, path: String) throws -> WordVectors {
        var words: [String] = [], values = [Float]()
        var d = dimension
        var lineNumber = start == 0 ? 0 : 1
        var p = start
        while p < bytes.count {
            var e = p
            while e < bytes.count && bytes[e] != 10 { e += 1 }
            lineNumber += 1
            let fields = String(decoding: bytes[p..<e], as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            p = e + 1
            if fields.isEmpty { continue }
            let dim = d ?? (fields.count - 1)
            guard dim > 0, fields.count == dim + 1 else {
                throw SenseVecError("\(path):\(lineNumber): expected a word and \(dim) numbers, got \(fields.count) fields")
            }
            d = dim
            words.append(String(fields[0]))
            for f in fields.dropFirst() {
                guard let v = Float(f) else { throw SenseVecError("\(path):\(lineNumber): '\(f)' is not a number") }
                values.append(v)
            }
        }
        guard let dim = d, !words.isEmpty else { throw SenseVecError("'\(path)' holds no vectors") }
        if let expected, expected != words.count {
            throw SenseVecError("'\(path)': header says \(expected) words, found \(words.count)")
        }
        return try WordVectors(words: words, dimension: dim, values: values)
    }

    /// A 64-bit checksum of the file's bytes (FNV-1a over 8-byte words, then the tail bytes), in hex.
    public static func checksum(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SenseVecError("cannot read '\(path)'") }
        defer { try? handle.close() }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { raw in
                let words = raw.count / 8
                for i in 0..<words {
                    hash = (hash ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* prime
                }
                for i in (words * 8)..<raw.count { hash = (hash ^ UInt64(raw[i])) &* prime }
            }
            hash = (hash ^ UInt64(chunk.count)) &* prime
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
