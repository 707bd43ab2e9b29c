import ArgumentParser
import Evaluation
import Foundation
import SenseVecCore

/// `sensevec eval similarity MODEL FILE`: Spearman's ρ against human similarity scores.
struct EvalSimilarityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Spearman's ρ (and Pearson's r) between cosine similarities and human scores.",
        discussion: """
            FILE holds lines `word1 word2 score` (tab, comma or space separated; `#` comments and header lines \
            are skipped). Pairs with an unknown word are skipped and counted; words are matched \
            case-insensitively (as gensim's evaluate_word_pairs). With a subword model (native file from \
            `train --subwords --model`), words outside the vocabulary get their character n-gram vectors, so \
            those pairs are scored too; "scored OOV" counts them. A sense model is scored by AvgSim \
            (prior-weighted average cosine over sense pairs) and MaxSim (best sense pair).
            """)

    @Argument(help: "Word vectors (word2vec text or binary) or a sense model (native file).")
    var vectors: String

    @Argument(help: "Word pairs with human scores.")
    var file: String

    @Option(parsing: .unconditional, help: "Only the N most frequent words are known; 0 means all (word vectors only).")
    var restrict: Int = 0

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        guard restrict >= 0 else { throw ValidationError("--restrict must be 0 (all words) or positive, got \(restrict)") }
    }

    struct Score: Encodable {
        var measure: String, spearman: Double?, pearson: Double?, scored: Int, skipped: Int
        /// Scored pairs with a word outside the vocabulary (subword models only).
        var outOfVocabulary: Int?
        init(_ measure: String, _ r: SimilarityResult, outOfVocabulary: Int? = nil) {
            self.measure = measure; spearman = r.spearman; pearson = r.pearson; scored = r.scored; skipped = r.skipped
            self.outOfVocabulary = outOfVocabulary
        }
    }

    struct Report: Encodable {
        var model: String, file: String, pairs: Int
        var scores: [Score]
    }

    func run() async throws {
        let set = try SimilaritySet.load(path: file)
        let model = try EvalModel.load(vectors)
        let report = Report(model: vectors, file: file, pairs: set.pairs.count,
                            scores: Self.scores(set, model: model, restrict: restrict))
        if jsonOption.json {
            print(try EvalOutput.json(report))
        } else {
            var out = "similarity: \(file) on \(vectors) (\(report.pairs) pairs)\n"
            let oov = report.scores.contains { $0.outOfVocabulary != nil }
            out += EvalOutput.table(["measure", "spearman", "pearson", "scored", "skipped"] + (oov ? ["scored OOV"] : []), report.scores.map {
                [$0.measure, EvalOutput.number($0.spearman), EvalOutput.number($0.pearson), "\($0.scored)", "\($0.skipped)"]
                    + (oov ? ["\($0.outOfVocabulary ?? 0)"] : [])
            })
            print(out)
        }
    }

    static func scores(_ set: SimilaritySet, model: EvalModel, restrict: Int) -> [Score] {
        if let v = model.vectors, let subwords = model.subwords {
            // Every word gets a vector from its character n-grams: out-of-vocabulary pairs are scored too.
            let known = restrict > 0 ? v.prefix(restrict) : v
            let (r, oov) = WordSimilarity.evaluate(set, vectors: known) { w in
                subwords.inputRows(of: w).isEmpty ? nil : subwords.vector(for: w)
            }
            return [Score("cosine+subwords", r, outOfVocabulary: oov)]
        }
        if let v = model.vectors {
            return [Score("cosine", WordSimilarity.evaluate(set, vectors: v, restrict: restrict > 0 ? restrict : nil))]
        }
        return [Score("avgsim", WordSimilarity.evaluate(set, model: model.senses, measure: .avgSim)),
                Score("maxsim", WordSimilarity.evaluate(set, model: model.senses, measure: .maxSim))]
    }
}
