import SenseVecCore

/// The multi-sense model of the Senses module is evaluated through ``SenseModel``: `senses(of:)` gives the
/// active senses with their expected priors E[π_z], and `posterior(of:left:right:)` the E-step posterior
/// q(z | word, context) over the same senses, computed by the same code as training (AdaGram's disambiguation).
extension SenseVectors: SenseModel {}

/// A multi-sense model whose posterior reads `window` known words on each side of the target instead of its
/// training window (`eval wsi MODEL … --window N`).
public struct WindowedSenseVectors: SenseModel {
    public let model: SenseVectors
    public let window: Int
    public init(model: SenseVectors, window: Int) { self.model = model; self.window = window }
    public func senses(of word: String) -> [(prior: Double, vector: [Float])]? { model.senses(of: word) }
    public func posterior(of word: String, left: [String], right: [String]) -> [Double]? {
        model.explain(word: word, left: left, right: right, window: window)?.posterior
    }
}
