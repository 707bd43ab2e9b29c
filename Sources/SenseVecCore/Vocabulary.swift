/// The words of a corpus with their counts, sorted by descending count (ties by first appearance).
///
/// Row `i` of every weight matrix belongs to `words[i]`. Saved and loaded as `word<TAB>count` lines.
public struct Vocabulary: Sendable {
    public private(set) var words: [String]
    public private(set) var counts: [Int]
    private var indexByWord: [String: Int]

    /// Creates a vocabulary from words and counts; they are sorted by descending count (stable).
    public init(words: [String], counts: [Int]) throws {
        guard words.count == counts.count else {
            throw SenseVecError("vocabulary has \(words.count) words but \(counts.count) counts")
        }
        let order = words.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        self.words = order.map { words[$0] }
        self.counts = order.map { counts[$0] }
        var index = [String: Int](minimumCapacity: words.count)
        for (i, w) in self.words.enumerated() {
            if index[w] != nil { throw SenseVecError("duplicate word '\(w)' in vocabulary") }
            index[w] = i
        }
        self.indexByWord = index
    }

    /// The number of distinct words.
    public var count: Int { words.count }
    /// The sum of all counts (tokens covered by the vocabulary).
    public var totalCount: Int { counts.reduce(0, +) }
    /// The id of `word`, or nil.
    public func index(of word: String) -> Int? { indexByWord[word] }

    /// Keeps the words with count ≥ `minCount`, then at most `maxSize` of them (the most frequent).
    public func pruned(minCount: Int, maxSize: Int? = nil) -> Vocabulary {
        var n = counts.firstIndex(where: { $0 < minCount }) ?? counts.count
        if let maxSize { n = min(n, maxSize) }
        return try! Vocabulary(words: Array(words[..<n]), counts: Array(counts[..<n]))
    }
}
