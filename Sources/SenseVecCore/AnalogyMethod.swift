/// How an analogy "a is to b as c is to ?" is answered (Levy & Goldberg, "Linguistic Regularities in Sparse and
/// Explicit Word Representations", CoNLL 2014). With unit vectors and cos(x, y) = x·y:
/// - `add` (3CosAdd, Mikolov et al. 2013): argmax_d cos(d, b − a + c), i.e. cos(d,b) − cos(d,a) + cos(d,c) up to
///   the positive factor 1/|b − a + c|, which is reported so that similarities are true cosines.
/// - `mul` (3CosMul): argmax_d cos′(d,b)·cos′(d,c) / (cos′(d,a) + ε) with cos′ = (1 + cos)/2 ∈ [0, 1] and ε = 0.001.
public enum AnalogyMethod: String, Sendable, CaseIterable {
    case add
    case mul
}

/// An analogy question over rows: a is to b as c is to ?.
public struct AnalogyQuestion: Sendable, Hashable {
    public var a: Int
    public var b: Int
    public var c: Int
    /// Further rows that may not be answers (a, b and c never are), e.g. other spellings of the question words.
    public var excluding: [Int]
    public init(a: Int, b: Int, c: Int, excluding: [Int] = []) {
        self.a = a; self.b = b; self.c = c; self.excluding = excluding
    }
}
