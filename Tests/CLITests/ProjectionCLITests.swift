import Foundation
import Testing

@Suite struct ProjectionCLITests {
    /// Three well-separated 4-D blobs of 12 points, as CSV with a label column first.
    func blobsCSV() -> String {
        var s = "name,a,b,c,d\n"
        var seed: UInt64 = 12345
        func noise() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53) - 0.5
        }
        for c in 0..<3 {
            for i in 0..<12 {
                let v = (0..<4).map { d in Double(d == c ? 20 : 0) + noise() }
                s += "p\(c)_\(i)," + v.map { String(format: "%.4f", $0) }.joined(separator: ",") + "\n"
            }
        }
        return s
    }

    @Test func tsneWritesOneRowPerInputRowInOrder() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("blobs.csv").path
        try blobsCSV().write(toFile: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("map.tsv").path
        let r = try CLI.run(["tsne", input, "--output", out, "--perplexity", "5", "--iterations", "150",
                             "--early-iterations", "50", "--threads", "2", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("KL divergence"))
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 36)
        #expect(rows.first?.hasPrefix("p0_0\t") == true)
        #expect(rows.last?.hasPrefix("p2_11\t") == true)
        for row in rows {
            let f = row.split(separator: "\t")
            #expect(f.count == 3 && Double(f[1]) != nil && Double(f[2]) != nil)
        }
    }

    @Test func tsnePlotsSVGAndPNG() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("blobs.csv").path
        try blobsCSV().write(toFile: input, atomically: true, encoding: .utf8)
        for ext in ["svg", "png"] {
            let plot = dir.appendingPathComponent("map.\(ext)").path
            let r = try CLI.run(["tsne", input, "--output", dir.appendingPathComponent("m.tsv").path, "--plot", plot,
                                 "--perplexity", "5", "--iterations", "60", "--early-iterations", "20", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: plot)))
            if ext == "svg" { #expect(String(decoding: bytes, as: UTF8.self).contains("<svg")) }
            else { #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])) }
        }
    }

    /// `--label` picks the labelled words (a word also labels its senses, joined by a line); pca draws too.
    @Test func labelOptionChoosesTheLabelledWords() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("words.txt").path
        // A word-vectors text file: "the" is frequent but a function word; bank has two senses.
        var text = ""
        let words = ["the", "bank#0", "bank#1", "river", "money", "of"] + (0..<30).map { "w\($0)" }
        for (i, w) in words.enumerated() {
            text += w + " " + (0..<4).map { d in String(format: "%.3f", Double((i * 7 + d * 3) % 11) + (d == i % 4 ? 9 : 0)) }.joined(separator: " ") + "\n"
        }
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let wordList = dir.appendingPathComponent("label.txt").path
        try "bank\nriver\n".write(toFile: wordList, atomically: true, encoding: .utf8)
        for (command, label) in [("tsne", "bank,river"), ("pca", wordList)] {
            let plot = dir.appendingPathComponent("\(command).svg").path
            var args = [command, input, "--output", dir.appendingPathComponent("\(command).tsv").path, "--plot", plot, "--label", label]
            if command == "tsne" { args += ["--perplexity", "5", "--iterations", "60", "--early-iterations", "20", "--quiet"] }
            let r = try CLI.run(args)
            #expect(r.status == 0, "\(r.stderr)")
            let svg = try String(contentsOfFile: plot, encoding: .utf8)
            for w in ["bank#0", "bank#1", "river"] { #expect(svg.contains(">\(w)</text>"), "\(command): \(w)") }
            for w in ["the", "money", "w3"] { #expect(!svg.contains(">\(w)</text>"), "\(command): \(w)") }
        }
        // By default: content words, not function words.
        let plot = dir.appendingPathComponent("default.svg").path
        let r = try CLI.run(["pca", input, "--output", dir.appendingPathComponent("d.tsv").path, "--plot", plot])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.contains(">money</text>") && !svg.contains(">the</text>") && !svg.contains(">of</text>"))
        // Words that are not there, or --label without --plot, are one-line errors.
        let missing = try CLI.run(["pca", input, "--output", dir.appendingPathComponent("e.tsv").path, "--plot", plot, "--label", "zebra"])
        #expect(missing.status != 0 && missing.stderr.contains("Error:") && missing.stderr.contains("zebra"))
        let noPlot = try CLI.run(["pca", input, "--output", dir.appendingPathComponent("e.tsv").path, "--label", "bank"])
        #expect(noPlot.status != 0 && noPlot.stderr.contains("--label needs --plot"))
    }

    @Test func tsneJSONSummaryAndFormats() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("blobs.csv").path
        try blobsCSV().write(toFile: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("map.json").path
        let r = try CLI.run(["tsne", input, "--output", out, "--format", "json", "--json", "--method", "bh",
                             "--perplexity", "5", "--iterations", "100", "--early-iterations", "50", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(summary?["method"] as? String == "bh")
        #expect((summary?["klDivergence"] as? Double).map { $0 > 0 } == true)
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect((file?["points"] as? [Any])?.count == 36)
    }

    /// The sparse-affinity path with an explicit neighbour search reports it (and its recall) in the JSON summary.
    @Test func tsneNeighborSearchInJSON() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("blobs.csv").path
        try blobsCSV().write(toFile: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("map.tsv").path
        for (arg, name) in [("pca3", "pca3"), ("brute", "brute")] {
            let r = try CLI.run(["tsne", input, "--output", out, "--json", "--method", "fft", "--neighbors", arg,
                                 "--perplexity", "5", "--iterations", "60", "--early-iterations", "30", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let summary = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(summary?["neighbors"] as? String == name)
            let recall = summary?["neighborRecall"] as? Double
            #expect(recall.map { $0 > 0.5 && $0 <= 1 } == true, "\(r.stdout)")
        }
    }

    @Test func pcaPrintsExplainedVariance() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("blobs.csv").path
        try blobsCSV().write(toFile: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("pca.csv").path
        let r = try CLI.run(["pca", input, "--output", out, "--components", "3", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("component"))
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 36)
        #expect(rows[0].split(separator: ",").count == 4)
        // Three blobs on three axes: two components explain nearly all variance... the third the rest.
        let j = try CLI.run(["pca", input, "--output", out, "--components", "2", "--json"])
        let obj = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        let ratio = obj?["explainedVarianceRatio"] as? [Double] ?? []
        #expect(ratio.count == 2 && ratio[0] + ratio[1] > 0.9)
    }

    @Test func rejectsAbsurdOptions() throws {
        for args in [["--perplexity", "0"], ["--threads", "1000"], ["--method", "magic"], ["--early-iterations", "900"],
                     ["--dof", "-1"], ["--format", "xml"], ["--neighbors", "annoy"], ["--neighbors", "pca0"]] {
            let r = try CLI.run(["tsne", "x.csv", "--output", "/tmp/never.tsv"] + args)
            #expect(r.status != 0)
            #expect(!r.stderr.isEmpty)
        }
        let missing = try CLI.run(["tsne", "/nonexistent/file.csv", "--output", "/tmp/never.tsv"])
        #expect(missing.status != 0 && missing.stderr.contains("nonexistent"))
        let big = try CLI.run(["pca", "/nonexistent.csv", "--output", "/tmp/x", "--components", "0"])
        #expect(big.status != 0)
    }

    @Test func helpDescribesOptions() throws {
        let r = try CLI.run(["tsne", "--help"])
        #expect(r.status == 0)
        for option in ["--perplexity", "--method", "--early-iterations", "--dof", "--sne", "--theta", "--top", "--labels"] {
            #expect(r.stdout.contains(option))
        }
    }
}
