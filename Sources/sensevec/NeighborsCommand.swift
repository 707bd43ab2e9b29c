import ArgumentParser
import Foundation
import SenseVecCore

struct NeighborsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neighbors",
        abstract: "Nearest neighbours of a word by cosine similarity.",
        discussion: """
            With no WORD, reads queries from standard input, one per line (like word2vec's `distance`): a line \
            with several words asks for the neighbours of the sum of their unit vectors; blank lines are skipped. \
            Each query gets one record, in order: a header line '# QUERY' then its rows, or with --json one JSON \
            line {"word": …, "neighbors": [{"word": …, "similarity": …}, …]} ({"word": …, "error": …} for a \
            query that fails). A failed query's error also goes to stderr; the other queries are still answered, \
            and the exit status is 1 when any query failed.
            """)

    @Argument(help: "Word vectors (word2vec text or binary, auto-detected; or a .tsv projector pair), or a native skip-gram or subword model (a subword model answers any word, from its character n-grams).")
    var vectors: String

    @Argument(help: "The query word. Omit it to read queries from standard input.")
    var word: String?

    @Option(name: .short, parsing: .unconditional, help: "Number of neighbours to print.")
    var k: Int = 10

    @Option(parsing: .unconditional, help: "Only search the first N rows (the N most frequent words); 0 means all.")
    var restrict: Int = 0

    @Option(parsing: .unconditional, help: "Read only the first N vectors of the file; 0 means all.")
    var limit: Int = 0

    @OptionGroup var jsonOption: JSONOption

    @Flag(help: "With queries on stdin: read them all first and answer them as one batch (much faster for many queries; answers come at the end).")
    var batch = false

    /// The loaded vectors (set by `run()`; a subword model also answers out-of-vocabulary words).
    var query: QueryVectors? = nil

    private enum CodingKeys: String, CodingKey { case vectors, word, k, restrict, limit, jsonOption, batch }

    func validate() throws {
        guard k >= 1 && k <= 100_000 else { throw ValidationError("-k must be between 1 and 100000, got \(k)") }
        guard restrict >= 0 else { throw ValidationError("--restrict must be 0 or positive, got \(restrict)") }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or positive, got \(limit)") }
    }

    mutating func run() async throws {
        let query = try QueryVectors.load(vectors, limit: limit > 0 ? limit : nil)
        let wv = query.vectors
        let index = CosineIndex(wv)
        let candidates = restrict > 0 ? restrict : nil
        self.query = query
        if let word {
            let list = wv.index(of: word) == nil && query.subwords != nil
                ? index.neighbors(of: try query.requireVector(for: word), k: k, candidates: candidates)
                : try index.neighbors(of: word, k: k, candidates: candidates)
            print(render(query: word, list))
            return
        }
        if batch {
            var queries: [String] = []
            let lines = InputLines()
            while let line = try lines.next() {
                let w = line.trimmingCharacters(in: .whitespaces)
                if !w.isEmpty { queries.append(w) }
            }
            let single = queries.filter { !$0.contains(" ") && !$0.contains("\t") && wv.index(of: $0) != nil }
            let answers = index.neighbors(ofRows: single.map { wv.index(of: $0)! }, k: k, candidates: candidates)
            var byWord: [String: [Neighbor]] = [:]
            for (w, a) in zip(single, answers) { byWord[w] = a }
            var failed = 0
            for q in queries {
                if let a = byWord[q] { print(render(record: q, a)); continue }
                if !answer(line: q, wv: wv, index: index, candidates: candidates) { failed += 1 }
            }
            try Self.report(failed: failed, of: queries.count)
            return
        }
        var failed = 0, asked = 0
        let lines = InputLines()
        while let line = try lines.next() {
            if line.split(whereSeparator: { $0 == " " || $0 == "\t" }) == ["EXIT"] { break }
            if line.split(whereSeparator: { $0 == " " || $0 == "\t" }).isEmpty { continue }
            asked += 1
            if !answer(line: line, wv: wv, index: index, candidates: candidates) { failed += 1 }
            fflush(nil)
        }
        try Self.report(failed: failed, of: asked)
    }

    /// The error that makes the exit status 1 when some queries of standard input failed.
    static func report(failed: Int, of total: Int) throws {
        if failed > 0 { throw SenseVecError("\(failed) of \(total) quer\(total == 1 ? "y" : "ies") failed") }
    }

    /// Answers one line of the interactive mode (one word, or several whose unit vectors are summed) with one
    /// record; returns false when the query failed (its error is in the record and on stderr).
    func answer(line: String, wv: WordVectors, index: CosineIndex, candidates: Int?) -> Bool {
        do {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if words.isEmpty { return true }
            let query = words.joined(separator: " ")
            let rows = words.map { wv.index(of: $0) }
            let oov: [[Float]?] = words.map { w in wv.index(of: w) == nil ? self.query?.vector(for: w) : nil }
            if let missing = words.indices.first(where: { rows[$0] == nil && oov[$0] == nil }) {
                let message = "unknown word '\(words[missing])'"
                if jsonOption.json {
                    print("{\"word\": \(JSONText.quote(query)), \"error\": \(JSONText.quote(message))}")
                } else {
                    print("# \(query)")
                }
                fflush(nil)
                FileHandle.standardError.write(Data("Error: \(query): \(message)\n".utf8))
                return false
            }
            let list: [Neighbor]
            if rows.count == 1, let r = rows[0] {
                list = index.neighbors(ofRows: [r], k: k, candidates: candidates)[0]
            } else {
                // Sum of unit vectors (an out-of-vocabulary word's n-gram vector normalized first).
                var sum = [Float](repeating: 0, count: wv.dimension)
                for (r, v) in zip(rows, oov) {
                    let u: [Float]
                    if let r { u = index.unitVector(at: r) } else {
                        let v = v!, n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                        u = n > 0 ? v.map { $0 / n } : v
                    }
                    for (i, x) in u.enumerated() { sum[i] += x }
                }
                list = index.neighbors(of: sum, k: k, excluding: rows.compactMap { $0 }, candidates: candidates)
            }
            print(render(record: query, list))
            return true
        }
    }

    /// One query's record for standard-input queries: `render` preceded by a `# QUERY` line (text only).
    func render(record query: String, _ list: [Neighbor]) -> String {
        jsonOption.json ? render(query: query, list) : "# \(query)\n" + render(query: query, list)
    }

    func render(query: String, _ list: [Neighbor]) -> String {
        if jsonOption.json { return "{\"word\": \(JSONText.quote(query)), \"neighbors\": \(JSONText.neighbors(list))}" }
        return list.map { "\($0.word)\t\(String(format: "%.6f", $0.similarity))" }.joined(separator: "\n")
    }
}
