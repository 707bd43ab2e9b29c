import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Plot

/// Checks that a string parses as XML and collects element names.
final class XMLCheck: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) { elements.append(name) }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func parse(_ svg: String) -> XMLCheck? {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = check
        return parser.parse() ? check : nil
    }
}

enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Compares `text` with the checked-in golden file; SENSEVEC_UPDATE_GOLDEN=1 rewrites it instead.
    static func check(_ text: String, name: String) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SENSEVEC_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "output differs from \(name); rerun with SENSEVEC_UPDATE_GOLDEN=1 after checking it")
    }
}

@Suite struct ScatterPlotTests {
    static let tiny = ScatterPlot(
        points: [(0, 0), (1, 0.5), (0.2, 1), (0.9, 0.95)],
        labels: ["bank", "river", "money", "a<b&\"c\""],
        classes: [0, 1, 1, 2],
        classNames: ["finance", "nature", "other"],
        title: "Tiny map — 4 words",
        subtitle: "perplexity 2")

    @Test func goldenSVG() throws {
        let svg = Self.tiny.svg(width: 300, height: 240)
        try Golden.check(svg, name: "tiny-scatter.svg")
    }

    @Test func svgIsValidXMLWithEscapedText() throws {
        let svg = Self.tiny.svg(width: 300, height: 240)
        let parsed = try #require(XMLCheck.parse(svg))
        #expect(parsed.elements.first == "svg")
        #expect(parsed.elements.filter { $0 == "circle" }.count >= 4 + 3) // points + legend swatches
        #expect(parsed.text.contains("a<b&\"c\"")) // the parser unescapes what we escaped
        #expect(svg.contains("a&lt;b&amp;&quot;c&quot;"))
        #expect(parsed.text.contains("finance") && parsed.text.contains("Tiny map — 4 words"))
    }

    @Test func controlCharactersNeverBreakTheXML() {
        let plot = ScatterPlot(points: [(0, 0), (1, 1)], labels: ["bad\u{01}label", "ok"], title: "x\u{0B}y")
        #expect(XMLCheck.parse(plot.svg()) != nil)
    }

