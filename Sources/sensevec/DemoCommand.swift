import ArgumentParser
import Foundation
import Plot
import Projection
import SenseVecCore
import Senses
import SkipGram
import SyntheticCorpus

/// `sensevec demo`: the main job. Generates (or reads) a corpus, trains a skip-gram model and a multi-sense model,
/// prints neighbours, analogies, sense tables and two disambiguations, draws the t-SNE map, and writes everything
/// into one folder.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train on the embedded corpus (or your text) and show everything SenseVec does.",
        discussion: """
            Writes into --out: the corpus and its planted facts (when synthetic), skip-gram vectors (vectors.bin) and \
            model, the multi-sense model (senses.model) and its word#k vectors, the t-SNE map (map.tsv, map.svg, \
            map.png) and this report (report.txt). With --threads 2 or more the two models train at the same time on one \
            thread each, so the printed facts are bit-for-bit the same for a fixed --seed and --threads; --threads 1 \
            trains them one after the other.
            """)

    @Option(name: .long, help: "Output folder (created; files in it are replaced).")
    var out: String = "sensevec-demo"

    @Option(name: .long, help: "Train on this text file (or folder) instead of the embedded synthetic corpus.")
    var corpus: String?

    @Option(name: .long, parsing: .unconditional, help: "Tokens of synthetic corpus to generate.")
    var tokens: Int = 2_000_000

    @OptionGroup var seedOption: SeedOption<DemoCommand>

    @OptionGroup var threadsOption: ThreadsOption<DemoCommand>

    @Option(name: .long, parsing: .unconditional, help: "Vector dimension of both models.")
    var dim: Int = 100

    @Option(name: .long, parsing: .unconditional, help: "Skip-gram epochs.")
    var epochs: Int = 3

    @Option(name: .long, parsing: .unconditional, help: "Most frequent words drawn on the t-SNE map.")
    var mapWords: Int = 1_000

    @OptionGroup var jsonOption: JSONOption

    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard tokens >= 10_000 && tokens <= SyntheticCorpus.maximumTokens else {
            throw ValidationError("--tokens must be between 10,000 and \(SyntheticCorpus.maximumTokens), got \(tokens)")
        }
        guard (2...1000).contains(dim) else { throw ValidationError("--dim must be in 2...1000, got \(dim)") }
        guard (1...100).contains(epochs) else { throw ValidationError("--epochs must be in 1...100, got \(epochs)") }
        guard (10...50_000).contains(mapWords) else { throw ValidationError("--map-words must be in 10...50000, got \(mapWords)") }
    }

    func run() async throws {
        let bar = ProgressBar(quiet: quietOption.quiet)
        let started = Date()
        var report = DemoReport()
        try OutputFolder.create(out, option: "--out")
        let outDir = URL(fileURLWithPath: out).standardizedFileURL.path
        func path(_ name: String) -> String { (outDir as NSString).appendingPathComponent(name) }
        var stageTimes: [(String, Double)] = []
        func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let t0 = Date()
            let r = try body()
            stageTimes.append((name, Date().timeIntervalSince(t0)))
            return r
        }

        // 1. Corpus.
        var facts: SyntheticCorpusFacts? = nil
        let corpusPath: String
        // The corpus is read twice (vocabulary, then encoding): standard input is copied to a temporary file first.
        let (corpusPaths, spool) = try StandardInputSpool.replacingStandardInput(in: corpus.map { [$0] } ?? [])
        defer { spool?.remove() }
        if corpus != nil {
            corpusPath = corpusPaths[0]
        } else {
            facts = try timed("corpus") {
                try SyntheticCorpus(seed: seedOption.seed).write(tokens: tokens, to: outDir, progress: bar.handler)
            }
            corpusPath = path("corpus.txt")
        }
        let text = Corpus(paths: [corpusPath], options: TokenizerOptions(lowercase: corpus != nil))
        let (vocabulary, encoded) = try timed("vocabulary") { () throws -> (Vocabulary, EncodedCorpus) in
            let (v, stats) = try Vocabulary.count(text, minCount: 5, progress: bar.handler)
            guard v.count >= 10 else {
                throw SenseVecError("the corpus has only \(v.count) words occurring 5 times or more (\(stats.tokens) tokens): too little to train on")
            }
            return (v, try EncodedCorpus(text, vocabulary: v))
        }
        report.line("Corpus: \(encoded.wordCount) tokens, \(vocabulary.count) words (min-count 5)\(corpus == nil ? " — embedded synthetic corpus, seed \(seedOption.seed)" : "")")

        // 2. Skip-gram.
        var sg = SkipGramConfiguration()
        sg.dimension = dim
        sg.window = 5
        sg.negative = 5
        sg.epochs = epochs
        // Hogwild threads make results depend on timing; one thread keeps the demo reproducible.
        sg.threads = 1
        sg.seed = seedOption.seed
        sg.minCount = 5
        try sg.validate()
        let model = try SkipGramModel(configuration: sg, vocabulary: vocabulary)

        // 3. Multi-sense: topical senses (the default of `train --senses`) on the skip-gram model's vectors. Their
        // threads share the words, so the result depends on the seed and the thread count only.
        var sc = SenseTrainingConfiguration()
        sc.contextKind = .topic
        sc.dimension = dim
        sc.window = 5
        sc.maxSenses = 5
        // Words seen at least 600 times are fitted (the train default, 100 per sense, fits those seen 200 times and
        // takes three times as long on this corpus).
        sc.occurrencesPerSense = 300
        sc.epochs = epochs
        sc.threads = threadsOption.count
        sc.seed = seedOption.seed
        try sc.validate()
        let summary = try timed("skip-gram") { try SkipGramTrainer(model: model, corpus: encoded).train(progress: bar.handler) }
        let senses = try timed("senses") {
            try SenseTrainer(configuration: sc).train(vocabulary: vocabulary, corpus: encoded, progress: bar.handler,
                                                      wordVectors: model)
        }
        let vectors = try model.wordVectors()
        try vectors.save(path: path("vectors.bin"))
        try model.save(to: path("skipgram.model"))
        report.line(String(format: "Skip-gram (negative sampling, dim %d, %d epochs, 1 thread): %.1f s, %.0f words/s",
                           dim, epochs, summary.seconds, summary.wordsPerSecond))
        try senses.save(to: path("senses.model"))
        try senses.flattenedVectors().save(path: path("sense-vectors.txt"))
        report.line(String(format: "Multi-sense (topical senses on the skip-gram vectors, up to %d senses): %d words with several senses, %.2f senses per word on average",
                           sc.maxSenses, senses.multiSenseWordCount, senses.averageActiveSenses))

        // 4. Queries.
        let index = CosineIndex(vectors, threads: threadsOption.count)
        report.section("Nearest neighbours (skip-gram)")
        for word in ["king", "paris", "quickly", "dog", "music"] where vectors.index(of: word) != nil {
            let ns = try index.neighbors(of: word, k: 6)
            report.line("  \(word.padding(toLength: 10, withPad: " ", startingAt: 0)) " +
                        ns.map { "\($0.word) \(String(format: "%.2f", $0.similarity))" }.joined(separator: ", "))
            report.neighbours[word] = ns.map(\.word)
        }

        report.section("Analogies (3CosAdd: b − a + c)")
        let analogies: [(String, String, String, String, String)] = [
            ("man", "king", "woman", "queen", "king − man + woman"),
            ("czech_republic", "prague", "france", "paris", "prague − czech republic + france"),
            ("quickly", "quick", "slowly", "slow", "quick − quickly + slowly"),
            ("walk", "walked", "go", "went", "walked − walk + go"),
        ]
        for (a, b, c, expected, shown) in analogies {
            guard [a, b, c, expected].allSatisfy({ vectors.index(of: $0) != nil }) else { continue }
            let answers = try index.analogy(a, b, c, k: 50)
            let rank = answers.firstIndex { $0.word == expected }.map { $0 + 1 }
            let top = answers.prefix(3).map { "\($0.word) \(String(format: "%.2f", $0.similarity))" }.joined(separator: ", ")
            report.line("  \(shown) ≈ \(answers.first?.word ?? "?")   (expected \(expected): rank \(rank.map(String.init) ?? ">50"); top: \(top))")
            report.analogies.append(.init(query: [a, b, c], expected: expected, answer: answers.first?.word ?? "", rank: rank))
        }

        report.section("Senses (multi-sense model): p(z) and nearest neighbours of each sense")
        let homographs = facts.map { $0.homographs.keys.sorted() }
            ?? senses.multiSenseWords.filter(LabelChoice.isContentWord).prefix(8).map { $0 }
        for word in homographs {
            guard let x = senses.index(of: word) else { continue }
            let active = senses.activeSenses(ofIndex: x)
            let priors = senses.priors(ofIndex: x)
            var rows: [DemoReport.Sense] = []
            for (k, s) in active.enumerated() {
                let ns = senses.neighbours(of: word, sense: k, count: 6) ?? []
                rows.append(.init(prior: priors[s], neighbours: ns.map(\.word)))
            }
            let planted = facts?.homographs[word].map { " (planted: \($0.joined(separator: ", ")))" } ?? ""
            report.line("  \(word)\(planted)")
            for (k, r) in rows.enumerated() {
                report.line(String(format: "    #%d  p=%.2f  ", k, r.prior) + r.neighbours.joined(separator: ", "))
            }
            report.senses[word] = rows
        }

        report.section("Disambiguation of \"waterloo\"")
        for sentence in ["our train has departed from waterloo at 1100pm", "who won the battle of waterloo"] {
            let words = sentence.split(separator: " ").map(String.init)
            guard let i = words.firstIndex(of: "waterloo"),
                  let e = senses.explain(word: "waterloo", left: Array(words[..<i]), right: Array(words[(i + 1)...]))
            else { continue }
            let best = e.best
            let ns = senses.neighbours(of: "waterloo", sense: best, count: 6)?.map(\.word) ?? []
            let posterior = e.posterior.enumerated().map { String(format: "#%d %.2f", $0.offset, $0.element) }.joined(separator: "  ")
            let drivers = zip(e.contextWords, e.influence).sorted { $0.1 > $1.1 }.prefix(3)
                .map { String(format: "%@ %+.2f", $0.0, $0.1) }.joined(separator: ", ")
            report.line("  \"\(sentence)\"")
            report.line("    posterior: \(posterior)   → sense #\(best): \(ns.joined(separator: ", "))")
            if e.runnerUp != nil { report.line("    context words that decided it (nats): \(drivers)") }
            report.disambiguations.append(.init(sentence: sentence, posterior: e.posterior, best: best, neighbours: ns))
        }

        // 5. The map: t-SNE of the most frequent words of the sense model, with a point per sense.
        let (mapData, mapLabels, mapClasses) = Self.senseMatrix(senses, words: mapWords)
        var tsne = TSNE()
        tsne.perplexity = min(30, Double(mapData.rows - 1) / 3)
        tsne.threads = threadsOption.count
        tsne.seed = seedOption.seed
        let map = try timed("t-SNE") { try tsne.run(mapData, progress: bar.handler) }
        try AtomicFile.write(to: path("map.tsv")) { w in
            for (i, label) in mapLabels.enumerated() {
                try w.write("\(label)\t\(map.positions[2 * i])\t\(map.positions[2 * i + 1])\n")
            }
        }
        let points = (0..<mapData.rows).map { (x: map.positions[2 * $0], y: map.positions[2 * $0 + 1]) }
        let senseRows = mapClasses.indices.filter { mapClasses[$0] == 1 }
        let featured = homographs.filter(LabelChoice.isContentWord).prefix(8).map { $0 }
        let plot = Self.mapPlot(points: points, labels: mapLabels, multiSense: mapClasses, featured: featured,
                                title: "t-SNE of \(mapData.rows) word and sense vectors",
                                subtitle: String(format: "perplexity %.0f, KL %.3f — senses of %@ joined by lines", tsne.perplexity,
                                                 map.klDivergence, facts == nil ? "multi-sense words" : "the planted homographs"))
        try plot.write(to: path("map.svg"))
        try plot.write(to: path("map.png"))
        report.section("Map")
        report.line("  t-SNE of \(mapData.rows) points (\(senseRows.count) sense points), KL \(String(format: "%.3f", map.klDivergence)): \(path("map.png")), \(path("map.svg"))")

        let total = Date().timeIntervalSince(started)
        report.section("Done")
        report.line("  " + stageTimes.map { String(format: "%@ %.1f s", $0.0, $0.1) }.joined(separator: ", ") + String(format: "; total %.1f s", total))
        report.line("  Everything is in \(outDir)")
        report.line("  Explore it in the browser:  swift run -c release sensevec serve \(path("senses.model"))   (or \(path("vectors.bin")))")
        report.seconds = total
        try AtomicFile.write(report.text, to: path("report.txt"))
        if jsonOption.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text, terminator: "")
        }
    }

    /// The demo's map: each featured word (the planted homographs) in a colour of its own with its senses labelled
    /// and joined by lines; other words light grey and other multi-sense words' senses darker grey, with the most
    /// frequent single-sense content words labelled after the featured senses.
    static func mapPlot(points: [(x: Double, y: Double)], labels: [String], multiSense: [Int], featured: [String],
                        title: String, subtitle: String) -> ScatterPlot {
        let featuredClass = Dictionary(uniqueKeysWithValues: featured.enumerated().map { ($1, $0) })
        let other = featured.count, otherSense = featured.count + 1
        let classes = labels.indices.map { i in
            featuredClass[LabelChoice.baseWord(labels[i])] ?? (multiSense[i] == 1 ? otherSense : other)
        }
        // Okabe–Ito without yellow (too faint for lines on white), then black and wine.
        let palette = [0, 1, 2, 3, 4, 5, 7, 9].map { PlotPalette.categorical($0) }
        let colours = featured.indices.map { palette[$0 % palette.count] }
            + [PlotColor(hex: 0xC4C4C4), PlotColor(hex: 0x8C8C8C)]
        let featuredRows = LabelChoice.rows(matching: featured, in: labels)
        // Then single-sense content words (topical nouns and names), most frequent first.
        let content = LabelChoice.frequentContentWords(labels, count: labels.count).filter { classes[$0] == other }.prefix(40)
        return ScatterPlot(points: points, labels: labels, classes: classes,
                           classNames: featured + ["other word", "sense of another multi-sense word"],
                           classColors: colours, title: title, subtitle: subtitle,
                           labelled: featuredRows + content,
                           links: LabelChoice.senseLinks(labels, points: points, rows: featuredRows))
    }

    /// Rows for the map: for each of the `words` most frequent words, one row per active sense. Labels are the word
    /// (one sense) or `word#k`; class 1 marks sense points of multi-sense words.
    static func senseMatrix(_ senses: SenseVectors, words: Int) -> (DataMatrix, [String], [Int]) {
        var values: [Float] = [], labels: [String] = [], classes: [Int] = []
        for x in 0..<min(words, senses.count) {
            let active = senses.activeSenses(ofIndex: x)
            for (k, s) in active.enumerated() {
                values.append(contentsOf: senses.vector(ofIndex: x, sense: s))
                labels.append(SenseVectors.label(word: senses.words[x], sense: k, senseCount: active.count))
                classes.append(active.count > 1 ? 1 : 0)
            }
        }
        return (try! DataMatrix(rows: labels.count, columns: senses.dimension, values: values, labels: labels), labels, classes)
    }
}

