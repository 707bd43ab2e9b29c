import ArgumentParser
import Evaluation
import Foundation
import SenseVecCore

/// `sensevec eval all MODEL…`: every benchmark of a folder on several models, one row per model.
struct EvalAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every benchmark found in a folder on several models; one row per model, best values marked.",
        discussion: """
            Benchmarks are found by place and name under the folder: `analogy/` (accuracy, 3CosAdd over the \
            --restrict most frequent words), `similarity/` (Spearman's ρ; AvgSim for sense models), files with \
            'scws' in their path (Spearman's ρ of AvgSimC), `dataset.txt` + `key.txt` pairs (SemEval-2010 word \
            sense induction, mean ARI) and Senseval-2 `.pos`/`.pos.gz` files (ARI). The default folder is \
            ../shared/data/eval when it exists. The best value of each column is marked with '*'.
            """)

    @Argument(help: "Models: word vectors (word2vec text or binary) and/or sense models (native files).")
    var models: [String]

    @Option(help: "Folder of benchmark files (default: ../shared/data/eval when it exists).")
    var data: String?

    @Option(parsing: .unconditional, help: "Analogies: search only the N most frequent words; 0 means all.")
    var restrict: Int = 30_000

    @OptionGroup var threadsOption: ThreadsOption<EvalAllCommand>

    @OptionGroup var jsonOption: JSONOption

    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard !models.isEmpty else { throw ValidationError("give at least one model") }
        guard restrict >= 0 else { throw ValidationError("--restrict must be 0 (all words) or positive, got \(restrict)") }
    }

    enum Kind: String, Encodable { case analogy, similarity, scws, wsi }

    /// One benchmark found in the folder, parsed.
    struct Benchmark {
        var name: String
        var kind: Kind
        var path: String
        var measure: String
        var analogies: AnalogySet?
        var pairs: SimilaritySet?
        var contextual: ContextualSimilaritySet?
        var induction: SenseInductionSet?
    }

    static func files(under dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            let full = (dir as NSString).appendingPathComponent(rel)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
               !(rel as NSString).lastPathComponent.hasPrefix(".") {
                out.append(rel)
            }
        }
        return out.sorted()
    }

    /// Finds and parses the benchmarks under `dir`. Malformed files throw (file and line named).
    static func discover(_ dir: String) throws -> [Benchmark] {
        var found: [Benchmark] = []
        let all = files(under: dir)
        let set = Set(all)
        for rel in all {
            let path = (dir as NSString).appendingPathComponent(rel)
            let base = (rel as NSString).lastPathComponent
            let stem = base.replacingOccurrences(of: ".gz", with: "").split(separator: ".").first.map(String.init) ?? base
            let folders = (rel as NSString).deletingLastPathComponent.split(separator: "/").map(String.init)
            let ext = (base.replacingOccurrences(of: ".gz", with: "") as NSString).pathExtension.lowercased()
            if base.uppercased().hasPrefix("README") || base.uppercased().hasPrefix("LICENSE") { continue }
            if rel.lowercased().contains("scws") && ["txt", "csv", "tsv"].contains(ext) {
                found.append(Benchmark(name: "scws", kind: .scws, path: path, measure: "ρ AvgSimC",
                                       contextual: try ContextualSimilaritySet.load(path: path)))
            } else if folders.contains("analogy") && ["txt", "csv", "tsv"].contains(ext) {
                found.append(Benchmark(name: stem, kind: .analogy, path: path, measure: "accuracy",
                                       analogies: try AnalogySet.load(path: path)))
            } else if folders.contains("similarity") && ["txt", "csv", "tsv"].contains(ext) {
                found.append(Benchmark(name: stem, kind: .similarity, path: path, measure: "ρ",
                                       pairs: try SimilaritySet.load(path: path)))
            } else if base == "dataset.txt" {
                let keyRel = ((rel as NSString).deletingLastPathComponent as NSString).appendingPathComponent("key.txt")
                guard set.contains(keyRel) else { continue }
                let name = folders.last ?? "wsi"
                found.append(Benchmark(name: name, kind: .wsi, path: path, measure: "ARI",
                                       induction: try SenseInductionSet.loadSemEval(
                                           dataset: path, key: (dir as NSString).appendingPathComponent(keyRel))))
            } else if EvalWSICommand.isSenseval(base) {
                found.append(Benchmark(name: stem, kind: .wsi, path: path, measure: "ARI",
                                       induction: try SenseInductionSet.loadSenseval(path: path)))
            }
        }
        return found
    }

    struct Report: Encodable {
        struct Column: Encodable { var name: String, kind: Kind, path: String, measure: String }
        struct Row: Encodable { var model: String, scores: [String: Double?] }
        var data: String
        var benchmarks: [Column]
        var models: [Row]
        /// Benchmark name → the model with the best value (the first one listed on ties).
        var best: [String: String]
    }

    func run() async throws {
        let dir: String
        if let data {
            dir = data
        } else if FileManager.default.fileExists(atPath: "../shared/data/eval") {
            dir = "../shared/data/eval"
        } else {
            throw SenseVecError("no --data folder given and ../shared/data/eval does not exist")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw SenseVecError("benchmark folder '\(dir)' does not exist")
        }
        let benchmarks = try Self.discover(dir)
        guard !benchmarks.isEmpty else { throw SenseVecError("no benchmark files found under '\(dir)'") }
        let say: (String) -> Void = { message in
            if !quietOption.quiet { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        }
        var rows: [Report.Row] = []
        for path in models {
            let model = try EvalModel.load(path)
            var scores: [String: Double?] = [:]
            for b in benchmarks {
                say("\(model.name): \(b.name)")
                scores[b.name] = Self.score(b, model: model, restrict: restrict, threads: threadsOption.count)
            }
            rows.append(Report.Row(model: path, scores: scores))
        }
        var best: [String: String] = [:]
        for b in benchmarks {
            var top: (String, Double)?
            for r in rows { if let v = r.scores[b.name] ?? nil, top == nil || v > top!.1 { top = (r.model, v) } }
            if let top { best[b.name] = top.0 }
        }
        let report = Report(data: dir, benchmarks: benchmarks.map { .init(name: $0.name, kind: $0.kind, path: $0.path, measure: $0.measure) },
                            models: rows, best: best)
        if jsonOption.json {
            print(try EvalOutput.json(report))
        } else {
            print(Self.render(report))
        }
    }

    static func score(_ b: Benchmark, model: EvalModel, restrict: Int, threads: Int) -> Double? {
        switch b.kind {
        case .analogy:
            guard let v = model.vectors, let set = b.analogies else { return nil }
            let r = AnalogyEvaluator(vectors: v, restrict: restrict > 0 ? restrict : nil, threads: threads).evaluate(set)
            return r.total.answered > 0 ? r.total.accuracy : nil
        case .similarity:
            guard let set = b.pairs else { return nil }
            if let v = model.vectors { return WordSimilarity.evaluate(set, vectors: v).spearman }
            return WordSimilarity.evaluate(set, model: model.senses, measure: .avgSim).spearman
        case .scws:
            guard let set = b.contextual else { return nil }
            return ContextualSimilarity.evaluate(set, model: model.senses, measure: .avgSimC).spearman
        case .wsi:
            guard let set = b.induction else { return nil }
            return SenseInduction.evaluate(set, model: model.senses).adjustedRandIndex
        }
    }

    static func render(_ r: Report) -> String {
        let header = ["model"] + r.benchmarks.map { "\($0.name) (\($0.measure))" }
        let rows = r.models.map { row in
            [row.model] + r.benchmarks.map { b -> String in
                guard let v = row.scores[b.name] ?? nil else { return "—" }
                let text = b.kind == .analogy ? EvalOutput.percent(v) : String(format: "%.4f", v)
                // Every model that ties with the best value is marked.
                let top = r.best[b.name].flatMap { m in r.models.first { $0.model == m }?.scores[b.name] ?? nil }
                return text + (top == v && r.models.count > 1 ? "*" : " ")
            }
        }
        var out = "benchmarks under \(r.data)\n" + EvalOutput.table(header, rows)
        if r.models.count > 1 { out += "\n* best value of the column" }
        return out
    }
}

extension EvalAllCommand: ThreadsDefault {
    static let defaultThreads = 2
    static let threadsHelp = "Worker threads for analogies (default: 2)."
}
