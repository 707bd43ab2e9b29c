import SenseVecCore

/// The output layer shared by negative sampling and hierarchical softmax (the idea of fastText's
/// `BinaryLogisticLoss`): a set of output rows u_k, each with a label ℓ_k ∈ {0, 1}, and the loss
///
///     L(h, U) = Σ_k −log σ(s_k · u_k·h),   s_k = 2ℓ_k − 1.
///
/// Negative sampling: rows = [target, n_1 … n_K], labels = [1, 0 … 0] (Mikolov et al. 2013b).
/// Hierarchical softmax: rows = inner nodes on the target's Huffman path, labels ℓ_j = 1 − code_j
/// (word2vec's convention), so Σ_k is −log p(target | h) exactly (Morin & Bengio 2005).
///
/// Gradients: ∂L/∂h = −Σ_k g_k u_k and ∂L/∂u_k = −g_k h with g_k = ℓ_k − σ(u_k·h).
///
/// The functions below are the training kernels themselves and double as the pure (loss, gradient)
/// functions the tests check against finite differences: with learning rate η they add −η ∂L/∂h to the
/// hidden-gradient buffer and −η ∂L/∂u_k to each output row, all gradients taken at the weights on entry
/// (each row's gradient contribution to h is read before that row is updated, as word2vec does).
public enum BinaryLogisticOutput {
    /// One hidden vector `h` against `count` output rows. Returns the loss L (at the weights on entry)
    /// when `computeLoss`, else 0.
    ///
    /// - Parameters:
    ///   - hidden: h (`chunks` × 8 floats).
    ///   - hiddenGradient: receives += −η ∂L/∂h.
    ///   - output: base of U; row r at `output + r * stride`.
    ///   - rows, labels: `count` row ids and labels (1 or 0).
    @inlinable
    public static func update(hidden: UnsafePointer<Float>, hiddenGradient: UnsafeMutablePointer<Float>,
                              output: UnsafeMutablePointer<Float>, stride: Int,
                              rows: UnsafePointer<Int32>, labels: UnsafePointer<Float>, count: Int,
                              learningRate: Float, computeLoss: Bool) -> Float {
        let chunks = stride >> 3
        var loss: Float = 0
        for k in 0..<count {
            let u = output + Int(rows[k]) &* stride
            let x = VectorKernels.dot(hidden, u, chunks: chunks)
            let label = labels[k]
            if computeLoss { loss -= VectorKernels.logSigmoid(label > 0 ? x : -x) }
            let g = (label - VectorKernels.sigmoid(x)) * learningRate
            VectorKernels.axpy(g, u, hiddenGradient, chunks: chunks)
            VectorKernels.axpy(g, hidden, u, chunks: chunks)
        }
        return loss
    }

