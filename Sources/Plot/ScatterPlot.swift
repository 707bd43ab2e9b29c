/// A 2-D scatter plot for maps of vectors (t-SNE, PCA): points coloured by class or by frequency rank,
/// non-overlapping text labels for chosen points, a class legend and a title.
///
/// Layout happens once in ``layout(width:height:)`` (title band, legend column, the data → pixel
/// ``PlotFrame`` with equal aspect, label placement by ``LabelPlacer``); ``scene(width:height:)`` turns it
/// into primitives that ``SVGRenderer`` and ``RasterRenderer`` draw identically.
///
/// Colours: with `classes`, class k uses ``PlotPalette/categorical(_:)`` (colour-blind friendly); without,
/// point i is coloured by its rank i in a sequential map (inputs are conventionally sorted by descending
/// frequency, so dark = frequent). Mismatched optional arrays are tolerated: missing labels are empty,
/// missing classes are drawn grey. Non-finite points are skipped.
public struct ScatterPlot: PlotRenderable, Sendable {
    public var points: [(x: Double, y: Double)]
    public var labels: [String]?
    public var classes: [Int]?
    public var classNames: [String]?
    public var title: String
    public var subtitle: String
    /// Indices of points to label, in priority order; nil = the first 60 points (the most frequent words).
    public var labelled: [Int]?

    public init(points: [(x: Double, y: Double)], labels: [String]? = nil, classes: [Int]? = nil,
                classNames: [String]? = nil, title: String = "", subtitle: String = "", labelled: [Int]? = nil) {
        self.points = points
        self.labels = labels
        self.classes = classes
        self.classNames = classNames
        self.title = title
        self.subtitle = subtitle
        self.labelled = labelled
    }

    /// Everything computed from the data and the canvas size.
    public struct Layout: Sendable {
        public var width: Int
        public var height: Int
        /// Pixel unit: sizes scale with min(width, height)/600 (at least 0.75, so small plots stay legible).
        public var scale: Double
        public var frame: PlotFrame
        public var markerRadius: Double
        public var markerOpacity: Double
        public var labelFontSize: Double
        public var labels: [LabelPlacer.Placement]
        /// Legend entries (class id, name) in order, and the legend's top-left corner.
        public var legend: [(classID: Int, name: String)]
        public var legendOrigin: PixelPoint
    }

    /// The class of point `i`, or nil without classes.
    func classOf(_ i: Int) -> Int? {
        guard let classes else { return nil }
        return i < classes.count ? classes[i] : -1
    }

    func colour(of i: Int, opacity: Double) -> PlotColor {
        if let c = classOf(i) { return PlotPalette.categorical(c).withOpacity(opacity) }
        return PlotPalette.frequencyRank(i, of: points.count).withOpacity(opacity)
    }

    func className(_ c: Int) -> String {
        if let classNames, c >= 0, c < classNames.count { return classNames[c] }
        return c < 0 ? "unknown" : "class \(c)"
    }

