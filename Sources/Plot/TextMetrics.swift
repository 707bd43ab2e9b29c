/// Text metrics shared by the layout and both renderers: a monospace font whose advance is 0.6 em and whose
/// capital letters are 0.7 em tall (the built-in ``BitmapFont`` is designed on this grid; SVG asks for a
/// monospace family, whose advance is 0.6 em in the common fonts).
public enum TextMetrics {
    /// Width in pixels of `text` at font size `size`.
    public static func width(of text: String, size: Double) -> Double {
        Double(text.count) * 0.6 * size
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
