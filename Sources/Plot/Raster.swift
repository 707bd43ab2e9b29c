#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An 8-bit RGBA pixel buffer with anti-aliased drawing primitives.
///
/// Anti-aliasing uses the distance from each pixel centre to the shape's edge: a pixel whose centre lies
/// d pixels inside the edge gets coverage clamp(d + ½, 0, 1), the usual one-pixel ramp. Colours are blended
/// with "source over": out = α·src + (1 − α)·dst, α = opacity × coverage.
public struct Raster: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major RGBA, 4 bytes per pixel, top row first.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, background: PlotColor = .white) {
        self.width = max(1, width)
        self.height = max(1, height)
        let alpha = UInt8((background.opacity * 255).rounded())
        var row: [UInt8] = []
        row.reserveCapacity(self.width * 4)
        for _ in 0..<self.width { row += [background.red, background.green, background.blue, alpha] }
        var all: [UInt8] = []
        all.reserveCapacity(self.width * self.height * 4)
        for _ in 0..<self.height { all += row }
        pixels = all
    }

    /// The colour at pixel (x, y) (opacity from the alpha channel).
    public func pixel(x: Int, y: Int) -> PlotColor {
        let i = (y * width + x) * 4
        return PlotColor(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2], opacity: Double(pixels[i + 3]) / 255)
    }

    /// Blends `color` into pixel (x, y) with the given coverage in 0...1 (out-of-range pixels are ignored).
    @inline(__always)
    public mutating func blend(x: Int, y: Int, color: PlotColor, coverage: Double) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let a = color.opacity * min(1, max(0, coverage))
        guard a > 0 else { return }
        let i = (y * width + x) * 4
        pixels.withUnsafeMutableBufferPointer { p in
            func mix(_ src: UInt8, _ dst: UInt8) -> UInt8 {
                UInt8(min(255, max(0, (Double(src) * a + Double(dst) * (1 - a)).rounded())))
            }
            p[i] = mix(color.red, p[i])
            p[i + 1] = mix(color.green, p[i + 1])
            p[i + 2] = mix(color.blue, p[i + 2])
            let dstA = Double(p[i + 3]) / 255
            p[i + 3] = UInt8(min(255, max(0, ((a + dstA * (1 - a)) * 255).rounded())))
        }
    }

    /// A filled anti-aliased disc, optionally with an outline ring of `strokeWidth` centred on the edge.
    public mutating func fillCircle(center: PixelPoint, radius: Double, color: PlotColor,
                                    stroke: PlotColor? = nil, strokeWidth: Double = 1) {
        guard center.x.isFinite, center.y.isFinite, radius.isFinite, radius > 0 else { return }
        let reach = radius + (stroke == nil ? 0 : strokeWidth / 2) + 1
        let x0 = max(0, Int(floor(center.x - reach))), x1 = min(width - 1, Int(ceil(center.x + reach)))
        let y0 = max(0, Int(floor(center.y - reach))), y1 = min(height - 1, Int(ceil(center.y + reach)))
        guard x0 <= x1, y0 <= y1 else { return }
        // Very small discs: scale coverage by area so a 0.3 px point is faint rather than a full pixel.
        let smallScale = radius < 0.5 ? (radius * 2) * (radius * 2) : 1
        for y in y0...y1 {
            let dy = Double(y) + 0.5 - center.y
            for x in x0...x1 {
                let dx = Double(x) + 0.5 - center.x
                let d = (dx * dx + dy * dy).squareRoot()
                let fillCoverage = min(1, max(0, radius + 0.5 - d)) * smallScale
                if fillCoverage > 0 { blend(x: x, y: y, color: color, coverage: fillCoverage) }
                if let stroke {
                    let ring = min(1, max(0, strokeWidth / 2 + 0.5 - abs(d - radius)))
                    if ring > 0 { blend(x: x, y: y, color: stroke, coverage: ring) }
                }
            }
        }
    }

    /// A filled rectangle with fractional (area) coverage at its edges.
    public mutating func fillRect(_ rect: PixelRect, color: PlotColor) {
        guard rect.width > 0, rect.height > 0, rect.x.isFinite, rect.y.isFinite else { return }
        let x0 = max(0, Int(floor(rect.x))), x1 = min(width - 1, Int(ceil(rect.maxX)) - 1)
        let y0 = max(0, Int(floor(rect.y))), y1 = min(height - 1, Int(ceil(rect.maxY)) - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            let oy = min(Double(y + 1), rect.maxY) - max(Double(y), rect.y)
            for x in x0...x1 {
                let ox = min(Double(x + 1), rect.maxX) - max(Double(x), rect.x)
                blend(x: x, y: y, color: color, coverage: ox * oy)
            }
        }
    }

    /// The outline of a rectangle, `lineWidth` wide and centred on its edges.
    public mutating func strokeRect(_ r: PixelRect, color: PlotColor, lineWidth: Double) {
        let h = lineWidth / 2
        fillRect(PixelRect(x: r.x - h, y: r.y - h, width: r.width + lineWidth, height: lineWidth), color: color)
        fillRect(PixelRect(x: r.x - h, y: r.maxY - h, width: r.width + lineWidth, height: lineWidth), color: color)
        fillRect(PixelRect(x: r.x - h, y: r.y + h, width: lineWidth, height: r.height - lineWidth), color: color)
        fillRect(PixelRect(x: r.maxX - h, y: r.y + h, width: lineWidth, height: r.height - lineWidth), color: color)
    }

    /// An anti-aliased polyline with round joins and caps. Coverage is accumulated as the maximum over all
    /// segments before blending, so joints are not drawn twice (which would darken translucent lines).
    public mutating func strokePolyline(_ points: [PixelPoint], width lineWidth: Double, color: PlotColor,
                                        dashed: Bool = false) {
        let pts = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard !pts.isEmpty, lineWidth > 0 else { return }
        var segments: [(PixelPoint, PixelPoint)] = []
        if pts.count == 1 {
            segments = [(pts[0], pts[0])]
        } else if dashed {
            let (on, off) = SVGRenderer.dashPattern(width: lineWidth)
            var phase = 0.0 // distance into the current on+off period
            for i in 0..<(pts.count - 1) {
                let a = pts[i], b = pts[i + 1]
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                var t = 0.0
                while t < length {
                    let inOn = phase < on
                    let step = min(length - t, inOn ? on - phase : on + off - phase)
                    if inOn && step > 0 {
                        func at(_ s: Double) -> PixelPoint {
                            PixelPoint(x: a.x + (b.x - a.x) * s / length, y: a.y + (b.y - a.y) * s / length)
                        }
                        segments.append((at(t), at(t + step)))
                    }
                    t += step
                    phase += step
                    if phase >= on + off - 1e-9 { phase = 0 }
                    if step <= 0 { break }
                }
            }
        } else {
            for i in 0..<(pts.count - 1) { segments.append((pts[i], pts[i + 1])) }
        }
        let half = lineWidth / 2
        let minX = max(0, Int(floor(pts.map(\.x).min()! - half - 1)))
        let maxX = min(width - 1, Int(ceil(pts.map(\.x).max()! + half + 1)))
        let minY = max(0, Int(floor(pts.map(\.y).min()! - half - 1)))
        let maxY = min(height - 1, Int(ceil(pts.map(\.y).max()! + half + 1)))
        guard minX <= maxX, minY <= maxY else { return }
        let maskWidth = maxX - minX + 1
        var mask = [Float](repeating: 0, count: maskWidth * (maxY - minY + 1))
        for (a, b) in segments {
            let sx0 = max(minX, Int(floor(min(a.x, b.x) - half - 1))), sx1 = min(maxX, Int(ceil(max(a.x, b.x) + half + 1)))
            let sy0 = max(minY, Int(floor(min(a.y, b.y) - half - 1))), sy1 = min(maxY, Int(ceil(max(a.y, b.y) + half + 1)))
            guard sx0 <= sx1, sy0 <= sy1 else { continue }
            let vx = b.x - a.x, vy = b.y - a.y
            let len2 = vx * vx + vy * vy
            for y in sy0...sy1 {
                let py = Double(y) + 0.5
                for x in sx0...sx1 {
                    let px = Double(x) + 0.5
                    var t = len2 > 0 ? ((px - a.x) * vx + (py - a.y) * vy) / len2 : 0
                    t = min(1, max(0, t))
                    let cx = a.x + t * vx - px, cy = a.y + t * vy - py
                    let d = (cx * cx + cy * cy).squareRoot()
                    let c = Float(min(1, max(0, half + 0.5 - d)))
                    let k = (y - minY) * maskWidth + (x - minX)
                    if c > mask[k] { mask[k] = c }
                }
            }
        }
        for y in minY...maxY {
            for x in minX...maxX {
                let c = mask[(y - minY) * maskWidth + (x - minX)]
                if c > 0 { blend(x: x, y: y, color: color, coverage: Double(c)) }
            }
        }
    }

    /// Draws one line of text with the built-in ``BitmapFont``. The dot size is ⌊size/10⌋ pixels (at least 1)
    /// so glyphs stay crisp; the text is therefore never wider than ``TextMetrics`` says.
    public mutating func drawText(_ text: String, at point: PixelPoint, size: Double, color: PlotColor,
                                  anchor: TextAnchor = .start) {
        guard point.x.isFinite, point.y.isFinite, size > 0 else { return }
        let unit = max(1, Int(floor(size / 10)))
        let characters = Array(text)
        let textWidth = Double(characters.count * 6 * unit)
        var x0: Double
        switch anchor {
        case .start: x0 = point.x
        case .middle: x0 = point.x - textWidth / 2
        case .end: x0 = point.x - textWidth
        }
        let left = Int(x0.rounded())
        let top = Int(point.y.rounded()) - 7 * unit
        for (k, ch) in characters.enumerated() {
            let glyph = BitmapFont.glyph(for: ch)
            let gx = left + k * 6 * unit
            for row in 0..<glyph.rows.count {
                for column in 0..<5 where glyph.isSet(column: column, row: row) {
                    for dy in 0..<unit {
                        for dx in 0..<unit {
                            blend(x: gx + column * unit + dx, y: top + row * unit + dy, color: color, coverage: 1)
                        }
                    }
                }
            }
        }
    }

    /// The image as a PNG file (RGB when fully opaque, RGBA otherwise).
    public func png() throws -> [UInt8] {
        try PNGEncoder.encode(rgba: pixels, width: width, height: height)
    }
}
