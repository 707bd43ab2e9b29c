/// Why a word got the sense it got in a context: the E-step's terms, laid open.
///
/// For active senses k (``senses``, indices into the word's stored senses) and context words y_i:
/// `posterior[k] ∝ exp(logPrior[k] + Σ_i contributions[k][i])`, with `contributions[k][i] = log p(y_i | k, x)`.
/// `influence[i] = contributions[best][i] − contributions[runnerUp][i]` is how many nats context word i moved
/// the decision towards the most probable sense and away from the second (0 when the word has one sense).
public struct SenseExplanation: Sendable {
    /// The word's active senses (stored sense indices), in the order of the other arrays.
    public var senses: [Int]
    /// E[log π_k] of the active senses.
    public var logPrior: [Double]
    /// q(k | x, context) over the active senses.
    public var posterior: [Double]
    /// The in-vocabulary context words that were used (nearest `window` each side), left then right.
    public var contextWords: [String]
    /// log p(y_i | k, x), `[sense][contextWord]`.
    public var contributions: [[Double]]
    /// Position (in the active order) of the most probable sense.
    public var best: Int
    /// Position of the second most probable sense, or nil.
    public var runnerUp: Int?
    /// Per context word: contributions[best][i] − contributions[runnerUp][i].
    public var influence: [Double]

    /// The explanation from the E-step's terms: the posterior follows by ``SensePosterior/normalize(logLikelihood:logPrior:count:posterior:)``
    /// from `logPrior[k] + Σ_i contributions[k][i]`, and the influence of each context word is its contribution to
    /// the most probable sense minus its contribution to the runner-up. Every explanation (the command line's
    /// `disambiguate`, the explorer, any ``SenseVecCore/SenseVectors`` query) is built here.
    public init(senses: [Int], logPrior: [Double], contextWords: [String], contributions: [[Double]]) {
        let m = senses.count
        precondition(logPrior.count == m && contributions.count == m, "one log prior and one contribution list per sense")
        let logLikelihood = contributions.map { row in row.reduce(0, +) }
        var posterior = [Double](repeating: 0, count: m)
        logLikelihood.withUnsafeBufferPointer { ll in
            logPrior.withUnsafeBufferPointer { lp in
                posterior.withUnsafeMutableBufferPointer { q in
                    _ = SensePosterior.normalize(logLikelihood: ll.baseAddress!, logPrior: lp.baseAddress!, count: m,
                                                 posterior: q.baseAddress!)
                }
            }
        }
        self.init(senses: senses, logPrior: logPrior, posterior: posterior, contextWords: contextWords,
                  contributions: contributions)
    }

    /// The explanation of a posterior the E-step has already computed from these terms (the window model's
    /// ``SensePosterior/compute(rows:count:logPrior:output:dimension:paths:context:contextCount:logLikelihood:posterior:contributions:)``,
    /// the topical model's ``SenseMixture``): the most probable sense, the runner-up, and each context word's
    /// influence, its contribution to the best sense minus its contribution to the runner-up.
    public init(senses: [Int], logPrior: [Double], posterior: [Double], contextWords: [String], contributions: [[Double]]) {
        let order = posterior.indices.sorted { posterior[$0] > posterior[$1] }
        let best = order.first ?? 0
        let runnerUp = order.count > 1 ? order[1] : nil
        self.senses = senses; self.logPrior = logPrior; self.posterior = posterior; self.contextWords = contextWords
        self.contributions = contributions; self.best = best; self.runnerUp = runnerUp
        self.influence = contextWords.indices.map { i in runnerUp.map { contributions[best][i] - contributions[$0][i] } ?? 0 }
    }
}
