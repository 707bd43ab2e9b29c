import ArgumentParser
import Foundation
import SenseVecCore

struct AnalogyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analogy",
        abstract: "Solve A is to B as C is to ? (the answer is near B − A + C).",
        discussion: """
            `sensevec analogy vectors.bin man king woman` answers queen on vectors that know it. The three query \
            words are excluded from the answers. --method add is 3CosAdd (Mikolov et al. 2013), --method mul is \
            3CosMul (Levy & Goldberg 2014). With --json: {"query": [A, B, C], "neighbors": [{"word": …, \
            "similarity": …}, …]}. Without A B C, reads "A B C" lines from standard input and answers each \
            (one JSON line each with --json); --batch answers them all at once (fast for thousands).
            """)

    @Argument(help: "Word vectors (word2vec text or binary, auto-detected; or a .tsv projector pair), or a native skip-gram or subword model (with a subword model A, B and C may be out-of-vocabulary words).")
    var vectors: String
    @Argument(help: "A (e.g. man). Omit A B C to read questions from standard input.") var a: String?
    @Argument(help: "B (e.g. king).") var b: String?
    @Argument(help: "C (e.g. woman).") var c: String?

    @Option(name: .short, parsing: .unconditional, help: "Number of answers to print.")
    var k: Int = 10

    @Option(help: "Scoring: add (3CosAdd) or mul (3CosMul).")
    var method: AnalogyMethod = .add

    @Option(parsing: .unconditional, help: "Only search the first N rows (the N most frequent words); 0 means all.")
    var restrict: Int = 0

    @OptionGroup var jsonOption: JSONOption

    @Flag(help: "With questions on stdin: read them all, then answer them as one batch.")
    var batch = false

    /// The loaded vectors (set by `run()`; a subword model also answers out-of-vocabulary words).
    var query: QueryVectors? = nil

    private enum CodingKeys: String, CodingKey { case vectors, a, b, c, k, method, restrict, jsonOption, batch }

    /// One question; words outside the index take their subword vectors (those answers search all rows:
    /// --restrict applies to questions whose words are all indexed).
    func solve(_ words: [String], index: CosineIndex, method: AnalogyMethod, candidates: Int?) throws -> [Neighbor] {
        let wv = index.vectors
        if let query, query.subwords != nil, words.contains(where: { wv.index(of: $0) == nil }) {
            let v = try words.map { try query.requireVector(for: $0) }
            return try index.analogy(vectors: v[0], v[1], v[2], k: k, method: method,
                                     excluding: words.compactMap { wv.index(of: $0) })
        }
        return try index.analogy(words[0], words[1], words[2], k: k, method: method, candidates: candidates)
    }

    func validate() throws {
        guard k >= 1 && k <= 100_000 else { throw ValidationError("-k must be between 1 and 100000, got \(k)") }
        guard restrict >= 0 else { throw ValidationError("--restrict must be 0 or positive, got \(restrict)") }
        guard (a == nil) == (c == nil) else { throw ValidationError("give three words A B C, or none to read questions from stdin") }
    }

    mutating func run() async throws {
        let query = try QueryVectors.load(vectors)
        let wv = query.vectors
        let index = CosineIndex(wv)
        self.query = query
        let m = method
        let candidates = restrict > 0 ? restrict : nil
        if let a, let b, let c {
            let list = try solve([a, b, c], index: index, method: m, candidates: candidates)
            print(render([a, b, c], list))
            return
        }
        var pending: [[String]] = []
        let lines = InputLines()
        while let line = try lines.next() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if words.isEmpty { continue }
            if !batch { answer(words, index: index, method: m, candidates: candidates); fflush(nil) } else { pending.append(words) }
        }
        guard batch else { return }
        let valid = pending.filter { $0.count == 3 && $0.allSatisfy { wv.index(of: $0) != nil } }
        let questions = valid.map { AnalogyQuestion(a: wv.index(of: $0[0])!, b: wv.index(of: $0[1])!, c: wv.index(of: $0[2])!) }
        let answers = index.analogies(questions, k: k, method: m, candidates: candidates)
        var next = 0
        for words in pending {
            if next < valid.count && words == valid[next] {
                print(render(words, answers[next]))
                next += 1
            } else {
                answer(words, index: index, method: m, candidates: candidates)
            }
        }
    }

    /// Answers one stdin question, reporting bad lines and unknown words without stopping.
    func answer(_ words: [String], index: CosineIndex, method: AnalogyMethod, candidates: Int?) {
        do {
            guard words.count == 3 else { throw SenseVecError("expected three words 'A B C', got \(words.count)") }
            let list = try solve(words, index: index, method: method, candidates: candidates)
            print(render(words, list))
        } catch {
            let message = (error as? SenseVecError)?.message ?? "\(error)"
            if jsonOption.json {
                let q = words.map(JSONText.quote).joined(separator: ", ")
                print("{\"query\": [\(q)], \"error\": \(JSONText.quote(message))}")
            } else {
                FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            }
        }
    }

    func render(_ query: [String], _ list: [Neighbor]) -> String {
        if jsonOption.json {
            let q = query.map(JSONText.quote).joined(separator: ", ")
            return "{\"query\": [\(q)], \"neighbors\": \(JSONText.neighbors(list))}"
        }
        return list.map { "\($0.word)\t\(String(format: "%.6f", $0.similarity))" }.joined(separator: "\n")
    }
}
