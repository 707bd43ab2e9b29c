import CCairo

/// Draws a ``PlotScene`` into a ``Raster`` with Cairo (the PNG path): anti-aliased discs, lines and rectangles,
/// and text from ``TextMetrics/fontFamily`` with grey-scale anti-aliasing. Primitives map one to one onto Cairo
/// paths, so the picture matches the SVG that ``SVGRenderer`` writes for the same scene.
public enum RasterRenderer {
    public static func render(_ scene: PlotScene) -> Raster {
        let w = max(1, scene.width), h = max(1, scene.height)
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h)) else {
            return blank(w, h)
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else {
            return blank(w, h)
        }
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_GRAY)
        setSource(cr, scene.background)
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
        cairo_paint(cr)
        cairo_set_operator(cr, CAIRO_OPERATOR_OVER)
        for element in scene.elements { draw(element, on: cr) }
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        return unpremultiplied(surface, width: w, height: h)
    }

    static func blank(_ w: Int, _ h: Int) -> Raster {
        Raster(width: w, height: h, pixels: [UInt8](repeating: 255, count: w * h * 4))!
    }

    static func setSource(_ cr: OpaquePointer, _ c: PlotColor) {
        cairo_set_source_rgba(cr, Double(c.red) / 255, Double(c.green) / 255, Double(c.blue) / 255, c.opacity)
    }

    static func finite(_ p: PixelPoint) -> Bool { p.x.isFinite && p.y.isFinite }

    static func draw(_ element: PlotElement, on cr: OpaquePointer) {
        switch element {
        case let .circle(center, radius, fill, stroke, strokeWidth):
            guard finite(center), radius.isFinite, radius > 0 else { return }
            cairo_new_path(cr)
            cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
            setSource(cr, fill)
            if let stroke, strokeWidth > 0 {
                cairo_fill_preserve(cr)
                setSource(cr, stroke)
                cairo_set_line_width(cr, strokeWidth)
                cairo_stroke(cr)
            } else {
                cairo_fill(cr)
            }
        case let .polyline(points, width, color, dashed):
            let pts = points.filter(finite)
            guard !pts.isEmpty, width > 0 else { return }
            cairo_new_path(cr)
            cairo_move_to(cr, pts[0].x, pts[0].y)
            if pts.count == 1 { cairo_line_to(cr, pts[0].x, pts[0].y) }
            for p in pts.dropFirst() { cairo_line_to(cr, p.x, p.y) }
            cairo_set_line_width(cr, width)
            cairo_set_line_cap(cr, dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            if dashed {
                let (on, off) = SVGRenderer.dashPattern(width: width)
                let pattern = [on, off]
                cairo_set_dash(cr, pattern, 2, 0)
            }
            setSource(cr, color)
            cairo_stroke(cr)
            cairo_set_dash(cr, nil, 0, 0)
        case let .rectangle(rect, fill, stroke, strokeWidth):
            guard rect.x.isFinite, rect.y.isFinite, rect.width.isFinite, rect.height.isFinite else { return }
            cairo_new_path(cr)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            if let fill {
                setSource(cr, fill)
                if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
            }
            if let stroke {
                setSource(cr, stroke)
                cairo_set_line_width(cr, strokeWidth)
                cairo_stroke(cr)
            }
        case let .text(text, at, size, color, anchor):
            guard finite(at), size > 0, size.isFinite, !text.isEmpty else { return }
            let box = TextMetrics.bounds(of: text, at: at, size: size, anchor: anchor)
            TextMetrics.applyFont(cr, size: size)
            setSource(cr, color)
            cairo_new_path(cr)
            cairo_move_to(cr, box.x, at.y)
            // Cairo's toy API wants UTF-8 without NUL bytes.
            String(text.map { $0 == "\u{0}" ? " " : $0 }).withCString { cairo_show_text(cr, $0) }
        }
    }

    /// Cairo's ARGB32 surface holds premultiplied native-endian 32-bit pixels; PNG wants straight RGBA bytes.
    static func unpremultiplied(_ surface: OpaquePointer, width w: Int, height h: Int) -> Raster {
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return blank(w, h) }
        var out = [UInt8](repeating: 0, count: w * h * 4)
        out.withUnsafeMutableBufferPointer { dst in
            for y in 0..<h {
                let row = UnsafeRawPointer(data + y * stride)
                for x in 0..<w {
                    let v = row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                    let a = Int(v >> 24), r = Int((v >> 16) & 0xFF), g = Int((v >> 8) & 0xFF), b = Int(v & 0xFF)
                    let i = 4 * (y * w + x)
                    if a == 255 {
                        dst[i] = UInt8(r); dst[i + 1] = UInt8(g); dst[i + 2] = UInt8(b)
                    } else if a > 0 {
                        dst[i] = UInt8(min(255, (r * 255 + a / 2) / a))
                        dst[i + 1] = UInt8(min(255, (g * 255 + a / 2) / a))
                        dst[i + 2] = UInt8(min(255, (b * 255 + a / 2) / a))
                    }
                    dst[i + 3] = UInt8(a)
                }
            }
        }
        return Raster(width: w, height: h, pixels: out)!
    }
}
