import Testing
@testable import Plot

@Suite struct LabelPlacerTests {
    typealias Item = (index: Int, point: PixelPoint, text: String, markerRadius: Double)

    /// Random crowded layouts: whatever is placed never overlaps another label, a labelled marker or a leader
    /// line, stays inside the bounds, and every leader starts at its own point and ends on its own box.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func neverOverlaps(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let bounds = PixelRect(x: 10, y: 10, width: 500, height: 400)
        var items: [Item] = []
        for i in 0..<600 {
            let crowded = i % 3 == 0
            let x = crowded ? 200 + rng.gaussian() * 15 : 10 + rng.uniform() * 500
            let y = crowded ? 200 + rng.gaussian() * 15 : 10 + rng.uniform() * 400
            let length = 1 + Int(rng.uniform() * 12)
            items.append((i, PixelPoint(x: x, y: y), String(repeating: "w", count: length), 3))
        }
        var placer = LabelPlacer(bounds: bounds, fontSize: 11, gap: 2, leaderReach: 60)
        let placed = placer.place(items)
        #expect(placed.count > 50 && placed.count < items.count)
        #expect(placed.contains { $0.leader != nil })
        let markers = items.map { PixelRect(x: $0.point.x - 3, y: $0.point.y - 3, width: 6, height: 6) }
        for (a, p) in placed.enumerated() {
            #expect(bounds.contains(p.box))
            #expect(abs(p.box.width - TextMetrics.width(of: p.text, size: 11)) < 1e-9)
            for q in placed[(a + 1)...] { #expect(!p.box.intersects(q.box)) }
            for (m, marker) in markers.enumerated() where m != p.index { #expect(!p.box.intersects(marker)) }
            if let leader = p.leader {
                let own = items[p.index].point
                let d = ((leader[0].x - own.x) * (leader[0].x - own.x) + (leader[0].y - own.y) * (leader[0].y - own.y)).squareRoot()
                #expect(abs(d - 3) < 1e-6)
                #expect(leader[1].x >= p.box.x - 1e-9 && leader[1].x <= p.box.maxX + 1e-9)
                #expect(leader[1].y >= p.box.y - 1e-9 && leader[1].y <= p.box.maxY + 1e-9)
                for q in placed where q.index != p.index {
                    #expect(!LabelPlacer.segment(leader[0], leader[1], crosses: q.box))
                }
            }
        }
    }

    /// In a pile of points that leaves no room next to them, the first labels are still placed (away from
    /// their points, with leaders); without leaders most of them are not.
    @Test func priorityLabelsGetLeadersInACrowd() {
        var rng = SplitMix(seed: 9)
        let bounds = PixelRect(x: 0, y: 0, width: 600, height: 600)
        var items: [Item] = []
        for i in 0..<400 { items.append((i, PixelPoint(x: 300 + rng.gaussian() * 6, y: 300 + rng.gaussian() * 6), "label\(i)", 3)) }
        var withLeaders = LabelPlacer(bounds: bounds, fontSize: 11, gap: 2, leaderReach: 90)
        let first = Array(items.prefix(8))
        let placed = withLeaders.place(first + items.dropFirst(8).map { ($0.index, $0.point, "", $0.markerRadius) })
        #expect(Set(placed.map(\.index)) == Set(0..<8))
        var noLeaders = LabelPlacer(bounds: bounds, fontSize: 11, gap: 2)
        #expect(noLeaders.place(first + items.dropFirst(8).map { ($0.index, $0.point, "", $0.markerRadius) }).count < 8)
    }

    @Test func segmentCrossing() {
        let r = PixelRect(x: 0, y: 0, width: 10, height: 10)
        #expect(LabelPlacer.segment(PixelPoint(x: -5, y: 5), PixelPoint(x: 15, y: 5), crosses: r))
        #expect(!LabelPlacer.segment(PixelPoint(x: -5, y: -1), PixelPoint(x: 15, y: -1), crosses: r))
        #expect(!LabelPlacer.segment(PixelPoint(x: -5, y: 5), PixelPoint(x: 0, y: 5), crosses: r)) // touches the edge
        #expect(LabelPlacer.segment(PixelPoint(x: 2, y: 2), PixelPoint(x: 3, y: 3), crosses: r))   // inside
        #expect(!LabelPlacer.segment(PixelPoint(x: 11, y: -5), PixelPoint(x: 20, y: 8), crosses: r))
    }
}

@Suite struct LabelChoiceTests {
    @Test func baseWords() {
        #expect(LabelChoice.baseWord("bank#1") == "bank")
        #expect(LabelChoice.baseWord("bank") == "bank")
        #expect(LabelChoice.baseWord("c#") == "c#")
        #expect(LabelChoice.baseWord("#1") == "#1")
        #expect(LabelChoice.baseWord("a#b") == "a#b")
    }

    @Test func contentWordsSkipFunctionWordsAndNumbers() {
        let labels = ["the", "to#3", "1900", "king", "An", "bank#0", ",", "river"]
        #expect(LabelChoice.frequentContentWords(labels, count: 10) == [3, 5, 7])
        #expect(LabelChoice.frequentContentWords(labels, count: 2) == [3, 5])
    }

    @Test func rowsMatchWordsAndTheirSenses() {
        let labels = ["bank#0", "river", "bank#1", "apple", "bank#2"]
        #expect(LabelChoice.rows(matching: ["apple", "bank"], in: labels) == [3, 0, 2, 4])
        #expect(LabelChoice.rows(matching: ["bank#1", "nothing"], in: labels) == [2])
    }

    @Test func senseLinksFormASpanningTreeOfShortestLines() {
        // Four senses on a line: the minimum spanning tree joins neighbours, never the far ends.
        let points: [(x: Double, y: Double)] = [(0, 0), (3, 0), (1, 0), (2, 0), (50, 50)]
        let labels = ["w#0", "w#1", "w#2", "w#3", "v"]
        let links = LabelChoice.senseLinks(labels, points: points, rows: [1])
        #expect(links.count == 3)
        let lengths = links.map { abs(points[$0.0].x - points[$0.1].x) }
        #expect(lengths.allSatisfy { $0 == 1 })
        #expect(LabelChoice.senseLinks(labels, points: points, rows: [4]).isEmpty)
    }
}
