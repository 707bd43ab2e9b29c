import ArgumentParser
import Evaluation
import Foundation
import SenseVecCore

/// `sensevec eval analogy VECTORS FILE`: accuracy on word analogies a:b = c:d.
struct EvalAnalogyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analogy",
        abstract: "Accuracy on word analogies (a:b = c:d), per section and in total.",
        discussion: """
            FILE is in the questions-words format (`: section` lines, then `a b c d`) or CSV/TSV (`a,b,c,d`, \
            optional header, optional 5th column naming the section). Only the N most frequent words are \
            searched and questions with a word outside them are skipped and counted; matching is \
            case-insensitive and the three question words are never answers (as gensim's \
            evaluate_word_analogies and word2vec's compute-accuracy). In a questions-words file with more than \
            five sections, the first five are summed as 'semantic' and the rest as 'syntactic'.
            """)

    @Argument(help: "Word vectors (word2vec text or binary, auto-detected).")
    var vectors: String

    @Argument(help: "Analogy questions (questions-words format or CSV/TSV).")
    var file: String

    @Option(parsing: .unconditional, help: "Search only the N most frequent words (rows of the vectors file); 0 means all.")
    var restrict: Int = 30_000

    @Option(help: "3CosAdd ('add', Mikolov et al. 2013) or 3CosMul ('mul', Levy & Goldberg 2014).")
    var method: AnalogyMethod = .add

    @OptionGroup var threadsOption: ThreadsOption<TwoThreads>

    @OptionGroup var jsonOption: JSONOption

    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard restrict >= 0 else { throw ValidationError("--restrict must be 0 (all words) or positive, got \(restrict)") }
    }

    struct Report: Encodable {
        struct Score: Encodable {
            var name: String, correct: Int, answered: Int, skipped: Int, accuracy: Double
            init(_ s: AnalogyScore) {
                name = s.name; correct = s.correct; answered = s.answered; skipped = s.skipped; accuracy = s.accuracy
            }
        }
        var vectors: String, file: String, method: String, restrict: Int, vocabulary: Int
        var sections: [Score]
        var semantic: Score?, syntactic: Score?
        var total: Score
        var questions: Int
        var seconds: Double
        var cpuSeconds: Double
    }

    func run() async throws {
        let set = try AnalogySet.load(path: file)
        let model = try EvalModel.load(vectors)
        guard let wv = model.vectors else {
            throw SenseVecError("'\(vectors)' is a sense model; analogies need word vectors")
        }
        let bar = ProgressBar(quiet: quietOption.quiet || jsonOption.json)
        let report = Self.evaluate(set, vectors: wv, restrict: restrict, method: method,
                                   threads: threadsOption.count, progress: bar.handler, names: (vectors, file))
        if jsonOption.json {
            print(try EvalOutput.json(report))
        } else {
            print(Self.render(report))
        }
    }

    static func evaluate(_ set: AnalogySet, vectors wv: WordVectors, restrict: Int, method: AnalogyMethod,
                         threads: Int, progress: ProgressHandler?, names: (String, String)) -> Report {
        let wall = Date()
        let cpu = EvalOutput.cpuSeconds()
        let evaluator = AnalogyEvaluator(vectors: wv, restrict: restrict > 0 ? restrict : nil, threads: threads)
        let result = evaluator.evaluate(set, method: method, progress: progress)
        let seconds = Date().timeIntervalSince(wall)
        let cpuSeconds = EvalOutput.cpuSeconds() - cpu
        return Report(vectors: names.0, file: names.1, method: method.rawValue, restrict: restrict,
                      vocabulary: result.vocabularySize, sections: result.sections.map(Report.Score.init),
                      semantic: result.semantic.map(Report.Score.init), syntactic: result.syntactic.map(Report.Score.init),
                      total: Report.Score(result.total), questions: set.questions.count,
                      seconds: seconds, cpuSeconds: cpuSeconds)
    }

    static func render(_ r: Report) -> String {
        let methodName = r.method == "add" ? "3CosAdd" : "3CosMul"
        var out = "analogies: \(r.file) on \(r.vectors) (\(methodName), \(r.vocabulary) most frequent words)\n"
        func row(_ s: Report.Score) -> [String] {
            [s.name, "\(s.correct)", "\(s.answered)", "\(s.skipped)", s.answered > 0 ? EvalOutput.percent(s.accuracy) : "n/a"]
        }
        var rows = r.sections.map(row)
        if let s = r.semantic { rows.append(row(s)) }
        if let s = r.syntactic { rows.append(row(s)) }
        rows.append(row(r.total))
        out += EvalOutput.table(["section", "correct", "answered", "skipped", "accuracy"], rows)
        out += "\n" + String(format: "%d questions in %.3f s (%.3f s CPU)", r.questions, r.seconds, r.cpuSeconds)
        return out
    }
}
