import Foundation
import Testing

/// `sensevec train --subwords` and the queries that accept out-of-vocabulary words with a subword model.
@Suite(.serialized) struct SubwordCLITests {
    @Test(arguments: [["--minn", "3"], ["--subwords", "--minn", "0"], ["--subwords", "--minn", "5", "--maxn", "4"],
                      ["--subwords", "--buckets", "0"], ["--subwords", "--senses", "3"]])
    func badSubwordOptionsFailClearly(extra: [String]) throws {
        let (dir, path) = try TrainCLITests.corpus(tokens: 1_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("v.txt").path
        let r = try CLI.run(["train", path, "--output", out, "--model", out + ".sgm", "--quiet"] + extra)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("Error:"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func trainsAndAnswersOutOfVocabularyQueries() throws {
        let (dir, path) = try TrainCLITests.corpus(tokens: 20_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("v.txt").path, model = dir.appendingPathComponent("m.sgm").path
        var r = try CLI.run(["train", path, "--subwords", "--buckets", "5000", "--dim", "16", "--epochs", "2", "--threads", "1",
                             "--min-count", "2", "--output", out, "--model", model, "--quiet", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"buckets\": 5000"))
        // fastText's per-pair loop is the default with --subwords; only the buckets in use are stored.
        #expect(r.stdout.contains("\"update\": \"classic\""), "\(r.stdout)")
        let inUse = try #require(r.stdout.firstMatch(of: /"bucketsInUse": (\d+)/).map { Int($0.1)! })
        #expect(inUse > 100 && inUse < 5000, "\(inUse)")
        let (count, dimension) = try TrainCLITests.checkTextVectors(out)
        #expect(dimension == 16 && count > 100)

        // print-word-vectors: any word, one line each, the same vector for a vocabulary word as --output.
        let known = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")[1].split(separator: " ")
        r = try CLI.run(["vectors", model], stdin: "\(known[0]) zzqxunseen\n")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].split(separator: " ").count == 17 && lines[1].split(separator: " ").count == 17)
        let fromModel = lines[0].split(separator: " ").dropFirst().map { Float($0)! }
        let fromFile = known.dropFirst().map { Float($0)! }
        for (a, b) in zip(fromModel, fromFile) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
        r = try CLI.run(["vectors", model, "--ngrams"], stdin: "été\n")
        #expect(r.stdout.contains("<ét\t") && r.stdout.contains("té>\t"), "\(r.stdout)")

        r = try CLI.run(["neighbors", model, "zzqxunseen", "-k", "3"])
        #expect(r.status == 0 && r.stdout.split(separator: "\n").count == 3, "\(r.stderr)")
        r = try CLI.run(["similarity", model, "zzqxunseen", String(known[0])])
        #expect(r.status == 0 && Float(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) != nil, "\(r.stderr)")
        r = try CLI.run(["analogy", model, String(known[0]), "zzqxunseen", "qqzyunseen", "-k", "2"])
        #expect(r.status == 0 && r.stdout.split(separator: "\n").count == 2, "\(r.stderr)")
        // Plain vectors still refuse unknown words.
        r = try CLI.run(["similarity", out, "zzqxunseen", String(known[0])])
        #expect(r.status != 0 && r.stderr.contains("unknown word"))

        // eval similarity scores the out-of-vocabulary pair with the model, and counts it.
        let pairs = dir.appendingPathComponent("pairs.tsv").path
        try "\(known[0])\tzzqxunseen\t1\nzzqxunseen\tqqzyunseen\t2\n\(known[0])\t\(known[0])\t3\n"
            .write(toFile: pairs, atomically: true, encoding: .utf8)
        r = try CLI.run(["eval", "similarity", model, pairs, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"scored\" : 3") && r.stdout.contains("\"outOfVocabulary\" : 2"), "\(r.stdout)")
        r = try CLI.run(["eval", "similarity", out, pairs, "--json"])
        #expect(r.stdout.contains("\"scored\" : 1"), "\(r.stdout)")
    }
}
