/// Minimal JSON text building for command output and the explorer: string quoting per RFC 8259 and numbers
/// that JSON parsers accept (non-finite values become `null`).
public enum JSONText {
    /// `s` as a JSON string literal, with quotes, backslashes and control characters escaped.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// A JSON number for `x` (shortest round-trip decimal), or `null` when `x` is not finite.
    public static func number(_ x: Float) -> String { x.isFinite ? x.description : "null" }
    /// A JSON number for `x`, or `null` when `x` is not finite.
    public static func number(_ x: Double) -> String { x.isFinite ? x.description : "null" }

    /// `[{"word": …, "similarity": …}, …]` for a list of neighbours.
    public static func neighbors(_ list: [Neighbor]) -> String {
        "[" + list.map { "{\"word\": \(quote($0.word)), \"similarity\": \(number($0.similarity))}" }
            .joined(separator: ", ") + "]"
    }
}
