import Testing
import Foundation
@testable import SkipGram
import SenseVecCore

/// Each output layer's kernel is a (loss, gradient) function: with learning rate 0 it returns the loss; with
/// learning rate 1 it adds −∂L/∂h to the hidden-gradient buffer and −∂L/∂u to each output row. Both are
/// compared with central finite differences of the loss.
@Suite struct OutputLayerGradientTests {
    static let dimension = 13          // not a multiple of 8: exercises the zero padding
    static let stride = 16

    static func randomRows(_ n: Int, _ rng: inout SenseRandom, scale: Float = 0.6) -> [Float] {
        var m = [Float](repeating: 0, count: n * stride)
        for r in 0..<n { for j in 0..<dimension { m[r * stride + j] = (rng.nextFloat() * 2 - 1) * scale } }
        return m
    }

    /// Binary-logistic loss (NS/HS) of one hidden vector, via the kernel with learning rate 0.
    static func binaryLoss(_ h: [Float], _ out: [Float], _ rows: [Int32], _ labels: [Float]) -> Double {
        var out = out, g = [Float](repeating: 0, count: stride)
        return Double(h.withUnsafeBufferPointer { hp in
            BinaryLogisticOutput.update(hidden: hp.baseAddress!, hiddenGradient: &g, output: &out, stride: stride,
                                        rows: rows, labels: labels, count: rows.count, learningRate: 0, computeLoss: true)
        })
    }

    static func check(analytic: Float, numeric: Double, _ what: String) {
        let tol = 2e-3 + 2e-2 * abs(numeric)
        #expect(abs(Double(analytic) - numeric) < tol, "\(what): analytic \(analytic) vs numeric \(numeric)")
    }

    @Test(arguments: ["ns", "hs"])
    func binaryLogisticMatchesFiniteDifferences(kind: String) {
        var rng = SenseRandom(seed: kind == "ns" ? 11 : 12)
        let h = Self.randomRows(1, &rng)
        let out = Self.randomRows(8, &rng)
        // NS: target then negatives; HS: a path of inner nodes with codes.
        let rows: [Int32] = kind == "ns" ? [3, 0, 5, 7, 1] : [0, 2, 6, 4]
        let labels: [Float] = kind == "ns" ? [1, 0, 0, 0, 0] : [1, 0, 0, 1]
        // Analytic gradient from the kernel with learning rate 1.
        var newOut = out, g = [Float](repeating: 0, count: Self.stride)
        _ = h.withUnsafeBufferPointer { hp in
            BinaryLogisticOutput.update(hidden: hp.baseAddress!, hiddenGradient: &g, output: &newOut, stride: Self.stride,
                                        rows: rows, labels: labels, count: rows.count, learningRate: 1, computeLoss: false)
        }
        let eps: Float = 1e-2
        for j in 0..<Self.dimension {
            var hp = h, hm = h
            hp[j] += eps; hm[j] -= eps
            let numeric = (Self.binaryLoss(hp, out, rows, labels) - Self.binaryLoss(hm, out, rows, labels)) / Double(2 * eps)
            Self.check(analytic: -g[j], numeric: numeric, "\(kind) ∂L/∂h[\(j)]")
        }
        #expect(g[Self.dimension..<Self.stride].allSatisfy { $0 == 0 }, "padding stays zero")
        for r in rows {
            for j in [0, 5, 12] {
                let i = Int(r) * Self.stride + j
                var op = out, om = out
                op[i] += eps; om[i] -= eps
                let numeric = (Self.binaryLoss(h, op, rows, labels) - Self.binaryLoss(h, om, rows, labels)) / Double(2 * eps)
                Self.check(analytic: -(newOut[i] - out[i]), numeric: numeric, "\(kind) ∂L/∂u[\(r)][\(j)]")
            }
        }
        // The loss is the negative log-likelihood: positive, and −log p(label) summed.
        let expected = zip(rows, labels).reduce(0.0) { acc, pair in
            let x = (0..<Self.dimension).reduce(0.0) { $0 + Double(h[$1]) * Double(out[Int(pair.0) * Self.stride + $1]) }
            let p = 1 / (1 + exp(-x))
            return acc - log(pair.1 > 0 ? p : 1 - p)
        }
        #expect(abs(Self.binaryLoss(h, out, rows, labels) - expected) < 1e-4)
    }

