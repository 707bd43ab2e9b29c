/// Writes a ``PlotScene`` as a standalone SVG 1.1 document (valid XML, text escaped).
///
/// Coordinates are written with at most two decimals by integer arithmetic, so the output is byte-for-byte
/// reproducible across machines and locales (the golden-file test relies on this).
public enum SVGRenderer {
    /// The SVG document for `scene`.
    public static func render(_ scene: PlotScene) -> String {
        var out = ""
        out.reserveCapacity(256 + scene.elements.count * 80)
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(scene.width)\" height=\"\(scene.height)\""
        out += " viewBox=\"0 0 \(scene.width) \(scene.height)\""
        out += " font-family=\"\(TextMetrics.svgFontFamily)\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(scene.width)\" height=\"\(scene.height)\"\(fill(scene.background))/>\n"
        for element in scene.elements {
            switch element {
            case let .circle(center, radius, fillColor, stroke, strokeWidth):
                out += "<circle cx=\"\(number(center.x))\" cy=\"\(number(center.y))\" r=\"\(number(radius))\""
                out += fill(fillColor)
                if let stroke { out += self.stroke(stroke, width: strokeWidth) }
                out += "/>\n"
            case let .polyline(points, width, color, dashed):
                guard !points.isEmpty else { continue }
                out += "<polyline points=\""
                for (i, p) in points.enumerated() {
                    if i > 0 { out += " " }
                    out += number(p.x) + "," + number(p.y)
                }
                out += "\" fill=\"none\"" + stroke(color, width: width)
                out += " stroke-linejoin=\"round\" stroke-linecap=\"round\""
                if dashed {
                    let (on, off) = dashPattern(width: width)
                    out += " stroke-dasharray=\"\(number(on)) \(number(off))\""
                }
                out += "/>\n"
            case let .rectangle(rect, fillColor, stroke, strokeWidth):
                out += "<rect x=\"\(number(rect.x))\" y=\"\(number(rect.y))\" width=\"\(number(rect.width))\""
                out += " height=\"\(number(rect.height))\""
                out += fillColor.map(fill) ?? " fill=\"none\""
                if let stroke { out += self.stroke(stroke, width: strokeWidth) }
                out += "/>\n"
            case let .text(text, at, size, color, anchor):
                out += "<text x=\"\(number(at.x))\" y=\"\(number(at.y))\" font-size=\"\(number(size))\""
                if anchor != .start { out += " text-anchor=\"\(anchor.rawValue)\"" }
                out += fill(color) + ">" + escape(text) + "</text>\n"
            }
        }
        out += "</svg>\n"
        return out
    }

    /// Dash lengths (on, off) for a dashed line of the given width; shared with the raster renderer.
    static func dashPattern(width: Double) -> (Double, Double) {
        (max(6, 3 * width), max(4, 2 * width))
    }

    static func fill(_ c: PlotColor) -> String {
        var s = " fill=\"\(c.hexString)\""
        if c.opacity < 1 { s += " fill-opacity=\"\(number(c.opacity, decimals: 3))\"" }
        return s
    }

    static func stroke(_ c: PlotColor, width: Double) -> String {
        var s = " stroke=\"\(c.hexString)\" stroke-width=\"\(number(width))\""
        if c.opacity < 1 { s += " stroke-opacity=\"\(number(c.opacity, decimals: 3))\"" }
        return s
    }

    /// `v` rounded to `decimals` places, trailing zeros removed ("12", "3.5", "-0.25"); non-finite → "0".
    static func number(_ v: Double, decimals: Int = 2) -> String {
        guard v.isFinite, abs(v) < 1e12 else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(v) * scale).rounded())
        if scaled == 0 { return "0" }
        let unit = Int64(scale)
        let whole = scaled / unit
        var frac = scaled % unit
        var s = v < 0 ? "-" : ""
        s += String(whole)
        if frac != 0 {
            var digits = decimals
            while frac % 10 == 0 { frac /= 10; digits -= 1 }
            let f = String(frac)
            s += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return s
    }

    /// Escapes XML special characters and drops characters XML 1.0 does not allow.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                let allowed = v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF)
                    || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
                if allowed { out.unicodeScalars.append(scalar) } else { out += "\u{FFFD}" }
            }
        }
        return out
    }
}
