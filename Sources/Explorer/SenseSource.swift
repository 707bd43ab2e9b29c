import Foundation
import SenseVecCore

/// What a multi-sense model must tell the explorer (AdaGram-style models: Bartunov et al. 2016,
/// "Breaking Sticks and Ambiguities with Adaptive Skip-gram").
///
/// A word w has senses z = 0 … K_w − 1 with prior p(z | w) and one input vector per sense. The E-step of such
/// models scores a sense in a context C by the likelihood of the context words:
///
///     q(z | w, C) ∝ p(z | w) · Π_{c ∈ C} p(c | w, z)
///
/// The explorer needs exactly these three things; the Senses module's model conforms through a small
/// adapter (``SenseVectorsSource``), and ``SenseTable`` is a self-contained implementation.
public protocol SenseSource: Sendable {
    /// The vocabulary, most frequent first.
    var words: [String] { get }
    /// The vector dimension.
    var dimension: Int { get }
    /// The row of `word`, or nil.
    func index(of word: String) -> Int?
    /// K_w, the number of senses of word `w` (at least 1).
    func senseCount(ofWord w: Int) -> Int
    /// p(z | w) for z = 0 … K_w − 1 (sums to 1).
    func priors(ofWord w: Int) -> [Double]
    /// The input vector of sense `z` of word `w` (`dimension` values).
    func senseVector(word w: Int, sense z: Int) -> [Float]
    /// The prior term of the posterior for each sense: log p(z | w) by default; Adaptive Skip-gram uses
    /// E[log π_z] under its variational stick-breaking posterior instead.
    func posteriorLogPriors(ofWord w: Int) -> [Double]
    /// The context window (in-vocabulary words each side) the model was trained with, or nil.
    var contextWindow: Int? { get }
    /// log p(c | w, z): how well sense `z` of `w` predicts the context word `c`.
    func contextLogLikelihood(word w: Int, sense z: Int, context c: Int) -> Double
    /// The posterior over the senses of `w` given the context rows `context` (named `contextWords`), with each
    /// context word's contribution: the same ``SenseExplanation`` `sensevec disambiguate` prints.
    /// The first `leftCount` context rows are left of the target (text order), the others right of it.
    func explain(word w: Int, context: [Int], leftCount: Int, contextWords: [String]) -> SenseExplanation
}

extension SenseSource {
    public func contextTerms(word w: Int, contexts: [Int]) -> [[Double]] {
        contexts.map { c in (0..<senseCount(ofWord: w)).map { contextLogLikelihood(word: w, sense: $0, context: c) } }
    }
    /// The context window (words each side) the model was trained with; nil = the server's default.
    public var contextWindow: Int? { nil }
    public func posteriorLogPriors(ofWord w: Int) -> [Double] {
        priors(ofWord: w).map { $0 > 0 ? log($0) : -Double.infinity }
    }
    /// The explanation from ``posteriorLogPriors(ofWord:)`` and ``contextLogLikelihood(word:sense:context:)``.
    public func explain(word w: Int, context: [Int], leftCount: Int, contextWords: [String]) -> SenseExplanation {
        let k = senseCount(ofWord: w)
        return SenseExplanation(senses: Array(0..<k), logPrior: posteriorLogPriors(ofWord: w), contextWords: contextWords,
                                contributions: (0..<k).map { z in context.map { contextLogLikelihood(word: w, sense: z, context: $0) } })
    }
}

/// A self-contained sense model: per-sense input vectors, priors, and output ("context") vectors with the
/// negative-sampling likelihood p(c | w, z) = σ(u_{w,z} · v_c), σ(x) = 1 / (1 + e^{−x}).
public struct SenseTable: SenseSource {
    public let words: [String]
    public let dimension: Int
    /// Senses of word `w` are rows `senseOffsets[w] ..< senseOffsets[w+1]` of `senseValues`.
    public let senseOffsets: [Int]
    public let senseValues: [Float]
    public let senseProbabilities: [Double]
    /// One output vector per word, row-major.
    public let outputValues: [Float]
    private let lookup: [String: Int]

    /// `senses[w]` lists the (vector, prior) pairs of word `w`; `outputs[w]` is its context vector.
    public init(words: [String], dimension: Int, senses: [[(vector: [Float], prior: Double)]],
                outputs: [[Float]]) throws {
        guard words.count == senses.count, words.count == outputs.count else {
            throw ExplorerError.badRequest("sense table: \(words.count) words, \(senses.count) sense lists, \(outputs.count) outputs")
        }
        var offsets = [0], values: [Float] = [], priors: [Double] = [], out: [Float] = []
        var lookup: [String: Int] = [:]
        for (w, list) in senses.enumerated() {
            guard !list.isEmpty else { throw ExplorerError.badRequest("word '\(words[w])' has no senses") }
            guard lookup[words[w]] == nil else { throw ExplorerError.badRequest("duplicate word '\(words[w])'") }
            lookup[words[w]] = w
            let total = list.reduce(0) { $0 + $1.prior }
            for s in list {
                guard s.vector.count == dimension, outputs[w].count == dimension else {
                    throw ExplorerError.badRequest("word '\(words[w])': vector of the wrong dimension")
                }
                values += s.vector
                priors.append(total > 0 ? s.prior / total : 1 / Double(list.count))
            }
            out += outputs[w]
            offsets.append(offsets.last! + list.count)
        }
        self.words = words; self.dimension = dimension; self.senseOffsets = offsets
        self.senseValues = values; self.senseProbabilities = priors; self.outputValues = out
        self.lookup = lookup
    }

    public func index(of word: String) -> Int? { lookup[word] }
    public func senseCount(ofWord w: Int) -> Int { senseOffsets[w + 1] - senseOffsets[w] }
    public func priors(ofWord w: Int) -> [Double] { Array(senseProbabilities[senseOffsets[w] ..< senseOffsets[w + 1]]) }
    public func senseVector(word w: Int, sense z: Int) -> [Float] {
        let r = senseOffsets[w] + z
        return Array(senseValues[r * dimension ..< (r + 1) * dimension])
    }
    public func contextLogLikelihood(word w: Int, sense z: Int, context c: Int) -> Double {
        let r = senseOffsets[w] + z
        let x = senseValues.withUnsafeBufferPointer { v in
            outputValues.withUnsafeBufferPointer { o in
                VectorKernels.dot(v.baseAddress! + r * dimension, o.baseAddress! + c * dimension, count: dimension)
            }
        }
        return Double(VectorKernels.logSigmoid(x))
    }
}
