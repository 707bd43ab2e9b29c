import Foundation
import SenseVecCore

/// Grid settings of the FFT method: at least `minBoxes` boxes per side, each at most 1/`boxesPerUnit` wide
/// (FIt-SNE's `min_num_intervals` = 50 and `intervals_per_integer` = 1).
public struct InterpolationGrid: Sendable {
    public var minBoxes: Int
    public var boxesPerUnit: Double
    public init(minBoxes: Int = 50, boxesPerUnit: Double = 1) { self.minBoxes = minBoxes; self.boxesPerUnit = boxesPerUnit }
}

/// What a callback sees every `callbackInterval` iterations.
public struct OptimizationStatus: Sendable {
    /// Iterations done so far in the whole run.
    public var iteration: Int
    /// KL(P‖Q) of the current map with the un-exaggerated P.
    public var klDivergence: Double
    /// The current phase's exaggeration.
    public var exaggeration: Double
}

/// t-SNE's optimizer: gradient descent with momentum and per-parameter gains ("delta-bar-delta", Jacobs 1988,
/// as in van der Maaten & Hinton 2008 and openTSNE). For each coordinate with gradient g and previous update u:
/// gain ← gain + 0.2 if sign(g) ≠ sign(u) else gain·0.8, clipped at `minGain`; u ← μu − η·gain·g; y ← y + u;
/// then the map is re-centred. State (updates, gains) persists across phases, as in openTSNE's
/// `TSNEEmbedding.optimize`. The gradient used for steps is ∂KL/∂y / 4 (the convention of bhtsne, FIt-SNE and
/// openTSNE), so η = N/exaggeration means what it means there (Belkina et al. 2019).
public final class GradientDescent {
    public let affinities: Affinities
    public let kernel: EmbeddingKernel
    public let method: GradientMethod
    public let threads: Int
    /// Positions, `count × 2` row-major.
    public private(set) var positions: [Double]
    public private(set) var iteration = 0
    public var minGain = 0.01
    private var update: [Double]
    private var gains: [Double]
    private var attract: [Double]
    private var repel: [Double]
    private var attractionPartial: [Double] = []
    /// Float32 copy of the map for the attraction's gathers (empty = Double gathers); see `float32GatherThreshold`.
    private var positions32: [Float] = []
    private let estimator: RepulsionEstimator
    private let pLogP: Double

    public init(affinities: Affinities, initial: [Double], kernel: EmbeddingKernel = .cauchy,
                method: GradientMethod = .fft, theta: Double = 0.5, threads: Int = 1,
                interpolation: InterpolationGrid = InterpolationGrid()) throws {
        guard initial.count == 2 * affinities.count else {
            throw SenseVecError("initial map has \(initial.count / 2) points, affinities have \(affinities.count)")
        }
        self.affinities = affinities; self.kernel = kernel; self.method = method; self.threads = threads
        positions = initial
        let n2 = initial.count
        update = [Double](repeating: 0, count: n2)
        gains = [Double](repeating: 1, count: n2)
        attract = [Double](repeating: 0, count: n2)
        repel = [Double](repeating: 0, count: n2)
        switch method {
        case .exact: estimator = ExactRepulsion(kernel: kernel, threads: threads)
        case .barnesHut: estimator = BarnesHutRepulsion(kernel: kernel, threads: threads, theta: theta)
        case .fft: estimator = InterpolationRepulsion(kernel: kernel, threads: threads, minBoxes: interpolation.minBoxes,
                                                      boxesPerUnit: interpolation.boxesPerUnit)
        }
        pLogP = affinities.negativeEntropy
        if affinities.count > float32GatherThreshold && kernel.isCauchy {
            positions32 = [Float](repeating: 0, count: n2)
        }
    }

    /// The gradient ∂KL/∂y of the current map (P multiplied by `exaggeration`) with this method, and the KL
    /// of the un-exaggerated P (Σp ln p − Σp ln w + Σp·ln Z).
    public func gradient(exaggeration: Double = 1, wantKL: Bool = true) -> (kl: Double, gradient: [Double]) {
        let kl = computeGradient(exaggeration: exaggeration, wantKL: wantKL)
        var g = attract
        for k in 0..<g.count { g[k] *= 4 }
        return (kl, g)
    }

    /// Leaves the gradient in `attract`; returns KL (NaN when not wanted).
    private func computeGradient(exaggeration: Double, wantKL: Bool) -> Double {
        let n = affinities.count
        var plogw = 0.0, z = 0.0
        positions.withUnsafeBufferPointer { yp in
            attract.withUnsafeMutableBufferPointer { ap in
                plogw = attraction(affinities, yp.baseAddress!, kernel: kernel, threads: threads,
                                   into: ap.baseAddress!, wantLogW: wantKL, partial: &attractionPartial,
                                   positions32: &positions32)
            }
            repel.withUnsafeMutableBufferPointer { rp in
                z = estimator.repulsion(yp.baseAddress!, count: n, into: rp.baseAddress!)
            }
        }
        let invZ = 1 / z
        for k in 0..<(2 * n) { attract[k] = exaggeration * attract[k] - repel[k] * invZ }
        guard wantKL else { return .nan }
        let psum = affinities.sum
        return pLogP - plogw + psum * log(z)
    }

    /// Runs `iterations` steps with the given exaggeration, momentum and learning rate. Every
    /// `callbackInterval` iterations (and after the last) the KL is computed and `callback` called; returning
    /// false stops the run early. Returns the last KL computed. Throws if the map diverges (non-finite).
    @discardableResult
    public func optimize(iterations: Int, exaggeration: Double, momentum: Double, learningRate: Double,
                         callbackInterval: Int = 50,
                         callback: ((OptimizationStatus) -> Bool)? = nil) throws -> Double {
        var lastKL = Double.nan
        let n = affinities.count
        for step in 0..<iterations {
            let report = (iteration + 1) % callbackInterval == 0 || step == iterations - 1
            let kl = computeGradient(exaggeration: exaggeration, wantKL: report)
            let minGain = self.minGain
            positions.withUnsafeMutableBufferPointer { yp in
            update.withUnsafeMutableBufferPointer { up in
            gains.withUnsafeMutableBufferPointer { gp in
            attract.withUnsafeBufferPointer { gr in
                var mx = 0.0, my = 0.0
                for k in 0..<(2 * n) {
                    let g = gr[k]
                    var gain = gp[k]
                    gain = (g * up[k] < 0) ? gain + 0.2 : gain * 0.8
                    if gain < minGain { gain = minGain }
                    gp[k] = gain
                    let u = momentum * up[k] - learningRate * gain * g
                    up[k] = u
                    yp[k] += u
                }
                for i in 0..<n { mx += yp[2 * i]; my += yp[2 * i + 1] }
                mx /= Double(n); my /= Double(n)
                for i in 0..<n { yp[2 * i] -= mx; yp[2 * i + 1] -= my }
            }}}}
            iteration += 1
            if report {
                lastKL = kl
                guard kl.isFinite, positions.allSatisfy({ $0.isFinite }) else {
                    throw SenseVecError("t-SNE diverged at iteration \(iteration) (KL \(kl)); try a smaller --learning-rate")
                }
                if let callback, !callback(OptimizationStatus(iteration: iteration, klDivergence: kl,
                                                              exaggeration: exaggeration)) { break }
            }
        }
        return lastKL
    }
}