    @Test func batchedUpdateMatchesFiniteDifferences() {
        var rng = SenseRandom(seed: 21)
        let input = Self.randomRows(6, &rng)
        let out = Self.randomRows(7, &rng)
        // An odd number of inputs and a negative drawn twice exercise the kernel's pairing and its fallbacks.
        let inRows: [Int32] = [0, 2, 3, 5, 4]
        let outRows: [Int32] = [4, 6, 1, 1, 0]
        let labels: [Float] = [1, 0, 0, 0, 0]
        func loss(_ input: [Float], _ out: [Float]) -> Double {
            var i = input, o = out
            var scores = [Float](repeating: 0, count: 64), deltas = [Float](repeating: 0, count: 5 * Self.stride)
            return Double(BinaryLogisticOutput.batchedUpdate(
                input: &i, inputRows: inRows, inputCount: inRows.count, output: &o, outputRows: outRows, labels: labels,
                outputCount: outRows.count, stride: Self.stride, learningRate: 0, computeLoss: true, scores: &scores, deltas: &deltas))
        }
        // The batched loss is the sum of the per-input binary-logistic losses.
        let separate = inRows.reduce(0.0) { acc, r in
            acc + Self.binaryLoss(Array(input[Int(r) * Self.stride ..< (Int(r) + 1) * Self.stride]), out, outRows, labels)
        }
        #expect(abs(loss(input, out) - separate) < 1e-4)
        var newIn = input, newOut = out
        var scores = [Float](repeating: 0, count: 64), deltas = [Float](repeating: 0, count: 5 * Self.stride)
        _ = BinaryLogisticOutput.batchedUpdate(
            input: &newIn, inputRows: inRows, inputCount: inRows.count, output: &newOut, outputRows: outRows, labels: labels,
            outputCount: outRows.count, stride: Self.stride, learningRate: 1, computeLoss: false, scores: &scores, deltas: &deltas)
        let eps: Float = 1e-2
        for r in inRows { for j in [1, 7, 12] {
            let i = Int(r) * Self.stride + j
            var p = input, m = input
            p[i] += eps; m[i] -= eps
            Self.check(analytic: -(newIn[i] - input[i]), numeric: (loss(p, out) - loss(m, out)) / Double(2 * eps), "∂L/∂h[\(r)][\(j)]")
        } }
        for r in outRows { for j in [0, 8, 11] {
            let i = Int(r) * Self.stride + j
            var p = out, m = out
            p[i] += eps; m[i] -= eps
            Self.check(analytic: -(newOut[i] - out[i]), numeric: (loss(input, p) - loss(input, m)) / Double(2 * eps), "∂L/∂u[\(r)][\(j)]")
        } }
        // Rows outside the window are untouched.
        #expect(newIn[Self.stride ..< 2 * Self.stride] == input[Self.stride ..< 2 * Self.stride])
        #expect(newOut[2 * Self.stride ..< 3 * Self.stride] == out[2 * Self.stride ..< 3 * Self.stride])
    }

    @Test func softmaxMatchesFiniteDifferences() {
        var rng = SenseRandom(seed: 31)
        let V = 9
        let h = Self.randomRows(1, &rng, scale: 1)
        let out = Self.randomRows(V, &rng, scale: 1)
        let target = 4
        func loss(_ h: [Float], _ out: [Float]) -> Double {
            var o = out, g = [Float](repeating: 0, count: Self.stride), scratch = [Float](repeating: 0, count: V)
            return Double(h.withUnsafeBufferPointer { hp in
                SoftmaxOutput.update(hidden: hp.baseAddress!, hiddenGradient: &g, output: &o, stride: Self.stride,
                                     vocabularySize: V, target: target, learningRate: 0, scratch: &scratch)
            })
        }
        // Against the definition −log softmax.
        let scores = (0..<V).map { w in (0..<Self.dimension).reduce(0.0) { $0 + Double(h[$1]) * Double(out[w * Self.stride + $1]) } }
        let logZ = log(scores.map { exp($0) }.reduce(0, +))
        #expect(abs(loss(h, out) - (logZ - scores[target])) < 1e-4)
        var newOut = out, g = [Float](repeating: 0, count: Self.stride), scratch = [Float](repeating: 0, count: V)
        _ = h.withUnsafeBufferPointer { hp in
            SoftmaxOutput.update(hidden: hp.baseAddress!, hiddenGradient: &g, output: &newOut, stride: Self.stride,
                                 vocabularySize: V, target: target, learningRate: 1, scratch: &scratch)
        }
        let eps: Float = 1e-2
        for j in 0..<Self.dimension {
            var p = h, m = h
            p[j] += eps; m[j] -= eps
            Self.check(analytic: -g[j], numeric: (loss(p, out) - loss(m, out)) / Double(2 * eps), "softmax ∂L/∂h[\(j)]")
        }
        for w in [0, target, V - 1] { for j in [2, 9] {
            let i = w * Self.stride + j
            var p = out, m = out
            p[i] += eps; m[i] -= eps
            Self.check(analytic: -(newOut[i] - out[i]), numeric: (loss(h, p) - loss(h, m)) / Double(2 * eps), "softmax ∂L/∂u[\(w)][\(j)]")
        } }
    }