    /// Computes the layout for a canvas of `width` × `height` pixels.
    public func layout(width: Int, height: Int) -> Layout {
        let w = Double(width), h = Double(height)
        let k = max(0.75, min(w, h) / 600)
        let pad = 12 * k
        var top = pad
        if !title.isEmpty { top += 22 * k }
        if !subtitle.isEmpty { top += 18 * k }
        if !title.isEmpty || !subtitle.isEmpty { top += 6 * k }

        // Legend: distinct classes in ascending order, in a column on the right.
        var legend: [(classID: Int, name: String)] = []
        var right = pad
        let legendFont = 11 * k
        if let classes {
            var seen = Set<Int>()
            for i in 0..<points.count { seen.insert(i < classes.count ? classes[i] : -1) }
            legend = seen.sorted().map { ($0, className($0)) }
            let longest = legend.map { TextMetrics.width(of: $0.name, size: legendFont) }.max() ?? 0
            right += longest + 22 * k + pad
        }
        let area = PixelRect(x: pad, y: top, width: max(1, w - pad - right), height: max(1, h - top - pad))
        let frame = PlotFrame(xs: points.map(\.x), ys: points.map(\.y), area: area, equalAspect: true)

        let n = max(1, points.count)
        let radius = k * min(3.5, max(0.9, 3.5 * (1000 / Double(n)).squareRoot()))
        let opacity = n > 20_000 ? 0.55 : n > 2_000 ? 0.7 : 0.85
        let labelFont = 10 * k

        var placements: [LabelPlacer.Placement] = []
        if let labels, !labels.isEmpty {
            let chosen = labelled ?? Array(0..<min(60, points.count))
            var items: [(index: Int, point: PixelPoint, text: String, markerRadius: Double)] = []
            var used = Set<Int>()
            for i in chosen where i >= 0 && i < points.count && i < labels.count && used.insert(i).inserted {
                let p = points[i]
                guard p.x.isFinite, p.y.isFinite else { continue }
                items.append((i, frame.pixel(x: p.x, y: p.y), labels[i], radius + k))
            }
            var placer = LabelPlacer(bounds: area, fontSize: labelFont, gap: 2 * k)
            placements = placer.place(items)
        }
        return Layout(width: width, height: height, scale: k, frame: frame, markerRadius: radius,
                      markerOpacity: opacity, labelFontSize: labelFont, labels: placements, legend: legend,
                      legendOrigin: PixelPoint(x: area.maxX + pad, y: top))
    }

    public func scene(width: Int, height: Int) -> PlotScene {
        let layout = self.layout(width: width, height: height)
        let k = layout.scale
        var scene = PlotScene(width: width, height: height)
        let area = layout.frame.area
        scene.append(.rectangle(area, fill: nil, stroke: .lightGrey, strokeWidth: max(1, k)))

        // Titles, centred over the plot area.
        var baseline = 12 * k
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

        // Points, least frequent (last) first so the frequent ones end up on top.
        for i in stride(from: points.count - 1, through: 0, by: -1) {
            let p = points[i]
            guard p.x.isFinite, p.y.isFinite else { continue }
            scene.append(.circle(center: layout.frame.pixel(x: p.x, y: p.y), radius: layout.markerRadius,
                                 fill: colour(of: i, opacity: layout.markerOpacity), stroke: nil, strokeWidth: 0))
        }
        // Labelled points get an outline and their text.
        for placement in layout.labels {
            let p = points[placement.index]
            scene.append(.circle(center: layout.frame.pixel(x: p.x, y: p.y), radius: layout.markerRadius,
                                 fill: colour(of: placement.index, opacity: 1), stroke: .ink, strokeWidth: max(0.75, 0.6 * k)))
        }
        for placement in layout.labels {
            // A translucent white backing keeps dark text readable over dark markers.
            scene.append(.rectangle(placement.box, fill: PlotColor.white.withOpacity(0.6), stroke: nil, strokeWidth: 0))
            scene.append(.text(placement.text, at: placement.baseline, size: layout.labelFontSize, color: .ink,
                               anchor: .start))
        }

        // Legend.
        let legendFont = 11 * k
        let rowHeight = legendFont * 1.6
        let fitting = max(1, Int((area.maxY - layout.legendOrigin.y) / rowHeight))
        for (row, entry) in layout.legend.enumerated() {
            let y = layout.legendOrigin.y + (Double(row) + 0.5) * rowHeight
            if row == fitting - 1 && layout.legend.count > fitting {
                // No room for every class: say how many are left out.
                scene.append(.text("+\(layout.legend.count - row) more", at: PixelPoint(x: layout.legendOrigin.x, y: y + 0.35 * legendFont),
                                   size: legendFont, color: .grey, anchor: .start))
                break
            }
            scene.append(.circle(center: PixelPoint(x: layout.legendOrigin.x + 6 * k, y: y), radius: 5 * k,
                                 fill: PlotPalette.categorical(entry.classID), stroke: nil, strokeWidth: 0))
            scene.append(.text(entry.name, at: PixelPoint(x: layout.legendOrigin.x + 16 * k, y: y + 0.35 * legendFont),
                               size: legendFont, color: .ink, anchor: .start))
        }
        return scene
    }
}
