import ArgumentParser
import Evaluation
import Foundation
import SenseVecCore

/// `sensevec eval wsi MODEL DATASET KEY`: word sense induction scores.
struct EvalWSICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wsi",
        abstract: "Word sense induction: adjusted Rand index, V-measure and paired F-score per lemma and averaged.",
        discussion: """
            DATASET is a SemEval-2010 task 14 file (`lemma.pos N` headers, then N lines `left<TAB>right`) with \
            its KEY (`lemma.pos instance-id sense-id`), or a Senseval-2 lexical-sample file (`.pos`, `.pos.gz`) \
            whose gold senses are inside (then KEY is not needed). Each occurrence is put in the cluster of its \
            most probable sense given the context; lemmas are averaged with equal weight (as in the AdaGram \
            paper). Plain word vectors give one cluster per lemma (a baseline).
            """)

    @Argument(help: "A sense model (native file) or word vectors.")
    var model: String

    @Argument(help: "SemEval-2010 dataset file or Senseval-2 .pos(.gz) file.")
    var dataset: String

    @Argument(help: "Gold key (SemEval-2010); not needed for Senseval-2 files.")
    var key: String?

    @Flag(help: "Also print the scores of every lemma.")
    var perLemma = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    struct Lemma: Encodable {
        var lemma: String, instances: Int, clusters: Int, goldSenses: Int, known: Bool
        var ari: Double, vMeasure: Double, fScore: Double
    }

    struct Report: Encodable {
        var model: String, dataset: String
        var lemmas: Int, instances: Int, unknownLemmas: Int
        var ari: Double, vMeasure: Double, fScore: Double
        var perLemma: [Lemma]?
    }

    static func isSenseval(_ path: String) -> Bool {
        path.hasSuffix(".pos") || path.hasSuffix(".pos.gz") || path.hasSuffix(".xml") || path.hasSuffix(".xml.gz")
    }

    static func loadSet(dataset: String, key: String?) throws -> SenseInductionSet {
        if isSenseval(dataset) { return try SenseInductionSet.loadSenseval(path: dataset) }
        guard let key else {
            throw SenseVecError("'\(dataset)' is a SemEval-style dataset: give its gold KEY file too")
        }
        return try SenseInductionSet.loadSemEval(dataset: dataset, key: key)
    }

    static func report(_ set: SenseInductionSet, model: EvalModel, dataset: String, perLemma: Bool,
                       progress: ProgressHandler? = nil) -> Report {
        let r = SenseInduction.evaluate(set, model: model.senses, progress: progress)
        return Report(model: model.path, dataset: dataset, lemmas: r.lemmas.count, instances: r.instances,
                      unknownLemmas: r.unknownLemmas, ari: r.adjustedRandIndex, vMeasure: r.vMeasure,
                      fScore: r.pairedFScore,
                      perLemma: perLemma ? r.lemmas.map {
                          Lemma(lemma: $0.lemma, instances: $0.instances, clusters: $0.clusters, goldSenses: $0.goldSenses,
                                known: $0.known, ari: $0.metrics.adjustedRandIndex, vMeasure: $0.metrics.vMeasure,
                                fScore: $0.metrics.pairedFScore)
                      } : nil)
    }

    func run() async throws {
        let set = try Self.loadSet(dataset: dataset, key: key)
        let m = try EvalModel.load(model)
        let r = Self.report(set, model: m, dataset: dataset, perLemma: perLemma)
        if json {
            print(try EvalOutput.json(r))
            return
        }
        var out = "word sense induction: \(dataset) on \(model) (\(r.lemmas) lemmas, \(r.instances) instances"
        out += r.unknownLemmas > 0 ? ", \(r.unknownLemmas) lemmas unknown to the model)\n" : ")\n"
        if let lemmas = r.perLemma {
            out += EvalOutput.table(["lemma", "instances", "clusters", "gold", "ARI", "V", "F"], lemmas.map {
                [$0.lemma + ($0.known ? "" : " (unknown)"), "\($0.instances)", "\($0.clusters)", "\($0.goldSenses)",
                 EvalOutput.number($0.ari), EvalOutput.number($0.vMeasure), EvalOutput.number($0.fScore)]
            }) + "\n"
        }
        out += EvalOutput.table(["mean over lemmas", "ARI", "V-measure", "F-score"],
                                [["", EvalOutput.number(r.ari), EvalOutput.number(r.vMeasure), EvalOutput.number(r.fScore)]])
        print(out)
    }
}
