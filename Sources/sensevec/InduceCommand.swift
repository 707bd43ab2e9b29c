import ArgumentParser
import Foundation
import SenseVecCore
import Senses

/// `sensevec induce MODEL WORD --contexts FILE`: senses induced from the user's own contexts.
struct InduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "induce",
        abstract: "Induce the senses of a word from your own contexts of it.",
        discussion: """
        Each context (one 'left context<TAB>right context' per line, the word itself removed, any length; - reads \
        standard input) becomes a point: the weighted mean of the model's unit vectors of its words (weights \
        --word-weights, times i^-DECAY for the i-th word on a side, --distance-decay; --window words each side), \
        joined with indicators of the words right before and after the target (--collocation-weight), and a von \
        Mises-Fisher mixture is fitted to the points by EM. The number of senses is the one with the best \
        penalized likelihood (BIC, weighted by --penalty), or the one held-out split tests reach with \
        --sense-count split (each split's gain in nats per held-out context above --split-threshold; needs a few \
        hundred contexts), unless --senses K is given. With --json, 'scores' lists each K tried: its \
        log-likelihood and its penalized likelihood (bic) or the gain of the split that made it (split). Prints each sense (share, \
        the context words that tell it from the others, nearest words) and each context's sense and posterior.
        MODEL is a sense model, a skip-gram model (native files) or word vectors (word2vec text/binary, TSV).
        Example: sensevec induce vectors.bin bank --contexts bank.tsv
        """)

    @Argument(help: "A sense model (native file from 'sensevec train --senses') or word vectors.")
    var model: String

    @Argument(help: "The word.")
    var word: String

    @Option(name: .long, help: "A file of contexts, one 'left<TAB>right' per line (- reads standard input).")
    var contexts: String

    @OptionGroup var induction: InductionOptions

    @Option(name: .short, parsing: .unconditional, help: "Telling and nearest words shown per sense.")
    var k: Int = 8

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        guard k >= 0 && k <= 10_000 else { throw ValidationError("-k must be in 0...10000 (got \(k))") }
    }

    func run() async throws {
        let inducer = try Self.inducer(model: model, window: induction.window)
        // The answer is not per line, so blank lines are simply skipped.
        let lines = try ContextLines.read(path: contexts).filter { !$0.isEmpty }.map { (left: $0.left, right: $0.right) }
        guard !lines.isEmpty else { throw SenseVecError("'\(contexts)' holds no context (it is empty or has only blank lines)") }
        let options = induction.fitOptions
        let r = try inducer.induce(word: word, contexts: lines, options: options, features: induction.features, fitSample: induction.fitSample,
                                   telling: k, nearest: k)
        if jsonOption.json {
            let obj: [String: Any] = [
                "word": word, "contexts": lines.count, "emptyContexts": r.emptyContexts, "kappa": r.mixture.kappa,
                "senses": r.senses.enumerated().map { i, s -> [String: Any] in
                    ["sense": i, "share": s.share, "contexts": s.contexts,
                     "telling": s.tellingWords.map { ["word": $0.word, "nats": $0.nats] as [String: Any] },
                     "nearest": s.nearestWords.map { ["word": $0.word, "similarity": $0.similarity] as [String: Any] }]
                },
                "scores": r.scores.map { ["senses": $0.senses, "logLikelihood": $0.logLikelihood, "score": $0.score] as [String: Any] },
                "assignments": r.assignments,
                "posteriors": r.posteriors,
            ]
            let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        var out = "\(word): \(r.senses.count) sense\(r.senses.count == 1 ? "" : "s") induced from \(lines.count) contexts"
        out += r.emptyContexts > 0 ? " (\(r.emptyContexts) without a known word)\n" : "\n"
        out += "SENSE      SHARE  CONTEXTS  TELLING WORDS (nats) / NEAREST WORDS\n"
        for (i, s) in r.senses.enumerated() {
            let name = "\(word)#\(i)"
            out += name.padding(toLength: max(name.count, 9), withPad: " ", startingAt: 0)
            out += "  " + String(format: "%.3f", s.share) + "  " + String(format: "%8d", s.contexts) + "  "
            out += s.tellingWords.map { "\($0.word) \(String(format: "%+.2f", $0.nats))" }.joined(separator: ", ") + "\n"
            out += String(repeating: " ", count: max(name.count, 9) + 25) + "nearest: " + s.nearestWords.map(\.word).joined(separator: ", ") + "\n"
        }
        out += "CONTEXT  SENSE  POSTERIOR\n"
        for (i, a) in r.assignments.enumerated() {
            out += "\(i + 1)\t\(a)\t" + r.posteriors[i].map { String(format: "%.4f", $0) }.joined(separator: " ") + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// A window that takes every word of a context.
    static let wholeContext = Int(Int32.max)

    /// The inducer of a sense model (native file) or of word vectors.
    static func inducer(model: String, window: Int?) throws -> SenseInducer {
        switch try ModelFile.open(path: model) {
        case .senses(let s): return try SenseInducer(model: s, window: window ?? wholeContext)
        case .skipGram(let v):
            let counts = try NativeModelFile.read(path: model, expectedKind: ModelFile.skipGramKind).vocabularySection(path: model).counts
            return try SenseInducer(vectors: v, counts: counts, window: window ?? wholeContext)
        case .subwords(let s): return try SenseInducer(vectors: s.wordVectors(), counts: s.counts, window: window ?? wholeContext)
        case .wordVectors(let v): return try SenseInducer(vectors: v, window: window ?? wholeContext)
        }
    }
}
