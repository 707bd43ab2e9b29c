import SenseVecCore

/// A plot that can lay itself out as a ``PlotScene`` at a given size; SVG, PNG and file output follow.
public protocol PlotRenderable {
    /// The laid-out primitives for a canvas of `width` × `height` pixels.
    func scene(width: Int, height: Int) -> PlotScene
}

extension PlotRenderable {
    /// The plot as an SVG document (default 900 × 900).
    public func svg(width: Int = 900, height: Int = 900) -> String {
        SVGRenderer.render(scene(width: width, height: height))
    }

    /// The plot as PNG bytes (default 1200 × 1200).
    public func png(width: Int = 1200, height: Int = 1200) throws -> [UInt8] {
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

/// The image formats plots are written in, chosen by file extension.
public enum PlotFileFormat: String, Sendable {
    case svg, png

    /// The format for a path's extension, or nil when it is neither `.svg` nor `.png`.
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".svg") { self = .svg } else if lower.hasSuffix(".png") { self = .png } else { return nil }
    }
}
