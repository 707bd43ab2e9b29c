import ArgumentParser
import Foundation
import Plot
import Projection
import SenseVecCore


/// Options shared by `tsne` and `pca` for reading the input matrix.
struct ProjectionInputOptions: ParsableArguments {
    @Argument(help: "Input: a numeric matrix (CSV/TSV/space separated, optional label column), an IDX file (MNIST format), or a word-vectors text file (word then values per line); gzip or plain; '-' for stdin.")
    var input: String

    @Option(name: .customLong("labels"), help: "Labels for the rows: a one-dimensional IDX labels file or a text file with one label per line.")
    var labelsFile: String?

    @Option(name: .customLong("label-column"), help: "Where the label of a text row is: auto (first field when not a number), first, last, none.")
    var labelColumn: LabelColumn = .auto

    @Option(parsing: .unconditional, help: "Use only the first N rows (the N most frequent words of a vectors file).")
    var top: Int?

    @Option(help: "Use only the rows whose label (word) is listed in this file (one per line), in the file's order.")
    var words: String?

    func validate() throws {
        if let top, top < 2 { throw ValidationError("--top must be at least 2, got \(top)") }
    }

    /// The files `load()` reads.
    var inputs: [String?] { [input, labelsFile, words] }

    func load() throws -> DataMatrix {
        var m = try Self.vectorMatrix(input, limit: words == nil ? top : nil)
            ?? DataMatrix.read(path: input, labelsPath: labelsFile, labelColumn: labelColumn)
        if let words {
            guard let labels = m.labels else { throw SenseVecError("--words needs an input with words or labels") }
            var index: [String: Int] = [:]
            for (i, w) in labels.enumerated() where index[w] == nil { index[w] = i }
            let wanted = String(decoding: try InputFile.readAll(words, text: true), as: UTF8.self).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let rows = wanted.compactMap { index[$0] }
            guard rows.count >= 2 else { throw SenseVecError("fewer than 2 words of '\(words)' are in '\(input)'") }
            m = m.selecting(rows)
        }
        if let top { m = m.prefix(top) }
        return m
    }

    /// Word vectors in a word2vec binary file or a native model (a skip-gram model's word vectors, or a sense
    /// model's `word#k` rows); nil for any other input, which is read as a numeric matrix or word2vec text.
    static func vectorMatrix(_ path: String, limit: Int?) throws -> DataMatrix? {
        // Only a regular file is peeked at: the first bytes of a pipe would be lost to the reader that follows.
        guard InputFile.isRegularFile(path), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        try? handle.close()
        if head == Data(NativeModelFile.magic) { return DataMatrix(try ModelFile.open(path: path).vectors()) }
        if WordVectorsFormat(path: path) == .binary {
            return DataMatrix(try WordVectors.load(path: path, limit: limit))
        }
        return nil
    }
}

/// Writes `rows` of coordinates with optional labels as TSV, CSV or JSON.
enum CoordinateWriter {
    static func write(_ values: [Double], columns: Int, labels: [String]?, format: TableFormat, to path: String,
                      extra: [String: String] = [:]) throws {
        let n = values.count / columns
        try AtomicFile.write(to: path) { w in
            switch format {
            case .json:
                try w.write("{")
                for (k, v) in extra.sorted(by: { $0.key < $1.key }) { try w.write("\"\(k)\": \(v), ") }
                try w.write("\"points\": [\n")
                for i in 0..<n {
                    var fields: [String] = []
                    if let labels { fields.append("\"label\": \(JSONText.quote(labels[i]))") }
                    let coords = (0..<columns).map { fmt(values[i * columns + $0]) }.joined(separator: ", ")
                    fields.append(columns == 2 ? "\"x\": \(fmt(values[2 * i])), \"y\": \(fmt(values[2 * i + 1]))"
                                              : "\"values\": [\(coords)]")
                    try w.write("  {" + fields.joined(separator: ", ") + "}" + (i + 1 < n ? ",\n" : "\n"))
                }
                try w.write("]}\n")
            default:
                let sep = format == .csv ? "," : "\t"
                for i in 0..<n {
                    var line = ""
                    if let labels {
                        line += format == .csv ? csvField(labels[i]) : labels[i].replacingOccurrences(of: "\t", with: " ")
                        line += sep
                    }
                    line += (0..<columns).map { fmt(values[i * columns + $0]) }.joined(separator: sep)
                    try w.write(line + "\n")
                }
            }
        }
    }

