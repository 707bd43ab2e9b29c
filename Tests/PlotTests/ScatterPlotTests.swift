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
        // A colour key explains the map; plots with classes have a legend instead.
        func texts(_ p: ScatterPlot) -> [String] {
            p.scene(width: 300, height: 300).elements.compactMap { if case let .text(t, _, _, _, _) = $0 { return t } else { return nil } }
        }
        #expect(texts(plot).contains("frequent") && texts(plot).contains("rare"))
        #expect(!texts(ScatterPlot(points: [(0, 0), (1, 1)], classes: [0, 1])).contains("frequent"))
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
        // Each label sits next to its own point, or is joined to it by a leader line no longer than the reach.
        for placement in layout.labels {
            let p = layout.frame.pixel(x: points[placement.index].x, y: points[placement.index].y)
            let cx = min(max(p.x, placement.box.x), placement.box.maxX)
            let cy = min(max(p.y, placement.box.y), placement.box.maxY)
            let dx = cx - p.x, dy = cy - p.y
            let distance = (dx * dx + dy * dy).squareRoot()
            if let leader = placement.leader {
                #expect(abs(leader[1].x - cx) < 1e-9 && abs(leader[1].y - cy) < 1e-9)
                #expect(distance <= 70 * layout.scale + 1)
            } else {
                #expect(distance < 10)
            }
        }
    }

    @Test func defaultLabelsAreFrequentContentWords() {
        var points: [(x: Double, y: Double)] = []
        for i in 0..<200 { points.append((x: Double(i % 20) * 10, y: Double(i / 20) * 10)) }
        let words = ["the", "of", "and", "to#0", "to#1", "bank#0", "had", "river"] + (8..<200).map { "w\($0)" }
        let plot = ScatterPlot(points: points, labels: words)
        let layout = plot.layout(width: 1200, height: 1200)
        let shown = Set(layout.labels.map(\.text))
        #expect(shown.contains("bank#0") && shown.contains("river") && shown.contains("w8"))
        #expect(shown.isDisjoint(with: ["the", "of", "and", "to#0", "to#1", "had"]))
        // 60 labels at most: the 60 first content words.
        #expect(layout.labels.allSatisfy { $0.index < 66 })
    }

    @Test func legendListsEachClassOnce() {
        let plot = ScatterPlot(points: [(0, 0), (1, 1), (2, 2), (3, 3)], classes: [2, 0, 2, 5], classNames: ["a", "b", "c"])
        let legend = plot.layout(width: 400, height: 400).legend
        #expect(legend.map(\.classID) == [0, 2, 5])
        #expect(legend.map(\.name) == ["a", "c", "class 5"])
    }

    @Test func longLegendsWrapIntoAtMostThreeRows() {
        let n = 200
        var points: [(x: Double, y: Double)] = []
        for i in 0..<n { points.append((Double(i), Double(i % 7))) }
        let plot = ScatterPlot(points: points, classes: Array(0..<n))
        let layout = plot.layout(width: 300, height: 300)
        let rows = Set(layout.legend.map { Int($0.swatch.y.rounded()) })
        #expect(rows.count <= 3)
        #expect(layout.legendOverflow?.text == "+\(n - layout.legend.count) more")
        // Everything in the legend stays on the canvas, above the plot area.
        for e in layout.legend {
            #expect(e.swatch.x > 0 && e.swatch.x < 300 && e.swatch.y < layout.frame.area.y)
        }
        var texts: [String] = []
        for case let .text(text, at, size, _, _) in plot.scene(width: 300, height: 300).elements {
            #expect(at.y <= 300 && TextMetrics.bounds(of: text, at: at, size: size, anchor: .start).maxX <= 300 + 1e-9 || text.count > 20)
            texts.append(text)
        }
        #expect(texts.contains { $0.hasPrefix("+") && $0.hasSuffix("more") })
    }

    @Test func aFewClassesLeaveTheWholeWidthToTheData() {
        // Long class names used to take a legend column; the band above the map leaves the width to the data.
        var rng = SplitMix(seed: 5)
        let points = (0..<300).map { _ in (x: rng.gaussian(), y: rng.gaussian()) }
        let plot = ScatterPlot(points: points, classes: (0..<300).map { $0 % 3 },
                               classNames: ["word (one sense)", "sense of a multi-sense word", "planted homograph"])
        let size = plot.preferredSize(width: 1200)
        let layout = plot.layout(width: size.width, height: size.height)
        #expect(layout.frame.area.width >= 0.95 * 1200)
        // The canvas takes the data's aspect, so the data spans (nearly) the whole area both ways.
        let xs = points.map { layout.frame.pixel(x: $0.x, y: $0.y).x }, ys = points.map { layout.frame.pixel(x: $0.x, y: $0.y).y }
        #expect((xs.max()! - xs.min()!) > 0.85 * layout.frame.area.width)
        #expect((ys.max()! - ys.min()!) > 0.85 * layout.frame.area.height)
    }

    @Test func preferredHeightFollowsTheDataAspect() {
        let wide = ScatterPlot(points: [(0, 0), (4, 1)]), tall = ScatterPlot(points: [(0, 0), (1, 4)])
        #expect(wide.preferredSize(width: 1000).height < 700)
        #expect(tall.preferredSize(width: 1000).height > 1300)
        #expect(ScatterPlot(points: [(0, 0), (1, 1)]).preferredSize(width: 1000).height > 900)
    }

    @Test func sensesAreJoinedByLinesInTheScene() {
        let points: [(x: Double, y: Double)] = [(0, 0), (1, 0), (5, 5), (0, 1), (9, 9)]
        let labels = ["bank#0", "bank#1", "river", "bank#2", "apple#0"]
        let links = LabelChoice.senseLinks(labels, points: points, rows: [0])
        #expect(links.count == 2) // three senses of bank, joined by a spanning tree; apple alone has no link
        #expect(Set(links.flatMap { [$0.0, $0.1] }) == [0, 1, 3])
        let plot = ScatterPlot(points: points, labels: labels, labelled: [0, 1, 3], links: links)
        let lines = plot.scene(width: 400, height: 400).elements.filter {
            if case let .polyline(pts, _, _, _) = $0 { return pts.count == 2 } else { return false }
        }
        #expect(lines.count >= 2)
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
