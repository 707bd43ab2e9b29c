#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 2-D scatter plot for maps of vectors (t-SNE, PCA): points coloured by class or by frequency rank,
/// lines joining related points (a word's senses), non-overlapping text labels for chosen points, a class
/// legend and a title.
///
/// Layout happens once in ``layout(width:height:)`` (title band, a legend band under it that wraps into rows,
/// the data → pixel ``PlotFrame`` with equal aspect, label placement by ``LabelPlacer``);
/// ``scene(width:height:)`` turns it into primitives that ``SVGRenderer`` and ``RasterRenderer`` draw
/// identically. ``preferredHeight(forWidth:)`` gives the canvas the data's aspect ratio, so the map fills it.
///
/// Colours: with `classes`, class k uses `classColors[k]` when given, else ``PlotPalette/categorical(_:)``
/// (colour-blind friendly); without, point i is coloured by its rank i in a sequential map (inputs are
/// conventionally sorted by descending frequency, so dark = frequent). Mismatched optional arrays are
/// tolerated: missing labels are empty, missing classes are drawn grey. Non-finite points are skipped.
public struct ScatterPlot: PlotRenderable, Sendable {
    public var points: [(x: Double, y: Double)]
    public var labels: [String]?
    public var classes: [Int]?
    public var classNames: [String]?
    /// Colours of classes 0, 1, …, overriding the categorical palette for the classes they cover.
    public var classColors: [PlotColor]?
    public var title: String
    public var subtitle: String
    /// Indices of points to label, in priority order; nil = the first 60 content words
    /// (``LabelChoice/frequentContentWords(_:count:)``).
    public var labelled: [Int]?
    /// Pairs of point indices joined by a line in the first point's colour (e.g. ``LabelChoice/senseLinks(_:points:rows:)``).
    public var links: [(Int, Int)]

    public init(points: [(x: Double, y: Double)], labels: [String]? = nil, classes: [Int]? = nil,
                classNames: [String]? = nil, classColors: [PlotColor]? = nil, title: String = "",
                subtitle: String = "", labelled: [Int]? = nil, links: [(Int, Int)] = []) {
        self.points = points
        self.labels = labels
        self.classes = classes
        self.classNames = classNames
        self.classColors = classColors
        self.title = title
        self.subtitle = subtitle
        self.labelled = labelled
        self.links = links
    }

    /// One legend entry: the class, its name and where its swatch's centre is.
    public struct LegendEntry: Sendable {
        public var classID: Int
        public var name: String
        public var swatch: PixelPoint
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
        /// Legend entries in class order (only those that fit; see `legendOverflow`).
        public var legend: [LegendEntry]
        /// "+N more" and where it goes, when not every class fits in the legend band.
        public var legendOverflow: (text: String, at: PixelPoint)?
        public var legendFontSize: Double
    }

    /// The class of point `i`, or nil without classes.
    func classOf(_ i: Int) -> Int? {
        guard let classes else { return nil }
        return i < classes.count ? classes[i] : -1
    }

    func classColour(_ c: Int) -> PlotColor {
        if let classColors, c >= 0, c < classColors.count { return classColors[c] }
        return PlotPalette.categorical(c)
    }

    func colour(of i: Int, opacity: Double) -> PlotColor {
        if let c = classOf(i) { return classColour(c).withOpacity(opacity * classColour(c).opacity) }
        return PlotPalette.frequencyRank(i, of: points.count).withOpacity(opacity)
    }

    func className(_ c: Int) -> String {
        if let classNames, c >= 0, c < classNames.count { return classNames[c] }
        return c < 0 ? "unknown" : "class \(c)"
    }

    /// The classes present, ascending, with their names.
    func legendClasses() -> [(classID: Int, name: String)] {
        guard let classes else { return [] }
        var seen = Set<Int>()
        for i in 0..<points.count { seen.insert(i < classes.count ? classes[i] : -1) }
        return seen.sorted().map { ($0, className($0)) }
    }

    /// Pixel unit for a canvas size.
    static func unit(_ w: Double, _ h: Double) -> Double { max(0.75, min(w, h) / 600) }

