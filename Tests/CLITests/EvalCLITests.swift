import Foundation
import Testing

/// Contracts of `sensevec eval analogy|similarity|scws|wsi|all`.
@Suite struct EvalCLITests {
    /// Every word is gender + role + "person" (norm √3), so king − man + woman = queen exactly.
    static let vectorsText = """
        8 6
        man 1 0 1 0 0 1
        woman 0 1 1 0 0 1
        king 1 0 0 1 0 1
        queen 0 1 0 1 0 1
        boy 1 0 0 0 1 1
        girl 0 1 0 0 1 1
        apple 0 0 0 0 0 -1
        pear 0 0 0.2 0 0 -1

        """
    /// A weaker model: queen is moved away, so one analogy fails.
    static let weakerText = """
        6 6
        man 1 0 1 0 0 1
        woman 0 1 1 0 0 1
        king 1 0 0 1 0 1
        queen 0 0 0 0 0 -1
        boy 1 0 0 0 1 1
        girl 0 1 0 0 1 1

        """
    static let questions = """
        : family
        man king woman queen
        MAN BOY WOMAN GIRL
        king man queen woman
        man king woman dragon

        """
    static let pairs = """
        # Word 1\tWord 2\tHuman (mean)
        king\tqueen\t8
        man\tapple\t1
        boy\tgirl\t7
        pear\tapple\t9
        man\tdragon\t3

        """

    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func analogyTableAndJSON() throws {
        let dir = try CLI.temporaryDirectory()
        let v = try write(Self.vectorsText, "v.txt", in: dir), q = try write(Self.questions, "q.txt", in: dir)
        let table = try CLI.run(["eval", "analogy", v, q, "--quiet"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("family"))
        #expect(table.stdout.contains("100.00%"))
        let r = try CLI.run(["eval", "analogy", v, q, "--json", "--method", "mul", "--restrict", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try json(r.stdout)
        let total = try #require(obj["total"] as? [String: Any])
        #expect(total["correct"] as? Int == 3)
        #expect(total["answered"] as? Int == 3)
        #expect(total["skipped"] as? Int == 1)
        #expect(obj["method"] as? String == "mul")
        #expect(obj["questions"] as? Int == 4)
    }

    @Test func similarityJSON() throws {
        let dir = try CLI.temporaryDirectory()
        let v = try write(Self.vectorsText, "v.txt", in: dir), p = try write(Self.pairs, "ws.tsv", in: dir)
        let r = try CLI.run(["eval", "similarity", v, p, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let scores = try #require(try json(r.stdout)["scores"] as? [[String: Any]])
        #expect(scores[0]["scored"] as? Int == 4)
        #expect(scores[0]["skipped"] as? Int == 1)
        // cosines: king–queen 2/3, man–apple −1/√3, boy–girl 2/3, pear–apple ≈ 0.98 → ranks (2.5, 1, 2.5, 4)
        // against human (3, 1, 2, 4): ρ = 4.5/√(4.5·5) = √0.9
        let rho = try #require(scores[0]["spearman"] as? Double)
        #expect(abs(rho - 0.9.squareRoot()) < 1e-6)
        let text = try CLI.run(["eval", "similarity", v, p])
        #expect(text.stdout.contains("spearman") && text.stdout.contains("0.9487"))
    }

    @Test func malformedBenchmarkFilesNameTheLine() throws {
        let dir = try CLI.temporaryDirectory()
        let v = try write(Self.vectorsText, "v.txt", in: dir)
        let q = try write(": s\nman king woman\n", "bad.txt", in: dir)
        let r = try CLI.run(["eval", "analogy", v, q])
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.txt:2:"))
        let p = try write("a b 1\nc d x\n", "badpairs.txt", in: dir)
        let s = try CLI.run(["eval", "similarity", v, p])
        #expect(s.status != 0 && s.stderr.contains("badpairs.txt:2:"))
        let missing = try CLI.run(["eval", "analogy", dir.appendingPathComponent("nope.vec").path, try write(Self.questions, "q.txt", in: dir)])
        #expect(missing.status != 0 && missing.stderr.contains("nope.vec"))
    }

    @Test func absurdOptionsAreRejected() throws {
        for (args, needle) in [(["--method", "sub"], "--method"), (["--restrict", "-1"], "--restrict"), (["--threads", "0"], "--threads")] {
            let r = try CLI.run(["eval", "analogy", "v", "q"] + args)
            #expect(r.status != 0)
            #expect(r.stderr.contains(needle))
        }
        let help = try CLI.run(["eval", "--help"])
        #expect(help.status == 0)
        for sub in ["analogy", "similarity", "scws", "wsi", "all", "pseudowords"] { #expect(help.stdout.contains(sub)) }
    }

    @Test func scwsAndWSIOnWordVectors() throws {
        let dir = try CLI.temporaryDirectory()
        let v = try write(Self.vectorsText, "v.txt", in: dir)
        let scws = try write("""
            1\tking\tn\tqueen\tn\tthe <b> king </b> said\ta <b>queen</b> .\t8.0\t8\t8
            2\tman\tn\tapple\tn\t<b>man</b>\tan <b>apple</b>\t1.0\t1\t1
            3\tpear\tn\tapple\tn\t<b>pear</b>\tan <b>apple</b>\t9.0\t9\t9

            """, "scws.txt", in: dir)
        let s = try CLI.run(["eval", "scws", v, scws, "--json"])
        #expect(s.status == 0, "\(s.stderr)")
        let scores = try #require(try json(s.stdout)["scores"] as? [[String: Any]])
        #expect(scores.map { $0["measure"] as? String } == ["avgsimc", "maxsimc"])
        #expect(scores[0]["scored"] as? Int == 3)
        // one sense per word: both equal the cosine; 0.67, −0.58, 0.98 vs 8, 1, 9 → ρ = 1
        #expect(abs((scores[0]["spearman"] as? Double ?? 0) - 1) < 1e-9)

        let dataset = try write("king.n 3\nthe old\twas wise\na\tb\nc\td\nzebra.n 2\nx\ty\nz\tw\n", "wsi/dataset.txt", in: dir)
        let key = try write("king.n king.n.1 k1\nking.n king.n.2 k1\nking.n king.n.3 k2\nzebra.n zebra.n.1 z\nzebra.n zebra.n.2 z\n",
                            "wsi/key.txt", in: dir)
        let w = try CLI.run(["eval", "wsi", v, dataset, key, "--json", "--per-lemma"])
        #expect(w.status == 0, "\(w.stderr)")
        let obj = try json(w.stdout)
        // one cluster per lemma: king ARI 0 (gold has 2 senses), zebra ARI 1 (one gold sense) → mean 0.5
        #expect(abs((obj["ari"] as? Double ?? -1) - 0.5) < 1e-12)
        #expect(obj["unknownLemmas"] as? Int == 1)
        #expect((obj["perLemma"] as? [[String: Any]])?.count == 2)
        let noKey = try CLI.run(["eval", "wsi", v, dataset])
        #expect(noKey.status != 0 && noKey.stderr.contains("KEY"))
        // AVG and the instance-weighted averages beside the per-lemma means; F of king (one cluster, gold {1,2}{3}):
        // P = 1/3, R = 1 → 1/2; zebra: 1 → means 3/4 per lemma, (3·1/2 + 2·1)/5 = 0.7 per instance.
        #expect(abs((obj["fScore"] as? Double ?? -1) - 0.75) < 1e-12)
        let weighted = try #require(obj["weighted"] as? [String: Any])
        #expect(abs((weighted["fScore"] as? Double ?? -1) - 0.7) < 1e-12)
        // V: king 0 (one cluster), zebra 1 (one cluster, one gold sense) → 1/2; AVG = √(3/4 · 1/2).
        #expect(abs((obj["avg"] as? Double ?? -1) - (0.75 * 0.5).squareRoot()) < 1e-12)
        #expect(obj["clustersPerLemma"] as? Double == 1)
        let base = try CLI.run(["eval", "wsi", "--baseline", "one-per-instance", dataset, key, "--json"])
        #expect(base.status == 0, "\(base.stderr)")
        let b = try json(base.stdout)
        #expect(b["baseline"] as? String == "one-per-instance" && b["clustersPerLemma"] as? Double == 2.5)
        // No induced pair, and each lemma has a gold pair: F = 0 for both.
        #expect(b["fScore"] as? Double == 0 && b["unknownLemmas"] as? Int == 0)
        let text = try CLI.run(["eval", "wsi", "--baseline", "one-cluster", dataset, key])
        #expect(text.status == 0 && text.stdout.contains("weighted by instances") && text.stdout.contains("AVG"))
        let tooMany = try CLI.run(["eval", "wsi", "--baseline", "one-cluster", v, dataset, key])
        #expect(tooMany.status != 0 && tooMany.stderr.contains("without a model"))
        let badBaseline = try CLI.run(["eval", "wsi", "--baseline", "random", dataset, key])
        #expect(badBaseline.status != 0)
    }

    /// `eval wsi --induce`: senses fitted to each lemma's evaluated contexts. Word vectors alone give one cluster
    /// per lemma (V = 0); contexts made of river words and of money words must come out as the two gold senses.
    @Test func wsiInducedFromTheContexts() throws {
        let dir = try CLI.temporaryDirectory()
        let v = try write("""
            10 3
            river 1 0.05 0
            water 0.95 0.1 0.05
            fish 0.9 0 0.1
            shore 1 0.1 0.1
            boat 0.92 0.05 0
            money 0 1 0.05
            loan 0.1 0.95 0
            cash 0.05 0.9 0.1
            account 0 1 0.1
            deposit 0.1 0.92 0

            """, "v.txt", in: dir)
        let river = ["river\twater", "the fish\tshore", "boat\triver", "water water\tfish", "shore\tboat", "the river\tfish"]
        let money = ["money\tloan", "the cash\taccount", "deposit\tmoney", "loan loan\tcash", "account\tdeposit", "the money\tcash"]
        var lines: [String] = [], key: [String] = []
        for i in 0..<12 {
            lines.append(i % 2 == 0 ? river[i / 2] : money[i / 2])
            key.append("bank.n bank.n.\(i + 1) \(i % 2 == 0 ? "edge" : "finance")")
        }
        let dataset = try write("bank.n 12\n" + lines.joined(separator: "\n") + "\n", "wsi/dataset.txt", in: dir)
        let keyFile = try write(key.joined(separator: "\n") + "\n", "wsi/key.txt", in: dir)
        let plain = try json(try CLI.run(["eval", "wsi", v, dataset, keyFile, "--json"]).stdout)
        #expect(plain["vMeasure"] as? Double == 0)
        for extra in [["--senses", "2"], []] {
            let r = try CLI.run(["eval", "wsi", "--induce", v, dataset, keyFile, "--json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let obj = try json(r.stdout)
            #expect(abs((obj["ari"] as? Double ?? 0) - 1) < 1e-12, "\(extra): \(r.stdout)")
            #expect(obj["clustersPerLemma"] as? Double == 2)
            #expect((obj["model"] as? String ?? "").contains("induced"))
        }
        let both = try CLI.run(["eval", "wsi", "--induce", "--baseline", "one-cluster", dataset, keyFile])
        #expect(both.status != 0 && both.stderr.contains("--induce"))
        let stray = try CLI.run(["eval", "wsi", v, dataset, keyFile, "--senses", "3"])
        #expect(stray.status != 0 && stray.stderr.contains("--induce only"))
    }

    @Test func allBenchmarksSeveralModels() throws {
        let dir = try CLI.temporaryDirectory()
        let v = try write(Self.vectorsText, "good.txt", in: dir), w = try write(Self.weakerText, "weak.txt", in: dir)
        let data = dir.appendingPathComponent("bench")
        _ = try write(Self.questions, "analogy/family.txt", in: data)
        _ = try write(Self.pairs, "similarity/pairs.tsv", in: data)
        _ = try write("king.n 2\na\tb\nc\td\n", "wsi/tiny/dataset.txt", in: data)
        _ = try write("king.n king.n.1 k1\nking.n king.n.2 k1\n", "wsi/tiny/key.txt", in: data)
        _ = try write("not a benchmark", "README.md", in: data)
        let r = try CLI.run(["eval", "all", v, w, "--data", data.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let good = try #require(lines.first { $0.hasPrefix(v) })
        #expect(good.contains("100.00%*"))
        #expect(r.stdout.contains("family (accuracy)") && r.stdout.contains("pairs (ρ)") && r.stdout.contains("tiny (ARI)"))
        let j = try CLI.run(["eval", "all", v, w, "--data", data.path, "--json", "--quiet"])
        let obj = try json(j.stdout)
        let best = try #require(obj["best"] as? [String: String])
        #expect(best["family"] == v)
        #expect((obj["models"] as? [[String: Any]])?.count == 2)
        #expect((obj["benchmarks"] as? [[String: Any]])?.count == 3)

        _ = try write(": s\nbroken line\n", "analogy/broken.txt", in: data)
        let bad = try CLI.run(["eval", "all", v, "--data", data.path])
        #expect(bad.status != 0 && bad.stderr.contains("broken.txt:2:"))
        let noData = try CLI.run(["eval", "all", v, "--data", dir.appendingPathComponent("nothing").path])
        #expect(noData.status != 0 && noData.stderr.contains("does not exist"))
    }
}
