/// fastText's character n-grams and their hashing (Bojanowski et al. 2017, "Enriching Word Vectors with
/// Subword Information", §3.2), computed exactly as fastText 0.9's `Dictionary::computeSubwords` does, so
/// that a user can reason about a SenseVec subword model the way they reason about a fastText model.
///
/// **Extraction.** The word is wrapped in boundary marks, `<word>`, and every run of n consecutive
/// *characters* with `minLength ≤ n ≤ maxLength` is an n-gram, in order of start position, then length.
/// A character is a Unicode scalar (one UTF-8 code point: a lead byte and its continuation bytes), never a
/// lone byte, so `été` gives `<ét`, `<été`, … and never half a character. The single characters `<` and `>`
/// alone are not n-grams (this matters only with `minLength == 1`). The whole wrapped word (`<the>`) is one
/// of the n-grams when it has at most `maxLength` characters, as in fastText.
///
/// **Hashing.** An n-gram's bucket is `h mod buckets` with h the 32-bit FNV-1a hash of its UTF-8 bytes:
///
///     h₀ = 2166136261;  hᵢ = (hᵢ₋₁ XOR x(bᵢ)) · 16777619  (mod 2³²)
///
/// where fastText computes x(b) as `uint32_t(int8_t(b))`: each byte is **sign-extended** through a signed
/// char before the XOR. For ASCII bytes (b < 0x80) x(b) = b, the textbook FNV-1a; for the bytes of a
/// multi-byte character (b ≥ 0x80) x(b) = b | 0xFFFFFF00, which differs from textbook FNV-1a. SenseVec
/// reproduces the sign-extended form, so bucket ids of non-ASCII n-grams agree with fastText's (its
/// `get_subwords` reports id = words + bucket).
public struct CharacterNgrams: Sendable, Equatable {
    /// fastText's `-minn`: shortest n-gram in characters (boundary marks count as characters).
    public let minLength: Int
    /// fastText's `-maxn`: longest n-gram in characters.
    public let maxLength: Int
    /// fastText's `-bucket`: number of hash buckets (rows of the n-gram matrix).
    public let buckets: Int

    public static let boundaryStart: UInt8 = 0x3C   // "<"
    public static let boundaryEnd: UInt8 = 0x3E     // ">"

    /// Validated settings (one-line errors name the command-line options).
    public init(minLength: Int = 3, maxLength: Int = 6, buckets: Int = 2_000_000) throws {
        guard minLength >= 1 && minLength <= 100 else { throw SenseVecError("--minn must be between 1 and 100, got \(minLength)") }
        guard maxLength >= minLength && maxLength <= 100 else {
            throw SenseVecError("--maxn must be between --minn (\(minLength)) and 100, got \(maxLength)")
        }
        guard buckets >= 1 && buckets <= 1 << 30 else { throw SenseVecError("--buckets must be between 1 and 2^30, got \(buckets)") }
        self.minLength = minLength
        self.maxLength = maxLength
        self.buckets = buckets
    }

    /// fastText's FNV-1a over `bytes` with each byte sign-extended (see the type's documentation).
    @inlinable
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in bytes {
            h ^= UInt32(bitPattern: Int32(Int8(bitPattern: b)))
            h = h &* 16_777_619
        }
        return h
    }

    /// Calls `body(start, end)` with the byte range of each n-gram of `wrapped` (the word already wrapped in
    /// `<` and `>`), in fastText's order. UTF-8 continuation bytes (10xxxxxx) never start a character.
    @inlinable
    public func forEachNgram(inWrapped wrapped: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        let size = wrapped.count
        for i in 0..<size {
            if wrapped[i] & 0xC0 == 0x80 { continue }
            var j = i, n = 1
            while j < size && n <= maxLength {
                j += 1
                while j < size && wrapped[j] & 0xC0 == 0x80 { j += 1 }
                if n >= minLength && !(n == 1 && (i == 0 || j == size)) { body(i, j) }
                n += 1
            }
        }
    }

    /// `<word>` as bytes.
    @inlinable
    public static func wrapped(_ word: String) -> [UInt8] {
        var bytes: [UInt8] = [boundaryStart]
        bytes.append(contentsOf: word.utf8)
        bytes.append(boundaryEnd)
        return bytes
    }

    /// The n-grams of `word` as strings, in fastText's order (duplicates kept).
    public func ngrams(of word: String) -> [String] {
        let w = Self.wrapped(word)
        var out: [String] = []
        w.withUnsafeBufferPointer { buf in
            forEachNgram(inWrapped: buf) { i, j in out.append(String(decoding: buf[i..<j], as: UTF8.self)) }
        }
        return out
    }

    /// The bucket (0 ..< buckets) of each n-gram of `word`, in the order of ``ngrams(of:)``.
    public func bucketIndices(of word: String) -> [Int] {
        let w = Self.wrapped(word)
        var out: [Int] = []
        w.withUnsafeBufferPointer { buf in
            forEachNgram(inWrapped: buf) { i, j in
                out.append(Int(Self.hash(UnsafeBufferPointer(rebasing: buf[i..<j])) % UInt32(buckets)))
            }
        }
        return out
    }
}