    @Test func pngShowsPointsInTheirClassColours() throws {
        let plot = ScatterPlot(points: [(0, 0), (10, 10)], classes: [0, 3])
        let layout = plot.layout(width: 200, height: 200)
        let decoded = try decodePNG(try plot.png(width: 200, height: 200))
        #expect(decoded.width == 200 && decoded.height == 200)
        for (i, p) in plot.points.enumerated() {
            let px = layout.frame.pixel(x: p.x, y: p.y)
            let (r, g, b, _) = decoded.pixel(Int(px.x), Int(px.y))
            let c = PlotPalette.categorical(i == 0 ? 0 : 3)
            // Marker opacity 0.85 over white: each channel is 0.85·c + 0.15·255.
            func expected(_ v: UInt8) -> Int { Int((0.85 * Double(v) + 0.15 * 255).rounded()) }
            #expect(abs(Int(r) - expected(c.red)) <= 2 && abs(Int(g) - expected(c.green)) <= 2
                    && abs(Int(b) - expected(c.blue)) <= 2)
        }
        // Far from both points (inside the plot area) the canvas is white.
        let empty = layout.frame.pixel(x: 10, y: 0)
        #expect(decoded.pixel(Int(empty.x), Int(empty.y)) == (255, 255, 255, 255))
    }

    @Test func withoutClassesColoursFollowFrequencyRank() {
        let plot = ScatterPlot(points: (0..<100).map { (Double($0), 0) })
        let first = plot.colour(of: 0, opacity: 1), last = plot.colour(of: 99, opacity: 1)
        let lum = { (c: PlotColor) in 0.3 * Double(c.red) + 0.59 * Double(c.green) + 0.11 * Double(c.blue) }
        #expect(lum(first) < lum(last)) // frequent = dark
        #expect(plot.layout(width: 300, height: 300).legend.isEmpty)
    }

    @Test func labelsDoNotOverlapAndStayInside() {
        var rng = SplitMix(seed: 7)
        let n = 400
        // A dense cluster and a sparse cloud, so some labels must be skipped.
        let points = (0..<n).map { i -> (x: Double, y: Double) in
            i % 2 == 0 ? (rng.gaussian() * 0.1, rng.gaussian() * 0.1) : (rng.gaussian() * 5, rng.gaussian() * 5)
        }
        let labels = (0..<n).map { "word\($0)" }
        let plot = ScatterPlot(points: points, labels: labels, labelled: Array(0..<n))
        let layout = plot.layout(width: 600, height: 600)
        let boxes = layout.labels.map(\.box)
        #expect(boxes.count > 20)
        #expect(boxes.count < n) // the cluster cannot hold all of them
        for i in 0..<boxes.count {
            #expect(layout.frame.area.contains(boxes[i]))
            for j in (i + 1)..<boxes.count { #expect(!boxes[i].intersects(boxes[j])) }
        }
        // Each label sits next to its own point.
        for placement in layout.labels {
            let p = layout.frame.pixel(x: points[placement.index].x, y: points[placement.index].y)
            let cx = min(max(p.x, placement.box.x), placement.box.maxX)
            let cy = min(max(p.y, placement.box.y), placement.box.maxY)
            let dx = cx - p.x, dy = cy - p.y
            #expect((dx * dx + dy * dy).squareRoot() < 10)
        }
    }

    @Test func defaultLabelsAreTheFirstSixty() {
        var points: [(x: Double, y: Double)] = []
        for i in 0..<200 { points.append((x: Double(i % 20) * 10, y: Double(i / 20) * 10)) }
        let plot = ScatterPlot(points: points, labels: (0..<200).map { "w\($0)" })
        let layout = plot.layout(width: 1200, height: 1200)
        #expect(!layout.labels.isEmpty)
        #expect(layout.labels.allSatisfy { $0.index < 60 })
    }

    @Test func legendListsEachClassOnce() {
        let plot = ScatterPlot(points: [(0, 0), (1, 1), (2, 2), (3, 3)], classes: [2, 0, 2, 5], classNames: ["a", "b", "c"])
        let legend = plot.layout(width: 400, height: 400).legend
        #expect(legend.map(\.classID) == [0, 2, 5])
        #expect(legend.map(\.name) == ["a", "c", "class 5"])
    }

    @Test func longLegendsStopAtTheBottom() {
        let n = 200
        var points: [(x: Double, y: Double)] = []
        for i in 0..<n { points.append((Double(i), Double(i % 7))) }
        let plot = ScatterPlot(points: points, classes: Array(0..<n))
        let scene = plot.scene(width: 300, height: 300)
        var legendTexts: [String] = []
        for case let .text(text, at, _, _, _) in scene.elements {
            #expect(at.y <= 300)
            legendTexts.append(text)
        }
        #expect(legendTexts.contains { $0.hasPrefix("+") && $0.hasSuffix("more") })
        #expect(legendTexts.count < n)
    }

    @Test func degenerateInputsStillRender() throws {
        for plot in [ScatterPlot(points: []), ScatterPlot(points: [(1, 1)]),
                     ScatterPlot(points: [(.nan, 0), (0, .infinity), (2, 2)], labels: ["x"], classes: [1])] {
            #expect(XMLCheck.parse(plot.svg(width: 100, height: 100)) != nil)
            #expect(try decodePNG(try plot.png(width: 64, height: 64)).width == 64)
        }
        #expect(throws: (any Error).self) { try ScatterPlot(points: [(0, 0)]).png(width: 8, height: 8) }
        #expect(throws: (any Error).self) { try ScatterPlot(points: [(0, 0)]).png(width: 100_000, height: 100) }
        let empty = LinePlot(series: [])
        #expect(XMLCheck.parse(empty.svg(width: 100, height: 100)) != nil)
        #expect(try decodePNG(try empty.png(width: 64, height: 64)).height == 64)
    }

    @Test func writePicksTheFormatByExtension() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plot = ScatterPlot(points: [(0, 0), (1, 1)], labels: ["a", "b"])
        try plot.write(to: dir.appendingPathComponent("m.SVG").path)
        try plot.write(to: dir.appendingPathComponent("m.png").path)
        let svg = try String(contentsOf: dir.appendingPathComponent("m.SVG"), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        let png = try [UInt8](Data(contentsOf: dir.appendingPathComponent("m.png")))
        #expect(try decodePNG(png).width == 1200)
        #expect(throws: (any Error).self) { try plot.write(to: dir.appendingPathComponent("m.jpg").path) }
        #expect(throws: (any Error).self) { try plot.write(to: "/nonexistent-dir/m.svg") }
    }

    /// Writes sample images for eyeballing when SENSEVEC_PLOT_SAMPLES names a folder.
    @Test func samples() throws {
        guard let dir = ProcessInfo.processInfo.environment["SENSEVEC_PLOT_SAMPLES"] else { return }
        var rng = SplitMix(seed: 1)
        let n = 600
        var points: [(x: Double, y: Double)] = [], classes: [Int] = []
        for i in 0..<n {
            let c = i % 10
            let angle = Double(c) / 10 * 2 * Double.pi
            points.append((6 * cos(angle) + rng.gaussian(), 6 * sin(angle) + rng.gaussian()))
            classes.append(c)
        }
        let labels = (0..<n).map { "word\($0)" }
        let names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        let plot = ScatterPlot(points: points, labels: labels, classes: classes, classNames: names,
                               title: "t-SNE of 600 points — perplexity 30, KL 1.23", subtitle: "sample")
        try plot.write(to: dir + "/scatter.png")
        try plot.write(to: dir + "/scatter.svg")
        let plain = ScatterPlot(points: points, labels: labels, title: "by frequency")
        try plain.write(to: dir + "/frequency.png")
    }
}

/// A tiny deterministic generator for test data (independent of the library's RNG).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func gaussian() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

@Suite struct MapTitleTests {
    @Test func titles() {
        #expect(ScatterPlot.mapTitle(method: "t-SNE", count: 5000, noun: "words", perplexity: 30, kl: 1.2345)
                == "t-SNE of 5,000 words — perplexity 30, KL 1.23")
        #expect(ScatterPlot.mapTitle(method: "PCA", count: 70000) == "PCA of 70,000 points")
        #expect(ScatterPlot.mapTitle(method: "SNE", count: 12, perplexity: 7.5) == "SNE of 12 points — perplexity 7.5")
        #expect(ScatterPlot.groupedThousands(1_234_567) == "1,234,567")
        #expect(ScatterPlot.groupedThousands(-1000) == "-1,000")
        #expect(ScatterPlot.groupedThousands(999) == "999")
    }
}
