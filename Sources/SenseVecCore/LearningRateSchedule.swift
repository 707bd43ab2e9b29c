/// word2vec's learning rate: decays linearly with the number of tokens processed (over all threads and
/// epochs) from `start` to zero, never going below `floor`:
///
///     α(t) = max(floor, start · (1 − t / (E·N + 1)))
///
/// with E epochs of N tokens. word2vec uses floor = start · 10⁻⁴.
public struct LearningRateSchedule: Sendable, Equatable {
    public var start: Double
    public var floor: Double
    /// E·N: tokens over the whole run.
    public var totalTokens: Int

    public init(start: Double, floor: Double, totalTokens: Int) {
        self.start = start
        self.floor = floor
        self.totalTokens = totalTokens
    }

    /// α after `processed` tokens.
    @inlinable
    public func rate(afterProcessing processed: Int) -> Double {
        max(floor, start * (1 - Double(processed) / (Double(totalTokens) + 1)))
    }
}
