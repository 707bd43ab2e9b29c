import ArgumentParser
import Evaluation
import Foundation
import SenseVecCore

/// `sensevec eval …`: standard benchmarks for word vectors and sense models.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate vectors on standard benchmarks.",
        discussion: """
            Word analogies (questions-words or CSV), word similarity (WordSim-353, SimLex-999, …), contextual \
            similarity (SCWS), word sense induction (SemEval-2010, Senseval-2) and pseudo-words. `eval all` runs \
            every benchmark found in a folder on several models and prints one row per model.
            """,
        subcommands: [
            EvalAnalogyCommand.self,
            EvalSimilarityCommand.self,
            EvalSCWSCommand.self,
            EvalWSICommand.self,
            EvalAllCommand.self,
            EvalPseudowordsCommand.self,
        ])
}

/// Output helpers shared by the `eval` subcommands.
enum EvalOutput {
    /// JSON text of an Encodable value, keys sorted, pretty-printed.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A plain-text table: the first column left-aligned, the others right-aligned.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                return i == 0 ? c + pad : pad + c
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }
    static func number(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "n/a" }

    /// Process CPU time (user + system) in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
