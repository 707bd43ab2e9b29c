/// Text taken from a file and quoted in an error message, made safe to print: an error never puts raw control
/// bytes, terminal escape sequences or invisible format characters on the user's terminal.
public enum EscapedText {
    /// `bytes` as printable text: valid UTF-8 characters stay as they are, except control and format characters
    /// (C0, DEL, C1, U+FEFF byte-order mark, bidirectional overrides, line and paragraph separators), which are
    /// written `\u{XXXX}`; a byte that is not part of valid UTF-8 is written `\xNN`. At most `limit` characters
    /// are kept, then `…`.
    public static func printable(_ bytes: some Collection<UInt8>, limit: Int = 80) -> String {
        let b = Array(bytes)
        var out = ""
        var kept = 0
        var i = 0
        let hex = Array("0123456789ABCDEF")
        b.withUnsafeBytes { raw in
            while i < raw.count {
                if kept >= limit { out += "…"; return }
                let len = UTF8Validation.sequenceLength(raw, at: i)
                if len > 0 {
                    out += escaped(String(decoding: b[i..<(i + len)], as: UTF8.self).unicodeScalars.first!)
                    i += len
                } else {
                    out += "\\x" + String(hex[Int(raw[i] >> 4)]) + String(hex[Int(raw[i] & 15)])
                    i += 1
                }
                kept += 1
            }
        }
        return out
    }

    /// `text` with its control and format characters escaped as in ``printable(_:limit:)``.
    public static func printable(_ text: String, limit: Int = 80) -> String {
        printable(Array(text.utf8), limit: limit)
    }

    static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
            let h = String(scalar.value, radix: 16, uppercase: true)
            return "\\u{" + String(repeating: "0", count: max(0, 4 - h.count)) + h + "}"
        default:
            return String(scalar)
        }
    }
}
