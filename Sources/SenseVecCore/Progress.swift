/// A progress report emitted by long-running library work (training, t-SNE, evaluation).
///
/// The library never prints: it hands these events to a ``ProgressHandler``; the command-line tool renders
/// them as a bar on stderr and the explorer can stream them.
public struct ProgressEvent: Sendable {
    /// A short name of the running stage ("vocabulary", "training", "t-SNE", …).
    public var stage: String
    /// Fraction done in 0...1, or nil when unknown.
    public var fraction: Double?
    /// Named measurements for this moment (e.g. "words/s/thread", "alpha", "loss", "KL").
    public var metrics: [(name: String, value: Double)]
    /// A free-form line (e.g. a final summary); may be empty.
    public var message: String
    /// True for the last event of a stage.
    public var finished: Bool

    public init(stage: String, fraction: Double? = nil, metrics: [(name: String, value: Double)] = [],
                message: String = "", finished: Bool = false) {
        self.stage = stage
        self.fraction = fraction
        self.metrics = metrics
        self.message = message
        self.finished = finished
    }
}

/// Receives progress events; may be called from worker threads.
public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void
