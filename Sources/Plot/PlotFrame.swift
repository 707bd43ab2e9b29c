/// The data → pixel transform of a plot: an affine map from a data rectangle onto the plot area
/// (the canvas minus margins), with y pointing up in data space and down in pixel space.
///
/// x_px = area.x + (x − xMin)·sx,  y_px = area.maxY − (y − yMin)·sy.
/// With `equalAspect` one data unit has the same length on both axes (sx = sy) and the data is centred —
/// the right choice for t-SNE and PCA maps, where distances are what the picture is about.
public struct PlotFrame: Sendable, Equatable {
    public let area: PixelRect
    public let xMin: Double, xMax: Double, yMin: Double, yMax: Double
    public let scaleX: Double, scaleY: Double
    let offsetX: Double, offsetY: Double

    /// Fits the data range into `area`, padded by `padding` (a fraction of the range) on every side.
    /// Empty or degenerate ranges are widened to ±0.5 around their centre; non-finite values are ignored.
    public init(xs: [Double], ys: [Double], area: PixelRect, equalAspect: Bool, padding: Double = 0.04) {
        func range(_ v: [Double]) -> (Double, Double) {
            var lo = Double.infinity, hi = -Double.infinity
            for x in v where x.isFinite { lo = min(lo, x); hi = max(hi, x) }
            if !lo.isFinite { return (-0.5, 0.5) }
            if hi - lo < 1e-12 * max(1, abs(lo)) { return (lo - 0.5, hi + 0.5) }
            let pad = (hi - lo) * padding
            return (lo - pad, hi + pad)
        }
        let (x0, x1) = range(xs), (y0, y1) = range(ys)
        self.init(xRange: x0...x1, yRange: y0...y1, area: area, equalAspect: equalAspect)
    }

    /// Maps the given data ranges exactly onto `area` (or, with `equalAspect`, centred inside it).
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, area: PixelRect, equalAspect: Bool) {
        self.area = area
        xMin = xRange.lowerBound; xMax = max(xRange.upperBound, xRange.lowerBound + 1e-12)
        yMin = yRange.lowerBound; yMax = max(yRange.upperBound, yRange.lowerBound + 1e-12)
        var sx = area.width / (xMax - xMin), sy = area.height / (yMax - yMin)
        if equalAspect { sx = min(sx, sy); sy = sx }
        scaleX = sx; scaleY = sy
        // Centre the data inside the area when one axis has room to spare.
        offsetX = (area.width - (xMax - xMin) * sx) / 2
        offsetY = (area.height - (yMax - yMin) * sy) / 2
    }

    /// The pixel position of data point (x, y).
    @inline(__always)
    public func pixel(x: Double, y: Double) -> PixelPoint {
        PixelPoint(x: area.x + offsetX + (x - xMin) * scaleX, y: area.maxY - offsetY - (y - yMin) * scaleY)
    }
}
