/// One occurrence of a planted homograph in the synthetic corpus, with the sense it was generated from.
///
/// `sentence` is the 0-based line number in `corpus.txt`; `position` is the 0-based token index within that line
/// (tokens are separated by single spaces). `senses.tsv` stores the same four fields, tab-separated.
public struct SenseOccurrence: Sendable, Hashable {
    public var sentence: Int
    public var position: Int
    public var word: String
    public var sense: String

    public init(sentence: Int, position: Int, word: String, sense: String) {
        self.sentence = sentence
        self.position = position
        self.word = word
        self.sense = sense
    }
}
