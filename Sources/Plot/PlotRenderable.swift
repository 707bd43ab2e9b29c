import SenseVecCore

/// A plot that can lay itself out as a ``PlotScene`` at a given size; SVG, PNG and file output follow.
public protocol PlotRenderable {
    /// The laid-out primitives for a canvas of `width` × `height` pixels.
    func scene(width: Int, height: Int) -> PlotScene
    /// The canvas size this plot looks best at for a given width (default: square).
    func preferredSize(width: Int) -> (width: Int, height: Int)
}

extension PlotRenderable {
    public func preferredSize(width: Int) -> (width: Int, height: Int) { (width, width) }

    /// The plot as an SVG document (default 900 pixels wide, height from ``preferredSize(width:)``).
    public func svg(width: Int = 900, height: Int? = nil) -> String {
        let height = height ?? preferredSize(width: width).height
        return SVGRenderer.render(scene(width: width, height: height))
    }

    /// The plot as PNG bytes (default 1200 pixels wide, height from ``preferredSize(width:)``).
    public func png(width: Int = 1200, height: Int? = nil) throws -> [UInt8] {
        let height = height ?? preferredSize(width: width).height
        guard width >= 16, height >= 16, width <= 16_384, height <= 16_384 else {
            throw SenseVecError("plot size \(width)×\(height) is out of range (16…16384 pixels per side)")
        }
        return try RasterRenderer.render(scene(width: width, height: height)).png()
    }

    /// Writes the plot to `path` atomically: SVG for `.svg`, PNG for `.png` (case-insensitive).
    public func write(to path: String) throws {
        switch PlotFileFormat(path: path) {
        case .svg: try AtomicFile.write(svg(), to: path)
        case .png: try AtomicFile.write(try png(), to: path)
        case nil:
            throw SenseVecError("cannot tell the plot format of '\(path)': use a name ending in .svg or .png")
        }
    }
}
