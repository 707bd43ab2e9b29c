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

    static func render(_ width: Int, _ height: Int, background: PlotColor = .white, _ elements: [PlotElement]) -> Raster {
        RasterRenderer.render(PlotScene(width: width, height: height, background: background, elements: elements))
    }

    @Test func rasterRoundTripsThroughPNG() throws {
        let raster = Self.render(40, 30, [
            .rectangle(PixelRect(x: 2, y: 3, width: 10, height: 5), fill: PlotColor(hex: 0xFF0000), stroke: nil, strokeWidth: 0),
            .circle(center: PixelPoint(x: 30, y: 20), radius: 6, fill: PlotColor(hex: 0x0072B2), stroke: nil, strokeWidth: 0),
        ])
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
        let raster = Self.render(5, 4, background: PlotColor.white.withOpacity(0), [
            .rectangle(PixelRect(x: 1, y: 1, width: 2, height: 2), fill: PlotColor(hex: 0x00FF00), stroke: nil, strokeWidth: 0),
        ])
        let decoded = try decodePNG(try raster.png())
        #expect(decoded.colorType == 6)
        #expect(decoded.pixel(0, 0).3 == 0)
        #expect(decoded.pixel(1, 1) == (0, 255, 0, 255))
    }

    @Test func antiAliasedEdgesArePartiallyCovered() {
        let raster = Self.render(20, 20, [.circle(center: PixelPoint(x: 10, y: 10), radius: 5.3, fill: .black, stroke: nil, strokeWidth: 0)])
        // A pixel whose centre is about 5.3 px away sits on the edge: neither white nor black.
        let edge = raster.pixel(x: 15, y: 10) // centre at distance 5.5
        #expect(edge.red > 0 && edge.red < 255)
        #expect(raster.pixel(x: 10, y: 10).red == 0)
        #expect(raster.pixel(x: 18, y: 10).red == 255)
    }

    @Test func dashedLinesHaveGaps() {
        let line = [PixelPoint(x: 5, y: 5), PixelPoint(x: 95, y: 5)]
        let solid = Self.render(100, 10, [.polyline(points: line, width: 2, color: .black, dashed: false)])
        let dashed = Self.render(100, 10, [.polyline(points: line, width: 2, color: .black, dashed: true)])
        let solidInk = (5..<95).filter { solid.pixel(x: $0, y: 5).red < 128 }.count
        let dashedInk = (5..<95).filter { dashed.pixel(x: $0, y: 5).red < 128 }.count
        #expect(solidInk >= 89)
        #expect(dashedInk > 30 && dashedInk < 75) // 6 on, 4 off
    }

    @Test func rejectsWrongBufferSizes() {
        #expect(throws: (any Error).self) { try PNGEncoder.encode(rgba: [0, 0, 0], width: 1, height: 1) }
        #expect(throws: (any Error).self) { try PNGEncoder.encode(rgba: [], width: 0, height: 1) }
    }

    @Test func textIsAntiAliasedAndInsideItsMetricBox() {
        let at = PixelPoint(x: 10, y: 25)
        let raster = Self.render(160, 40, [.text("Hello, gy!", at: at, size: 20, color: .black, anchor: .start)])
        let box = TextMetrics.bounds(of: "Hello, gy!", at: at, size: 20, anchor: .start)
        var inked = 0, partial = 0
        for y in 0..<40 {
            for x in 0..<160 where raster.pixel(x: x, y: y).red < 255 {
                inked += 1
                if raster.pixel(x: x, y: y).red > 20 { partial += 1 }
                #expect(Double(x) >= box.x - 1 && Double(x) < box.maxX + 1)
                #expect(Double(y) >= box.y - 1 && Double(y) < box.maxY + 1)
            }
        }
        #expect(inked > 100)
        // Anti-aliased glyph edges: many pixels are neither white nor (nearly) black.
        #expect(partial > inked / 5)
        // The box is as wide as the ink: the measured advances are the drawn ones.
        var inkRight = 0
        for x in 0..<160 where (0..<40).contains(where: { raster.pixel(x: x, y: $0).red < 200 }) { inkRight = x }
        let right = Double(inkRight)
        #expect(right > box.maxX - 8 && right <= box.maxX + 1)
    }

    @Test func textMetricsAreProportionalAndScaleLinearly() {
        // A real proportional font: "i" is narrower than "W", and widths scale with the size.
        #expect(TextMetrics.width(of: "i", size: 10) < TextMetrics.width(of: "W", size: 10) / 2)
        let w10 = TextMetrics.width(of: "meaning", size: 10), w30 = TextMetrics.width(of: "meaning", size: 30)
        #expect(abs(w30 - 3 * w10) < 1e-9 && w10 > 20 && w10 < 60)
        #expect(TextMetrics.width(of: "", size: 12) == 0)
        #expect(abs(TextMetrics.width(of: "ab", size: 12) - TextMetrics.width(of: "a", size: 12) - TextMetrics.width(of: "b", size: 12)) < 1e-9)
    }
}
