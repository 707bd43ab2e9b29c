import ArgumentParser
import Evaluation
import Foundation
import SenseVecCore

/// `sensevec eval scws MODEL FILE`: contextual word similarity (Stanford SCWS).
struct EvalSCWSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scws",
        abstract: "Contextual word similarity (SCWS): Spearman's ρ of AvgSimC and MaxSimC.",
        discussion: """
            FILE is in the SCWS format (Huang et al. 2012): tab-separated id, word1, POS1, word2, POS2, \
            context1, context2, average score, ratings, with each target marked `<b> … </b>`. AvgSimC weighs \
            the cosines of all sense pairs by the posteriors of the senses in their contexts; MaxSimC takes \
            the most probable sense of each word. Plain word vectors score the cosine for both.
            """)

    @Argument(help: "A sense model (native file) or word vectors (word2vec text or binary).")
    var model: String

    @Argument(help: "The SCWS ratings file.")
    var file: String

    @OptionGroup var jsonOption: JSONOption

    func run() async throws {
        let set = try ContextualSimilaritySet.load(path: file)
        let m = try EvalModel.load(model)
        let report = EvalSimilarityCommand.Report(model: model, file: file, pairs: set.pairs.count,
                                                  scores: Self.scores(set, model: m))
        if jsonOption.json {
            print(try EvalOutput.json(report))
        } else {
            var out = "contextual similarity: \(file) on \(model) (\(report.pairs) pairs)\n"
            out += EvalOutput.table(["measure", "spearman", "pearson", "scored", "skipped"], report.scores.map {
                [$0.measure, EvalOutput.number($0.spearman), EvalOutput.number($0.pearson), "\($0.scored)", "\($0.skipped)"]
            })
            print(out)
        }
    }

    static func scores(_ set: ContextualSimilaritySet, model: EvalModel) -> [EvalSimilarityCommand.Score] {
        [EvalSimilarityCommand.Score("avgsimc", ContextualSimilarity.evaluate(set, model: model.senses, measure: .avgSimC)),
         EvalSimilarityCommand.Score("maxsimc", ContextualSimilarity.evaluate(set, model: model.senses, measure: .maxSimC))]
    }
}
