/// The image formats plots are written in, chosen by file extension.
public enum PlotFileFormat: String, Sendable {
    case svg, png

    /// The format for a path's extension, or nil when it is neither `.svg` nor `.png`.
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".svg") { self = .svg } else if lower.hasSuffix(".png") { self = .png } else { return nil }
    }
}
