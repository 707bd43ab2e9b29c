/// What a sense is estimated from.
public enum SenseContextKind: String, Sendable, CaseIterable {
    /// Topical senses (``TopicalSenseTrainer``): a von Mises–Fisher mixture (``SenseMixture``) over the
    /// informativeness-weighted mean vector of ±`contextWindow` words, on top of skip-gram vectors.
    case topic
    /// Adaptive Skip-gram (``SenseTrainer``): each sense predicts the ±`window` words through the hierarchical softmax.
    case window
}