    /// The bands around the plot area for a canvas `width` wide at unit `k`: the height above it (titles and
    /// legend rows), the legend entries with their swatch positions, and the height below it (colour key).
    func bands(width: Double, unit k: Double) -> (top: Double, bottom: Double, legend: [LegendEntry],
                                                   overflow: (text: String, at: PixelPoint)?, font: Double) {
        let pad = 12 * k
        var top = pad
        if !title.isEmpty { top += 22 * k }
        if !subtitle.isEmpty { top += 18 * k }
        if !title.isEmpty || !subtitle.isEmpty { top += 6 * k }
        // Legend: entries flow left to right in rows (at most 3) under the titles.
        let font = 12 * k
        let rowHeight = font * 1.7
        let entries = legendClasses()
        var placed: [LegendEntry] = []
        var overflow: (text: String, at: PixelPoint)?
        if !entries.isEmpty {
            let maxRows = 3
            var rows: [[(classID: Int, name: String, width: Double)]] = [[]]
            var x = 0.0
            let available = width - 2 * pad
            for (n, e) in entries.enumerated() {
                let w = 16 * k + TextMetrics.width(of: e.name, size: font) + 18 * k
                if x + w > available && !rows[rows.count - 1].isEmpty {
                    if rows.count == maxRows {
                        // No room for the rest: the last row ends with "+N more".
                        let more = "+\(entries.count - n) more"
                        let moreWidth = TextMetrics.width(of: more, size: font)
                        while let last = rows[rows.count - 1].last, x + moreWidth > available {
                            x -= last.width
                            rows[rows.count - 1].removeLast()
                        }
                        let left = entries.count - rows.flatMap { $0 }.count
                        overflow = ("+\(left) more", PixelPoint(x: x, y: Double(rows.count - 1)))
                        break
                    }
                    rows.append([])
                    x = 0
                }
                rows[rows.count - 1].append((e.classID, e.name, w))
                x += w
            }
            for (r, row) in rows.enumerated() {
                let rowWidth = row.reduce(0) { $0 + $1.width } - 18 * k
                    + (overflow != nil && r == rows.count - 1 ? TextMetrics.width(of: overflow!.text, size: font) + 18 * k : 0)
                var cx = max(pad, (width - rowWidth) / 2)
                let cy = top + (Double(r) + 0.5) * rowHeight
                for e in row {
                    placed.append(LegendEntry(classID: e.classID, name: e.name, swatch: PixelPoint(x: cx + 6 * k, y: cy)))
                    cx += e.width
                }
                if let o = overflow, r == rows.count - 1 {
                    overflow = (o.text, PixelPoint(x: cx, y: cy + 0.35 * font))
                }
            }
            top += Double(rows.count) * rowHeight + 4 * k
        }
        // Without classes, a colour key for frequency rank goes in a band under the plot area.
        let bottom = pad + (classes == nil && points.count > 1 ? 20 * k : 0)
        return (top, bottom, placed, overflow, font)
    }

    /// A canvas height for `width` that gives the plot area the aspect ratio of the data (within 0.5…1.5 of
    /// the width), so an equal-aspect map fills its frame.
    public func preferredHeight(forWidth width: Int) -> Int {
        let w = Double(width)
        let k = Self.unit(w, w)
        let b = bands(width: w, unit: k)
        let probe = PlotFrame(xs: points.map(\.x), ys: points.map(\.y),
                              area: PixelRect(x: 0, y: 0, width: 1000, height: 1000), equalAspect: false)
        let aspect = (probe.yMax - probe.yMin) / max(1e-12, probe.xMax - probe.xMin)
        let areaWidth = w - 24 * k
        let areaHeight = areaWidth * min(1.5, max(0.5, aspect.isFinite ? aspect : 1))
        return Int((areaHeight + b.top + b.bottom).rounded())
    }

    /// Computes the layout for a canvas of `width` × `height` pixels.
    public func layout(width: Int, height: Int) -> Layout {
        let w = Double(width), h = Double(height)
        let k = Self.unit(w, h)
        let pad = 12 * k
        let b = bands(width: w, unit: k)
        let area = PixelRect(x: pad, y: b.top, width: max(1, w - 2 * pad), height: max(1, h - b.top - b.bottom))
        let frame = PlotFrame(xs: points.map(\.x), ys: points.map(\.y), area: area, equalAspect: true)

        let n = max(1, points.count)
        let radius = k * min(3.5, max(0.9, 3.5 * (1000 / Double(n)).squareRoot()))
        let opacity = n > 20_000 ? 0.55 : n > 2_000 ? 0.7 : 0.85
        let labelFont = 11 * k

        var placements: [LabelPlacer.Placement] = []
        if let labels, !labels.isEmpty {
            let chosen = labelled ?? LabelChoice.frequentContentWords(labels, count: 60)
            var items: [(index: Int, point: PixelPoint, text: String, markerRadius: Double)] = []
            var used = Set<Int>()
            for i in chosen where i >= 0 && i < points.count && i < labels.count && used.insert(i).inserted {
                let p = points[i]
                guard p.x.isFinite, p.y.isFinite else { continue }
                items.append((i, frame.pixel(x: p.x, y: p.y), labels[i], radius + k))
            }
            var placer = LabelPlacer(bounds: area, fontSize: labelFont, gap: 2 * k, leaderReach: 70 * k)
            placements = placer.place(items)
        }
        return Layout(width: width, height: height, scale: k, frame: frame, markerRadius: radius,
                      markerOpacity: opacity, labelFontSize: labelFont, labels: placements, legend: b.legend,
                      legendOverflow: b.overflow, legendFontSize: b.font)
    }