    /// The window-batched update (Ji et al. 2016): B input rows h_b against the same K output rows,
    ///
    ///     L = Σ_b Σ_k −log σ(s_k · u_k·h_b).
    ///
    /// Scores G = H Uᵀ (B×K) are computed first; then every input row gets −η ∂L/∂h_b = η Σ_k g_bk u_k and
    /// every output row −η ∂L/∂u_k = η Σ_b g_bk h_b, all at the weights on entry. `scores` needs B·K floats,
    /// `deltas` B·stride floats.
    @inlinable
    public static func batchedUpdate(input: UnsafeMutablePointer<Float>, inputRows: UnsafePointer<Int32>, inputCount: Int,
                                     output: UnsafeMutablePointer<Float>, outputRows: UnsafePointer<Int32>,
                                     labels: UnsafePointer<Float>, outputCount: Int, stride: Int,
                                     learningRate: Float, computeLoss: Bool,
                                     scores: UnsafeMutablePointer<Float>, deltas: UnsafeMutablePointer<Float>) -> Float {
        let chunks = stride >> 3
        let B = inputCount, K = outputCount
        var loss: Float = 0
        // 1. G[b,k] = h_b·u_k, then σ of the whole B×K block 8 lanes at a time, then η(ℓ_k − σ).
        for b in 0..<B {
            let h = input + Int(inputRows[b]) &* stride
            let gRow = scores + b &* K
            for k in 0..<K { gRow[k] = VectorKernels.dot(h, output + Int(outputRows[k]) &* stride, chunks: chunks) }
        }
        if computeLoss {
            for b in 0..<B {
                for k in 0..<K {
                    let x = scores[b &* K &+ k]
                    loss -= VectorKernels.logSigmoid(labels[k] > 0 ? x : -x)
                }
            }
        }
        VectorKernels.sigmoidInPlace(scores, count: B &* K)
        for b in 0..<B {
            let gRow = scores + b &* K
            for k in 0..<K { gRow[k] = (labels[k] - gRow[k]) * learningRate }
        }
        // 2. Δh_b = Σ_k g_bk u_k, two rows b at a time in registers sharing the loads of u_k (into scratch: the
        //    input rows must stay unchanged for step 3).
        let rawOut = UnsafeMutableRawPointer(output), rawIn = UnsafeRawPointer(input)
        let rowBytes = stride &* 4
        var b = 0
        while b < B {
            let pair = b &+ 1 < B
            let d0 = UnsafeMutableRawPointer(deltas + b &* stride), d1 = d0 + rowBytes
            let g0 = scores + b &* K, g1 = g0 + K
            var c = 0
            while c < chunks {
                let o = c &* 32
                var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
                for k in 0..<K {
                    let u = rawOut.loadUnaligned(fromByteOffset: Int(outputRows[k]) &* rowBytes &+ o, as: SIMD8<Float>.self)
                    acc0 = acc0.addingProduct(SIMD8(repeating: g0[k]), u)
                    if pair { acc1 = acc1.addingProduct(SIMD8(repeating: g1[k]), u) }
                }
                d0.storeBytes(of: acc0, toByteOffset: o, as: SIMD8<Float>.self)
                if pair { d1.storeBytes(of: acc1, toByteOffset: o, as: SIMD8<Float>.self) }
                c &+= 1
            }
            b &+= 2
        }
        // 3. u_k += Σ_b g_bk h_b: one load and store of u_k per chunk, two rows k at a time sharing the loads of
        //    h_b (one at a time when both are the same row, e.g. a negative drawn twice).
        var k = 0
        while k < K {
            let pair = k &+ 1 < K && outputRows[k] != outputRows[k &+ 1]
            let u0 = Int(outputRows[k]) &* rowBytes, u1 = pair ? Int(outputRows[k &+ 1]) &* rowBytes : 0
            var c = 0
            while c < chunks {
                let o = c &* 32
                var v0 = rawOut.loadUnaligned(fromByteOffset: u0 &+ o, as: SIMD8<Float>.self)
                if pair {
                    var v1 = rawOut.loadUnaligned(fromByteOffset: u1 &+ o, as: SIMD8<Float>.self)
                    for bb in 0..<B {
                        let h = rawIn.loadUnaligned(fromByteOffset: Int(inputRows[bb]) &* rowBytes &+ o, as: SIMD8<Float>.self)
                        v0 = v0.addingProduct(SIMD8(repeating: scores[bb &* K &+ k]), h)
                        v1 = v1.addingProduct(SIMD8(repeating: scores[bb &* K &+ k &+ 1]), h)
                    }
                    rawOut.storeBytes(of: v1, toByteOffset: u1 &+ o, as: SIMD8<Float>.self)
                } else {
                    for bb in 0..<B {
                        v0 = v0.addingProduct(SIMD8(repeating: scores[bb &* K &+ k]),
                                              rawIn.loadUnaligned(fromByteOffset: Int(inputRows[bb]) &* rowBytes &+ o, as: SIMD8<Float>.self))
                    }
                }
                rawOut.storeBytes(of: v0, toByteOffset: u0 &+ o, as: SIMD8<Float>.self)
                c &+= 1
            }
            k &+= pair ? 2 : 1
        }
        // 4. h_b += Δh_b.
        for b in 0..<B {
            VectorKernels.axpy(1, deltas + b &* stride, input + Int(inputRows[b]) &* stride, chunks: chunks)
        }
        return loss
    }
}
