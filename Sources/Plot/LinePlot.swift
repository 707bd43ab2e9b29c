/// A line chart: several named series of (x, y) points on shared axes with "nice" ticks, light grid lines,
/// axis titles and a legend in the upper-right corner of the plot area.
public struct LinePlot: PlotRenderable, Sendable {
    /// One named curve.
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// nil = the next colour of ``PlotPalette/categorical``.
        public var color: PlotColor?
        public var dashed: Bool
        public var lineWidth: Double

        public init(name: String, points: [(x: Double, y: Double)], color: PlotColor? = nil, dashed: Bool = false,
                    lineWidth: Double = 2) {
            self.name = name
            self.points = points
            self.color = color
            self.dashed = dashed
            self.lineWidth = lineWidth
        }
    }

    public var series: [Series]
    public var title: String
    public var subtitle: String
    public var xLabel: String
    public var yLabel: String

    public init(series: [Series], title: String = "", subtitle: String = "", xLabel: String = "", yLabel: String = "") {
        self.series = series
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Line charts read best wider than tall: 8 ∶ 5.
    public func preferredSize(width: Int) -> (width: Int, height: Int) { (width, width * 5 / 8) }

    /// The colour series `i` is drawn in.
    public func color(ofSeries i: Int) -> PlotColor {
        series[i].color ?? PlotPalette.categorical(i)
    }

    /// The data → pixel transform for a canvas of `width` × `height` (exposed for tests).
    public func frame(width: Int, height: Int) -> PlotFrame {
        let k = max(0.75, Double(min(width, height)) / 600)
        var top = 14 * k
        if !title.isEmpty { top += 22 * k }
        if !subtitle.isEmpty { top += 18 * k }
        if !yLabel.isEmpty { top += 16 * k }
        let left = 14 * k + 8 * 0.6 * 11 * k + 8 * k // room for tick labels of up to 8 characters
        let bottom = 14 * k + 11 * k + 8 * k + (xLabel.isEmpty ? 0 : 18 * k)
        let right = 20 * k
        let area = PixelRect(x: left, y: top, width: max(1, Double(width) - left - right),
                             height: max(1, Double(height) - top - bottom))
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) }
        func range(_ v: [Double], padding: Double) -> ClosedRange<Double> {
            var lo = Double.infinity, hi = -Double.infinity
            for x in v where x.isFinite { lo = min(lo, x); hi = max(hi, x) }
            if !lo.isFinite { return -0.5...0.5 }
            if hi - lo < 1e-12 * max(1, abs(lo)) { return (lo - 0.5)...(hi + 0.5) }
            return (lo - (hi - lo) * padding)...(hi + (hi - lo) * padding)
        }
        var yr = range(ys, padding: 0.05)
        // Densities and probabilities start at zero: keep the baseline when the data is non-negative.
        if let m = ys.filter(\.isFinite).min(), m >= 0 { yr = 0...yr.upperBound }
        // Leave headroom above the data for the legend box so it never hides a curve.
        let legendHeight = legendSize(scale: k).height + 16 * k
        if legendHeight > 0, legendHeight < area.height * 0.6 {
            let span = yr.upperBound - yr.lowerBound
            yr = yr.lowerBound...(yr.upperBound + span * legendHeight / (area.height - legendHeight))
        }
        return PlotFrame(xRange: range(xs, padding: 0), yRange: yr, area: area, equalAspect: false)
    }

    /// Width and height of the legend box at pixel unit `k` (zero when no series has a name).
    func legendSize(scale k: Double) -> (width: Double, height: Double) {
        let named = series.filter { !$0.name.isEmpty }
        guard !named.isEmpty else { return (0, 0) }
        let font = 11 * k
        let textWidth = named.map { TextMetrics.width(of: $0.name, size: font) }.max() ?? 0
        return (textWidth + 40 * k, Double(named.count) * font * 1.6 + 8 * k)
    }

    public func scene(width: Int, height: Int) -> PlotScene {
        let k = max(0.75, Double(min(width, height)) / 600)
        let frame = self.frame(width: width, height: height)
        let area = frame.area
        var scene = PlotScene(width: width, height: height)
        let tickFont = 11 * k

        var baseline = 14 * k
        if !title.isEmpty {
            baseline += 17 * k
            scene.append(.text(title, at: PixelPoint(x: Double(width) / 2, y: baseline),
                               size: TextMetrics.fittingSize(title, preferred: 20 * k, width: Double(width) - 24 * k),
                               color: .ink, anchor: .middle))
        }
        if !subtitle.isEmpty {
            baseline += 18 * k
            scene.append(.text(subtitle, at: PixelPoint(x: Double(width) / 2, y: baseline),
                               size: TextMetrics.fittingSize(subtitle, preferred: 14 * k, width: Double(width) - 24 * k),
                               color: .grey, anchor: .middle))
        }
        if !yLabel.isEmpty {
            scene.append(.text(yLabel, at: PixelPoint(x: area.x, y: area.y - 8 * k), size: 12 * k, color: .ink,
                               anchor: .start))
        }

        // Grid and ticks.
        let xt = NiceTicks.ticks(from: frame.xMin, to: frame.xMax, target: max(2, Int(area.width / (90 * k))))
        let yt = NiceTicks.ticks(from: frame.yMin, to: frame.yMax, target: max(2, Int(area.height / (70 * k))))
        for v in xt.values {
            let x = frame.pixel(x: v, y: frame.yMin).x
            scene.append(.polyline(points: [PixelPoint(x: x, y: area.y), PixelPoint(x: x, y: area.maxY)],
                                   width: max(1, 0.5 * k), color: .lightGrey, dashed: false))
            scene.append(.polyline(points: [PixelPoint(x: x, y: area.maxY), PixelPoint(x: x, y: area.maxY + 5 * k)],
                                   width: max(1, k), color: .ink, dashed: false))
            scene.append(.text(NiceTicks.label(v, decimals: xt.decimals),
                               at: PixelPoint(x: x, y: area.maxY + 8 * k + tickFont * 0.75), size: tickFont,
                               color: .ink, anchor: .middle))
        }
        for v in yt.values {
            let y = frame.pixel(x: frame.xMin, y: v).y
            scene.append(.polyline(points: [PixelPoint(x: area.x, y: y), PixelPoint(x: area.maxX, y: y)],
                                   width: max(1, 0.5 * k), color: .lightGrey, dashed: false))
            scene.append(.polyline(points: [PixelPoint(x: area.x - 5 * k, y: y), PixelPoint(x: area.x, y: y)],
                                   width: max(1, k), color: .ink, dashed: false))
            scene.append(.text(NiceTicks.label(v, decimals: yt.decimals),
                               at: PixelPoint(x: area.x - 8 * k, y: y + tickFont * 0.35), size: tickFont,
                               color: .ink, anchor: .end))
        }
        scene.append(.rectangle(area, fill: nil, stroke: .ink, strokeWidth: max(1, k)))
        if !xLabel.isEmpty {
            scene.append(.text(xLabel, at: PixelPoint(x: area.x + area.width / 2, y: Double(height) - 12 * k),
                               size: 12 * k, color: .ink, anchor: .middle))
        }

        // Curves.
        for (i, s) in series.enumerated() {
            let pts = s.points.filter { $0.x.isFinite && $0.y.isFinite }.map { frame.pixel(x: $0.x, y: $0.y) }
            guard !pts.isEmpty else { continue }
            scene.append(.polyline(points: pts, width: s.lineWidth * k, color: color(ofSeries: i), dashed: s.dashed))
        }

        // Legend box, upper right inside the plot area.
        let named = series.indices.filter { !series[$0].name.isEmpty }
        if !named.isEmpty {
            let font = 11 * k
            let rowHeight = font * 1.6
            let size = legendSize(scale: k)
            let box = PixelRect(x: area.maxX - size.width - 8 * k, y: area.y + 8 * k, width: size.width,
                                height: size.height)
            scene.append(.rectangle(box, fill: PlotColor.white.withOpacity(0.9), stroke: .lightGrey, strokeWidth: max(1, k)))
            for (row, i) in named.enumerated() {
                let y = box.y + 4 * k + (Double(row) + 0.5) * rowHeight
                scene.append(.polyline(points: [PixelPoint(x: box.x + 6 * k, y: y), PixelPoint(x: box.x + 28 * k, y: y)],
                                       width: series[i].lineWidth * k, color: color(ofSeries: i), dashed: series[i].dashed))
                scene.append(.text(series[i].name, at: PixelPoint(x: box.x + 34 * k, y: y + 0.35 * font), size: font,
                                   color: .ink, anchor: .start))
            }
        }
        return scene
    }
}
