import CZlib
import Foundation

/// A small PNG reader for tests: checks the signature and every chunk's CRC (with zlib's `crc32`, independent
/// of the encoder's own table), inflates IDAT with zlib's `uncompress`, undoes all five scanline filters and
/// returns RGBA pixels. Supports 8-bit RGB and RGBA, no interlace — what a valid file from us must be.
struct DecodedPNG {
    var width = 0
    var height = 0
    var colorType = 0
    var chunkTypes: [String] = []
    var rgba: [UInt8] = []

    func pixel(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8, UInt8) {
        let i = (y * width + x) * 4
        return (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3])
    }
}

enum PNGDecodeError: Error { case bad(String) }

func decodePNG(_ bytes: [UInt8]) throws -> DecodedPNG {
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count > 8, Array(bytes[0..<8]) == signature else { throw PNGDecodeError.bad("signature") }
    func be32(_ i: Int) -> UInt32 {
        UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
    }
    var png = DecodedPNG()
    var idat: [UInt8] = []
    var pos = 8
    var sawEnd = false
    while pos < bytes.count {
        guard pos + 12 <= bytes.count else { throw PNGDecodeError.bad("truncated chunk header") }
        let length = Int(be32(pos))
        guard pos + 12 + length <= bytes.count else { throw PNGDecodeError.bad("truncated chunk") }
        let typeAndData = Array(bytes[(pos + 4)..<(pos + 8 + length)])
        let type = String(decoding: typeAndData[0..<4], as: UTF8.self)
        let expected = be32(pos + 8 + length)
        let actual = typeAndData.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard actual == expected else { throw PNGDecodeError.bad("CRC mismatch in \(type)") }
        png.chunkTypes.append(type)
        let data = Array(typeAndData[4...])
        switch type {
        case "IHDR":
            guard png.chunkTypes.count == 1, data.count == 13 else { throw PNGDecodeError.bad("IHDR") }
            png.width = Int(UInt32(data[0]) << 24 | UInt32(data[1]) << 16 | UInt32(data[2]) << 8 | UInt32(data[3]))
            png.height = Int(UInt32(data[4]) << 24 | UInt32(data[5]) << 16 | UInt32(data[6]) << 8 | UInt32(data[7]))
            guard data[8] == 8, data[9] == 2 || data[9] == 6, data[10] == 0, data[11] == 0, data[12] == 0 else {
                throw PNGDecodeError.bad("unsupported IHDR fields")
            }
            png.colorType = Int(data[9])
        case "IDAT": idat += data
        case "IEND": sawEnd = true
        default: break
        }
        pos += 12 + length
        if sawEnd { break }
    }
    guard sawEnd, pos == bytes.count else { throw PNGDecodeError.bad("missing IEND or trailing bytes") }
    let channels = png.colorType == 6 ? 4 : 3
    let rowBytes = png.width * channels
    var raw = [UInt8](repeating: 0, count: png.height * (rowBytes + 1))
    var rawLength = uLongf(raw.count)
    let status = raw.withUnsafeMutableBufferPointer { dst in
        idat.withUnsafeBufferPointer { src in uncompress(dst.baseAddress, &rawLength, src.baseAddress, uLong(src.count)) }
    }
    guard status == Z_OK, Int(rawLength) == raw.count else { throw PNGDecodeError.bad("inflate status \(status)") }
    var previous = [UInt8](repeating: 0, count: rowBytes)
    png.rgba = [UInt8](repeating: 255, count: png.width * png.height * 4)
    for y in 0..<png.height {
        let base = y * (rowBytes + 1)
        let filter = raw[base]
        var row = Array(raw[(base + 1)..<(base + 1 + rowBytes)])
        for i in 0..<rowBytes {
            let a = i >= channels ? Int(row[i - channels]) : 0
            let b = Int(previous[i])
            let c = i >= channels ? Int(previous[i - channels]) : 0
            let predictor: Int
            switch filter {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c
                let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
            default: throw PNGDecodeError.bad("filter \(filter)")
            }
            row[i] = row[i] &+ UInt8(predictor & 0xFF)
        }
        for x in 0..<png.width {
            for ch in 0..<channels { png.rgba[(y * png.width + x) * 4 + ch] = row[x * channels + ch] }
        }
        previous = row
    }
    return png
}
