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
