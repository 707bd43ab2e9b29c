/// Trained word vectors: a list of words and a row-major `Float32` matrix with one row per word.
///
/// `WordVectors` is independent of the trainer that made it (the idea of gensim's `KeyedVectors`): queries,
/// evaluation, projection, file formats and the explorer depend on it alone. Rows are contiguous:
/// row `i` occupies `values[i*dimension ..< (i+1)*dimension]`.
public struct WordVectors: Sendable {
    /// The words, in row order (usually by descending corpus frequency).
    public private(set) var words: [String]
    /// The number of components of each vector.
    public let dimension: Int
    /// `count × dimension` values, row-major.
    public private(set) var values: [Float]
    /// The raw bytes of each word when a file held words that are not valid UTF-8 (e.g. GoogleNews vectors);
    /// nil when every word is valid UTF-8. Writers use these bytes so conversions are lossless.
    public private(set) var rawWords: [[UInt8]]?
    private var indexByWord: [String: Int]

    /// Creates vectors; throws when sizes disagree, a word repeats, or a value is not finite.
    public init(words: [String], dimension: Int, values: [Float], rawWords: [[UInt8]]? = nil) throws {
        guard dimension > 0 else { throw SenseVecError("vector dimension must be positive, got \(dimension)") }
        guard values.count == words.count * dimension else {
            throw SenseVecError("expected \(words.count) × \(dimension) = \(words.count * dimension) values, got \(values.count)")
        }
        if let rawWords, rawWords.count != words.count {
            throw SenseVecError("raw word list has \(rawWords.count) entries for \(words.count) words")
        }
        var index = [String: Int](minimumCapacity: words.count)
        for (i, w) in words.enumerated() {
            if index[w] != nil { throw SenseVecError("duplicate word '\(EscapedText.printable(w))' (rows \(index[w]! + 1) and \(i + 1))") }
            index[w] = i
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw SenseVecError("non-finite value \(values[bad]) in the vector of '\(EscapedText.printable(words[bad / dimension]))'")
        }
        self.words = words
        self.dimension = dimension
        self.values = values
        self.rawWords = rawWords
        self.indexByWord = index
    }

    /// The number of words.
    public var count: Int { words.count }

    /// The row of `word`, or nil when it is not in the vocabulary.
    public func index(of word: String) -> Int? { indexByWord[word] }

    /// The vector of row `i` (a copy).
    public func vector(at i: Int) -> [Float] {
        Array(values[i * dimension ..< (i + 1) * dimension])
    }

    /// The vector of `word`, or nil when it is unknown.
    public func vector(for word: String) -> [Float]? {
        index(of: word).map { vector(at: $0) }
    }

    /// Calls `body` with a pointer to the contiguous matrix.
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer(body)
    }

    /// The first `n` rows (the `n` most frequent words when rows are sorted by frequency).
    public func prefix(_ n: Int) -> WordVectors {
        let n = max(0, min(n, count))
        return try! WordVectors(words: Array(words[..<n]), dimension: dimension,
                                values: Array(values[..<(n * dimension)]),
                                rawWords: rawWords.map { Array($0[..<n]) })
    }
}