/// What the demo printed, as text and as JSON.
struct DemoReport: Encodable {
    struct Analogy: Encodable { var query: [String]; var expected: String; var answer: String; var rank: Int? }
    struct Sense: Encodable { var prior: Double; var neighbours: [String] }
    struct Disambiguation: Encodable { var sentence: String; var posterior: [Double]; var best: Int; var neighbours: [String] }
    var neighbours: [String: [String]] = [:]
    var analogies: [Analogy] = []
    var senses: [String: [Sense]] = [:]
    var disambiguations: [Disambiguation] = []
    var seconds = 0.0
    private(set) var text = ""

    enum CodingKeys: String, CodingKey { case neighbours, analogies, senses, disambiguations, seconds }

    mutating func line(_ s: String) { text += s + "\n" }
    mutating func section(_ s: String) { text += "\n== " + s + "\n" }
}

extension DemoCommand: SeedDescription, ThreadsDefault {
    static let seedHelp = "Random seed (corpus, training, map)."
    static var defaultThreads: Int { min(2, max(1, ProcessInfo.processInfo.activeProcessorCount)) }
    static let maximumThreads = 64
    static let threadsHelp = "Worker threads for the senses, the queries and t-SNE; skip-gram trains on one thread, so the printed facts are the same bit for bit on every run with the same seed and threads (default: 2, or 1 on a one-processor machine)."
}
