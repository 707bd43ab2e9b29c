/// Strict UTF-8 (RFC 3629): the one validator behind the tokenizer and the word2vec readers.
public enum UTF8Validation {
    /// The length (1–4) of the well-formed UTF-8 sequence starting at `i`, or 0 when none starts there: no
    /// overlong forms, no surrogates (U+D800–U+DFFF), nothing above U+10FFFF, no truncated sequence (the second
    /// byte's range depends on the first, as in Table 3-7 of the Unicode Standard).
    @inlinable @inline(__always)
    public static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Int {
        let b0 = bytes[i]
        if b0 < 0x80 { return 1 }
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        let len: Int
        switch b0 {
        case 0xC2...0xDF: len = 2
        case 0xE0: len = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED: len = 3; hi = 0x9F
        case 0xF0: len = 4; lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4: len = 4; hi = 0x8F
        default: return 0
        }
        guard i + len <= bytes.count else { return 0 }
        guard bytes[i + 1] >= lo && bytes[i + 1] <= hi else { return 0 }
        for k in 2..<len where (bytes[i + k] & 0xC0) != 0x80 { return 0 }
        return len
    }
}
