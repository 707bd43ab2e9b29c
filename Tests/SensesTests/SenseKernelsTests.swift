import Testing
import Foundation
@testable import Senses
import SenseVecCore

/// The per-pair term weight · log p(y | v) and its gradients, checked against central finite differences.
@Suite struct SenseKernelsTests {
    /// log p(y|v) for a path, through the same kernel the trainer uses, with its gradients.
    static func term(v: [Float], out: [Float], points: [Int32], codes: [UInt8], d: Int) -> (Float, [Float], [Float]) {
        var v = v, out2 = out
        var grad = [Float](repeating: 0, count: d)
        let ll = v.withUnsafeMutableBufferPointer { vp in
            out2.withUnsafeMutableBufferPointer { op in
                grad.withUnsafeMutableBufferPointer { gp in
                    SenseKernels.pathStep(vp.baseAddress!, output: op.baseAddress!, dimension: d,
                                          points: points, codes: codes, length: points.count, weight: 1,
                                          gradient: gp.baseAddress!, updateOutputs: true)
                }
            }
        }
        // With weight 1 the output update is exactly ∂/∂Out of the log-likelihood.
        let dOut = zip(out2, out).map { $0 - $1 }
        return (ll, grad, dOut)
    }

    static func logLik(v: [Float], out: [Float], points: [Int32], codes: [UInt8], d: Int) -> Double {
        v.withUnsafeBufferPointer { vp in out.withUnsafeBufferPointer { op in
            Double(SenseKernels.pathLogLikelihood(vp.baseAddress!, output: op.baseAddress!, dimension: d,
                                                  points: points, codes: codes, length: points.count))
        } }
    }

    @Test func pairTermGradientMatchesFiniteDifferences() {
        var rng = SenseRandom(seed: 3)
        let d = 19, nodes = 4
        let v = (0..<d).map { _ in Float(rng.nextGaussian()) * 0.5 }
        let out = (0..<(nodes * d)).map { _ in Float(rng.nextGaussian()) * 0.5 }
        let points: [Int32] = [2, 0, 3], codes: [UInt8] = [1, 0, 1]
        let (ll, gv, gOut) = Self.term(v: v, out: out, points: points, codes: codes, d: d)
        #expect(abs(Double(ll) - Self.logLik(v: v, out: out, points: points, codes: codes, d: d)) < 1e-5)
        let h: Float = 1e-2
        for i in 0..<d {
            var a = v, b = v; a[i] += h; b[i] -= h
            let fd = (Self.logLik(v: a, out: out, points: points, codes: codes, d: d)
                      - Self.logLik(v: b, out: out, points: points, codes: codes, d: d)) / Double(2 * h)
            #expect(abs(fd - Double(gv[i])) < 2e-3 * max(1, abs(fd)), "dv[\(i)]: finite difference \(fd), kernel \(gv[i])")
        }
        for i in 0..<(nodes * d) {
            var a = out, b = out; a[i] += h; b[i] -= h
            let fd = (Self.logLik(v: v, out: a, points: points, codes: codes, d: d)
                      - Self.logLik(v: v, out: b, points: points, codes: codes, d: d)) / Double(2 * h)
            #expect(abs(fd - Double(gOut[i])) < 2e-3 * max(1, abs(fd)), "dOut[\(i)]: finite difference \(fd), kernel \(gOut[i])")
        }
        // Node 1 is on no path: its gradient is exactly zero.
        #expect(gOut[d ..< 2 * d].allSatisfy { $0 == 0 })
    }