    public func preferredSize(width: Int) -> (width: Int, height: Int) {
        (width, max(16, min(16_384, preferredHeight(forWidth: width))))
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
        // Links between related points (a word's senses), over the crowd but under the labelled markers.
        for (a, b) in links where a >= 0 && b >= 0 && a < points.count && b < points.count {
            let p = points[a], q = points[b]
            guard p.x.isFinite, p.y.isFinite, q.x.isFinite, q.y.isFinite else { continue }
            scene.append(.polyline(points: [layout.frame.pixel(x: p.x, y: p.y), layout.frame.pixel(x: q.x, y: q.y)],
                                   width: 1.4 * k, color: colour(of: a, opacity: 0.75), dashed: false))
        }
        let linked = Set(links.flatMap { [$0.0, $0.1] })
        // Labelled (and linked) points get an outline.
        let outlined = Set(layout.labels.map(\.index)).union(linked)
        for i in outlined.sorted() where i < points.count {
            let p = points[i]
            guard p.x.isFinite, p.y.isFinite else { continue }
            scene.append(.circle(center: layout.frame.pixel(x: p.x, y: p.y), radius: layout.markerRadius + 0.5 * k,
                                 fill: colour(of: i, opacity: 1), stroke: .ink, strokeWidth: max(0.75, 0.6 * k)))
        }
        for placement in layout.labels {
            if let leader = placement.leader {
                scene.append(.polyline(points: leader, width: max(0.75, 0.7 * k), color: .grey, dashed: false))
            }
        }
        for placement in layout.labels {
            // A translucent white backing keeps dark text readable over markers and lines.
            scene.append(.rectangle(placement.box, fill: PlotColor.white.withOpacity(0.7), stroke: nil, strokeWidth: 0))
            scene.append(.text(placement.text, at: placement.baseline, size: layout.labelFontSize, color: .ink,
                               anchor: .start))
        }

        // Frequency colour key: "frequent ▬▬▬ rare" under the plot area.
        if classes == nil && points.count > 1 {
            let font = 10 * k
            let y = area.maxY + 6 * k
            let left = TextMetrics.width(of: "frequent ", size: font)
            let barWidth = min(160 * k, max(0, area.width - left - TextMetrics.width(of: " rare", size: font)))
            if barWidth > 20 {
                scene.append(.text("frequent", at: PixelPoint(x: area.x, y: y + 9 * k), size: font, color: .grey, anchor: .start))
                let steps = 24
                for i in 0..<steps {
                    // Ranks spaced like the colour map itself (logarithmically), so the key shows all of it.
                    let u = (Double(i) + 0.5) / Double(steps)
                    let rank = Int((exp(u * log(Double(points.count))) - 1).rounded())
                    let seg = PixelRect(x: area.x + left + barWidth * Double(i) / Double(steps), y: y + 2 * k,
                                        width: barWidth / Double(steps) + 0.5, height: 8 * k)
                    scene.append(.rectangle(seg, fill: PlotPalette.frequencyRank(rank, of: points.count), stroke: nil, strokeWidth: 0))
                }
                scene.append(.text("rare", at: PixelPoint(x: area.x + left + barWidth + 0.6 * font, y: y + 9 * k), size: font,
                                   color: .grey, anchor: .start))
            }
        }

        // Legend band.
        let font = layout.legendFontSize
        for entry in layout.legend {
            scene.append(.circle(center: entry.swatch, radius: 5 * k, fill: classColour(entry.classID), stroke: nil, strokeWidth: 0))
            scene.append(.text(entry.name, at: PixelPoint(x: entry.swatch.x + 10 * k, y: entry.swatch.y + 0.35 * font),
                               size: font, color: .ink, anchor: .start))
        }
        if let overflow = layout.legendOverflow {
            scene.append(.text(overflow.text, at: overflow.at, size: font, color: .grey, anchor: .start))
        }
        return scene
    }
}
