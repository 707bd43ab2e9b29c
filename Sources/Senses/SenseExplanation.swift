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
}