    @Test func weightScalesTheStepAndOutputsCanBeFrozen() {
        var rng = SenseRandom(seed: 4)
        let d = 8
        var v = (0..<d).map { _ in Float(rng.nextGaussian()) }
        var out = (0..<(2 * d)).map { _ in Float(rng.nextGaussian()) }
        let before = out
        var g = [Float](repeating: 0, count: d)
        let points: [Int32] = [0, 1], codes: [UInt8] = [0, 1]
        v.withUnsafeMutableBufferPointer { vp in out.withUnsafeMutableBufferPointer { op in g.withUnsafeMutableBufferPointer { gp in
            _ = SenseKernels.pathStep(vp.baseAddress!, output: op.baseAddress!, dimension: d, points: points, codes: codes,
                                      length: 2, weight: 0.5, gradient: gp.baseAddress!, updateOutputs: false)
        } } }
        #expect(out == before)
        let (_, full, _) = Self.term(v: v, out: out, points: points, codes: codes, d: d)
        for i in 0..<d { #expect(abs(g[i] - 0.5 * full[i]) < 1e-5) }
    }

    /// The trainer's M-step kernel (window-batched, no log-likelihood) makes the updates of the
    /// finite-difference-tested `pathStep`, applied to every context word with v and the output vectors held at
    /// their values before the window: its v-gradient is the sum of the per-word gradients, its output change the
    /// sum of the per-word output changes. Paths come from a real Huffman tree, so they share their top nodes, and
    /// one context word repeats.
    @Test func windowStepMakesTheUpdatesOfPathStep() throws {
        var rng = SenseRandom(seed: 6)
        let d = 20
        let tree = HuffmanTree(counts: [50, 40, 30, 20, 10, 9, 8, 5, 3, 1])
        let inner = tree.count - 1
        let v = (0..<d).map { _ in Float(rng.nextGaussian()) * 0.3 }
        let out0 = (0..<(inner * d)).map { _ in Float(rng.nextGaussian()) * 0.3 }
        let context: [Int32] = [0, 3, 9, 3, 6]
        let weight: Float = 0.7
        for frozen in [false, true] {
            // Reference: each context word's pathStep on its own copy of the outputs, gradients and changes summed.
            var gRef = [Float](repeating: 0, count: d), dOutRef = [Float](repeating: 0, count: inner * d)
            for y in context {
                let a = tree.offsets[Int(y)], b = tree.offsets[Int(y) + 1]
                var out = out0
                v.withUnsafeBufferPointer { vp in out.withUnsafeMutableBufferPointer { op in gRef.withUnsafeMutableBufferPointer { gp in
                    _ = SenseKernels.pathStep(vp.baseAddress!, output: op.baseAddress!, dimension: d,
                                              points: Array(tree.points[a..<b]), codes: Array(tree.codes[a..<b]), length: b - a,
                                              weight: weight, gradient: gp.baseAddress!, updateOutputs: !frozen)
                } } }
                for i in 0..<(inner * d) { dOutRef[i] += out[i] - out0[i] }
            }
            // The window kernel.
            let window = SenseKernels.WindowNodes(innerNodes: inner, maxContext: context.count, maxPathLength: 16)
            defer { window.deallocate() }
            var out = out0, g = [Float](repeating: 0, count: d)
            let n = tree.codes.withUnsafeBufferPointer { codes in tree.points.withUnsafeBufferPointer { points in
                tree.offsets.withUnsafeBufferPointer { offsets in context.withUnsafeBufferPointer { ctx in
                    let paths = HuffmanPaths(codes: codes.baseAddress!, points: points.baseAddress!, offsets: offsets.baseAddress!)
                    let n = window.gather(paths: paths, context: ctx.baseAddress!, count: ctx.count)
                    v.withUnsafeBufferPointer { vp in out.withUnsafeMutableBufferPointer { op in g.withUnsafeMutableBufferPointer { gp in
                        SenseKernels.windowStep(vp.baseAddress!, output: op.baseAddress!, dimension: d, nodes: window, count: n,
                                                weight: weight, gradient: gp.baseAddress!, updateOutputs: !frozen)
                    } } }
                    return n
                } }
            } }
            // Each distinct node once, however many paths visit it.
            let distinct = Set(context.flatMap { y in tree.points[tree.offsets[Int(y)] ..< tree.offsets[Int(y) + 1]] })
            #expect(n == distinct.count)
            #expect(n < context.reduce(0) { $0 + tree.offsets[Int($1) + 1] - tree.offsets[Int($1)] })
            for i in 0..<d { #expect(abs(g[i] - gRef[i]) < 1e-5, "dv[\(i)]: window \(g[i]), per word \(gRef[i])") }
            for i in 0..<(inner * d) { #expect(abs((out[i] - out0[i]) - dOutRef[i]) < 1e-5, "dOut[\(i)]") }
            #expect(g.contains { $0 != 0 })
            #expect(frozen ? out == out0 : out != out0)
        }
    }

    /// The trainer's multi-sense E- and M-step kernels (every node of two windows scored once for all senses) against
    /// the one-path-at-a-time kernels: log-likelihoods against ``SenseKernels/pathLogLikelihood`` summed over the
    /// E-step's window, and the M-step's gradients and output changes against ``SenseKernels/pathStep`` per term and
    /// context word, all taken at the parameters before the step.
    @Test func windowKernelsOfSeveralSensesMatchPathKernels() throws {
        var rng = SenseRandom(seed: 9)
        let d = 20
        let tree = HuffmanTree(counts: [50, 40, 30, 20, 10, 9, 8, 5, 3, 1])
        let inner = tree.count - 1
        let rows = (0..<3).map { _ in (0..<d).map { _ in Float(rng.nextGaussian()) * 0.4 } }
        let out0 = (0..<(inner * d)).map { _ in Float(rng.nextGaussian()) * 0.4 }
        let eContext: [Int32] = [0, 3, 9, 3, 6, 2], mContext: [Int32] = [3, 9, 3]
        func path(_ y: Int32) -> ([Int32], [UInt8]) {
            let a = tree.offsets[Int(y)], b = tree.offsets[Int(y) + 1]
            return (Array(tree.points[a..<b]), Array(tree.codes[a..<b]))
        }
        // Terms: (row, weight, full window?, updates outputs?)
        let termSpecs: [(Int, Float, Bool, Bool)] = [(0, 0.5, false, true), (1, 0.2, false, true), (2, 0.9, true, false)]
        // References.
        let llRef = rows.map { v in eContext.reduce(0.0) { $0 + Self.logLik(v: v, out: out0, points: path($1).0, codes: path($1).1, d: d) } }
        var gRef = [[Float]](repeating: [Float](repeating: 0, count: d), count: termSpecs.count)
        var dOutRef = [Float](repeating: 0, count: inner * d)
        for (t, spec) in termSpecs.enumerated() {
            for y in (spec.2 ? eContext : mContext) {
                var out = out0
                let (pts, cds) = path(y)
                rows[spec.0].withUnsafeBufferPointer { vp in out.withUnsafeMutableBufferPointer { op in gRef[t].withUnsafeMutableBufferPointer { gp in
                    _ = SenseKernels.pathStep(vp.baseAddress!, output: op.baseAddress!, dimension: d, points: pts, codes: cds,
                                              length: pts.count, weight: spec.1, gradient: gp.baseAddress!, updateOutputs: spec.3)
                } } }
                for i in 0..<(inner * d) { dOutRef[i] += out[i] - out0[i] }
            }
        }
        // The window kernels; a fourth row is skipped.
        let window = SenseKernels.WindowNodes(innerNodes: inner, maxContext: eContext.count, maxPathLength: 16)
        defer { window.deallocate() }
        var out = out0
        var ll = [Double](repeating: 0, count: 4)
        var grads = [[Float]](repeating: [Float](repeating: 0, count: d), count: termSpecs.count)
        let flatRows = rows.flatMap { $0 } + [Float](repeating: 1, count: d)
        let stride = window.capacity
        var scores = [Float](repeating: 0, count: 4 * stride)
        var coefficients = [Float](repeating: 0, count: 8 * termSpecs.count)
        let skip = [false, false, false, true]
        tree.codes.withUnsafeBufferPointer { codes in tree.points.withUnsafeBufferPointer { points in tree.offsets.withUnsafeBufferPointer { offsets in
            let paths = HuffmanPaths(codes: codes.baseAddress!, points: points.baseAddress!, offsets: offsets.baseAddress!)
            eContext.withUnsafeBufferPointer { e in mContext.withUnsafeBufferPointer { mc in
                flatRows.withUnsafeBufferPointer { fr in out.withUnsafeMutableBufferPointer { op in scores.withUnsafeMutableBufferPointer { sp in
                    let n = window.gather(paths: paths, context: e.baseAddress!, count: e.count, mContext: mc.baseAddress!, mCount: mc.count)
                    let rowPointers = (0..<4).map { UnsafePointer(fr.baseAddress! + $0 * d) }
                    rowPointers.withUnsafeBufferPointer { rp in skip.withUnsafeBufferPointer { sk in ll.withUnsafeMutableBufferPointer { lp in
                        SenseKernels.windowLogLikelihoods(rows: rp.baseAddress!, count: 4, skip: sk.baseAddress!, output: op.baseAddress!,
                                                          dimension: d, nodes: window, count: n, scores: sp.baseAddress!,
                                                          stride: stride, logLikelihood: lp.baseAddress!)
                    } } }
                    let g0 = UnsafeMutablePointer<Float>.allocate(capacity: termSpecs.count * d)
                    defer { g0.deallocate() }
                    g0.initialize(repeating: 0, count: termSpecs.count * d)
                    let terms = termSpecs.enumerated().map { t, spec in
                        SenseKernels.WindowTerm(row: spec.0, vector: rowPointers[spec.0], weight: spec.1, fullWindow: spec.2,
                                                gradient: g0 + t * d, updatesOutputs: spec.3)
                    }
                    terms.withUnsafeBufferPointer { tp in coefficients.withUnsafeMutableBufferPointer { cp in
                        SenseKernels.windowMStep(nodes: window, count: n, scores: sp.baseAddress!, stride: stride,
                                                 output: op.baseAddress!, dimension: d, terms: tp.baseAddress!, count: tp.count,
                                                 coefficients: cp.baseAddress!)
                    } }
                    for t in 0..<termSpecs.count { grads[t] = Array(UnsafeBufferPointer(start: g0 + t * d, count: d)) }
                } } }
            } }
        } } }
        for k in 0..<3 { #expect(abs(ll[k] - llRef[k]) < 1e-4 * max(1, abs(llRef[k])), "log-likelihood of row \(k): \(ll[k]) vs \(llRef[k])") }
        #expect(ll[3] == -.infinity)
        for t in 0..<termSpecs.count {
            for i in 0..<d { #expect(abs(grads[t][i] - gRef[t][i]) < 1e-5, "term \(t) dv[\(i)]: \(grads[t][i]) vs \(gRef[t][i])") }
            #expect(grads[t].contains { $0 != 0 })
        }
        for i in 0..<(inner * d) { #expect(abs((out[i] - out0[i]) - dOutRef[i]) < 1e-5, "dOut[\(i)]") }
        #expect(out != out0)
    }

    @Test func dotAndAxpyMatchScalarLoops() {
        var rng = SenseRandom(seed: 5)
        for n in [1, 7, 8, 15, 16, 17, 100] {
            let a = (0..<n).map { _ in rng.nextFloat() - 0.5 }, b = (0..<n).map { _ in rng.nextFloat() - 0.5 }
            let ref = zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let got = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in VectorKernels.dot(x.baseAddress!, y.baseAddress!, count: n) } }
            #expect(abs(got - ref) < 1e-5)
            var y = b
            y.withUnsafeMutableBufferPointer { yp in a.withUnsafeBufferPointer { VectorKernels.axpy(0.3, $0.baseAddress!, yp.baseAddress!, count: n) } }
            for i in 0..<n { #expect(abs(y[i] - (b[i] + 0.3 * a[i])) < 1e-6) }
        }
    }

    /// The 8-row dot kernel of the E-step agrees with 8 scalar dot products at every tail length.
    @Test func eightRowDotMatchesScalarDots() {
        var rng = SenseRandom(seed: 8)
        for n in [1, 3, 4, 5, 8, 12, 13, 16, 20, 100, 101] {
            let v = (0..<n).map { _ in rng.nextFloat() - 0.5 }
            let rows = (0..<8).map { _ in (0..<n).map { _ in rng.nextFloat() - 0.5 } }
            let flat = rows.flatMap { $0 }
            let got = v.withUnsafeBufferPointer { vp in flat.withUnsafeBufferPointer { fp in
                let r = (0..<8).map { fp.baseAddress! + $0 * n }
                return VectorKernels.dot8(vp.baseAddress!, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], n)
            } }
            for l in 0..<8 {
                let ref = zip(v, rows[l]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                #expect(abs(got[l] - ref) < 1e-5, "n \(n), row \(l): \(got[l]) vs \(ref)")
            }
        }
    }

    /// The vector log σ used by the E-step agrees with the scalar one to 10⁻⁶ (relative for large |z|).
    @Test func vectorLogSigmoidMatchesScalar() {
        var worst: Float = 0
        var z: Float = -60
        while z <= 60 {
            var lanes = SIMD8<Float>()
            for l in 0..<8 { lanes[l] = z + Float(l) * 0.0137 }
            let got = VectorKernels.logSigmoid(lanes)
            for l in 0..<8 {
                let want = VectorKernels.logSigmoid(lanes[l])
                worst = max(worst, abs(got[l] - want) / max(1, abs(want)))
            }
            z += 0.113
        }
        #expect(worst < 1e-6, "worst relative error \(worst)")
    }

    @Test func logSigmoidIsStable() {
        #expect(abs(VectorKernels.logSigmoid(Float(0)) - log(0.5)) < 1e-6)
        #expect(VectorKernels.logSigmoid(Float(100)) == 0 || abs(VectorKernels.logSigmoid(Float(100))) < 1e-30)
        #expect(abs(VectorKernels.logSigmoid(Float(-100)) + 100) < 1e-3)
        #expect(VectorKernels.logSigmoid(Float(-1000)).isFinite)
    }
}
