/// Greedy placement of text labels next to their points, never overlapping.
///
/// Labels are handled in priority order (the order given). For each, eight candidate boxes around the point
/// are tried — right, left, above, below, then the four diagonals — at a small gap outside the marker. When
/// none is free and `leaderReach` is positive, boxes further out are tried (16 directions on rings out to
/// `leaderReach` pixels), joined to the point by a leader line. A candidate is accepted only when it stays
/// inside `bounds`, overlaps no label placed so far, no marker of another labelled point (among the first
/// ``maxMarkerObstacles``) and no leader line already drawn, and when its own leader crosses no placed label.
/// A label with no acceptable candidate is skipped, so the result never overlaps. A uniform grid of buckets
/// keeps each test near-constant time.
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
        /// For a label set away from its point: the line from the marker's edge to the box.
        public var leader: [PixelPoint]?
    }

    /// How many of the highest-priority labelled markers act as obstacles.
    public static let maxMarkerObstacles = 2_000

    public let bounds: PixelRect
    public let fontSize: Double
    public let gap: Double
    /// How far (pixels from the point) a label may be moved out with a leader line; 0 = never.
    public let leaderReach: Double
    private var placed: [PixelRect] = []
    private var obstacles: [PixelRect] = []
    private var leaders: [(PixelPoint, PixelPoint)] = []
    private var buckets: [Int: [Int]] = [:] // grid cell → indices into `placed` (≥ 0) or `obstacles` (< 0)
    private let cell: Double

    public init(bounds: PixelRect, fontSize: Double, gap: Double = 2, leaderReach: Double = 0) {
        self.bounds = bounds
        self.fontSize = fontSize
        self.gap = gap
        self.leaderReach = leaderReach
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
            let own = k < obstacles.count ? -(k + 1) : Int.min
            let near: [PixelRect] = [
                PixelRect(x: p.x + r, y: p.y - h / 2, width: w, height: h),
                PixelRect(x: p.x - r - w, y: p.y - h / 2, width: w, height: h),
                PixelRect(x: p.x - w / 2, y: p.y - r - h, width: w, height: h),
                PixelRect(x: p.x - w / 2, y: p.y + r, width: w, height: h),
                PixelRect(x: p.x + r * 0.7, y: p.y - r * 0.7 - h, width: w, height: h),
                PixelRect(x: p.x + r * 0.7, y: p.y + r * 0.7, width: w, height: h),
                PixelRect(x: p.x - r * 0.7 - w, y: p.y - r * 0.7 - h, width: w, height: h),
                PixelRect(x: p.x - r * 0.7 - w, y: p.y + r * 0.7, width: w, height: h),
            ]
            var chosen: (box: PixelRect, leader: [PixelPoint]?)?
            for box in near where bounds.contains(box) && isFree(box, ownMarker: own) {
                chosen = (box, nil)
                break
            }
            if chosen == nil && leaderReach > r + h {
                chosen = farCandidate(point: p, markerRadius: item.markerRadius, width: w, height: h, ownMarker: own)
            }
            guard let (box, leader) = chosen else { continue }
            insert(box, id: placed.count)
            placed.append(box)
            if let leader { leaders.append((leader[0], leader[1])) }
            // TextMetrics puts the baseline 0.75 em below the top of the box.
            result.append(Placement(index: item.index, text: item.text,
                                    baseline: PixelPoint(x: box.x, y: box.y + 0.75 * h), box: box, leader: leader))
        }
        return result
    }

    /// The first free box on rings around `point` (nearest ring first, 16 directions per ring), with its leader.
    private func farCandidate(point p: PixelPoint, markerRadius: Double, width w: Double, height h: Double,
                              ownMarker: Int) -> (box: PixelRect, leader: [PixelPoint]?)? {
        var distance = markerRadius + gap + 1.2 * h
        while distance <= leaderReach {
            for step in 0..<16 {
                let angle = Double(step) * Double.pi / 8
                let (c, s) = (cosine(angle), sine(angle))
                let q = PixelPoint(x: p.x + distance * c, y: p.y + distance * s)
                // The box sits on the far side of q, so the leader meets its nearest edge.
                let x = c > 0.3 ? q.x : c < -0.3 ? q.x - w : q.x - w / 2
                let y = s > 0.3 ? q.y : s < -0.3 ? q.y - h : q.y - h / 2
                let box = PixelRect(x: x, y: y, width: w, height: h)
                guard bounds.contains(box), isFree(box, ownMarker: ownMarker) else { continue }
                let start = PixelPoint(x: p.x + markerRadius * c, y: p.y + markerRadius * s)
                let end = PixelPoint(x: min(max(p.x, box.x), box.maxX), y: min(max(p.y, box.y), box.maxY))
                guard !placed.contains(where: { Self.segment(start, end, crosses: $0) }) else { continue }
                return (box, [start, end])
            }
            distance += 0.8 * h
        }
        return nil
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
        for (a, b) in leaders where Self.segment(a, b, crosses: box) { return false }
        return true
    }

    /// True when the segment a–b passes through the interior of `r` (Liang–Barsky clipping).
    static func segment(_ a: PixelPoint, _ b: PixelPoint, crosses r: PixelRect) -> Bool {
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.x - r.x), (dx, r.maxX - a.x), (-dy, a.y - r.y), (dy, r.maxY - a.y)] {
            if p == 0 {
                if q <= 0 { return false }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 >= t1 { return false }
            }
        }
        return t1 - t0 > 1e-9
    }
}
