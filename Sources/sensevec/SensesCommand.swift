import ArgumentParser
import Foundation
import SenseVecCore

/// `sensevec senses MODEL WORD`: the senses of a word with their priors and nearest neighbours.
struct SensesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "senses",
        abstract: "The senses of a word in a multi-sense model.",
        discussion: """
        Prints one row per sense whose prior p(z|x) is at least the model's threshold: WORD#k, p(z), and the \
        nearest neighbours of that sense's vector (cosine).
        Example: sensevec senses model.senses bank -k 8
        """)

    @Argument(help: "A multi-sense model written by 'sensevec train --senses T --model MODEL'.")
    var model: String

    @Argument(help: "The word to look up.")
    var word: String

    @Option(name: .short, parsing: .unconditional, help: "Neighbours per sense.")
    var k: Int = 10

    @Option(name: .long, help: "Search neighbours among words (one prior-weighted mean vector per word) or senses (every word#k).")
    var among: NeighbourSpace = .words

    @Option(name: .long, parsing: .unconditional, help: "Override the model's prior threshold for showing a sense.")
    var threshold: Double?

    @Option(name: .customLong("max-words"), parsing: .unconditional, help: "Search neighbours among the N most frequent words only (faster on big models).")
    var maxWords: Int?

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        guard k >= 0 && k <= 10_000 else { throw ValidationError("-k must be in 0...10000 (got \(k))") }
        if let threshold, !(threshold >= 0 && threshold < 1) { throw ValidationError("--threshold must be in [0, 1)") }
        if let maxWords, maxWords < 1 { throw ValidationError("--max-words must be at least 1") }
    }

    func run() async throws {
        var vectors = try SenseVectors.load(path: model)
        if let threshold { vectors.threshold = threshold }
        guard let senses = vectors.senses(of: word) else { throw SenseVecError("'\(word)' is not in the model's vocabulary") }
        let space = among
        let rows = senses.indices.map { s in
            (name: "\(word)#\(s)", prior: senses[s].prior,
             neighbours: vectors.neighbours(of: word, sense: s, count: k, among: space, maxWords: maxWords) ?? [])
        }
        if jsonOption.json {
            let objects: [[String: Any]] = rows.map { r in
                ["sense": r.name, "prior": r.prior,
                 "neighbours": r.neighbours.map { n -> [String: Any] in
                     var o: [String: Any] = ["word": n.word, "similarity": Double(n.similarity)]
                     if let s = n.sense { o["sense"] = s }
                     return o
                 }]
            }
            let data = try JSONSerialization.data(withJSONObject: ["word": word, "senses": objects], options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let nameWidth = max(4, rows.map { $0.name.count }.max() ?? 4)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        print("\(pad("WORD", nameWidth))  p(z)   NEAREST NEIGHBOURS")
        for r in rows {
            let names = r.neighbours.map { n in n.sense.map { "\(n.word)#\($0)" } ?? n.word }
            print("\(pad(r.name, nameWidth))  \(String(format: "%.3f", r.prior))  \(names.joined(separator: ", "))")
        }
    }
}
