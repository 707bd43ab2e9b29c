import CZlib
import Testing
@testable import Plot

@Suite struct PNGEncoderTests {
    @Test func crc32MatchesTheStandardCheckValueAndZlib() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        var bytes: [UInt8] = []
        var state: UInt32 = 12345
        for _ in 0..<1000 { state = state &* 1_664_525 &+ 1_013_904_223; bytes.append(UInt8(state >> 24)) }
        let reference = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        #expect(CRC32.checksum(bytes) == reference)
    }

    @Test func rasterRoundTripsThroughPNG() throws {
        var raster = Raster(width: 40, height: 30, background: .white)
        raster.fillRect(PixelRect(x: 2, y: 3, width: 10, height: 5), color: PlotColor(hex: 0xFF0000))
        raster.fillCircle(center: PixelPoint(x: 30, y: 20), radius: 6, color: PlotColor(hex: 0x0072B2))
        let png = try raster.png()
        let decoded = try decodePNG(png)
        #expect(decoded.width == 40 && decoded.height == 30)
        #expect(decoded.colorType == 2) // opaque → RGB
        #expect(decoded.chunkTypes.first == "IHDR" && decoded.chunkTypes.last == "IEND")
        #expect(decoded.pixel(5, 5) == (255, 0, 0, 255))       // inside the rectangle
        #expect(decoded.pixel(30, 20) == (0, 0x72, 0xB2, 255)) // circle centre
        #expect(decoded.pixel(0, 0) == (255, 255, 255, 255))   // background
        #expect(decoded.pixel(20, 25) == (255, 255, 255, 255))
        #expect(decoded.rgba == raster.pixels)                 // every pixel survives
    }

    @Test func translucentBackgroundIsWrittenAsRGBA() throws {
        var raster = Raster(width: 5, height: 4, background: PlotColor.white.withOpacity(0))
        raster.fillRect(PixelRect(x: 1, y: 1, width: 2, height: 2), color: PlotColor(hex: 0x00FF00))
        let decoded = try decodePNG(try raster.png())
        #expect(decoded.colorType == 6)
        #expect(decoded.pixel(0, 0).3 == 0)
        #expect(decoded.pixel(1, 1) == (0, 255, 0, 255))
    }

    @Test func antiAliasedEdgesArePartiallyCovered() {
        var raster = Raster(width: 20, height: 20, background: .white)
        raster.fillCircle(center: PixelPoint(x: 10, y: 10), radius: 5.3, color: .black)
        // A pixel whose centre is about 5.3 px away sits on the edge: neither white nor black.
        let edge = raster.pixel(x: 15, y: 10) // centre at distance 5.5
        #expect(edge.red > 0 && edge.red < 255)
        #expect(raster.pixel(x: 10, y: 10).red == 0)
        #expect(raster.pixel(x: 18, y: 10).red == 255)
    }

    @Test func dashedLinesHaveGaps() {
        var solid = Raster(width: 100, height: 10), dashed = Raster(width: 100, height: 10)
        let line = [PixelPoint(x: 5, y: 5), PixelPoint(x: 95, y: 5)]
        solid.strokePolyline(line, width: 2, color: .black)
        dashed.strokePolyline(line, width: 2, color: .black, dashed: true)
        let solidInk = (5..<95).filter { solid.pixel(x: $0, y: 5).red < 128 }.count
        let dashedInk = (5..<95).filter { dashed.pixel(x: $0, y: 5).red < 128 }.count
        #expect(solidInk >= 89)
        #expect(dashedInk > 30 && dashedInk < 75) // 6 on, 4 off
    }

    @Test func rejectsWrongBufferSizes() {
        #expect(throws: (any Error).self) { try PNGEncoder.encode(rgba: [0, 0, 0], width: 1, height: 1) }
        #expect(throws: (any Error).self) { try PNGEncoder.encode(rgba: [], width: 0, height: 1) }
    }

    @Test func bitmapFontCoversPrintableASCII() {
        for v in 32...126 {
            let ch = Character(Unicode.Scalar(UInt8(v)))
            #expect(BitmapFont.hasGlyph(for: ch), "missing glyph for \(ch)")
            let g = BitmapFont.glyph(for: ch)
            #expect(g.rows.count == 7 || g.rows.count == 9)
            #expect(g.rows.allSatisfy { $0 < 32 })
        }
        // Distinct letters look distinct.
        let letters = (65...90).map { BitmapFont.glyph(for: Character(Unicode.Scalar(UInt8($0)))).rows }
        #expect(Set(letters.map { $0.map(String.init).joined(separator: ",") }).count == 26)
        #expect(!BitmapFont.hasGlyph(for: "€"))
    }

    @Test func textIsDrawnInsideItsMetricBox() {
        var raster = Raster(width: 120, height: 40)
        let at = PixelPoint(x: 10, y: 25)
        raster.drawText("Hello, gy!", at: at, size: 20, color: .black)
        let box = TextMetrics.bounds(of: "Hello, gy!", at: at, size: 20, anchor: .start)
        var inked = 0
        for y in 0..<40 {
            for x in 0..<120 where raster.pixel(x: x, y: y).red < 255 {
                inked += 1
                #expect(Double(x) >= box.x - 0.5 && Double(x) < box.maxX + 0.5)
                #expect(Double(y) >= box.y - 0.5 && Double(y) < box.maxY + 0.5)
            }
        }
        #expect(inked > 100)
    }
}
