import ArgumentParser
import Foundation
import Plot
import Projection
import SenseVecCore

/// `sensevec kl-demo`: fit one Gaussian to a two-mode distribution by forward and by reverse KL, print both
/// fits and optionally draw them (the lecture's "moment matching vs mode seeking" picture).
struct KLDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kl-demo",
        abstract: "Forward vs reverse KL: fitting one Gaussian to two modes.",
        discussion: """
            p is a mixture of Gaussians on a 1-D grid (default ½·N(−2.5, 0.7²) + ½·N(2.5, 0.7²)). One Gaussian q \
            is fitted twice by gradient descent on (μ, log σ): minimizing the forward KL(p‖q) matches p's mean \
            and variance and spreads over both modes; minimizing the reverse KL(q‖p) settles on one mode. \
            Lists of numbers are comma separated, e.g. --means -3,1.5.
            """)

    @Option(name: .shortAndLong, help: "Write the plot of p and both fits here (.svg or .png).")
    var output: String?

    @OptionGroup var jsonOption: JSONOption

    @Option(parsing: .unconditional, help: "Means of the mixture components of p (comma separated).",
            transform: KLDemoCommand.parseList)
    var means: [Double] = [-2.5, 2.5]

    @Option(parsing: .unconditional, help: "Standard deviations of the components (comma separated, > 0).", transform: KLDemoCommand.parseList)
    var sigmas: [Double] = [0.7, 0.7]

    @Option(parsing: .unconditional, help: "Weights of the components (comma separated, ≥ 0; normalized to sum to 1).", transform: KLDemoCommand.parseList)
    var weights: [Double] = [0.5, 0.5]

    @Option(parsing: .unconditional, help: "Number of grid points p and q live on (3–1000000).")
    var gridPoints = 601

    @Option(parsing: .unconditional, help: "Starting mean of q for both fits.")
    var initMean = 0.5

    @Option(parsing: .unconditional, help: "Starting standard deviation of q for both fits (> 0). A wide start can stall reverse KL on a saddle between the modes.")
    var initSigma = 0.5

    @Option(parsing: .unconditional, help: "Maximum gradient-descent iterations per fit.")
    var iterations = 10_000

    static func parseList(_ text: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        return try parts.map { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let v = Double(trimmed), v.isFinite else {
                throw ValidationError("'\(trimmed)' is not a finite number (lists are comma separated, e.g. -2.5,2.5)")
            }
            return v
        }
    }

    func validate() throws {
        guard !means.isEmpty, means.count == sigmas.count, means.count == weights.count else {
            throw ValidationError("--means, --sigmas and --weights need the same number of values (got \(means.count), \(sigmas.count), \(weights.count))")
        }
        guard means.count <= 100 else { throw ValidationError("at most 100 mixture components") }
        if let bad = sigmas.first(where: { $0 <= 0 }) { throw ValidationError("--sigmas must be positive (got \(bad))") }
        if let bad = weights.first(where: { $0 < 0 }) { throw ValidationError("--weights must be non-negative (got \(bad))") }
        guard weights.reduce(0, +) > 0 else { throw ValidationError("--weights must not all be zero") }
        guard (3...1_000_000).contains(gridPoints) else { throw ValidationError("--grid-points must be between 3 and 1000000 (got \(gridPoints))") }
        guard initSigma > 0, initSigma.isFinite else { throw ValidationError("--init-sigma must be positive (got \(initSigma))") }
        guard initMean.isFinite else { throw ValidationError("--init-mean must be finite") }
        guard (0...10_000_000).contains(iterations) else { throw ValidationError("--iterations must be between 0 and 10000000 (got \(iterations))") }
        if let output, PlotFileFormat(path: output) == nil {
            throw ValidationError("--output must end in .svg or .png (got '\(output)')")
        }
    }

    struct Report: Codable {
        struct Component: Codable { var weight: Double; var mean: Double; var sigma: Double }
        struct Fit: Codable {
            var direction: String
            var mean: Double
            var sigma: Double
            var forwardKL: Double
            var reverseKL: Double
            var iterations: Int
            var converged: Bool
        }
        var components: [Component]
        var pMean: Double
        var pSigma: Double
        var gridLower: Double
        var gridUpper: Double
        var gridPoints: Int
        var fits: [Fit]
        var plot: String?
    }

    func run() async throws {
        try OutputPaths.check([("--output", output)], inputs: [])
        let mixture = try GaussianMixture1D(zip(zip(weights, means), sigmas).map {
            GaussianMixture1D.Component(weight: $0.0, mean: $0.1, standardDeviation: $1)
        })
        let demo = try KLDemo(mixture: mixture, points: gridPoints)
        let forward = try demo.fit(.forward, initialMean: initMean, initialSigma: initSigma, maxIterations: iterations)
        let reverse = try demo.fit(.reverse, initialMean: initMean, initialSigma: initSigma, maxIterations: iterations)
        let moments = demo.moments

        if let output {
            try Self.plot(demo: demo, forward: forward, reverse: reverse).write(to: output)
        }

        let report = Report(
            components: mixture.components.map { .init(weight: $0.weight, mean: $0.mean, sigma: $0.standardDeviation) },
            pMean: moments.mean, pSigma: moments.variance.squareRoot(),
            gridLower: demo.grid.first!, gridUpper: demo.grid.last!, gridPoints: demo.grid.count,
            fits: [forward, reverse].map {
                .init(direction: $0.direction.rawValue, mean: $0.mean, sigma: $0.sigma, forwardKL: $0.forwardKL,
                      reverseKL: $0.reverseKL, iterations: $0.iterations, converged: $0.converged)
            },
            plot: output)
        if jsonOption.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.table(report))
        }
        if let output, !jsonOption.json { FileHandle.standardError.write(Data("wrote \(output)\n".utf8)) }
        for fit in [forward, reverse] where !fit.converged {
            FileHandle.standardError.write(Data("warning: the \(fit.direction.rawValue) fit did not converge in \(fit.iterations) iterations (try another --init-mean/--init-sigma or more --iterations)\n".utf8))
        }
    }

    static func f(_ v: Double, _ decimals: Int = 4) -> String { String(format: "%.\(decimals)f", v) }

    static func table(_ r: Report) -> String {
        var lines: [String] = []
        let parts = r.components.map { "\(f($0.weight, 3))·N(\(f($0.mean, 3)), \(f($0.sigma, 3))²)" }
        lines.append("p = " + parts.joined(separator: " + "))
        lines.append("    on \(r.gridPoints) grid points in [\(f(r.gridLower, 3)), \(f(r.gridUpper, 3))]; mean \(f(r.pMean)), sd \(f(r.pSigma))")
        lines.append("")
        lines.append("fit by            mean       sigma      KL(p‖q)    KL(q‖p)    iterations")
        for fit in r.fits {
            let name = fit.direction == "forward" ? "forward KL(p‖q)" : "reverse KL(q‖p)"
            let cells = [f(fit.mean), f(fit.sigma), f(fit.forwardKL), f(fit.reverseKL)].map { $0.padding(toLength: 11, withPad: " ", startingAt: 0) }
            lines.append(name.padding(toLength: 18, withPad: " ", startingAt: 0) + cells.joined() + "\(fit.iterations)" + (fit.converged ? "" : " (not converged)"))
        }
        lines.append("")
        lines.append("forward KL is moment matching: q takes p's mean and spread and covers both modes.")
        lines.append("reverse KL is mode seeking: q avoids the gap between the modes and sits on one.")
        return lines.joined(separator: "\n")
    }

    /// p and both fits as densities (probability / grid spacing) over the central part of the grid.
    static func plot(demo: KLDemo, forward: KLDemoFit, reverse: KLDemoFit) -> LinePlot {
        let (m, v) = demo.moments
        let sd = v.squareRoot()
        var lo = m - 3.5 * sd, hi = m + 3.5 * sd
        for c in demo.mixture.components { lo = min(lo, c.mean - 3.5 * c.standardDeviation); hi = max(hi, c.mean + 3.5 * c.standardDeviation) }
        let dx = demo.spacing
        func series(_ probabilities: [Double]) -> [(x: Double, y: Double)] {
            zip(demo.grid, probabilities).filter { $0.0 >= lo && $0.0 <= hi }.map { (x: $0.0, y: $0.1 / dx) }
        }
        return LinePlot(series: [
            .init(name: "p: mixture of \(demo.mixture.components.count) Gaussians", points: series(demo.p), color: .ink, lineWidth: 2.5),
            .init(name: "argmin KL(p‖q): μ=\(f(forward.mean, 2)) σ=\(f(forward.sigma, 2))", points: series(forward.q),
                  color: PlotPalette.categorical(1), lineWidth: 2.5),
            .init(name: "argmin KL(q‖p): μ=\(f(reverse.mean, 2)) σ=\(f(reverse.sigma, 2))", points: series(reverse.q),
                  color: PlotPalette.categorical(0), dashed: true, lineWidth: 2.5),
        ],
        title: "One Gaussian fitted to two modes",
        subtitle: "forward KL: moment matching (KL(p‖q) = \(f(forward.forwardKL, 3))) · reverse KL: mode seeking (KL(q‖p) = \(f(reverse.reverseKL, 3)))",
        xLabel: "x", yLabel: "density")
    }
}