    static func fmt(_ v: Double) -> String { String(format: "%.6g", v) }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

extension TsneCommand {
    /// Parses `--neighbors`: auto, vptree, brute, pca or pcaN.
    static func neighborSearch(_ s: String) -> NeighborSearch? {
        switch s {
        case "auto": return .automatic
        case "vptree", "exact": return .vantagePointTree
        case "brute": return .bruteForce
        case "pca": return .projected(components: 50, candidates: nil)
        default:
            guard s.hasPrefix("pca"), let c = Int(s.dropFirst(3)), c >= 1, c <= 10_000 else { return nil }
            return .projected(components: c, candidates: nil)
        }
    }
}

struct TsneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsne",
        abstract: "t-SNE / SNE map of vectors or a numeric matrix.",
        discussion: """
        Writes one row per input row, in input order: the label or word (if any), then x and y.
        Default method: exact (all-pairs affinities and gradient) up to \(TSNE.exactLimit) points, FFT-accelerated \
        interpolation with affinities over the 3·perplexity nearest neighbours above (see --neighbors).
        Examples:
          sensevec tsne digits.csv.gz --label-column last --output digits.tsv
          sensevec tsne train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --output map.tsv
          sensevec tsne vectors.txt --top 2000 --output words.tsv --format json
        """)

    @OptionGroup var source: ProjectionInputOptions

    @Option(name: .shortAndLong, help: "Coordinates file to write.")
    var output: String

    @OptionGroup var drawing: MapPlotOptions

    @Option(help: "Coordinates format: tsv, csv or json.")
    var format: TableFormat = .tsv

    @Option(parsing: .unconditional, help: "Perplexity of the input affinities (effective number of neighbours).")
    var perplexity: Double = 30

    @Option(name: .customLong("early-iterations"), parsing: .unconditional, help: "Iterations with early exaggeration (part of --iterations).")
    var earlyIterations: Int = 250

    @Option(parsing: .unconditional, help: "Total number of iterations, early exaggeration included.")
    var iterations: Int = 750

    @Option(parsing: .unconditional, help: "Early exaggeration factor.")
    var exaggeration: Double = 12

    @Option(name: .customLong("late-exaggeration"), parsing: .unconditional, help: "Exaggeration after the early phase (1 = none).")
    var lateExaggeration: Double = 1

    @Option(help: "Gradient method: exact, bh (Barnes–Hut) or fft (interpolation). Default: exact for N ≤ \(TSNE.exactLimit), fft above.")
    var method: GradientMethod?

    @Option(parsing: .unconditional, help: "Barnes–Hut opening angle θ (0 = exact).")
    var theta: Double = 0.5

    @Option(help: "Nearest-neighbour search for the sparse affinities: auto, vptree (exact), brute (exact, blocked SIMD), or pcaN (approximate: N principal components, 2k candidates re-ranked exactly; recall measured on 1,000 points). auto = vptree up to 20 dimensions, pca50 above 100 dimensions and 3,000 points, brute otherwise.")
    var neighbors: String = "auto"

    @Option(name: .customLong("learning-rate"), parsing: .unconditional, help: "Learning rate (default max(N / exaggeration, 50) per phase).")
    var learningRate: Double?

    @Option(parsing: .unconditional, help: "Degrees of freedom α of the Student-t kernel (1 + d²/α)^−α; 1 = Cauchy (t-SNE), < 1 heavier tails.")
    var dof: Double = 1

    @Flag(help: "Symmetric SNE: Gaussian kernel exp(−d²) in the map instead of Student t.")
    var sne = false

    @Option(help: "Initial layout: pca (first two principal components, std 1e-4) or random (seeded).")
    var initialization: TSNE.InitialLayout = .pca

    @OptionGroup var threadsOption: ThreadsOption<AllProcessors>

    @OptionGroup var seedOption: SeedOption<TsneCommand>

    @OptionGroup var jsonOption: JSONOption

    @OptionGroup var quietOption: ShortQuietOption

    func validate() throws {
        guard perplexity > 0, perplexity.isFinite else { throw ValidationError("--perplexity must be positive") }
        guard iterations >= 1, iterations <= 1_000_000 else { throw ValidationError("--iterations must be in 1...1000000") }
        guard earlyIterations >= 0, earlyIterations <= iterations else {
            throw ValidationError("--early-iterations must be in 0...--iterations (\(iterations))")
        }
        guard exaggeration > 0, exaggeration.isFinite else { throw ValidationError("--exaggeration must be positive (got \(exaggeration))") }
        guard lateExaggeration > 0, lateExaggeration.isFinite else { throw ValidationError("--late-exaggeration must be positive (got \(lateExaggeration))") }
        guard theta >= 0, theta <= 2 else { throw ValidationError("--theta must be in 0...2") }
        if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive") }
        guard dof > 0, dof.isFinite else { throw ValidationError("--dof must be positive") }
        guard Self.neighborSearch(neighbors) != nil else {
            throw ValidationError("--neighbors must be auto, vptree, brute or pcaN (e.g. pca50)")
        }
    }

    func run() async throws {
        try OutputPaths.check([("--output", output), ("--plot", drawing.plot)], inputs: source.inputs + [drawing.label])
        let data = try source.load()
        var t = TSNE()
        t.perplexity = perplexity; t.earlyIterations = earlyIterations; t.iterations = iterations
        t.exaggeration = exaggeration; t.lateExaggeration = lateExaggeration; t.learningRate = learningRate
        t.kernel = sne ? .gaussian : .studentT(degreesOfFreedom: dof)
        t.method = method
        t.theta = theta; t.threads = threadsOption.count; t.seed = seedOption.seed
        t.neighbors = Self.neighborSearch(neighbors)!
        t.initialization = initialization
        try t.validate(count: data.rows)
        let bar = ProgressBar(quiet: quietOption.quiet)
        let start = Date()
        let result = try t.run(data, progress: bar.handler)
        let seconds = Date().timeIntervalSince(start)
        try CoordinateWriter.write(result.positions, columns: 2, labels: data.labels, format: format, to: output,
                                   extra: ["klDivergence": String(result.klDivergence), "perplexity": String(perplexity)])
        if let plot = drawing.plot {
            try MapPlot.draw(result.positions, labels: data.labels, to: plot, highlight: try drawing.labelWords(),
                             title: "\(sne ? "SNE" : "t-SNE") of \(data.rows) points, perplexity \(String(format: "%g", perplexity)), KL \(String(format: "%.3f", result.klDivergence))",
                             subtitle: "method \(result.method.rawValue), \(result.iterations) iterations")
        }
        if jsonOption.json {
            print("{\"points\": \(data.rows), \"method\": \"\(result.method.rawValue)\", \"perplexity\": \(perplexity), "
                + "\"iterations\": \(result.iterations), \"klDivergence\": \(result.klDivergence), "
                + "\"seconds\": \(seconds), \"affinitySeconds\": \(result.seconds.affinities), "
                + "\"optimizationSeconds\": \(result.seconds.optimization), "
                + (result.neighbors.map { "\"neighbors\": \"\($0.method)\", \"neighborRecall\": \($0.recall.map { String($0) } ?? "null"), " } ?? "")
                + "\"output\": \(JSONText.quote(output))}")
        } else {
            print("KL divergence \(String(format: "%.4f", result.klDivergence))  (\(data.rows) points, method \(result.method.rawValue), perplexity \(perplexity), \(result.iterations) iterations)")
            print(String(format: "time %.2f s (affinities + initialization %.2f s, optimization %.2f s)",
                         seconds, result.seconds.affinities, result.seconds.optimization))
            if let nb = result.neighbors {
                print("neighbours: \(nb.method)" + (nb.sample > 0 ? String(format: ", recall %.4f on %d sampled points", nb.recall ?? .nan, nb.sample) : " (exact)"))
            }
            print("wrote \(output)" + (drawing.plot.map { " and \($0)" } ?? ""))
        }
    }
}

