#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Colour schemes for plots.
public enum PlotPalette {
    /// A categorical palette that stays distinguishable under the common colour-vision deficiencies: the seven
    /// non-black colours of Okabe & Ito (2008, "Color Universal Design"), then black, grey and a wine red.
    /// Class `k` gets `categorical[k % 10]`.
    public static let categorical: [PlotColor] = [
        PlotColor(hex: 0x0072B2), // blue
        PlotColor(hex: 0xE69F00), // orange
        PlotColor(hex: 0x009E73), // bluish green
        PlotColor(hex: 0xD55E00), // vermillion
        PlotColor(hex: 0x56B4E9), // sky blue
        PlotColor(hex: 0xCC79A7), // reddish purple
        PlotColor(hex: 0xF0E442), // yellow
        PlotColor(hex: 0x000000), // black
        PlotColor(hex: 0x999999), // grey
        PlotColor(hex: 0x882255), // wine
    ]

    /// The colour of class `k` (negative classes get grey).
    public static func categorical(_ k: Int) -> PlotColor {
        k < 0 ? PlotColor.grey : categorical[k % categorical.count]
    }

    /// Anchors of a perceptually ordered sequential map, dark blue-purple → teal → green → yellow (in the
    /// spirit of matplotlib's viridis; these anchors are our own, interpolated linearly in sRGB).
    static let sequentialAnchors: [(Double, Double, Double)] = [
        (0x44, 0x05, 0x5A), (0x3B, 0x4F, 0x8A), (0x2A, 0x78, 0x8E), (0x22, 0xA0, 0x84),
        (0x5B, 0xC6, 0x5F), (0xB5, 0xDD, 0x2B), (0xF6, 0xE7, 0x1F),
    ]

    /// The sequential map at `t` in 0...1 (clamped): 0 is dark, 1 is light.
    public static func sequential(_ t: Double) -> PlotColor {
        let u = t.isFinite ? min(1, max(0, t)) : 0
        let scaled = u * Double(sequentialAnchors.count - 1)
        let i = min(sequentialAnchors.count - 2, Int(scaled))
        let f = scaled - Double(i)
        let a = sequentialAnchors[i], b = sequentialAnchors[i + 1]
        func mix(_ x: Double, _ y: Double) -> UInt8 { UInt8(min(255, max(0, (x + (y - x) * f).rounded()))) }
        return PlotColor(red: mix(a.0, b.0), green: mix(a.1, b.1), blue: mix(a.2, b.2))
    }

    /// Colour for frequency rank `rank` of `count` items: t = log(1 + rank) / log(count), so the most frequent
    /// words are dark and the long tail fades towards yellow (capped at 0.92 so rare points stay visible on white).
    public static func frequencyRank(_ rank: Int, of count: Int) -> PlotColor {
        guard count > 1 else { return sequential(0) }
        return sequential(0.92 * log1p(Double(rank)) / log1p(Double(count - 1)))
    }
}
