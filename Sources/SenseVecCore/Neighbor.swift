/// One answer of a similarity query: a row of the vectors, its word and its cosine similarity to the query.
public struct Neighbor: Sendable, Hashable {
    public var word: String
    public var index: Int
    public var similarity: Float
    public init(word: String, index: Int, similarity: Float) {
        self.word = word
        self.index = index
        self.similarity = similarity
    }
}
