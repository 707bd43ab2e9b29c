/// Which points of a word map get a text label, and which points belong together.
///
/// Labels of sense vectors are written `word#k` (sense k of `word`); ``baseWord(_:)`` strips the suffix.
public enum LabelChoice {
    /// English function words (articles, pronouns, auxiliaries, prepositions, conjunctions, common adverbs and
    /// determiners): frequent everywhere, so they say nothing about where a map puts meaning. Our own list.
    public static let functionWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "done", "down", "during", "each", "either", "else",
        "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
        "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it",
        "its", "itself", "just", "least", "less", "let", "like", "may", "me", "might", "more", "most", "much",
        "must", "my", "myself", "neither", "never", "no", "nor", "not", "now", "of", "off", "often", "on",
        "once", "one", "only", "or", "other", "others", "ought", "our", "ours", "ourselves", "out", "over",
        "own", "per", "quite", "rather", "said", "same", "say", "says", "shall", "she", "should", "since",
        "so", "some", "still", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
        "then", "there", "these", "they", "this", "those", "though", "through", "thus", "till", "to", "too",
        "under", "until", "up", "upon", "us", "very", "was", "we", "well", "were", "what", "whatever", "when",
        "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within",
        "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves", "'s", "n't", "s", "t",
        "mr", "mrs", "unto", "thee", "thou", "thy", "hath", "shalt", "ye", "o", "across", "ago", "almost",
        "along", "already", "always", "among", "anyone", "anything", "around", "behind", "beside", "besides",
        "beyond", "everyone", "everything", "near", "next", "nothing", "someone", "something", "sometimes",
        "toward", "towards", "usually", "via", "yes",
    ]

    /// `word` for a sense label `word#k` (k a number), the label itself otherwise.
    public static func baseWord(_ label: String) -> String {
        guard let hash = label.lastIndex(of: "#"), hash != label.startIndex else { return label }
        let suffix = label[label.index(after: hash)...]
        return !suffix.isEmpty && suffix.allSatisfy(\.isNumber) ? String(label[..<hash]) : label
    }

    /// True for labels worth showing: not a function word, and with at least one letter.
    public static func isContentWord(_ label: String) -> Bool {
        let word = baseWord(label)
        return word.contains(where: \.isLetter) && !functionWords.contains(word.lowercased())
    }

    /// The first `count` rows whose labels are content words, in row order (for a vocabulary-ordered input:
    /// the most frequent content words).
    public static func frequentContentWords(_ labels: [String], count: Int) -> [Int] {
        var out: [Int] = []
        for (i, label) in labels.enumerated() where out.count < count && isContentWord(label) { out.append(i) }
        return out
    }

    /// The rows whose label, or the label's base word, is one of `words` — in the order of `words`, a word's
    /// senses in row order.
    public static func rows(matching words: [String], in labels: [String]) -> [Int] {
        var byWord: [String: [Int]] = [:]
        for (i, label) in labels.enumerated() {
            byWord[label, default: []].append(i)
            let base = baseWord(label)
            if base != label { byWord[base, default: []].append(i) }
        }
        var seen = Set<Int>(), out: [Int] = []
        for word in words { for i in byWord[word] ?? [] where seen.insert(i).inserted { out.append(i) } }
        return out
    }

    /// Lines that join the points of one word: for every base word with two or more rows among `rows`
    /// (senses `word#k`, plus the plain `word` if present), the edges of the minimum spanning tree of its
    /// points (Euclidean, Prim's algorithm) — the shortest set of lines that connects them all.
    public static func senseLinks(_ labels: [String], points: [(x: Double, y: Double)], rows: [Int]) -> [(Int, Int)] {
        var groups: [String: [Int]] = [:], order: [String] = []
        var seen = Set<Int>()
        let wanted = Set(rows.map { baseWord(labels.indices.contains($0) ? labels[$0] : "") })
        for (i, label) in labels.enumerated() where i < points.count {
            let base = baseWord(label)
            guard wanted.contains(base), points[i].x.isFinite, points[i].y.isFinite, seen.insert(i).inserted else { continue }
            if groups[base] == nil { order.append(base) }
            groups[base, default: []].append(i)
        }
        var links: [(Int, Int)] = []
        for base in order {
            guard let members = groups[base], members.count >= 2 else { continue }
            // Prim: grow the tree from the first member, always adding the nearest outside point.
            var inTree = [true] + [Bool](repeating: false, count: members.count - 1)
            var best = [Double](repeating: .infinity, count: members.count), parent = [Int](repeating: 0, count: members.count)
            func d2(_ a: Int, _ b: Int) -> Double {
                let p = points[members[a]], q = points[members[b]]
                return (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)
            }
            for j in 1..<members.count { best[j] = d2(0, j) }
            for _ in 1..<members.count {
                var next = -1
                for j in 0..<members.count where !inTree[j] && (next < 0 || best[j] < best[next]) { next = j }
                inTree[next] = true
                links.append((members[parent[next]], members[next]))
                for j in 0..<members.count where !inTree[j] && d2(next, j) < best[j] { best[j] = d2(next, j); parent[j] = next }
            }
        }
        return links
    }
}
