/// An 8-bit RGBA image (straight, not premultiplied, alpha), row-major with the top row first: what
/// ``RasterRenderer`` produces and ``PNGEncoder`` writes.
public struct Raster: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major RGBA, 4 bytes per pixel, top row first.
    public let pixels: [UInt8]

    /// An image from `pixels` (width × height × 4 bytes); nil when the sizes do not match.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, pixels.count == width * height * 4 else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The colour at pixel (x, y) (opacity from the alpha channel).
    public func pixel(x: Int, y: Int) -> PlotColor {
        let i = (y * width + x) * 4
        return PlotColor(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2], opacity: Double(pixels[i + 3]) / 255)
    }

    /// The image as a PNG file (RGB when fully opaque, RGBA otherwise).
    public func png() throws -> [UInt8] {
        try PNGEncoder.encode(rgba: pixels, width: width, height: height)
    }
}
