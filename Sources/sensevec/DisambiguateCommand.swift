import ArgumentParser
import Foundation
import SenseVecCore

/// `sensevec disambiguate MODEL WORD --context TEXT` (or `--contexts FILE`): the sense of a word in context.
struct DisambiguateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disambiguate",
        abstract: "The sense of a word in a context.",
        discussion: """
        With --context: prints the posterior q(z|x,context) of every sense, the nearest words of the most probable \
        one, and the context words that moved the decision most (each one's log-likelihood under the chosen sense \
        minus under the runner-up, in nats). The context is split on spaces; the target word may be left in (its \
        first occurrence splits the context into left and right).
        With --contexts FILE (one 'left context<TAB>right context' per line, target removed; - for stdin; CRLF \
        and gzip accepted): prints one record per input line, in order: the index of the most probable sense, a \
        TAB, then the posterior probabilities separated by spaces; with --json one object per line \
        {"line", "best", "posterior", "contextWords"}. An empty line, or one with no known word, gets the \
        prior's answer (contextWords 0). An empty file gives no record and exit status 0.
        Example: sensevec disambiguate model.senses bank --context "he sat on the bank of the river"
        """)

    @Argument(help: "A multi-sense model written by 'sensevec train --senses T --model MODEL'.")
    var model: String

    @Argument(help: "The ambiguous word.")
    var word: String

    @Option(name: .long, help: "One context (text around the word).")
    var context: String?

    @Option(name: .long, help: "A file of contexts, one 'left<TAB>right' per line (- reads standard input).")
    var contexts: String?

    @Option(name: .short, parsing: .unconditional, help: "Nearest words shown for the chosen sense.")
    var k: Int = 10

    @Option(name: .long, parsing: .unconditional, help: "Context words used on each side (default: the training window).")
    var window: Int?

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        guard (context == nil) != (contexts == nil) else { throw ValidationError("give exactly one of --context TEXT or --contexts FILE") }
        guard k >= 0 && k <= 10_000 else { throw ValidationError("-k must be in 0...10000 (got \(k))") }
        if let window, window < 1 || window > 10_000 { throw ValidationError("--window must be in 1...10000 (got \(window))") }
    }

    func run() async throws {
        let vectors = try SenseVectors.load(path: model)
        guard vectors.index(of: word) != nil else { throw SenseVecError("'\(word)' is not in the model's vocabulary") }
        if let contexts { try batch(vectors, path: contexts); return }
        let tokens = context!.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        let split = tokens.firstIndex(of: word)
        let left = split.map { Array(tokens[..<$0]) } ?? tokens
        let right = split.map { Array(tokens[($0 + 1)...]) } ?? []
        guard let e = vectors.explain(word: word, left: normalize(left, vectors), right: normalize(right, vectors), window: window) else {
            throw SenseVecError("'\(word)' is not in the model's vocabulary")
        }
        let neighbours = vectors.neighbours(of: word, sense: e.best, count: k) ?? []
        let order = e.influence.indices.sorted { abs(e.influence[$0]) > abs(e.influence[$1]) }
        if jsonOption.json {
            let obj: [String: Any] = [
                "word": word, "best": e.best,
                "posterior": e.posterior,
                "priors": e.logPrior.map { exp($0) },
                "context": e.contextWords,
                "neighbours": neighbours.map { $0.word },
                "influence": order.map { ["word": e.contextWords[$0], "nats": e.influence[$0]] as [String: Any] },
                "contributions": e.contributions,
            ]
            let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("SENSE      q(z|context)")
        for (i, q) in e.posterior.enumerated() {
            print("\(word)#\(i)\(i == e.best ? " *" : "  ")  \(String(format: "%.4f", q))")
        }
        print("nearest words of \(word)#\(e.best): \(neighbours.map { $0.word }.joined(separator: ", "))")
        if let r = e.runnerUp {
            let shown = order.prefix(8).map { "\(e.contextWords[$0]) \(String(format: "%+.2f", e.influence[$0]))" }
            print("context words that moved the choice (nats for #\(e.best) over #\(r)): \(shown.joined(separator: ", "))")
        } else {
            print("(one sense above the threshold: nothing to choose)")
        }
        if e.contextWords.isEmpty { print("(no context word is in the vocabulary: the prior decided)") }
    }

    /// Keeps words the model knows; tries the lowercase form of unknown ones.
    func normalize(_ words: [String], _ v: SenseVectors) -> [String] {
        words.map { v.index(of: $0) == nil && v.index(of: $0.lowercased()) != nil ? $0.lowercased() : $0 }
    }

    /// Answers every line of a contexts file, one record per input line in order (see ``ContextLines``): an
    /// empty line, or one with no word the model knows, gets the prior's answer.
    func batch(_ vectors: SenseVectors, path: String) throws {
        var out = ""
        var number = 0
        try ContextLines.forEach(path: path) { line in
            number += 1
            guard let e = vectors.explain(word: word, left: normalize(line.left, vectors), right: normalize(line.right, vectors), window: window) else {
                throw SenseVecError("'\(word)' is not in the model's vocabulary")
            }
            if jsonOption.json {
                let posterior = e.posterior.map { JSONText.number($0) }.joined(separator: ", ")
                out += "{\"line\": \(number), \"best\": \(e.best), \"posterior\": [\(posterior)], \"contextWords\": \(e.contextWords.count)}\n"
            } else {
                out += "\(e.best)\t" + e.posterior.map { String(format: "%.6g", $0) }.joined(separator: " ") + "\n"
            }
            if out.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(out.utf8)); out = "" }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