    @Test func hierarchicalSoftmaxIsANormalizedDistribution() {
        // Σ_w p(w|h) = 1 over the Huffman tree: the HS loss is a true −log-likelihood.
        var rng = SenseRandom(seed: 41)
        let counts = [50, 30, 20, 9, 7, 5, 2, 1]
        let tree = HuffmanTree(counts: counts)
        let h = Self.randomRows(1, &rng, scale: 1)
        let out = Self.randomRows(tree.innerNodeCount, &rng, scale: 1)
        let total = (0..<counts.count).reduce(0.0) { acc, w in
            let rows = Array(tree.points(of: w)), labels = tree.codes(of: w).map { Float(1 - Int($0)) }
            return acc + exp(-Self.binaryLoss(h, out, rows, labels))
        }
        #expect(abs(total - 1) < 1e-4)
    }

    @Test func kernelsAgreeWithScalarMath() {
        var rng = SenseRandom(seed: 51)
        for chunks in [1, 2, 3, 13] {
            let a = (0..<chunks * 8).map { _ in rng.nextFloat() - 0.5 }, b = (0..<chunks * 8).map { _ in rng.nextFloat() - 0.5 }
            let d = VectorKernels.dot(a, b, chunks: chunks)
            let expected = zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(abs(d - expected) < 1e-5)
            var y = b
            VectorKernels.axpy(0.5, a, &y, chunks: chunks)
            #expect(zip(y, zip(a, b)).allSatisfy { abs($0.0 - ($0.1.1 + 0.5 * $0.1.0)) < 1e-6 })
        }
        #expect(abs(-VectorKernels.logSigmoid(Float(30)) - Float(exp(-30.0))) < 1e-9)
        #expect(abs(-VectorKernels.logSigmoid(Float(-30)) - 30) < 1e-4)
    }

    /// The 8-lane exp and sigmoid used by the batched kernel agree with libm to float precision over the whole
    /// range that matters, saturate without overflow outside it, and the in-place sigmoid handles tails.
    @Test func vectorExpAndSigmoidMatchLibm() {
        var worstExp = 0.0, worstSigmoid = 0.0
        var x: Float = -80
        while x < 80 {
            var v = SIMD8<Float>()
            for j in 0..<8 { v[j] = x + Float(j) * 0.0137 }
            let e = VectorKernels.exp(v), s = VectorKernels.sigmoid(v)
            for j in 0..<8 {
                let ref = Foundation.exp(Double(v[j]))
                worstExp = max(worstExp, abs(Double(e[j]) - ref) / ref)
                worstSigmoid = max(worstSigmoid, abs(Double(s[j]) - 1 / (1 + Foundation.exp(-Double(v[j])))))
            }
            x += 0.0931
        }
        #expect(worstExp < 1e-6, "exp relative error \(worstExp)")
        #expect(worstSigmoid < 1e-6, "sigmoid absolute error \(worstSigmoid)")
        let extreme = VectorKernels.sigmoid(SIMD8<Float>(-1e30, -200, -90, -0.0, 0, 90, 200, 1e30))
        #expect(extreme[0] >= 0 && extreme[0] < 1e-37 && extreme[7] == 1 && extreme[3] == 0.5 && extreme[4] == 0.5)
        #expect((0..<8).allSatisfy { extreme[$0].isFinite })
        for count in [1, 7, 8, 9, 21] {
            var values = (0..<count).map { Float($0) * 0.7 - 6 }
            let expected = values.map { 1 / (1 + Foundation.exp(-$0)) }
            values.withUnsafeMutableBufferPointer { VectorKernels.sigmoidInPlace($0.baseAddress!, count: count) }
            #expect(zip(values, expected).allSatisfy { abs($0.0 - $0.1) < 1e-6 }, "count \(count)")
        }
    }
}
