import Foundation
import Testing

/// End-to-end tests of `train --senses`, `senses`, `disambiguate` and `eval pseudowords` on a tiny planted text.
@Suite(.serialized) struct SensesCLITests {
    /// Sentences on two topics; "bank" occurs in both, "cloudy" only in the weather topic.
    static func plantedText(sentences: Int) -> String {
        let topics = [["river", "water", "shore", "fish", "boat", "stream"],
                      ["money", "loan", "cash", "deposit", "account", "credit"],
                      ["sky", "cloud", "rain", "wind", "storm", "sun"]]
        var state: UInt64 = 12345
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var lines: [String] = []
        for _ in 0..<sentences {
            let t = next(3)
            var words = (0..<8).map { _ in topics[t][next(6)] }
            if t < 2 && next(2) == 0 { words[next(8)] = "bank" }
            if t == 2 && next(3) == 0 { words[next(8)] = "cloudy" }
            lines.append(words.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func trainedModel() throws -> (dir: URL, model: String) {
        let dir = try CLI.temporaryDirectory()
        let corpus = dir.appendingPathComponent("corpus.txt").path
        try plantedText(sentences: 2500).write(toFile: corpus, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("m.senses").path
        let r = try CLI.run(["train", corpus, "--senses", "4", "--model", model, "--output", dir.appendingPathComponent("v.txt").path,
                             "--dim", "12", "--epochs", "2", "--threads", "1", "--sample", "0", "--min-count", "1",
                             "--lr", "0.05", "--occurrences-per-sense", "50", "--quiet", "--json"])
        #expect(r.status == 0, "train failed: \(r.stderr)")
        // --json: one summary object on stdout.
        let summary = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(summary?["maxSenses"] as? Int == 4, "\(r.stdout)")
        #expect((summary?["words"] as? Int ?? 0) > 10)
        #expect((summary?["multiSenseWords"] as? Double ?? 0) >= 1, "\(r.stdout)")
        #expect((summary?["wordsPerSecond"] as? Double ?? 0) > 0)
        return (dir, model)
    }

    @Test func trainSensesAndDisambiguate() throws {
        let (dir, model) = try Self.trainedModel()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The table: a header and one row per sense above the threshold.
        let t = try CLI.run(["senses", model, "bank", "-k", "3"])
        #expect(t.status == 0, "\(t.stderr)")
        let lines = t.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("WORD") == true && lines.first?.contains("NEAREST NEIGHBOURS") == true)
        #expect(lines.count == 3, "bank should have two senses:\n\(t.stdout)")
        let one = try CLI.run(["senses", model, "cloudy", "--json"])
        let obj = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as! [String: Any]
        #expect((obj["senses"] as! [Any]).count == 1)
        // The word#k export.
        let text = try String(contentsOfFile: dir.appendingPathComponent("v.txt").path, encoding: .utf8)
        #expect(text.contains("\nbank#1 "))

        // Single context: river words and money words choose different senses.
        let river = try CLI.run(["disambiguate", model, "bank", "--context", "fish swim near the bank of the river water", "--json"])
        let money = try CLI.run(["disambiguate", model, "bank", "--context", "cash loan bank deposit account", "--json"])
        #expect(river.status == 0 && money.status == 0, "\(river.stderr)\(money.stderr)")
        let rj = try JSONSerialization.jsonObject(with: Data(river.stdout.utf8)) as! [String: Any]
        let mj = try JSONSerialization.jsonObject(with: Data(money.stdout.utf8)) as! [String: Any]
        #expect((rj["best"] as! Int) != (mj["best"] as! Int))
        #expect(((rj["posterior"] as! [Double]).max() ?? 0) > 0.9)
        #expect((rj["influence"] as! [[String: Any]]).count == (rj["context"] as! [String]).count)
        let human = try CLI.run(["disambiguate", model, "bank", "--context", "cash loan bank deposit"])
        #expect(human.stdout.contains("moved the choice"))

        // Batch form: one line per context, best index, TAB, posteriors.
        let batch = try CLI.run(["disambiguate", model, "bank", "--contexts", "-"],
                                stdin: "river water\tshore fish\nmoney cash\tloan credit\n\t\n")
        let out = batch.stdout.split(separator: "\n")
        #expect(out.count == 3, "\(batch.stdout)\(batch.stderr)")
        let first = out[0].split(separator: "\t"), second = out[1].split(separator: "\t")
        #expect(first.count == 2 && second.count == 2 && first[0] != second[0])
        let q = first[1].split(separator: " ").compactMap { Double($0) }
        #expect(q.count == 2 && abs(q.reduce(0, +) - 1) < 1e-4)
    }

    @Test func induceSensesFromContexts() throws {
        let (dir, model) = try Self.trainedModel()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines: [String] = []
        for i in 0..<60 {
            lines.append(i % 2 == 0 ? "the fish swim in the river water\tnear the shore boat stream"
                                    : "cash loan deposit money\taccount credit cash loan")
        }
        let contexts = dir.appendingPathComponent("bank.tsv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: contexts, atomically: true, encoding: .utf8)
        let auto = try CLI.run(["induce", model, "bank", "--contexts", contexts, "--json"])
        #expect(auto.status == 0, "\(auto.stderr)")
        let r = try CLI.run(["induce", model, "bank", "--contexts", contexts, "--senses", "2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect((obj["senses"] as! [Any]).count == 2, "\(r.stdout)")
        let assignments = obj["assignments"] as! [Int]
        #expect(assignments.count == 60)
        #expect(Set(stride(from: 0, to: 60, by: 2).map { assignments[$0] }).count == 1)
        #expect(Set(stride(from: 1, to: 60, by: 2).map { assignments[$0] }).count == 1)
        #expect(assignments[0] != assignments[1])
        // Human-readable form and a fixed K. The contexts hold two distinct points, so of K = 3 a sense may be
        // removed during EM (an expected count below 2); never more than K.
        let text = try CLI.run(["induce", model, "bank", "--contexts", contexts, "--senses", "3"])
        #expect(text.status == 0 && text.stdout.contains("bank#1") && !text.stdout.contains("bank#3")
                && text.stdout.contains("CONTEXT"), "\(text.stdout)\(text.stderr)")
        // Bad input: one-line errors, non-zero status.
        let missing = try CLI.run(["induce", model, "bank", "--contexts", dir.appendingPathComponent("none.tsv").path])
        #expect(missing.status != 0 && missing.stderr.contains("Error: cannot read"), "\(missing.stderr)")
        let badK = try CLI.run(["induce", model, "bank", "--contexts", contexts, "--senses", "many"])
        #expect(badK.status != 0 && badK.stderr.contains("--senses"))
        let empty = try CLI.run(["induce", model, "bank", "--contexts", "-"], stdin: "")
        #expect(empty.status != 0 && empty.stderr.contains("no context"), "\(empty.stderr)")
        let unknown = try CLI.run(["induce", model, "bank", "--contexts", "-"], stdin: "zzz qqq\tyyy\n")
        #expect(unknown.status != 0 && unknown.stderr.contains("knows"), "\(unknown.stderr)")
        // The point options: the plain bag gives the same two senses; bad values are one-line errors.
        let bag = try CLI.run(["induce", model, "bank", "--contexts", contexts, "--senses", "2", "--json", "--word-weights", "idf",
                               "--distance-decay", "0", "--collocation-weight", "0"])
        let bagAssignments = (try JSONSerialization.jsonObject(with: Data(bag.stdout.utf8)) as! [String: Any])["assignments"] as! [Int]
        #expect(bag.status == 0 && bagAssignments[0] != bagAssignments[1], "\(bag.stderr)")
        // Both EM starts find the two senses.
        for start in ["ward", "kmeans++"] {
            let fit = try CLI.run(["induce", model, "bank", "--contexts", contexts, "--senses", "2", "--json", "--init", start])
            let a = (try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as! [String: Any])["assignments"] as! [Int]
            #expect(fit.status == 0 && a[0] != a[1] && a[0] == a[2] && a[1] == a[3], "\(start): \(fit.stderr)")
        }
        for (option, value) in [("--word-weights", "tfidf"), ("--distance-decay", "-1"), ("--collocation-weight", "1e9"), ("--init", "random")] {
            let bad = try CLI.run(["induce", model, "bank", "--contexts", contexts, option, value])
            #expect(bad.status != 0 && bad.stderr.split(separator: "\n").first?.contains(option) == true, "\(bad.stderr)")
        }
        let notModel = try CLI.run(["induce", contexts, "bank", "--contexts", contexts])
        #expect(notModel.status != 0 && notModel.stderr.hasPrefix("Error:"), "\(notModel.stderr)")
    }

    @Test func clearErrors() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try CLI.run(["senses", dir.appendingPathComponent("nope").path, "bank"])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read"))
        let both = try CLI.run(["disambiguate", "m", "bank"])
        #expect(both.status != 0 && both.stderr.contains("--context"))
        let badPrior = try CLI.run(["train", "x.txt", "--senses", "3", "--prior", "nope", "--model", "m"])
        #expect(badPrior.status != 0 && badPrior.stderr.contains("--prior"))
        let badK = try CLI.run(["senses", "m", "bank", "-k", "-1"])
        #expect(badK.status != 0)
        let badCount = try CLI.run(["eval", "pseudowords", "x.txt", "--count", "0"])
        #expect(badCount.status != 0 && badCount.stderr.contains("--count"))
        let badKind = try CLI.run(["eval", "pseudowords", "x.txt", "--pair-kind", "verbs"])
        #expect(badKind.status != 0 && badKind.stderr.contains("--pair-kind"))
        #expect(try CLI.run(["senses", "--help"]).stdout.contains("p(z)"))
        #expect(try CLI.run(["eval", "pseudowords", "--help"]).stdout.contains("purity"))
    }

    @Test func pseudowordsEndToEnd() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("c.txt").path
        try Self.plantedText(sentences: 1500).write(toFile: corpus, atomically: true, encoding: .utf8)
        let pairs = dir.appendingPathComponent("pairs.txt").path
        try "fish cash\nriver sky\n".write(toFile: pairs, atomically: true, encoding: .utf8)
        let r = try CLI.run(["eval", "pseudowords", corpus, "--pairs", pairs, "--senses", "3", "--dim", "12",
                             "--threads", "1", "--min-count", "1", "--epochs", "2", "--json", "--quiet", "--ceiling"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let rows = obj["pairs"] as! [[String: Any]]
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { ($0["heldOut"] as! Int) > 10 })
        #expect((obj["purity"] as! Double) >= 0.5 && (obj["purity"] as! Double) <= 1)
        // The supervised ceiling: each pair's words come from disjoint topics, so a classifier trained with the
        // labels on the ±5 context words separates them almost perfectly.
        for row in rows {
            #expect((row["ceilingPurity"] as? Double ?? 0) >= 0.95, "\(row)")
            #expect((row["ceilingARI"] as? Double ?? 0) >= 0.8, "\(row)")
        }
        #expect(obj["ceilingARI"] is Double)
    }

    /// `train --senses` killed with SIGKILL after a checkpoint and finished with `--resume` writes the same model
    /// bytes as an uninterrupted run (one thread), for topical senses (their word-vector stage) and Adaptive
    /// Skip-gram; a resume without a checkpoint is refused.
    @Test(arguments: ["topic", "window"]) func sensesCheckpointSigkillAndResumeGiveTheSameBits(context: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus.txt").path
        try Self.plantedText(sentences: 2500).write(toFile: corpus, atomically: true, encoding: .utf8)
        func args(_ model: String) -> [String] {
            ["train", corpus, "--senses", "4", "--model", model, "--dim", "12", "--epochs", "60", "--threads", "1",
             "--sample", "0", "--min-count", "1", "--lr", "0.05", "--occurrences-per-sense", "50", "--quiet",
             "--sense-context", context]
        }
        let reference = dir.appendingPathComponent("ref.senses").path
        let r = try CLI.run(args(reference), timeout: 300)
        #expect(r.status == 0, "\(r.stderr)")
        let killed = dir.appendingPathComponent("killed.senses").path, checkpoint = killed + ".checkpoint"
        let none = try CLI.run(args(killed) + ["--resume"])
        #expect(none.status != 0 && none.stderr.contains("nothing to resume"), "\(none.stderr)")
        // Each epoch of this small text is one training round, so checkpoints come at epoch ends.
        let p = Process()
        p.executableURL = CLI.executable
        p.arguments = args(killed) + ["--checkpoint-every", "0.0001"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: checkpoint) && p.isRunning && Date() < deadline { usleep(5_000) }
        usleep(UInt32.random(in: 0...100_000))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: checkpoint) && !FileManager.default.fileExists(atPath: killed),
                "the kill should interrupt training after a checkpoint")
        let resumed = try CLI.run(args(killed) + ["--resume", "--checkpoint-every", "0.0001"], timeout: 300)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: checkpoint))
        let same = try Data(contentsOf: URL(fileURLWithPath: killed)) == Data(contentsOf: URL(fileURLWithPath: reference))
        #expect(same, "the resumed model differs from the uninterrupted one")
    }
}
