import SenseVecCore
import SkipGram
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The small numerical kernels of the sense model: dot products, scaled additions and the hierarchical-softmax
/// term of one (sense, context word) pair.
///
/// In the paper's notation (Bartunov et al. 2016) the input vector of sense z of word x is `In[x, z]` and the
/// output vector of Huffman inner node n is `Out[n]`; a context word y has a path of inner nodes n_1…n_L with
/// branch codes c_1…c_L, and
///
///     log p(y | z, x) = Σ_j log σ(s_j · Out[n_j] · In[x, z]),   s_j = 1 − 2·c_j.
///
/// Every function here works on raw pointers so that the trainer's hot loop allocates nothing; rows are not
/// assumed aligned (unaligned SIMD8 loads, two accumulators to break the add chain, see PERFORMANCE.md).
public enum SenseKernels {
    /// Σ_i a[i]·b[i]: the project's one SIMD dot kernel, ``CosineIndex/dot(_:_:_:)`` (two SIMD8 accumulators).
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        CosineIndex.dot(a, b, n)
    }

    /// y += a·x.
    @inlinable @inline(__always)
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let av = SIMD8<Float>(repeating: a)
        while i + 8 <= n {
            var v = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            v.addProduct(av, rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            ry.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { y[i] += a * x[i]; i += 1 }
    }

    /// log σ(z), computed without overflow.
    @inlinable @inline(__always)
    public static func logSigmoid(_ z: Float) -> Float {
        z >= 0 ? -log1pf(expf(-z)) : z - log1pf(expf(z))
    }

    /// σ(z) = 1 / (1 + e^(−z)).
    @inlinable @inline(__always)
    public static func sigmoid(_ z: Float) -> Float {
        1 / (1 + expf(-z))
    }

    /// log σ(z) for 8 lanes: min(z, 0) − log(1 + e^−|z|), with the vector e^x of ``SkipGram/VectorKernels/exp(_:)``
    /// and log(1 + e) = 2·atanh(e / (2 + e)) by its series to s¹¹ (e ∈ (0, 1], so s ≤ 1/3 and the first omitted
    /// term is below 10⁻⁷). Absolute error below 10⁻⁶ (checked against the scalar ``logSigmoid(_:)`` in the tests).
    @inlinable @inline(__always)
    public static func logSigmoid(_ z: SIMD8<Float>) -> SIMD8<Float> {
        // |z| by clearing the sign bits, min(z, 0) = (z − |z|) / 2 (SIMD comparisons compile to per-lane code here).
        let magnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD8<UInt32>.self) & SIMD8(repeating: 0x7fff_ffff), to: SIMD8<Float>.self)
        let e = VectorKernels.exp(-magnitude)
        let s = e / (SIMD8(repeating: 2) + e)
        let s2 = s * s
        var p = SIMD8<Float>(repeating: 1.0 / 11)
        p = p * s2 + SIMD8(repeating: 1.0 / 9)
        p = p * s2 + SIMD8(repeating: 1.0 / 7)
        p = p * s2 + SIMD8(repeating: 1.0 / 5)
        p = p * s2 + SIMD8(repeating: 1.0 / 3)
        p = p * s2 + SIMD8(repeating: 1)
        return (z - magnitude) * 0.5 - 2 * s * p
    }

    /// log p(y | v) = Σ_j log σ(s_j · Out[n_j] · v) over the path of y (nodes `points`, codes `codes`, `length` of them).
    /// The node scores are gathered 8 at a time and their log σ taken with the vector ``logSigmoid(_:)-swift.type.method``
    /// (scalar log1p and exp would cost a fifth of multi-sense training time).
    @inlinable @inline(__always)
    public static func pathLogLikelihood(_ v: UnsafePointer<Float>, output: UnsafePointer<Float>, dimension d: Int,
                                         points: UnsafePointer<Int32>, codes: UnsafePointer<UInt8>, length: Int) -> Float {
        var total = SIMD8<Float>()
        var j = 0
        while j < length {
            // Padding lanes get a large positive score: log σ(40) ≈ −4·10⁻¹⁸.
            var z = SIMD8<Float>(repeating: 40)
            let count = Swift.min(8, length &- j)
            for l in 0..<count {
                let x = dot(output + Int(points[j &+ l]) &* d, v, d)
                z[l] = codes[j &+ l] == 0 ? x : -x
            }
            total += logSigmoid(z)
            j &+= 8
        }
        return total.sum()
    }

    /// One weighted stochastic-gradient ascent step on `weight · log p(y | v)` (the per-pair term of the ELBO,
    /// weighted by the sense posterior q(z) and the learning rate).
    ///
    /// For each node j: g_j = weight · (1 − c_j − σ(Out[n_j]·v)) is ∂(weight·log σ(s_j Out[n_j]·v)) / ∂(Out[n_j]·v).
    /// The gradient with respect to v, Σ_j g_j·Out[n_j], is added to `gradient` (the caller applies it to v after
    /// the pair, as word2vec does); when `updateOutputs` is true each Out[n_j] += g_j·v immediately.
    /// Returns log p(y | v) evaluated before the update.
    @inlinable @inline(__always)
    @discardableResult
    public static func pathStep(_ v: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, dimension d: Int,
                                points: UnsafePointer<Int32>, codes: UnsafePointer<UInt8>, length: Int,
                                weight: Float, gradient: UnsafeMutablePointer<Float>, updateOutputs: Bool) -> Float {
        // v does not change on the path (its gradient accumulates apart) and a path visits a node once, so the scores
        // of up to 8 nodes are taken first and their σ and log σ computed together with the vector exp.
        var total = SIMD8<Float>()
        var j = 0
        while j < length {
            let count = Swift.min(8, length &- j)
            var x = SIMD8<Float>(), z = SIMD8<Float>(repeating: 40)
            for l in 0..<count {
                x[l] = dot(output + Int(points[j &+ l]) &* d, v, d)
                z[l] = codes[j &+ l] == 0 ? x[l] : -x[l]
            }
            total += logSigmoid(z)
            let sig = VectorKernels.sigmoid(x)
            for l in 0..<count {
                let u = output + Int(points[j &+ l]) &* d
                let g = weight * (Float(1 - Int(codes[j &+ l])) - sig[l])
                axpy(g, u, gradient, d)
                if updateOutputs { axpy(g, v, u, d) }
            }
            j &+= 8
        }
        return total.sum()
    }

    /// The inner nodes on the paths of a window's context words, each once, with how many of the paths visit it
    /// and how many of those take branch 0 (scratch for ``windowStep(_:output:dimension:nodes:count:weight:gradient:updateOutputs:)``;
    /// allocated once per worker, no allocation per call).
    public struct WindowNodes: @unchecked Sendable {
        public let nodes: UnsafeMutablePointer<Int32>
        public let visits: UnsafeMutablePointer<Float>
        public let zeros: UnsafeMutablePointer<Float>
        /// Visits and branch-0 visits of the second (M-step) window of ``gather(paths:context:count:mContext:mCount:)``.
        public let visitsM: UnsafeMutablePointer<Float>
        public let zerosM: UnsafeMutablePointer<Float>
        /// Node capacity (every context path's nodes distinct), plus 8 lanes of padding.
        public let capacity: Int
        @usableFromInline let stamp: UnsafeMutablePointer<Int32>
        @usableFromInline let slot: UnsafeMutablePointer<Int32>
        @usableFromInline let counter: UnsafeMutablePointer<Int32>
        @usableFromInline let innerNodes: Int

        /// Scratch for `innerNodes` output rows and windows of up to `maxContext` words whose paths have at most
        /// `maxPathLength` nodes.
        public init(innerNodes: Int, maxContext: Int, maxPathLength: Int) {
            self.innerNodes = max(1, innerNodes)
            let slots = max(1, maxContext * maxPathLength) + 8
            capacity = slots
            nodes = .allocate(capacity: slots); nodes.initialize(repeating: 0, count: slots)
            visits = .allocate(capacity: slots); visits.initialize(repeating: 0, count: slots)
            zeros = .allocate(capacity: slots); zeros.initialize(repeating: 0, count: slots)
            visitsM = .allocate(capacity: slots); visitsM.initialize(repeating: 0, count: slots)
            zerosM = .allocate(capacity: slots); zerosM.initialize(repeating: 0, count: slots)
            stamp = .allocate(capacity: self.innerNodes); stamp.initialize(repeating: 0, count: self.innerNodes)
            slot = .allocate(capacity: self.innerNodes); slot.initialize(repeating: 0, count: self.innerNodes)
            counter = .allocate(capacity: 1); counter.initialize(to: 0)
        }

        public func deallocate() {
            nodes.deallocate(); visits.deallocate(); zeros.deallocate(); visitsM.deallocate(); zerosM.deallocate()
            stamp.deallocate(); slot.deallocate(); counter.deallocate()
        }

        /// Starts a new gather: a fresh stamp, so every node counts as unseen.
        @inlinable @inline(__always)
        func nextMark() -> Int32 {
            var mark = counter.pointee &+ 1
            if mark == Int32.max { stamp.update(repeating: 0, count: innerNodes); mark = 1 }
            counter.pointee = mark
            return mark
        }

        /// Adds the paths of `context[0..<c]` to the nodes gathered under `mark` (`count` so far), counting visits
        /// and branch-0 visits in `v` and `z`; a node seen for the first time starts with zero counts in both windows.
        @inlinable @inline(__always)
        func accumulate(paths: HuffmanPaths, context: UnsafePointer<Int32>, count c: Int, mark: Int32,
                        visits v: UnsafeMutablePointer<Float>, zeros z: UnsafeMutablePointer<Float>, nodeCount count: inout Int) {
            for ci in 0..<c {
                let y = Int(context[ci])
                for j in paths.offsets[y] ..< paths.offsets[y + 1] {
                    let n = Int(paths.points[j])
                    let k: Int
                    if stamp[n] == mark {
                        k = Int(slot[n])
                    } else {
                        stamp[n] = mark; slot[n] = Int32(count)
                        k = count
                        nodes[k] = Int32(n); visits[k] = 0; zeros[k] = 0; visitsM[k] = 0; zerosM[k] = 0
                        count += 1
                    }
                    v[k] += 1
                    if paths.codes[j] == 0 { z[k] += 1 }
                }
            }
        }

        /// Collects the distinct nodes of the paths of `context[0..<count]`; returns how many there are.
        @inlinable @inline(__always)
        public func gather(paths: HuffmanPaths, context: UnsafePointer<Int32>, count c: Int) -> Int {
            let mark = nextMark()
            var count = 0
            accumulate(paths: paths, context: context, count: c, mark: mark, visits: visits, zeros: zeros, nodeCount: &count)
            return count
        }

        /// Collects the distinct nodes of the paths of two windows: `context[0..<count]` (the E-step's, counted in
        /// ``visits``/``zeros``) and `mContext[0..<mCount]` (the M-step's, counted in ``visitsM``/``zerosM``). A node
        /// on the paths of only one window has zero counts for the other. Returns how many nodes there are; the
        /// counts of the 8 slots after the last node are zero (padding for SIMD loads). The scratch must hold the
        /// union of both windows' nodes: in the trainer the M-step's window is part of the E-step's.
        @inlinable @inline(__always)
        public func gather(paths: HuffmanPaths, context: UnsafePointer<Int32>, count c: Int,
                           mContext: UnsafePointer<Int32>, mCount: Int) -> Int {
            let mark = nextMark()
            var count = 0
            accumulate(paths: paths, context: context, count: c, mark: mark, visits: visits, zeros: zeros, nodeCount: &count)
            accumulate(paths: paths, context: mContext, count: mCount, mark: mark, visits: visitsM, zeros: zerosM, nodeCount: &count)
            for k in count ..< Swift.min(count + 8, capacity) { visits[k] = 0; zeros[k] = 0; visitsM[k] = 0; zerosM[k] = 0 }
            return count
        }
    }

    /// The E-step's log-likelihoods over a gathered window, every node scored once for all rows (the window-batched
    /// E-step). For row r (a sense vector v_r) and each distinct node n with V_n visits of the window's paths, Z_n
    /// of them on branch 0:
    ///
    ///     Σ_{y∈Y} log p(y | v_r) = Σ_n [ Z_n·log σ(x_rn) + (V_n − Z_n)·log σ(−x_rn) ] = Σ_n [ V_n·log σ(x_rn) − (V_n − Z_n)·x_rn ],
    ///
    /// x_rn = Out[n]·v_r, equal to the sum of ``pathLogLikelihood(_:output:dimension:points:codes:length:)`` over
    /// the context words (tested). Rows with `skip[r]` get −∞ and no scores. The scores x_rn are kept in
    /// `scores[r * stride + i]` for ``windowMStep(nodes:count:scores:stride:output:dimension:terms:count:coefficients:)``; each output
    /// row is loaded once for all rows, which is what makes the multi-sense E-step cheaper than one path at a time.
    @inlinable
    public static func windowLogLikelihoods(rows: UnsafePointer<UnsafePointer<Float>>, count r: Int, skip: UnsafePointer<Bool>,
                                            output: UnsafePointer<Float>, dimension d: Int,
                                            nodes window: WindowNodes, count n: Int,
                                            scores: UnsafeMutablePointer<Float>, stride: Int,
                                            logLikelihood: UnsafeMutablePointer<Double>) {
        for k in 0..<r { logLikelihood[k] = skip[k] ? -.infinity : 0 }
        var i = 0
        while i < n {
            let batch = Swift.min(8, n &- i)
            let visits = UnsafeRawPointer(window.visits + i).loadUnaligned(as: SIMD8<Float>.self)
            let ones = visits - UnsafeRawPointer(window.zeros + i).loadUnaligned(as: SIMD8<Float>.self)
            for k in 0..<r where !skip[k] {
                let x = nodeDots(rows[k], output: output, dimension: d, nodes: window.nodes + i, count: batch)
                UnsafeMutableRawPointer(scores + (k &* stride &+ i)).storeBytes(of: x, as: SIMD8<Float>.self)
                // Padding lanes have V = Z = 0: they add nothing.
                let term = visits * logSigmoid(x) - ones * x
                logLikelihood[k] += Double(term.sum())
            }
            i &+= batch
        }
    }

    /// The dot products of v with 8 rows at once: one accumulator per row, v loaded once per 8 components, and a
    /// 4-wide step for dimensions ≡ 4 (mod 8) such as 100.
    @inlinable @inline(__always)
    public static func dot8(_ v: UnsafePointer<Float>, _ u0: UnsafePointer<Float>, _ u1: UnsafePointer<Float>,
                            _ u2: UnsafePointer<Float>, _ u3: UnsafePointer<Float>, _ u4: UnsafePointer<Float>,
                            _ u5: UnsafePointer<Float>, _ u6: UnsafePointer<Float>, _ u7: UnsafePointer<Float>,
                            _ d: Int) -> SIMD8<Float> {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
        let rv = UnsafeRawPointer(v)
        let r0 = UnsafeRawPointer(u0), r1 = UnsafeRawPointer(u1), r2 = UnsafeRawPointer(u2), r3 = UnsafeRawPointer(u3)
        let r4 = UnsafeRawPointer(u4), r5 = UnsafeRawPointer(u5), r6 = UnsafeRawPointer(u6), r7 = UnsafeRawPointer(u7)
        var j = 0
        while j &+ 8 <= d {
            let o = j &* 4
            let x = rv.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            a0.addProduct(x, r0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a1.addProduct(x, r1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a2.addProduct(x, r2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a3.addProduct(x, r3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a4.addProduct(x, r4.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a5.addProduct(x, r5.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a6.addProduct(x, r6.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a7.addProduct(x, r7.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            j &+= 8
        }
        var result = SIMD8<Float>(a0.sum(), a1.sum(), a2.sum(), a3.sum(), a4.sum(), a5.sum(), a6.sum(), a7.sum())
        if j &+ 4 <= d {
            let o = j &* 4
            let x = rv.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)
            result += SIMD8((x * r0.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r1.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r2.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r3.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r4.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r5.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r6.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum(),
                            (x * r7.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)).sum())
            j &+= 4
        }
        while j < d {
            let x = v[j]
            result += SIMD8(u0[j], u1[j], u2[j], u3[j], u4[j], u5[j], u6[j], u7[j]) * x
            j &+= 1
        }
        return result
    }

    /// Out[nodes[l]]·v for the `count` ≤ 8 nodes of a window batch (``dot8(_:_:_:_:_:_:_:_:_:_:)``). Lanes past `count`
    /// score the first node again: callers give them zero counts, so they add nothing.
    @inlinable @inline(__always)
    public static func nodeDots(_ v: UnsafePointer<Float>, output: UnsafePointer<Float>, dimension d: Int,
                                nodes: UnsafePointer<Int32>, count: Int) -> SIMD8<Float> {
        let first = output + Int(nodes[0]) &* d
        @inline(__always) func row(_ l: Int) -> UnsafePointer<Float> { l < count ? output + Int(nodes[l]) &* d : first }
        return dot8(v, first, row(1), row(2), row(3), row(4), row(5), row(6), row(7), d)
    }

    /// One term of ``windowMStep(nodes:count:scores:stride:output:dimension:terms:count:coefficients:)``: an SGD step on
    /// `weight` · Σ_y log p(y | v_row) over the E-step window (`fullWindow`) or the M-step window, its gradient
    /// with respect to v_row *added* to `gradient`, and, if `updatesOutputs`, the output rows moved.
    public struct WindowTerm {
        public var row: Int
        public var vector: UnsafePointer<Float>
        public var weight: Float
        public var fullWindow: Bool
        public var gradient: UnsafeMutablePointer<Float>
        public var updatesOutputs: Bool
        public init(row: Int, vector: UnsafePointer<Float>, weight: Float, fullWindow: Bool,
                    gradient: UnsafeMutablePointer<Float>, updatesOutputs: Bool) {
            self.row = row; self.vector = vector; self.weight = weight; self.fullWindow = fullWindow
            self.gradient = gradient; self.updatesOutputs = updatesOutputs
        }
    }

    /// The M-step of a multi-sense occurrence from the E-step's scores (``windowLogLikelihoods``): for each term
    /// t and node n, the coefficient g_tn = weight_t · (Z_n − V_n·σ(x_{row(t), n})) (the window's counts, as in
    /// ``windowStep(_:output:dimension:nodes:count:weight:gradient:updateOutputs:)``); gradient_t += g_tn·Out[n] for
    /// every term, then Out[n] += g_tn·v_{row(t)} for the terms that update outputs. Every score is the one taken
    /// before this occurrence's updates (a simultaneous step of all senses), and each output row is written once.
    @inlinable
    public static func windowMStep(nodes window: WindowNodes, count n: Int, scores: UnsafePointer<Float>, stride: Int,
                                   output: UnsafeMutablePointer<Float>, dimension d: Int,
                                   terms: UnsafePointer<WindowTerm>, count t: Int, coefficients: UnsafeMutablePointer<Float>) {
        var i = 0
        while i < n {
            let batch = Swift.min(8, n &- i)
            for k in 0..<t {
                let term = terms[k]
                let x = UnsafeRawPointer(scores + (term.row &* stride &+ i)).loadUnaligned(as: SIMD8<Float>.self)
                let v = UnsafeRawPointer((term.fullWindow ? window.visits : window.visitsM) + i).loadUnaligned(as: SIMD8<Float>.self)
                let z = UnsafeRawPointer((term.fullWindow ? window.zeros : window.zerosM) + i).loadUnaligned(as: SIMD8<Float>.self)
                let g = term.weight * (z - v * VectorKernels.sigmoid(x))
                UnsafeMutableRawPointer(coefficients + k &* 8).storeBytes(of: g, as: SIMD8<Float>.self)
            }
            for l in 0..<batch {
                let u = output + Int(window.nodes[i &+ l]) &* d
                for k in 0..<t {
                    let g = coefficients[k &* 8 &+ l]
                    if g != 0 { axpy(g, u, terms[k].gradient, d) }
                }
                for k in 0..<t where terms[k].updatesOutputs {
                    let g = coefficients[k &* 8 &+ l]
                    if g != 0 { axpy(g, terms[k].vector, u, d) }
                }
            }
            i &+= batch
        }
    }

    /// One SGD step on weight · Σ_y log p(y | v) over a window's context words, batched over the window (the
    /// SkipGram module's default update, Ji et al. 2016): every path is scored against the same v, and a node that
    /// several paths visit (the root visits all) is scored once and updated once with the summed coefficient
    /// Σ_k (1 − c_k − σ(Out[n]·v)) = zeros − visits·σ. The gradient with respect to v is *added* to `gradient`
    /// (the caller applies it); with `updateOutputs` each node's Out[n] += coefficient·v. Equal to the
    /// ``pathStep(_:output:dimension:points:codes:length:weight:gradient:updateOutputs:)`` of every context word
    /// taken with v and the output vectors held at their values before the window (tested). Writing each hot node
    /// once per occurrence, not once per context word, is what lets two Hogwild threads scale.
    @inlinable @inline(__always)
    public static func windowStep(_ v: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, dimension d: Int,
                                  nodes window: WindowNodes, count: Int,
                                  weight: Float, gradient: UnsafeMutablePointer<Float>, updateOutputs: Bool) {
        var i = 0
        while i < count {
            let batch = Swift.min(8, count &- i)
            let x = nodeDots(v, output: output, dimension: d, nodes: window.nodes + i, count: batch)
            let sig = VectorKernels.sigmoid(x)
            for l in 0..<batch {
                let u = output + Int(window.nodes[i &+ l]) &* d
                let g = weight * (window.zeros[i &+ l] - window.visits[i &+ l] * sig[l])
                axpy(g, u, gradient, d)
                if updateOutputs { axpy(g, v, u, d) }
            }
            i &+= batch
        }
    }
}
