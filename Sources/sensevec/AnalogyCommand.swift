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
            "similarity": …}, …]}.
            """)

    @Argument(help: "Word vectors (word2vec text or binary, auto-detected; or a .tsv projector pair).")
    var vectors: String
    @Argument(help: "A (e.g. man).") var a: String
    @Argument(help: "B (e.g. king).") var b: String
    @Argument(help: "C (e.g. woman).") var c: String

    @Option(name: .short, help: "Number of answers to print.")
    var k: Int = 10

    @Option(help: "Scoring: add (3CosAdd) or mul (3CosMul).")
    var method: String = "add"

    @Option(help: "Only search the first N rows (the N most frequent words); 0 means all.")
    var restrict: Int = 0

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard k >= 1 && k <= 100_000 else { throw ValidationError("-k must be between 1 and 100000, got \(k)") }
        guard AnalogyMethod(rawValue: method) != nil else {
            throw ValidationError("--method must be 'add' or 'mul', got '\(method)'")
        }
        guard restrict >= 0 else { throw ValidationError("--restrict must be 0 or positive, got \(restrict)") }
    }

    func run() async throws {
        let wv = try WordVectors.load(path: vectors)
        let index = CosineIndex(wv)
        let list = try index.analogy(a, b, c, k: k, method: AnalogyMethod(rawValue: method)!,
                                     candidates: restrict > 0 ? restrict : nil)
        if json {
            let q = [a, b, c].map(JSONText.quote).joined(separator: ", ")
            print("{\"query\": [\(q)], \"neighbors\": \(JSONText.neighbors(list))}")
        } else {
            for n in list { print("\(n.word)\t\(String(format: "%.6f", n.similarity))") }
        }
    }
}
