import SenseVecCore

/// How a sense model scores the similarity of two words without context.
public enum SenseSimilarityMeasure: String, Sendable, CaseIterable {
    /// Maximum cosine over sense pairs.
    case maxSim = "maxsim"
    /// Prior-weighted average cosine over sense pairs.
    case avgSim = "avgsim"
}

/// Word-similarity benchmarks: model similarities against human scores, by Spearman's ρ (ties averaged)
/// and Pearson's r; pairs with an unknown word are skipped and counted.
public enum WordSimilarity {
    /// Cosine similarity of word vectors, as gensim's `evaluate_word_pairs`: only the first `restrict` rows
    /// are known (all when nil), words are matched case-insensitively to their most frequent row, and the
    /// cosine is the dot product of unit vectors in Float32.
    public static func evaluate(_ set: SimilaritySet, vectors: WordVectors, restrict: Int? = nil) -> SimilarityResult {
        let n = min(restrict ?? vectors.count, vectors.count)
        var rowByKey: [String: Int] = [:]
        for i in 0..<n {
            let k = vectors.words[i].uppercased()
            if rowByKey[k] == nil { rowByKey[k] = i }
        }
        // Normalize only the rows the pairs need.
        var needed = Set<Int>()
        for p in set.pairs {
            if let a = rowByKey[p.first.uppercased()], let b = rowByKey[p.second.uppercased()] {
                needed.insert(a); needed.insert(b)
            }
        }
        let rows = needed.sorted()
        var slot: [Int: Int] = [:]
        for (i, r) in rows.enumerated() { slot[r] = i }
        let picked = (try? WordVectors(words: rows.map { vectors.words[$0] }, dimension: vectors.dimension,
                                       values: rows.flatMap { vectors.vector(at: $0) }))
        let index = picked.map { CosineIndex($0, threads: 1) }
        let model: [Double?] = set.pairs.map { p in
            guard let a = rowByKey[p.first.uppercased()], let b = rowByKey[p.second.uppercased()], let index else {
                return nil
            }
            return Double(index.similarity(rows: slot[a]!, slot[b]!))
        }
        return SimilarityResult(humanScores: set.pairs.map(\.score), modelScores: model)
    }

    /// As ``evaluate(_:vectors:restrict:)``, except that a word the vectors do not know (case-insensitively)
    /// takes its vector from `outOfVocabulary` (e.g. a subword model's character n-gram vector, Bojanowski et
    /// al. 2017) and is scored like any row; pairs are skipped only where that returns nil. Also returns how
    /// many scored pairs involved such a word.
    public static func evaluate(_ set: SimilaritySet, vectors: WordVectors,
                                outOfVocabulary: (String) -> [Float]?) -> (result: SimilarityResult, outOfVocabularyPairs: Int) {
        var known = Set<String>()
        for w in vectors.words { known.insert(w.uppercased()) }
        var extraWords: [String] = [], extraValues: [Float] = []
        var added = Set<String>()
        for p in set.pairs {
            for w in [p.first, p.second] where !known.contains(w.uppercased()) && !added.contains(w.uppercased()) {
                added.insert(w.uppercased())
                if let v = outOfVocabulary(w), v.count == vectors.dimension {
                    extraWords.append(w); extraValues += v
                }
            }
        }
        let extended = (try? WordVectors(words: vectors.words + extraWords, dimension: vectors.dimension,
                                         values: vectors.values + extraValues)) ?? vectors
        let result = evaluate(set, vectors: extended)
        var oovPairs = 0
        for (p, score) in zip(set.pairs, result.modelScores) where score != nil {
            if !known.contains(p.first.uppercased()) || !known.contains(p.second.uppercased()) { oovPairs += 1 }
        }
        return (result, oovPairs)
    }

    /// MaxSim or AvgSim of a sense model.
    public static func evaluate(_ set: SimilaritySet, model: some SenseModel,
                                measure: SenseSimilarityMeasure = .avgSim) -> SimilarityResult {
        let scores: [Double?] = set.pairs.map { p in
            guard let s1 = model.foldedSenses(of: p.first)?.senses,
                  let s2 = model.foldedSenses(of: p.second)?.senses else { return nil }
            switch measure {
            case .maxSim: return SenseSimilarity.maxSim(s1, s2)
            case .avgSim: return SenseSimilarity.avgSim(s1, s2)
            }
        }
        return SimilarityResult(humanScores: set.pairs.map(\.score), modelScores: scores)
    }
}
