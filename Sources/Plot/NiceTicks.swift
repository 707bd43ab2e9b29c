/// "Nice" axis ticks: steps of 1, 2 or 5 × 10^k chosen so about `target` ticks cover the range
/// (the classic Heckbert 1990 "Nice numbers for graph labels" idea).
public enum NiceTicks {
    /// Tick values inside `lo...hi`, and the number of decimals their labels need.
    public static func ticks(from lo: Double, to hi: Double, target: Int = 6) -> (values: [Double], decimals: Int) {
        guard lo.isFinite, hi.isFinite, hi > lo, target > 0 else { return ([], 0) }
        let rough = (hi - lo) / Double(target)
        let magnitude = powDouble(10, floorDouble(log10Double(rough)))
        let residual = rough / magnitude
        let step = (residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10) * magnitude
        let first = (lo / step).rounded(.up)
        var values: [Double] = []
        var k = first
        while k * step <= hi + step * 1e-9, values.count < 1000 {
            let v = k * step
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        let decimals = max(0, -Int(floorDouble(log10Double(step) + 1e-9)))
        return (values, decimals)
    }

    /// `v` with the given number of decimals (no locale, no exponent), e.g. "-0.25", "1000".
    public static func label(_ v: Double, decimals: Int) -> String {
        var s = SVGRenderer.number(v, decimals: decimals)
        if decimals > 0, !s.contains(".") { s += "." + String(repeating: "0", count: decimals) }
        else if decimals > 0 {
            let have = s.split(separator: ".").last!.count
            s += String(repeating: "0", count: max(0, decimals - have))
        }
        return s
    }
}
