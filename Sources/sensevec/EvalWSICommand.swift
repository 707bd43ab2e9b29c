import ArgumentParser
import Evaluation
import Foundation
import SenseVecCore
import Senses

/// `sensevec eval wsi MODEL DATASET KEY`: word sense induction scores.
struct EvalWSICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wsi",
        abstract: "Word sense induction: ARI, V-measure, paired F-score and AVG = sqrt(F*V), per lemma and averaged.",
        usage: """
            sensevec eval wsi MODEL DATASET [KEY] [--per-lemma] [--json]
            sensevec eval wsi --induce MODEL DATASET [KEY] [--senses auto|K] [--window N] [--per-lemma] [--json]
            sensevec eval wsi --baseline one-cluster|one-per-instance DATASET [KEY] [--per-lemma] [--json]
            """,
        discussion: """
            DATASET is a SemEval-2010 task 14 file (`lemma.pos N` headers, then N lines `left<TAB>right`) with \
            its KEY (`lemma.pos instance-id sense-id`), or a Senseval-2 lexical-sample file (`.pos`, `.pos.gz`) \
            whose gold senses are inside (then KEY is not needed). Each occurrence is put in the cluster of its \
            most probable sense given the context. Scores are averaged two ways: each lemma with equal weight \
            (as in the AdaGram paper), and each lemma weighted by its number of instances (as the SemEval-2010 \
            scorer and task paper do; this reproduces the paper's baselines); with several parts of speech \
            (nouns .n, verbs .v) also per part of speech. Plain word vectors give one cluster per lemma. \
            --baseline scores a trivial clustering instead of a model: one-cluster (every instance of a lemma \
            in one cluster, the paper's MFS baseline) or one-per-instance. \
            --induce scores `sensevec induce` instead of the model's own senses: for each lemma, a von Mises-Fisher \
            mixture is fitted by EM to the evaluated contexts themselves (each a point as in `sensevec induce`: \
            the weighted mean of MODEL's vectors of its words joined with the words beside the target), with the number of senses chosen by the penalized likelihood \
            (or --senses K), and each instance goes to its most probable induced sense. MODEL may then be plain \
            word vectors.
            """)

    @Argument(help: ArgumentHelp("MODEL DATASET [KEY]: a sense model (native file) or word vectors, a SemEval-2010 dataset or Senseval-2 .pos(.gz) file, and the gold key (SemEval-2010 only). With --baseline: DATASET [KEY].",
                                 valueName: "files"))
    var files: [String] = []

    @Option(help: "Score a trivial clustering instead of a model: one-cluster or one-per-instance.")
    var baseline: InductionBaseline?

    @Flag(help: "Score senses induced from the evaluated contexts (as 'sensevec induce') instead of the model's own senses.")
    var induce = false

    @OptionGroup(title: "With --induce") var induction: InductionOptions

    @Flag(help: "Also print the scores of every lemma.")
    var perLemma = false

    @OptionGroup var jsonOption: JSONOption

    var model: String? { baseline == nil ? files.first : nil }
    var dataset: String { files[baseline == nil ? 1 : 0] }
    var key: String? { files.count > (baseline == nil ? 2 : 1) ? files.last : nil }

    func validate() throws {
        let (least, most) = baseline == nil ? (2, 3) : (1, 2)
        guard files.count >= least && files.count <= most else {
            throw ValidationError(baseline == nil
                ? "expected MODEL DATASET [KEY] (\(files.count) path\(files.count == 1 ? "" : "s") given)"
                : "with --baseline, expected DATASET [KEY] without a model (\(files.count) paths given)")
        }
        if induce {
            guard baseline == nil else { throw ValidationError("give one of --induce and --baseline") }
        } else {
            var rest = induction
            rest.window = nil
            guard rest.isDefault else {
                throw ValidationError("--senses, --max-senses, --penalty, --seed, --word-weights, --distance-decay and --collocation-weight apply to --induce only")
            }
            if induction.window != nil && baseline != nil { throw ValidationError("--window does not apply to --baseline") }
        }
    }


    struct Lemma: Encodable {
        var lemma: String, instances: Int, clusters: Int, goldSenses: Int, known: Bool
        var ari: Double, vMeasure: Double, fScore: Double, avg: Double
        var partOfSpeech: String?
    }

    /// Averages of one group of lemmas.
    struct Summary: Encodable {
        var group: String, lemmas: Int, instances: Int
        var clustersPerLemma: Double, goldSensesPerLemma: Double
        /// Each lemma with equal weight.
        var ari: Double, vMeasure: Double, fScore: Double, avg: Double
        /// Lemmas weighted by their instances (SemEval-2010 scorer).
        var weighted: Scores

        init(_ s: InductionSummary) {
            group = s.group; lemmas = s.lemmas; instances = s.instances
            clustersPerLemma = s.clustersPerLemma; goldSensesPerLemma = s.goldSensesPerLemma
            ari = s.perLemma.adjustedRandIndex; vMeasure = s.perLemma.vMeasure; fScore = s.perLemma.pairedFScore
            avg = s.perLemma.avg
            weighted = Scores(s.perInstance)
        }
    }

    struct Scores: Encodable {
        var ari: Double, vMeasure: Double, fScore: Double, avg: Double
        init(ari: Double, vMeasure: Double, fScore: Double, avg: Double) {
            self.ari = ari; self.vMeasure = vMeasure; self.fScore = fScore; self.avg = avg
        }
        init(_ s: InductionScores) {
            ari = s.adjustedRandIndex; vMeasure = s.vMeasure; fScore = s.pairedFScore; avg = s.avg
        }
    }

    struct Report: Encodable {
        var model: String, dataset: String
        var lemmas: Int, instances: Int, unknownLemmas: Int
        /// Means over lemmas, each with equal weight (the fields of earlier versions).
        var ari: Double, vMeasure: Double, fScore: Double
        /// √(fScore · vMeasure) of the means above.
        var avg: Double
        var clustersPerLemma: Double, goldSensesPerLemma: Double
        /// Means weighted by instances (the SemEval-2010 scorer's averaging).
        var weighted: Scores
        /// Per part of speech, when the lemmas name several.
        var byPartOfSpeech: [Summary]
        /// The trivial clustering scored instead of a model, if any.
        var baseline: String?
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
        report(SenseInduction.evaluate(set, model: model.senses, progress: progress), model: model.path,
               dataset: dataset, perLemma: perLemma)
    }

    static func report(_ r: SenseInductionResult, model: String, dataset: String, perLemma: Bool,
                       baseline: InductionBaseline? = nil) -> Report {
        Report(model: model, dataset: dataset, lemmas: r.lemmas.count, instances: r.instances,
               unknownLemmas: r.unknownLemmas, ari: r.adjustedRandIndex, vMeasure: r.vMeasure,
               fScore: r.pairedFScore, avg: r.all.perLemma.avg,
               clustersPerLemma: r.all.clustersPerLemma, goldSensesPerLemma: r.all.goldSensesPerLemma,
               weighted: Scores(r.all.perInstance), byPartOfSpeech: r.byPartOfSpeech.map(Summary.init),
               baseline: baseline?.rawValue,
               perLemma: perLemma ? r.lemmas.map {
                   Lemma(lemma: $0.lemma, instances: $0.instances, clusters: $0.clusters, goldSenses: $0.goldSenses,
                         known: $0.known, ari: $0.metrics.adjustedRandIndex, vMeasure: $0.metrics.vMeasure,
                         fScore: $0.metrics.pairedFScore,
                         avg: ($0.metrics.pairedFScore * $0.metrics.vMeasure).squareRoot(), partOfSpeech: $0.partOfSpeech)
               } : nil)
    }

    /// The text form of a report: the per-lemma table (when asked for), then one row per average.
    static func text(_ r: Report) -> String {
        var out = "word sense induction: \(r.dataset) on \(r.model) (\(r.lemmas) lemmas, \(r.instances) instances"
        out += r.unknownLemmas > 0 ? ", \(r.unknownLemmas) lemmas unknown to the model)\n" : ")\n"
        if let lemmas = r.perLemma {
            out += EvalOutput.table(["lemma", "instances", "clusters", "gold", "ARI", "V", "F", "AVG"], lemmas.map {
                [$0.lemma + ($0.known ? "" : " (unknown)"), "\($0.instances)", "\($0.clusters)", "\($0.goldSenses)",
                 EvalOutput.number($0.ari), EvalOutput.number($0.vMeasure), EvalOutput.number($0.fScore),
                 EvalOutput.number($0.avg)]
            }) + "\n"
        }
        func row(_ label: String, _ s: Scores, clusters: Double, lemmas: Int, instances: Int) -> [String] {
            [label, EvalOutput.number(s.ari), EvalOutput.number(s.vMeasure), EvalOutput.number(s.fScore),
             EvalOutput.number(s.avg), String(format: "%.2f", clusters), "\(lemmas)", "\(instances)"]
        }
        let unweighted = Scores(ari: r.ari, vMeasure: r.vMeasure, fScore: r.fScore, avg: r.avg)
        var rows = [row("mean over lemmas", unweighted, clusters: r.clustersPerLemma, lemmas: r.lemmas, instances: r.instances),
                    row("weighted by instances", r.weighted, clusters: r.clustersPerLemma, lemmas: r.lemmas, instances: r.instances)]
        for g in r.byPartOfSpeech {
            let name = ["n": "nouns", "v": "verbs", "a": "adjectives", "r": "adverbs"][g.group] ?? g.group
            rows.append(row("\(name) (.\(g.group)), mean over lemmas",
                            Scores(ari: g.ari, vMeasure: g.vMeasure, fScore: g.fScore, avg: g.avg),
                            clusters: g.clustersPerLemma, lemmas: g.lemmas, instances: g.instances))
            rows.append(row("\(name) (.\(g.group)), weighted by instances", g.weighted,
                            clusters: g.clustersPerLemma, lemmas: g.lemmas, instances: g.instances))
        }
        out += EvalOutput.table(["average", "ARI", "V-measure", "F-score", "AVG", "clusters/lemma", "lemmas", "instances"], rows)
        return out
    }

    func run() async throws {
        let set = try Self.loadSet(dataset: dataset, key: key)
        let r: Report
        if let baseline {
            r = Self.report(SenseInduction.evaluate(set, baseline: baseline), model: "\(baseline.rawValue) baseline",
                            dataset: dataset, perLemma: perLemma, baseline: baseline)
        } else if induce {
            let inducer = try InduceCommand.inducer(model: model!, window: induction.window)
            let options = induction.fitOptions
            let result = SenseInduction.evaluate(set) { lemma in
                // A lemma none of whose contexts holds a known word is one cluster, counted as unknown.
                guard let induced = try? inducer.induce(word: lemma.word, contexts: lemma.instances.map { ($0.left, $0.right) },
                                                        options: options, features: induction.features, fitSample: induction.fitSample,
                                                        telling: 0, nearest: 0) else {
                    return ([Int](repeating: 0, count: lemma.instances.count), false)
                }
                return (induced.assignments, true)
            }
            r = Self.report(result, model: "\(model!) (induced from the contexts)", dataset: dataset, perLemma: perLemma)
        } else {
            var m = try EvalModel.load(model!)
            if let window = induction.window {
                // The model's own senses read with `window` words each side instead of its training window.
                guard let senses = m.senses as? SenseVectors else {
                    throw SenseVecError("--window without --induce needs a multi-sense model ('\(model!)' is not one)")
                }
                m = EvalModel(path: m.path, vectors: nil, senses: WindowedSenseVectors(model: senses, window: window))
            }
            r = Self.report(set, model: m, dataset: dataset, perLemma: perLemma)
        }
        print(jsonOption.json ? try EvalOutput.json(r) : Self.text(r))
    }
}
