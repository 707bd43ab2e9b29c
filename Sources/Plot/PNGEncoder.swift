import CZlib
import SenseVecCore

/// Encodes 8-bit RGBA pixels as a PNG file (ISO/IEC 15948, "Portable Network Graphics").
///
/// Layout: the 8-byte signature, then chunks `length (4, big-endian) · type (4) · data · CRC-32 (4)` where the
/// CRC covers type and data: `IHDR` (size, bit depth 8, colour type 2 = RGB or 6 = RGBA, no interlace),
/// `tEXt` (Software), one `IDAT` holding the zlib stream of the filtered scanlines, and `IEND`. Each scanline
/// is prefixed by its filter type; we pick per row the filter (None, Sub or Up) with the smallest sum of
/// absolute byte values — the heuristic the PNG specification recommends. The zlib stream comes from
/// zlib's `compress2` (level 6).
public enum PNGEncoder {
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A PNG file for `rgba` (width × height × 4 bytes, top row first). Writes RGB when every alpha is 255.
    public static func encode(rgba: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        guard width > 0, height > 0, width <= 1 << 24, height <= 1 << 24 else {
            throw SenseVecError("PNG size \(width)×\(height) is out of range")
        }
        guard rgba.count == width * height * 4 else {
            throw SenseVecError("PNG pixel buffer has \(rgba.count) bytes, expected \(width * height * 4)")
        }
        var opaque = true
        for i in stride(from: 3, to: rgba.count, by: 4) where rgba[i] != 255 { opaque = false; break }
        let channels = opaque ? 3 : 4

        // Scanlines: filter byte + pixels.
        let rowBytes = width * channels
        var raw = [UInt8](repeating: 0, count: height * (rowBytes + 1))
        var current = [UInt8](repeating: 0, count: rowBytes)
        var previous = [UInt8](repeating: 0, count: rowBytes)
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { current[x * channels + c] = rgba[(y * width + x) * 4 + c] }
            }
            // Filter 0 (None), 1 (Sub), 2 (Up); keep the one with the smallest sum of |signed bytes|.
            var bestType: UInt8 = 0
            var bestCost = cost(current)
            var best = current
            for type: UInt8 in [1, 2] {
                for i in 0..<rowBytes {
                    let predictor = type == 1 ? (i >= channels ? current[i - channels] : 0) : previous[i]
                    candidate[i] = current[i] &- predictor
                }
                let c = cost(candidate)
                if c < bestCost { bestCost = c; bestType = type; best = candidate }
            }
            let base = y * (rowBytes + 1)
            raw[base] = bestType
            for i in 0..<rowBytes { raw[base + 1 + i] = best[i] }
            swap(&previous, &current)
        }

        var ihdr: [UInt8] = []
        appendBigEndian(UInt32(width), to: &ihdr)
        appendBigEndian(UInt32(height), to: &ihdr)
        ihdr += [8, opaque ? 2 : 6, 0, 0, 0]

        var out = signature
        appendChunk("IHDR", ihdr, to: &out)
        appendChunk("tEXt", Array("Software".utf8) + [0] + Array("SenseVec \(SenseVecVersion.string)".utf8), to: &out)
        appendChunk("IDAT", try deflate(raw), to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    static func cost(_ row: [UInt8]) -> Int {
        var s = 0
        for b in row { s += b < 128 ? Int(b) : 256 - Int(b) }
        return s
    }

    /// A zlib stream (RFC 1950/1951) of `bytes`.
    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var bound = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let status = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &bound, src.baseAddress, uLong(bytes.count), 6)
            }
        }
        guard status == Z_OK else { throw SenseVecError("PNG compression failed (zlib status \(status))") }
        out.removeSubrange(Int(bound)...)
        return out
    }

    static func appendBigEndian(_ v: UInt32, to out: inout [UInt8]) {
        out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &out)
        let typeAndData = Array(type.utf8) + data
        out += typeAndData
        appendBigEndian(CRC32.checksum(typeAndData), to: &out)
    }
}
