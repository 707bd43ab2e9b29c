/// Greedy placement of text labels next to their points without overlaps.
///
/// Labels are handled in priority order (the order given). For each, eight candidate boxes around the point
/// are tried — right, left, above, below, then the four diagonals — at a small gap outside the marker; the
/// first candidate that stays inside `bounds` and overlaps no label placed so far (nor the marker of another
/// labelled point among the first ``maxMarkerObstacles``) wins. A label with no free candidate is skipped, so the result never
/// overlaps. A uniform grid of buckets keeps each test near-constant time.
public struct LabelPlacer {
    /// One placed label.
    public struct Placement: Sendable, Equatable {
        /// The caller's index of the point.
        public var index: Int
        public var text: String
        /// Where the text goes: the baseline anchor for `TextAnchor.start`.
        public var baseline: PixelPoint
        /// The box the text covers.
        public var box: PixelRect
    }

    /// How many of the highest-priority labelled markers act as obstacles.
    public static let maxMarkerObstacles = 2_000

    public let bounds: PixelRect
    public let fontSize: Double
    public let gap: Double
    private var placed: [PixelRect] = []
    private var obstacles: [PixelRect] = []
    private var buckets: [Int: [Int]] = [:] // grid cell → indices into `placed`
    private let cell: Double

    public init(bounds: PixelRect, fontSize: Double, gap: Double = 2) {
        self.bounds = bounds
        self.fontSize = fontSize
        self.gap = gap
        self.cell = max(8, fontSize * 4)
    }

    /// Places labels for `(index, point, text, markerRadius)` items in order; returns the placed ones.
    public mutating func place(_ items: [(index: Int, point: PixelPoint, text: String, markerRadius: Double)]) -> [Placement] {
        // Markers of labelled points are obstacles for other labels (only the first `maxMarkerObstacles`
        // items', so labelling tens of thousands of points stays fast in crowded maps).
        obstacles = items.prefix(Self.maxMarkerObstacles).map { item in
            let r = item.markerRadius
            return PixelRect(x: item.point.x - r, y: item.point.y - r, width: 2 * r, height: 2 * r)
        }
        for (k, rect) in obstacles.enumerated() { insert(rect, id: -(k + 1)) }
        var result: [Placement] = []
        for (k, item) in items.enumerated() where !item.text.isEmpty && item.point.x.isFinite && item.point.y.isFinite {
            let w = TextMetrics.width(of: item.text, size: fontSize)
            let h = fontSize
            let r = item.markerRadius + gap
            let p = item.point
            let candidates: [PixelRect] = [
                PixelRect(x: p.x + r, y: p.y - h / 2, width: w, height: h),
                PixelRect(x: p.x - r - w, y: p.y - h / 2, width: w, height: h),
                PixelRect(x: p.x - w / 2, y: p.y - r - h, width: w, height: h),
                PixelRect(x: p.x - w / 2, y: p.y + r, width: w, height: h),
                PixelRect(x: p.x + r * 0.7, y: p.y - r * 0.7 - h, width: w, height: h),
                PixelRect(x: p.x + r * 0.7, y: p.y + r * 0.7, width: w, height: h),
                PixelRect(x: p.x - r * 0.7 - w, y: p.y - r * 0.7 - h, width: w, height: h),
                PixelRect(x: p.x - r * 0.7 - w, y: p.y + r * 0.7, width: w, height: h),
            ]
            for box in candidates where bounds.contains(box) && isFree(box, ownMarker: -(k + 1)) {
                insert(box, id: placed.count)
                placed.append(box)
                // TextMetrics puts the baseline 0.75 em below the top of the box.
                result.append(Placement(index: item.index, text: item.text,
                                        baseline: PixelPoint(x: box.x, y: box.y + 0.75 * h), box: box))
                break
            }
        }
        return result
    }

    private func cells(of r: PixelRect) -> [Int] {
        let x0 = Int(floorDouble(r.x / cell)), x1 = Int(floorDouble(r.maxX / cell))
        let y0 = Int(floorDouble(r.y / cell)), y1 = Int(floorDouble(r.maxY / cell))
        var out: [Int] = []
        for y in y0...y1 { for x in x0...x1 { out.append(y &* 65_536 &+ x) } }
        return out
    }

    private mutating func insert(_ r: PixelRect, id: Int) {
        for c in cells(of: r) { buckets[c, default: []].append(id) }
    }

    private func isFree(_ box: PixelRect, ownMarker: Int) -> Bool {
        for c in cells(of: box) {
            for id in buckets[c] ?? [] {
                if id == ownMarker { continue }
                let other = id >= 0 ? placed[id] : obstacles[-id - 1]
                if other.intersects(box) { return false }
            }
        }
        return true
    }
}
