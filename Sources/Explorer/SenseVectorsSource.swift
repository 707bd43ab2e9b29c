import Foundation
import SenseVecCore

/// The Senses module's trained model (Adaptive Skip-gram) as a ``SenseSource``.
///
/// Only the *active* senses (prior E[π_k] ≥ the model's threshold) are shown, in the model's active order, so
/// sense `k` here is row `word#k` of `SenseVectors.flattenedVectors()` and the k-th entry of its `senses(of:)`.
/// The posterior uses the model's own E-step terms: E[log π_k] for the prior (``posteriorLogPriors(ofWord:)``)
/// and the hierarchical-softmax path likelihood log p(c | k, w) = Σ_j log σ(s_j · Out[n_j] · In[w, k]).
public struct SenseVectorsSource: SenseSource {
    public let model: SenseVectors
    /// Active stored-sense indices of every word.
    let active: [[Int]]

    public init(_ model: SenseVectors) {
        self.model = model
        self.active = (0..<model.count).map { model.activeSenses(ofIndex: $0) }
    }

    public var words: [String] { model.words }
    public var dimension: Int { model.dimension }
    public var contextWindow: Int? { model.window }
    public func index(of word: String) -> Int? { model.index(of: word) }
    public func senseCount(ofWord w: Int) -> Int { active[w].count }
    public func priors(ofWord w: Int) -> [Double] {
        let all = model.priors(ofIndex: w)
        return active[w].map { all[$0] }
    }
    public func posteriorLogPriors(ofWord w: Int) -> [Double] {
        let all = model.logPriors(ofIndex: w)
        return active[w].map { all[$0] }
    }
    public func senseVector(word w: Int, sense z: Int) -> [Float] { model.vector(ofIndex: w, sense: active[w][z]) }

    /// The model's own explanation (``SenseVecCore/SenseVectors/explain(index:context:contextWords:)``), whose
    /// senses are already in the active order.
    public func explain(word w: Int, context: [Int], leftCount: Int, contextWords: [String]) -> SenseExplanation {
        model.explain(index: w, context: context.map { Int32($0) }, leftCount: leftCount, contextWords: contextWords)
    }

    public func contextLogLikelihood(word w: Int, sense z: Int, context c: Int) -> Double {
        // A topical model's term of a lone context word: its share of κ μ_z · c for the context [c].
        if model.topical != nil { return model.explain(index: w, context: [Int32(c)], leftCount: 0).contributions[z][0] }
        let row = model.senseOffsets[w] + active[w][z]
        let d = model.dimension
        let tree = model.tree
        return model.senseValues.withUnsafeBufferPointer { values in
            model.outputValues.withUnsafeBufferPointer { outputs in
                tree.points.withUnsafeBufferPointer { points in
                    tree.codes.withUnsafeBufferPointer { codes in
                        let start = tree.offsets[c], length = tree.offsets[c + 1] - start
                        return Double(SenseKernels.pathLogLikelihood(values.baseAddress! + row * d, output: outputs.baseAddress!,
                                                                     dimension: d, points: points.baseAddress! + start,
                                                                     codes: codes.baseAddress! + start, length: length))
                    }
                }
            }
        }
    }
}
