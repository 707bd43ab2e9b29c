import SenseVecCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The training steps of the sense model (the M-step kernels), over the scoring kernels of ``SenseKernels``.
extension SenseKernels {
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
                x[l] = VectorKernels.dot(output + Int(points[j &+ l]) &* d, v, count: d)
                z[l] = codes[j &+ l] == 0 ? x[l] : -x[l]
            }
            total += VectorKernels.logSigmoid(z)
            let sig = VectorKernels.sigmoid(x)
            for l in 0..<count {
                let u = output + Int(points[j &+ l]) &* d
                let g = weight * (Float(1 - Int(codes[j &+ l])) - sig[l])
                VectorKernels.axpy(g, u, gradient, count: d)
                if updateOutputs { VectorKernels.axpy(g, v, u, count: d) }
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
                let term = visits * VectorKernels.logSigmoid(x) - ones * x
                logLikelihood[k] += Double(term.sum())
            }
            i &+= batch
        }
    }

    /// Out[nodes[l]]·v for the `count` ≤ 8 nodes of a window batch (``VectorKernels/dot8(_:_:_:_:_:_:_:_:_:_:)``). Lanes past `count`
    /// score the first node again: callers give them zero counts, so they add nothing.
    @inlinable @inline(__always)
    public static func nodeDots(_ v: UnsafePointer<Float>, output: UnsafePointer<Float>, dimension d: Int,
                                nodes: UnsafePointer<Int32>, count: Int) -> SIMD8<Float> {
        let first = output + Int(nodes[0]) &* d
        @inline(__always) func row(_ l: Int) -> UnsafePointer<Float> { l < count ? output + Int(nodes[l]) &* d : first }
        return VectorKernels.dot8(v, first, row(1), row(2), row(3), row(4), row(5), row(6), row(7), d)
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
                    if g != 0 { VectorKernels.axpy(g, u, terms[k].gradient, count: d) }
                }
                for k in 0..<t where terms[k].updatesOutputs {
                    let g = coefficients[k &* 8 &+ l]
                    if g != 0 { VectorKernels.axpy(g, terms[k].vector, u, count: d) }
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
                VectorKernels.axpy(g, u, gradient, count: d)
                if updateOutputs { VectorKernels.axpy(g, v, u, count: d) }
            }
            i &+= batch
        }
    }
}
