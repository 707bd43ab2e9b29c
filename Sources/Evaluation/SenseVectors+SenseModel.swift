import SenseVecCore

/// The multi-sense model of the Senses module is evaluated through ``SenseModel``: `senses(of:)` gives the
/// active senses with their expected priors E[π_z], and `posterior(of:left:right:)` the E-step posterior
/// q(z | word, context) over the same senses, computed by the same code as training (AdaGram's disambiguation).
extension SenseVectors: SenseModel {}
