import Foundation
import Testing

/// `sensevec demo` at a reduced size: the whole pipeline runs and the printed facts hold.
@Suite struct DemoCLITests {
    struct Report: Decodable {
        struct Analogy: Decodable { var query: [String]; var expected: String; var answer: String; var rank: Int? }
        struct Sense: Decodable { var prior: Double; var neighbours: [String] }
        struct Disambiguation: Decodable { var sentence: String; var posterior: [Double]; var best: Int; var neighbours: [String] }
        var neighbours: [String: [String]]
        var analogies: [Analogy]
        var senses: [String: [Sense]]
        var disambiguations: [Disambiguation]
    }

    /// The demo at half its default size (1M tokens, 300 map words). Both models train on one thread, so the run
    /// is bit-reproducible and these facts are checked on the very output a user sees for this seed.
    @Test func reducedDemoPrintsThePlantedFacts() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["demo", "--out", dir.path, "--tokens", "1000000", "--map-words", "300", "--threads", "2",
                             "--json", "--quiet"], timeout: 1800)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        // Skip-gram facts: king − man + woman ≈ queen at rank 1, and the other planted analogies near the top.
        let king = report.analogies.first { $0.expected == "queen" }
        #expect(king?.rank == 1, "\(report.analogies)")
        #expect(report.analogies.count >= 3)
        #expect(report.analogies.allSatisfy { ($0.rank ?? 99) <= 3 }, "\(report.analogies)")
        // Sense facts: every planted homograph gets exactly its planted number of senses (read from the corpus's own
        // answer key, senses.tsv: line, position, word, sense), with priors that sum to at most 1.
        let key = try String(contentsOf: dir.appendingPathComponent("senses.tsv"), encoding: .utf8)
        var planted: [String: Set<String>] = [:]
        for line in key.split(separator: "\n") {
            let f = line.split(separator: "\t")
            if f.count == 4 { planted[String(f[2]), default: []].insert(String(f[3])) }
        }
        #expect(planted.count >= 8, "\(planted.keys)")
        for (word, senses) in planted {
            let rows = try #require(report.senses[word], "no senses row for \(word)")
            #expect(rows.count == senses.count, "\(word): \(rows.count) senses, planted \(senses.sorted())")
            #expect(rows.reduce(0) { $0 + $1.prior } <= 1.0001)
        }
        // The single-sense controls planted at the homographs' rates (the corpus's README.txt) keep one sense.
        let readme = try String(contentsOf: dir.appendingPathComponent("README.txt"), encoding: .utf8)
        let controlsLine = try #require(readme.split(separator: "\n").first { $0.hasPrefix("single-sense controls:") })
        let controls = controlsLine.dropFirst("single-sense controls:".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(controls.count == 8, "\(controlsLine)")
        for word in controls {
            let t = try CLI.run(["senses", dir.appendingPathComponent("senses.model").path, word, "--json"])
            let obj = try JSONSerialization.jsonObject(with: Data(t.stdout.utf8)) as? [String: Any]
            #expect((obj?["senses"] as? [Any])?.count == 1, "\(word): \(t.stdout)")
        }
        // The two waterloo sentences (station, battle) pick different senses, each with a proper posterior.
        #expect(report.disambiguations.count == 2)
        for d in report.disambiguations {
            #expect(abs(d.posterior.reduce(0, +) - 1) < 1e-6)
            #expect(d.best >= 0 && d.best < d.posterior.count)
        }
        #expect(report.disambiguations.count == 2 && report.disambiguations[0].best != report.disambiguations[1].best,
                "\(report.disambiguations)")
        // The map has every sense of every planted homograph and labels them (never overlapping: LabelPlacerTests).
        // A word's topical senses start from its vector and lie close together on the map, so the placer may find
        // no free spot for one of three labels at one point: every homograph has a labelled sense, and at most two
        // sense labels of all are left out.
        let mapRows = try String(contentsOf: dir.appendingPathComponent("map.tsv"), encoding: .utf8)
            .split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        let svg = try String(contentsOf: dir.appendingPathComponent("map.svg"), encoding: .utf8)
        var senseRows = 0, labelledSenses = 0
        for word in planted.keys {
            let senseLabels = mapRows.filter { $0.hasPrefix(word + "#") }
            #expect(senseLabels.count == planted[word]!.count, "\(word): \(senseLabels) on the map")
            let labelled = senseLabels.filter { svg.contains(">\($0)</text>") }
            #expect(!labelled.isEmpty, "no sense of \(word) is labelled on the map")
            senseRows += senseLabels.count
            labelledSenses += labelled.count
        }
        #expect(senseRows >= 16 && labelledSenses >= senseRows - 2, "\(labelledSenses) of \(senseRows) planted senses labelled")
        // Every promised file is there.
        for name in ["corpus.txt", "questions-words.txt", "senses.tsv", "vectors.bin", "skipgram.model", "senses.model",
                     "sense-vectors.txt", "map.tsv", "map.svg", "map.png", "report.txt"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "missing \(name)")
        }
    }
}
