import ArgumentParser
import Foundation
import Plot
import Projection
import SenseVecCore

struct PcaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pca",
        abstract: "Principal components of vectors or a numeric matrix.",
        discussion: """
        Randomized SVD (Halko et al. 2011) with power iterations. Writes one row per input row: the label or word \
        (if any), then the scores on each component; prints the explained variance of each component.
        Example: sensevec pca digits.csv.gz --label-column last --components 3 --output digits-pca.tsv
        """)

    @OptionGroup var source: ProjectionInputOptions

    @Option(name: .shortAndLong, help: "Scores file to write.")
    var output: String

    @OptionGroup var drawing: MapPlotOptions

    @Option(parsing: .unconditional, help: "Number of principal components.")
    var components: Int = 2

    @Option(help: "Scores format: tsv, csv or json.")
    var format: TableFormat = .tsv

    @Option(name: .customLong("power-iterations"), parsing: .unconditional, help: "Power iterations of the randomized SVD (more = more accurate).")
    var powerIterations: Int = 4

    @OptionGroup var threadsOption: ThreadsOption<AllProcessors>

    @OptionGroup var seedOption: SeedOption<PcaCommand>

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        guard components >= 1, components <= 10_000 else { throw ValidationError("--components must be in 1...10000") }
        guard powerIterations >= 0, powerIterations <= 100 else { throw ValidationError("--power-iterations must be in 0...100") }
        if drawing.plot != nil && components < 2 { throw ValidationError("--plot needs --components 2 or more") }
    }

    func run() async throws {
        try OutputPaths.check([("--output", output), ("--plot", drawing.plot)], inputs: source.inputs + [drawing.label])
        let data = try source.load()
        let pca = try PCA(data, components: components, powerIterations: powerIterations, seed: seedOption.seed, threads: threadsOption.count)
        try CoordinateWriter.write(pca.scores, columns: components, labels: data.labels, format: format, to: output)
        if let plot = drawing.plot {
            let ratio = pca.explainedVarianceRatio
            try MapPlot.draw(pca.scores, columns: components, labels: data.labels, to: plot, highlight: try drawing.labelWords(),
                             title: "PCA of \(ScatterPlot.groupedThousands(data.rows)) points",
                             subtitle: String(format: "components 1 and 2: %.1f%% and %.1f%% of the variance", 100 * ratio[0], 100 * ratio[1]))
        }
        if jsonOption.json {
            let v = pca.explainedVariance.map { String($0) }.joined(separator: ", ")
            let r = pca.explainedVarianceRatio.map { String($0) }.joined(separator: ", ")
            print("{\"rows\": \(data.rows), \"columns\": \(data.columns), \"explainedVariance\": [\(v)], \"explainedVarianceRatio\": [\(r)]}")
        } else {
            print("component\tvariance\tratio\tcumulative")
            var cum = 0.0
            for c in 0..<components {
                cum += pca.explainedVarianceRatio[c]
                print(String(format: "%d\t%.6g\t%.4f\t%.4f", c + 1, pca.explainedVariance[c], pca.explainedVarianceRatio[c], cum))
            }
            print("wrote \(output)" + (drawing.plot.map { " and \($0)" } ?? ""))
        }
    }
}

extension PcaCommand: SeedDescription {
    static let seedHelp = "Random seed of the randomized SVD."
}
