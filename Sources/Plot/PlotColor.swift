/// An sRGB colour with an opacity, as used by both plot renderers (SVG and raster).
public struct PlotColor: Sendable, Equatable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    /// Opacity in 0...1 (1 = opaque).
    public var opacity: Double

    public init(red: UInt8, green: UInt8, blue: UInt8, opacity: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.opacity = min(1, max(0, opacity))
    }

    /// A colour from a 24-bit `0xRRGGBB` value.
    public init(hex: UInt32, opacity: Double = 1) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF),
                  opacity: opacity)
    }

    /// The same colour with another opacity.
    public func withOpacity(_ opacity: Double) -> PlotColor {
        PlotColor(red: red, green: green, blue: blue, opacity: opacity)
    }

    /// `#rrggbb` (opacity is written separately by the SVG renderer).
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [red, green, blue] {
            s.append(digits[Int(v >> 4)])
            s.append(digits[Int(v & 15)])
        }
        return s
    }

    public static let white = PlotColor(hex: 0xFFFFFF)
    public static let black = PlotColor(hex: 0x000000)
    /// Text and axes.
    public static let ink = PlotColor(hex: 0x222222)
    /// Frames and grid lines.
    public static let lightGrey = PlotColor(hex: 0xDDDDDD)
    public static let grey = PlotColor(hex: 0x888888)
}
