import CCairo
import Synchronization

/// Text metrics shared by the layout and both renderers: the proportional sans-serif font ``fontFamily``
/// (DejaVu Sans, found by fontconfig), measured by Cairo.
///
/// A run's width is the sum of its glyphs' advance widths. Advances are measured once per character with
/// hinting of metrics turned off, so they scale linearly with the font size and `width(of:size:)` is exactly
/// what ``RasterRenderer`` draws (Cairo's text API places glyphs at their advances, without kerning). SVG
/// readers use the same family when it is installed and a similar sans-serif otherwise.
/// The vertical box of a run is 0.75 em above the baseline and 0.25 em below it.
public enum TextMetrics {
    /// The font family both renderers ask for.
    public static let fontFamily = "DejaVu Sans"
    /// The CSS font-family list written into SVG files.
    public static let svgFontFamily = "DejaVu Sans, Verdana, Geneva, sans-serif"

    /// Advance width per em of each character measured so far.
    private static let advances = Mutex<[Character: Double]>([:])
    /// Size at which advances are measured (large, so rounding inside the font engine is negligible).
    private static let referenceSize = 256.0

    /// Width in pixels of `text` at font size `size`.
    public static func width(of text: String, size: Double) -> Double {
        advances.withLock { cache in
            var total = 0.0
            for ch in text {
                if let a = cache[ch] {
                    total += a
                } else {
                    let a = measure(ch)
                    cache[ch] = a
                    total += a
                }
            }
            return total * size
        }
    }

    /// The advance per em of one character, from Cairo's toy text API (fontconfig picks the face).
    private static func measure(_ ch: Character) -> Double {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else { return 0.6 }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { return 0.6 }
        defer { cairo_destroy(cr) }
        applyFont(cr, size: referenceSize)
        var extents = cairo_text_extents_t()
        String(ch).withCString { cairo_text_extents(cr, $0, &extents) }
        let a = extents.x_advance / referenceSize
        return a.isFinite && a >= 0 ? a : 0.6
    }

    /// Selects ``fontFamily`` at `size` on a Cairo context, with grey-scale anti-aliasing and unhinted metrics.
    static func applyFont(_ cr: OpaquePointer, size: Double) {
        cairo_select_font_face(cr, fontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
        if let options = cairo_font_options_create() {
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_set_font_options(cr, options)
            cairo_font_options_destroy(options)
        }
    }

    /// `preferred`, or smaller so that `text` fits in `width` pixels (never below 40% of `preferred`).
    public static func fittingSize(_ text: String, preferred: Double, width: Double) -> Double {
        let needed = self.width(of: text, size: preferred)
        guard needed > width, needed > 0 else { return preferred }
        return max(preferred * 0.4, preferred * width / needed)
    }

    /// The rectangle a text run covers (ascent 0.75 em above the baseline, descent 0.25 em below).
    public static func bounds(of text: String, at point: PixelPoint, size: Double, anchor: TextAnchor) -> PixelRect {
        let w = width(of: text, size: size)
        let x: Double
        switch anchor {
        case .start: x = point.x
        case .middle: x = point.x - w / 2
        case .end: x = point.x - w
        }
        return PixelRect(x: x, y: point.y - 0.75 * size, width: w, height: size)
    }
}
