import ArgumentParser
import SenseVecCore

/// The options of the mixture fitted to a word's contexts, shared by `induce` and `eval wsi --induce`.
struct InductionOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "auto (chosen by the penalized likelihood) or a number K of senses.")
    var senses: String = "auto"

    @Option(name: .long, parsing: .unconditional, help: "The most senses 'auto' may choose.")
    var maxSenses: Int = 10

    @Option(name: .long, parsing: .unconditional, help: "Weight of the BIC penalty (higher: fewer senses).")
    var penalty: Double = 1.0

    @Option(name: .long, parsing: .unconditional, help: "Context words used on each side (default: the sense model's context window, or 20).")
    var window: Int?

    @OptionGroup var seedOption: SeedOption<InductionOptions>

    func validate() throws {
        if senses != "auto" {
            guard let n = Int(senses), n >= 1 && n <= 1000 else { throw ValidationError("--senses must be auto or a number in 1...1000 (got '\(senses)')") }
        }
        guard maxSenses >= 1 && maxSenses <= 1000 else { throw ValidationError("--max-senses must be in 1...1000 (got \(maxSenses))") }
        guard penalty >= 0 && penalty.isFinite else { throw ValidationError("--penalty must be a non-negative number") }
        if let window, window < 1 || window > 100_000 { throw ValidationError("--window must be in 1...100000 (got \(window))") }
    }

    /// True when no option differs from its default.
    var isDefault: Bool { senses == "auto" && maxSenses == 10 && penalty == 1.0 && window == nil && seedOption.seed == 1 }

    /// The fit's options: a Dirichlet-process prior over at most `maxSenses` senses.
    var fitOptions: SenseMixture.FitOptions {
        var options = SenseMixture.FitOptions()
        options.senses = Int(senses)
        options.maxSenses = maxSenses
        options.penalty = penalty
        options.prior = SensePrior(kind: .dirichletProcess, alpha: 1, senseCount: maxSenses)
        options.seed = seedOption.seed
        return options
    }
}

extension InductionOptions: SeedDescription {
    static let seedHelp = "Random seed of the EM restarts."
}
