/// A point in pixel coordinates (x to the right, y downwards, origin at the top-left corner).
public struct PixelPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// An axis-aligned rectangle in pixel coordinates.
public struct PixelRect: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    /// True when the interiors overlap (touching edges do not count).
    public func intersects(_ other: PixelRect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// True when `other` lies entirely inside this rectangle.
    public func contains(_ other: PixelRect) -> Bool {
        other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
    }
}

/// Horizontal alignment of a text run relative to its anchor point.
public enum TextAnchor: String, Sendable {
    case start, middle, end
}

/// One drawing primitive. Both renderers (``SVGRenderer`` and ``RasterRenderer``) draw exactly these.
public enum PlotElement: Sendable {
    /// A filled disc, optionally outlined.
    case circle(center: PixelPoint, radius: Double, fill: PlotColor, stroke: PlotColor?, strokeWidth: Double)
    /// An open polyline; `dashed` draws it as dashes of 3·width on, 2·width off (at least 6/4 px).
    case polyline(points: [PixelPoint], width: Double, color: PlotColor, dashed: Bool)
    /// A rectangle, filled and/or outlined.
    case rectangle(PixelRect, fill: PlotColor?, stroke: PlotColor?, strokeWidth: Double)
    /// A single line of text; `at` is the anchor on the baseline, `size` the font size in pixels.
    case text(String, at: PixelPoint, size: Double, color: PlotColor, anchor: TextAnchor)
}

/// A laid-out plot: a canvas size, a background and the primitives in drawing order.
///
/// Plots compute their layout once (the data → pixel transform, label positions, legend) into a scene;
/// the SVG writer and the raster renderer then only translate primitives, so both outputs agree.
public struct PlotScene: Sendable {
    public var width: Int
    public var height: Int
    public var background: PlotColor
    public var elements: [PlotElement]

    public init(width: Int, height: Int, background: PlotColor = .white, elements: [PlotElement] = []) {
        self.width = width
        self.height = height
        self.background = background
        self.elements = elements
    }

    public mutating func append(_ element: PlotElement) { elements.append(element) }
}

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
