import SenseVecCore

/// Joins senses of one word whose sense vectors have the same nearest words.
///
/// A sense vector is trained on the occurrences of its sense only (the q-weighted M-step of
/// ``TopicalSenseTrainer``), so the words nearest to it are the words *used like* that sense: its substitutes,
/// gathered over all its occurrences. A meaning changes them (bank: edge, slope, ditch against book, paper,
/// treasury); the company a word keeps in different books and registers does not (king in fairy tales,
/// histories, Shakespeare and sermons stays next to queen, prince and duke in each), although those companies
/// have different context words, which is why the held-out split tests find them and the context-word merge test
/// (``SenseMixture/mergingSameMeaning(_:points:count:dimension:bags:test:options:)``) keeps them apart. The
/// idea that a word's senses are the groups of its nearest words is that of ego-network sense induction
/// (Pelevina, Arefyev, Biemann & Panchenko, "Making Sense of Word Embeddings", RepL4NLP 2016).
///
/// Senses k and l of word x are joined when at least ``shared`` of the ``neighbours`` nearest rows of each
/// (cosine over every row of the model, word vectors and sense vectors alike, x's own rows excluded) belong to the
/// same words (a word counts once, whichever of its senses is near). Joins are transitive: a word's groups are the
/// connected components of the "shares enough neighbours" relation.
public struct SenseNeighbourMerge: Sendable, Equatable {
    /// How many nearest rows of each sense vector are compared.
    public var neighbours: Int
    /// How many words two senses' nearest rows must have in common to be joined (0: never join).
    public var shared: Int

    public init(neighbours: Int = 10, shared: Int = 3) {
        self.neighbours = neighbours
        self.shared = shared
    }

    /// The group of every sense of every word with several senses: `result[x]` holds one label per sense of x
    /// (0, 1, … numbered by first appearance), or is nil when x has one sense or no two of its senses are joined.
    /// - Parameters:
    ///   - rows: the model's rows, `offsets.last! × dimension` values, word x's senses at rows
    ///     `offsets[x] ..< offsets[x + 1]`.
    ///   - threads: threads of the similarity scan.
    public func groups(rows: [Float], offsets: [Int], dimension d: Int, threads: Int) throws -> [[Int]?] {
        let words = offsets.count - 1
        var result = [[Int]?](repeating: nil, count: max(0, words))
        guard shared > 0, neighbours > 0, words > 0 else { return result }
        let total = offsets[words]
        precondition(rows.count == total * d, "rows and offsets disagree")
        var owner = [Int](repeating: 0, count: total)
        for x in 0..<words { for r in offsets[x]..<offsets[x + 1] { owner[r] = x } }
        var queries: [CosineQuery] = []
        for x in 0..<words where offsets[x + 1] - offsets[x] >= 2 {
            let own = Array(offsets[x]..<offsets[x + 1])
            for r in own { queries.append(CosineQuery(source: .row(r), k: neighbours, excluding: own)) }
        }
        guard !queries.isEmpty else { return result }
        let vectors = try WordVectors(words: (0..<total).map { "\($0)" }, dimension: d, values: rows)
        let index = CosineIndex(vectors, threads: threads)
        // 8 MiB of scores a chunk: the scan runs beside the whole model and corpus, and a larger buffer buys little.
        let answers = try index.neighbors(of: queries, scoreBytes: 8 << 20)
        var q = 0
        for x in 0..<words where offsets[x + 1] - offsets[x] >= 2 {
            let k = offsets[x + 1] - offsets[x]
            let sets = (0..<k).map { i in Set(answers[q + i].map { owner[$0.index] }) }
            q += k
            var parent = Array(0..<k)
            func root(_ i: Int) -> Int {
                var i = i
                while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
                return i
            }
            for a in 0..<k { for b in (a + 1)..<k where sets[a].intersection(sets[b]).count >= shared {
                let ra = root(a), rb = root(b)
                if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            } }
            let roots = (0..<k).map(root)
            guard Set(roots).count < k else { continue }
            var label: [Int: Int] = [:]
            result[x] = roots.map { r in
                if let l = label[r] { return l }
                let l = label.count
                label[r] = l
                return l
            }
        }
        return result
    }
}
