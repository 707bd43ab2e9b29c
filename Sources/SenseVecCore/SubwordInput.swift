/// The subword input layer (Bojanowski et al. 2017, as fastText implements it): a word's input vector is
/// the **mean** of its input rows,
///
///     h = (1/n) Σ_{i=1…n} x_{r_i},
///
/// where the rows r_1 … r_n are the word's own row (vocabulary words only) followed by one row per
/// character n-gram (``CharacterNgrams``; a bucket may appear more than once and then counts more than
/// once). The paper writes the sum; fastText (`Model::computeHidden`) and SenseVec take the mean.
///
/// **Update rule.** With an output layer's hidden gradient ∂L/∂h, the true gradient of a row is
/// ∂L/∂x_{r_i} = (1/n) ∂L/∂h. fastText's update (`Model::update`, for the unsupervised models) adds the
/// *whole* step −η ∂L/∂h to every row, i.e. SGD with a per-row step of n·η on the true gradient; SenseVec
/// applies exactly that rule (``distribute(_:to:rows:count:stride:)``), so learning rates mean what they mean
/// in fastText. The finite-difference test checks the true gradient and this rule together.
public enum SubwordInput {
    /// hidden = mean of `count` input rows (`chunks` × 8 floats each).
    @inlinable @inline(__always)
    public static func mean(_ input: UnsafePointer<Float>, rows: UnsafePointer<Int32>, count: Int, stride: Int,
                            into hidden: UnsafeMutablePointer<Float>) {
        let chunks = stride >> 3
        VectorKernels.zero(hidden, chunks: chunks)
        guard count > 0 else { return }
        for k in 0..<count { VectorKernels.axpy(1, input + Int(rows[k]) &* stride, hidden, chunks: chunks) }
        let inv = 1 / Float(count)
        var j = 0
        while j < stride { hidden[j] *= inv; j &+= 1 }
    }

    /// Adds `step` (−η ∂L/∂h from an output layer) to each of the `count` rows (fastText's rule).
    @inlinable @inline(__always)
    public static func distribute(_ step: UnsafePointer<Float>, to input: UnsafeMutablePointer<Float>,
                                  rows: UnsafePointer<Int32>, count: Int, stride: Int) {
        let chunks = stride >> 3
        for k in 0..<count { VectorKernels.axpy(1, step, input + Int(rows[k]) &* stride, chunks: chunks) }
    }
}
