import SenseVecCore

/// A plain ``WordVectors`` seen as a ``SenseModel`` with one sense per word (prior 1, posterior [1]).
///
/// Lets every sense-based benchmark run on ordinary word vectors as a baseline: MaxSim = AvgSim = cosine,
/// AvgSimC = MaxSimC = cosine, and word sense induction puts every occurrence in one cluster.
/// Lookups are case-insensitive the way gensim's evaluations are: an exact match first, otherwise the most
/// frequent row whose upper-cased word matches.
public struct SingleSenseModel: SenseModel {
    public let vectors: WordVectors
    let rowByKey: [String: Int]

    public init(_ vectors: WordVectors) {
        self.vectors = vectors
        var map: [String: Int] = [:]
        for (i, w) in vectors.words.enumerated() {
            let k = w.uppercased()
            if map[k] == nil { map[k] = i }
        }
        rowByKey = map
    }

    /// The row of `word`: exact, else case-folded; nil when unknown.
    public func row(of word: String) -> Int? {
        vectors.index(of: word) ?? rowByKey[word.uppercased()]
    }

    public func senses(of word: String) -> [(prior: Double, vector: [Float])]? {
        row(of: word).map { [(prior: 1.0, vector: vectors.vector(at: $0))] }
    }

    public func posterior(of word: String, left: [String], right: [String]) -> [Double]? {
        row(of: word) == nil ? nil : [1]
    }
}

extension SenseModel {
    /// `senses(of:)` with case folding: the word as given, else lower-cased.
    public func foldedSenses(of word: String) -> (word: String, senses: [(prior: Double, vector: [Float])])? {
        if let s = senses(of: word), !s.isEmpty { return (word, s) }
        let lower = word.lowercased()
        if lower != word, let s = senses(of: lower), !s.isEmpty { return (lower, s) }
        return nil
    }
}
