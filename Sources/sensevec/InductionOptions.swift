import ArgumentParser
import SenseVecCore
import Senses

extension ContextFeatures.Weighting: ExpressibleByArgument {}
extension SenseMixture.Initialization: ExpressibleByArgument {}

/// The options of the mixture fitted to a word's contexts, shared by `induce` and `eval wsi --induce`.
struct InductionOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "auto (chosen by --sense-count) or a number K of senses.")
    var senses: String = "auto"

    @Option(name: .customLong("sense-count"), help: "How 'auto' chooses the number of senses: bic (penalized likelihood, --penalty; default) or split (held-out split tests, --split-threshold).")
    var senseCount: SenseMixture.Selection = .penalizedLikelihood

    @Option(name: .customLong("split-threshold"), parsing: .unconditional, help: "With --sense-count split: held-out log-likelihood gain of two modes over one, in nats per held-out context, a split must exceed (and be significant).")
    var splitThreshold: Double = SenseMixture.FitOptions().splitThreshold

    @Option(name: .customLong("init"), help: "Where EM starts for each number of senses: ward (the clusters of Ward's agglomerative clustering of the contexts; deterministic) or kmeans++ (random seeds, the best likelihood of two kept).")
    var initialization: SenseMixture.Initialization = .ward

    @Option(name: .long, parsing: .unconditional, help: "The most senses 'auto' may choose.")
    var maxSenses: Int = 10

    @Option(name: .long, parsing: .unconditional, help: "Weight of the BIC penalty (higher: fewer senses).")
    var penalty: Double = 1.0

    @Option(name: .long, parsing: .unconditional, help: "Known context words used on each side (with --induce: default all of them; for a sense model's own senses: default its training window).")
    var window: Int?

    @Option(name: .long, help: "Context word weights: sif (a/(a + p), p the word's corpus frequency) or idf (the model's own weights).")
    var wordWeights: ContextFeatures.Weighting = .sif

    @Option(name: .long, parsing: .unconditional, help: "The i-th known word on a side weighs i^-DECAY (0: all alike).")
    var distanceDecay: Double = 0.5

    @Option(name: .long, parsing: .unconditional, help: "Weight of the words right before and after the target as features of their own (0: none).")
    var collocationWeight: Double = 0.3

    @Option(name: .long, parsing: .unconditional, help: "Fit the mixture to a uniform sample of at most N contexts, then give every context its posterior (0: all).")
    var fitSample: Int = 0

    @OptionGroup var seedOption: SeedOption<InductionOptions>

    func validate() throws {
        if senses != "auto" {
            guard let n = Int(senses), n >= 1 && n <= 1000 else { throw ValidationError("--senses must be auto or a number in 1...1000 (got '\(senses)')") }
        }
        guard maxSenses >= 1 && maxSenses <= 1000 else { throw ValidationError("--max-senses must be in 1...1000 (got \(maxSenses))") }
        guard penalty >= 0 && penalty.isFinite else { throw ValidationError("--penalty must be a non-negative number") }
        guard splitThreshold >= 0 && splitThreshold.isFinite else { throw ValidationError("--split-threshold must be a non-negative number (got \(splitThreshold))") }
        if let window, window < 1 || window > 100_000 { throw ValidationError("--window must be in 1...100000 (got \(window))") }
        guard fitSample >= 0 && fitSample <= 100_000_000 else { throw ValidationError("--fit-sample must be in 0...100000000 (got \(fitSample))") }
        guard distanceDecay >= 0 && distanceDecay <= 10 else { throw ValidationError("--distance-decay must be in 0...10 (got \(distanceDecay))") }
        guard collocationWeight >= 0 && collocationWeight <= 100 else { throw ValidationError("--collocation-weight must be in 0...100 (got \(collocationWeight))") }
    }

    /// True when no option differs from its default.
    var isDefault: Bool {
        senses == "auto" && maxSenses == 10 && penalty == 1.0 && window == nil && seedOption.seed == 1 && wordWeights == .sif
            && distanceDecay == 0.5 && collocationWeight == 0.3 && fitSample == 0 && senseCount == .penalizedLikelihood
            && splitThreshold == SenseMixture.FitOptions().splitThreshold && initialization == .ward
    }

    /// How each context becomes a point.
    var features: ContextFeatures {
        var f = ContextFeatures()
        f.weighting = wordWeights
        f.distanceDecay = distanceDecay
        f.collocationWeight = collocationWeight
        return f
    }

    /// The fit's options: a Dirichlet-process prior over at most `maxSenses` senses.
    var fitOptions: SenseMixture.FitOptions {
        var options = SenseMixture.FitOptions()
        options.senses = Int(senses)
        options.maxSenses = maxSenses
        options.penalty = penalty
        options.selection = senseCount
        options.splitThreshold = splitThreshold
        options.prior = SensePrior(kind: .dirichletProcess, alpha: 1, senseCount: maxSenses)
        options.seed = seedOption.seed
        options.initialization = initialization
        return options
    }
}

extension InductionOptions: SeedDescription {
    static let seedHelp = "Random seed of the k-means++ starts (--init kmeans++) and of the sample of contexts Ward's clustering uses above 2,500 contexts."
}