/// `--plot` and `--label`, shared by `tsne` and `pca`.
struct MapPlotOptions: ParsableArguments {
    @Option(help: "Also draw the map as SVG or PNG (by extension).")
    var plot: String?

    @Option(name: .customLong("label"), help: "Words to label on the plot: a comma-separated list, or a file of words (one per line). A word also labels its senses (word#k), joined by lines. Default: the 60 most frequent content words (function words skipped).")
    var label: String?

    func validate() throws {
        if let plot, PlotFileFormat(path: plot) == nil { throw ValidationError("--plot must end in .svg or .png") }
        if label != nil && plot == nil { throw ValidationError("--label needs --plot") }
        if let label, label.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--label is empty") }
    }

    /// The `--label` words, read from the file when it names one.
    func labelWords() throws -> [String]? {
        guard let label else { return nil }
        var isDirectory: ObjCBool = false
        let text: String
        if FileManager.default.fileExists(atPath: label, isDirectory: &isDirectory), !isDirectory.boolValue {
            text = String(decoding: try InputFile.readAll(label, text: true), as: UTF8.self)
        } else {
            text = label
        }
        let words = text.split(whereSeparator: { $0 == "," || $0.isNewline || $0 == "\t" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !words.isEmpty else { throw SenseVecError("--label '\(label)' names no words") }
        return words
    }
}

/// Drawing a map with the Plot module: points coloured by class when the labels look like classes
/// (at most 30 distinct values), otherwise by rank with text labels for the `highlight` words (and their senses),
/// or by default for the most frequent content words; a labelled word's senses are joined by lines.
enum MapPlot {
    static func draw(_ positions: [Double], columns: Int = 2, labels: [String]?, to path: String, highlight: [String]?,
                     title: String, subtitle: String = "") throws {
        let n = positions.count / columns
        let points = (0..<n).map { (x: positions[columns * $0], y: positions[columns * $0 + 1]) }
        var plot = ScatterPlot(points: points, title: title, subtitle: subtitle)
        if let labels {
            let distinct = Array(Set(labels))
            if distinct.count <= 30 && distinct.count < n && highlight == nil {
                let names = distinct.sorted { (Int($0) ?? Int.max, $0) < (Int($1) ?? Int.max, $1) }
                let id = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
                plot.classes = labels.map { id[$0]! }
                plot.classNames = names
                plot.labelled = []
            } else {
                plot.labels = labels
                let rows: [Int]
                if let highlight {
                    rows = LabelChoice.rows(matching: highlight, in: labels)
                    guard !rows.isEmpty else {
                        throw SenseVecError("none of the --label words (\(highlight.prefix(5).joined(separator: ", "))\(highlight.count > 5 ? ", …" : "")) is in the input")
                    }
                    plot.labelled = rows
                } else {
                    rows = LabelChoice.frequentContentWords(labels, count: 60)
                }
                plot.links = LabelChoice.senseLinks(labels, points: points, rows: rows)
            }
        } else if highlight != nil {
            throw SenseVecError("--label needs an input with words or labels")
        }
        try plot.write(to: path)
    }
}

extension TsneCommand: SeedDescription {
    static let seedHelp = "Random seed (same seed, same threads → same map)."
}
