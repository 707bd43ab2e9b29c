import Foundation
import Testing
@testable import Plot

@Suite struct LinePlotTests {
    static let tiny = LinePlot(series: [
        .init(name: "p", points: [(-1, 0), (0, 1), (1, 0)]),
        .init(name: "q", points: [(-1, 0.5), (1, 0.5)], dashed: true),
    ], title: "Two series", xLabel: "x", yLabel: "density")

    @Test func goldenSVG() throws {
        try Golden.check(Self.tiny.svg(width: 320, height: 200), name: "tiny-lines.svg")
    }

    @Test func svgIsValidAndHasAxesAndLegend() throws {
        let svg = Self.tiny.svg(width: 900, height: 900)
        let parsed = try #require(XMLCheck.parse(svg))
        #expect(parsed.elements.filter { $0 == "polyline" }.count >= 2 + 2 + 4) // curves, legend, ticks
        #expect(svg.contains("stroke-dasharray"))
        #expect(parsed.text.contains("density") && parsed.text.contains("0.5"))
    }

    @Test func curvesLandWhereTheFrameSaysInThePNG() throws {
        let plot = LinePlot(series: [.init(name: "", points: [(0, 1), (10, 1)], color: PlotColor(hex: 0xD55E00), lineWidth: 4)])
        let frame = plot.frame(width: 300, height: 300)
        let decoded = try decodePNG(try plot.png(width: 300, height: 300))
        let mid = frame.pixel(x: 5, y: 1)
        #expect(decoded.pixel(Int(mid.x), Int(mid.y)) == (0xD5, 0x5E, 0x00, 255))
        let below = frame.pixel(x: 5, y: 0.3)
        #expect(decoded.pixel(Int(below.x), Int(below.y)).0 > 200) // background or light grid
    }

    @Test func niceTicks() {
        let a = NiceTicks.ticks(from: 0, to: 1, target: 5)
        #expect(a.values.count == 6 && abs(a.values[1] - 0.2) < 1e-12 && a.decimals == 1)
        let b = NiceTicks.ticks(from: -7, to: 23, target: 6)
        #expect(b.values == [-5, 0, 5, 10, 15, 20] && b.decimals == 0)
        #expect(NiceTicks.label(0.5, decimals: 2) == "0.50")
        #expect(NiceTicks.label(-3, decimals: 0) == "-3")
        #expect(NiceTicks.ticks(from: 1, to: 1).values.isEmpty)
    }

    @Test func frameMapsTheDataRangeOntoTheArea() {
        let area = PixelRect(x: 10, y: 20, width: 100, height: 50)
        let f = PlotFrame(xRange: 0...10, yRange: 0...5, area: area, equalAspect: false)
        #expect(f.pixel(x: 0, y: 0) == PixelPoint(x: 10, y: 70))
        #expect(f.pixel(x: 10, y: 5) == PixelPoint(x: 110, y: 20))
        let eq = PlotFrame(xRange: 0...10, yRange: 0...10, area: area, equalAspect: true)
        #expect(eq.scaleX == eq.scaleY && eq.scaleX == 5)
        #expect(eq.pixel(x: 0, y: 0).x == 35) // centred horizontally
    }

    @Test func svgNumbersAreShortAndStable() {
        #expect(SVGRenderer.number(3) == "3")
        #expect(SVGRenderer.number(-0.004) == "0")
        #expect(SVGRenderer.number(2.345) == "2.35" || SVGRenderer.number(2.345) == "2.34")
        #expect(SVGRenderer.number(-12.5) == "-12.5")
        #expect(SVGRenderer.number(0.05) == "0.05")
        #expect(SVGRenderer.number(.nan) == "0")
    }

    @Test func sample() throws {
        guard let dir = ProcessInfo.processInfo.environment["SENSEVEC_PLOT_SAMPLES"] else { return }
        let xs = stride(from: -5.0, through: 5.0, by: 0.05).map { $0 }
        let plot = LinePlot(series: [
            .init(name: "p (two modes)", points: xs.map { ($0, exp(-($0 - 2) * ($0 - 2)) + exp(-($0 + 2) * ($0 + 2))) }, color: .ink),
            .init(name: "forward KL(p‖q): μ=0 σ=2.1", points: xs.map { ($0, 0.6 * exp(-$0 * $0 / 8)) }),
            .init(name: "reverse KL(q‖p)", points: xs.map { ($0, exp(-($0 - 2) * ($0 - 2))) }, dashed: true),
        ], title: "Fitting one Gaussian", subtitle: "sample", xLabel: "x", yLabel: "density")
        try plot.write(to: dir + "/lines.png")
        try plot.write(to: dir + "/lines.svg")
    }
}
