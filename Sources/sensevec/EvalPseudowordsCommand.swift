import ArgumentParser
import Foundation
import SenseVecCore
import Senses

/// `sensevec eval pseudowords CORPUS`: the pseudo-word sense-induction benchmark, end to end.
struct EvalPseudowordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pseudowords",
        abstract: "Pseudo-word sense induction benchmark.",
        discussion: """
        Merges pairs of unrelated words of similar frequency into one token (word1_word2) in a copy of the corpus, \
        trains a multi-sense model on 90% of it, and gives each held-out occurrence of a merged token its most \
        probable sense from ±5 context words. Scores per pair: purity (accuracy under the best sense-to-word \
        mapping) and the adjusted Rand index between senses and original words; then their means.
        Example: sensevec eval pseudowords corpus.txt --count 20 --seed 7 --threads 2
        """)

    @Argument(help: "Text files or folders (plain or .gz).")
    var corpus: [String]

    @Option(name: .long, help: "A file of 'word1 word2' lines to merge (default: pairs chosen from the corpus counts by --seed).")
    var pairs: String?

    @Option(name: .long, parsing: .unconditional, help: "Number of pairs to choose when --pairs is not given.")
    var count: Int = 20

    @OptionGroup var seedOption: SeedOption<EvalPseudowordsCommand>

    @Option(name: .customLong("pair-min-count"), parsing: .unconditional, help: "Chosen pair words occur at least this often.")
    var pairMinCount: Int = 300

    @Option(name: .customLong("pair-kind"), help: "Words to pair when --pairs is not given: 'any' (every word ranked after the 300 most frequent) or 'nouns' (English noun-like words: often after a determiner and before a function word; the issue's reference runs used noun pairs).")
    var pairKind: PairKind = .any

    @Option(name: .long, parsing: .unconditional, help: "Up to T senses per word.")
    var senses: Int = 30

    @Option(name: .long, parsing: .unconditional, help: "DP concentration α (default \(SenseTrainingConfiguration.defaultAlpha); new senses come from split tests, so α mainly weighs senses in the E-step).")
    var alpha: Double = SenseTrainingConfiguration.defaultAlpha

    @Option(name: .long, help: "Prior: dp or fixed.")
    var prior: SensePrior.Kind = .dirichletProcess

    @Option(name: .customLong("sense-context"), help: "The multi-sense model: topic (default, as train --senses: topical senses with their default context vector, scored on the model's ±20 words) or window (Adaptive Skip-gram, scored on ±5 words; see train --sense-context).")
    var senseContext: SenseContextKind = .topic

    @Option(name: .customLong("sense-count"), help: "Topical senses: how each word's number of senses is chosen: split (held-out split tests; default) or bic (see train --sense-count).")
    var senseCount: SenseMixture.Selection = SenseTrainingConfiguration().senseSelection

    @Option(name: .customLong("split-threshold"), parsing: .unconditional, help: "Topical senses with --sense-count split: held-out gain in nats per occurrence a split must exceed.")
    var splitThreshold: Double = SenseTrainingConfiguration().splitThreshold

    @Option(name: .customLong("context-window"), parsing: .unconditional, help: "Topical senses: context words used on each side of an occurrence (see train --context-window).")
    var contextWindow: Int = SenseTrainingConfiguration().contextWindow

    @Option(name: .customLong("context-decay"), parsing: .unconditional, help: "Topical senses: the context word r places from the target weighs r^-DECAY (see train --context-decay).")
    var contextDecay: Double = SenseTrainingConfiguration().distanceDecay

    @Option(name: .customLong("adjacent-weight"), parsing: .unconditional, help: "Topical senses: weight of the words right before and after the target (see train --adjacent-weight).")
    var adjacentWeight: Double = SenseTrainingConfiguration().adjacentWeight

    @Option(name: .customLong("merge-threshold"), parsing: .unconditional, help: "Topical senses: the merge test's threshold in nats per held-out occurrence (negative: never merge; see train --merge-threshold).")
    var mergeThreshold: Double = SenseTrainingConfiguration().mergeThreshold

    @Option(name: .customLong("merge-neighbours"), parsing: .unconditional, help: "Topical senses: senses sharing at least this many of the 10 words nearest to their vectors are joined (0, the default: never; see train --merge-neighbours).")
    var mergeNeighbours: Int = SenseTrainingConfiguration().neighbourMerge

    @Option(name: .long, parsing: .unconditional, help: "Vector dimension.")
    var dim: Int = 100

    @Option(name: .long, parsing: .unconditional, help: "Maximal context window in training.")
    var window: Int = 5

    @Option(name: .long, parsing: .unconditional, help: "Passes over the corpus (default 3: a split test needs several hundred occurrences of a merged token; 3 epochs gave ARI 0.17 vs 0.04 for 1 on a 3.7M-token corpus).")
    var epochs: Int = 3

    @OptionGroup var threadsOption: ThreadsOption<TwoThreads>

    @Option(name: .customLong("min-count"), parsing: .unconditional, help: "Ignore words seen fewer times than this.")
    var minCount: Int = 5

    @Option(name: .long, parsing: .unconditional, help: "Learning rate.")
    var lr: Double = 0.025

    @Option(name: .customLong("held-out"), parsing: .unconditional, help: "Fraction of the corpus held out for scoring.")
    var heldOut: Double = 0.1

    @Flag(name: [.customLong("reference"), .customLong("ceiling")],
          help: "Also score the supervised reference: an L2-regularized logistic regression on the bag of ±5 context words, trained with the labels on every occurrence of the pair outside the held-out part, scored on the same held-out occurrences (REFERENCE columns; --ceiling is an alias).")
    var ceiling = false

    @Flag(name: .long, help: "Lowercase the text.")
    var lowercase = false

    @OptionGroup var quietOption: QuietOption

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        guard count >= 1 && count <= 10_000 else { throw ValidationError("--count must be in 1...10000 (got \(count))") }
        guard senses >= 1 && senses <= 1000 else { throw ValidationError("--senses must be in 1...1000 (got \(senses))") }
        guard splitThreshold >= 0 && splitThreshold.isFinite else { throw ValidationError("--split-threshold must be a non-negative number (got \(splitThreshold))") }
        guard alpha > 0 && alpha.isFinite else { throw ValidationError("--alpha must be positive (got \(alpha))") }
        guard dim >= 1 && dim <= 10_000 else { throw ValidationError("--dim must be in 1...10000 (got \(dim))") }
        guard window >= 1 && window <= 1000 else { throw ValidationError("--window must be in 1...1000 (got \(window))") }
        guard epochs >= 1 && epochs <= 1000 else { throw ValidationError("--epochs must be in 1...1000 (got \(epochs))") }
        guard pairMinCount >= 1 else { throw ValidationError("--pair-min-count must be at least 1 (got \(pairMinCount))") }
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
        guard heldOut > 0 && heldOut < 1 else { throw ValidationError("--held-out must be in (0, 1)") }
        guard lr > 0 && lr < 10 else { throw ValidationError("--lr must be in (0, 10)") }
        guard contextWindow >= 1 && contextWindow <= 10_000 else { throw ValidationError("--context-window must be in 1...10000 (got \(contextWindow))") }
        guard contextDecay >= 0 && contextDecay <= 10 else { throw ValidationError("--context-decay must be in 0...10 (got \(contextDecay))") }
        guard adjacentWeight >= 0 && adjacentWeight <= 100 else { throw ValidationError("--adjacent-weight must be in 0...100 (got \(adjacentWeight))") }
        guard mergeThreshold.isFinite else { throw ValidationError("--merge-threshold must be a finite number (got \(mergeThreshold))") }
        let candidates = SenseTrainingConfiguration().neighbourMergeCandidates
        guard mergeNeighbours >= 0 && mergeNeighbours <= candidates else {
            throw ValidationError("--merge-neighbours must be in 0...\(candidates) (got \(mergeNeighbours))")
        }
    }

    func run() async throws {
        let bar = ProgressBar(quiet: quietOption.quiet)
        let text = Corpus(paths: corpus, options: TokenizerOptions(lowercase: lowercase))
        let (vocabulary, _) = try Vocabulary.count(text, minCount: minCount, progress: bar.handler)
        let encoded = try EncodedCorpus(text, vocabulary: vocabulary)
        let chosen: [PseudoWordBenchmark.Pair]
        if let pairs {
            let content = try InputFile.readAll(pairs, text: true)
            chosen = try String(decoding: content, as: UTF8.self).split(separator: "\n").compactMap { line in
                let w = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                if w.isEmpty || w[0].hasPrefix("#") { return nil }
                guard w.count == 2 else { throw SenseVecError("'\(pairs)': expected 'word1 word2' lines, got '\(line)'") }
                return PseudoWordBenchmark.Pair(w[0], w[1])
            }
        } else {
            var bench = PseudoWordBenchmark(configuration: SenseTrainingConfiguration())
            bench.heldOutFraction = self.heldOut
            let heldOut = bench.heldOutCounts(vocabulary: vocabulary, corpus: encoded)
            let eligible = pairKind == .nouns ? PseudoWordBenchmark.nounLike(vocabulary: vocabulary, corpus: encoded) : nil
            chosen = PseudoWordBenchmark.choosePairs(vocabulary: vocabulary, count: count, seed: seedOption.seed, minCount: pairMinCount,
                                                     heldOut: heldOut, eligible: eligible)
            if chosen.count < count {
                let c = PseudoWordBenchmark.pairCandidates(vocabulary: vocabulary, minCount: pairMinCount, heldOut: heldOut, eligible: eligible)
                var why = "of the \(c.ranked) words ranked after the 300 most frequent, \(c.frequent) occur at least \(pairMinCount) times (--pair-min-count)"
                why += ", \(c.scorable) of these at least 20 times in the held-out part (needed to score a pair)"
                if eligible != nil { why += ", \(c.words.count) of these are noun-like" }
                // The advice names the test that removed the most words.
                let advice: String
                if c.frequent < 2 * count {
                    advice = "lower --pair-min-count or --count"
                } else if c.scorable < 2 * count {
                    advice = "raise --held-out (now \(self.heldOut)) or use a larger corpus: a word needs about \(Int((20 / self.heldOut).rounded())) occurrences in all to have 20 held out (lowering --pair-min-count does not help)"
                } else {
                    advice = "use --pair-kind any, lower --count, or use a larger corpus"
                }
                throw SenseVecError("only \(chosen.count) of \(count) pairs could be chosen: \(why); \(advice)")
            }
        }
        var c = SenseTrainingConfiguration()
        c.maxSenses = senses; c.alpha = alpha; c.priorKind = prior
        c.dimension = dim; c.window = window; c.epochs = epochs; c.threads = threadsOption.count; c.seed = seedOption.seed; c.learningRate = lr
        c.contextKind = senseContext
        c.senseSelection = senseCount
        c.splitThreshold = splitThreshold
        c.contextWindow = contextWindow; c.distanceDecay = contextDecay; c.adjacentWeight = adjacentWeight
        c.mergeThreshold = mergeThreshold
        c.neighbourMerge = mergeNeighbours
        var bench = PseudoWordBenchmark(configuration: c)
        bench.heldOutFraction = heldOut
        bench.supervisedCeiling = ceiling
        let report = try bench.run(vocabulary: vocabulary, corpus: encoded, pairs: chosen, progress: bar.handler)
        if jsonOption.json {
            let obj: [String: Any] = [
                "pairs": report.pairs.map { p -> [String: Any] in
                    var o: [String: Any] = ["first": p.pair.first, "second": p.pair.second, "heldOut": p.heldOutOccurrences,
                                            "senses": p.senses, "sensesUsed": p.sensesUsed, "purity": p.purity, "ari": p.adjustedRandIndex]
                    if let cp = p.ceilingPurity, let ca = p.ceilingARI { o["ceilingPurity"] = cp; o["ceilingARI"] = ca }
                    return o
                },
                "purity": report.meanPurity, "ari": report.meanARI, "senses": report.meanSenses,
                "trainedWords": report.trainedWords, "seconds": report.seconds,
            ]
            var out = obj
            if let cp = report.meanCeilingPurity, let ca = report.meanCeilingARI { out["ceilingPurity"] = cp; out["ceilingARI"] = ca }
            let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("PAIR                          HELD-OUT  SENSES  USED  PURITY  ARI" + (ceiling ? "     REFERENCE-PURITY  REFERENCE-ARI" : ""))
        for p in report.pairs {
            let name = p.pair.token.count >= 28 ? p.pair.token : p.pair.token + String(repeating: " ", count: 28 - p.pair.token.count)
            var line = "\(name)  \(String(format: "%8d  %6d  %4d  %6.3f  %6.3f", p.heldOutOccurrences, p.senses, p.sensesUsed, p.purity, p.adjustedRandIndex))"
            if let cp = p.ceilingPurity, let ca = p.ceilingARI { line += String(format: "  %16.3f  %13.3f", cp, ca) }
            print(line)
        }
        print(String(format: "mean over %d pairs: purity %.3f  ARI %.3f  senses %.2f", report.pairs.count, report.meanPurity, report.meanARI, report.meanSenses))
        if let cp = report.meanCeilingPurity, let ca = report.meanCeilingARI {
            print(String(format: "supervised reference (logistic regression on the same contexts, trained with the labels): purity %.3f  ARI %.3f", cp, ca))
        }
    }
}

extension EvalPseudowordsCommand: SeedDescription {
    static let seedHelp = "Seed for choosing pairs and for training."
}
