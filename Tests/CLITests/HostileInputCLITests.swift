import Foundation
import Testing

/// Standard input as a training corpus: every mode reads it through a temporary copy and gives the same bits
/// as the file (one thread, one seed), gzip included; the copy is removed afterwards.
@Suite(.serialized) struct StandardInputTrainingCLITests {
    static let common = ["--threads", "1", "--dim", "8", "--epochs", "1", "--quiet", "--seed", "3"]

    @Test(arguments: [[String](), ["--hs"], ["--cbow"], ["--softmax"], ["--subwords", "--buckets", "1000"],
                      ["--senses", "3"]])
    func standardInputGivesTheSameVectorsAsTheFile(_ mode: [String]) throws {
        let (dir, corpus) = try TrainCLITests.corpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let fromFile = dir.appendingPathComponent("file.txt").path, fromStdin = dir.appendingPathComponent("stdin.txt").path
        let model = mode.first == "--senses" ? ["--model", dir.appendingPathComponent("m.senses").path] : []
        let a = try CLI.run(["train", corpus, "--output", fromFile] + model + mode + Self.common)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try CLI.run(["train", "-", "--output", fromStdin] + model + mode + Self.common,
                            input: try Data(contentsOf: URL(fileURLWithPath: corpus)), environment: ["TMPDIR": spool.path])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: fromFile)) == Data(contentsOf: URL(fileURLWithPath: fromStdin)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty, "the copy of standard input is left behind")
    }

    @Test func gzipOnStandardInput() throws {
        let (dir, corpus) = try TrainCLITests.corpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gz = Process()
        gz.executableURL = URL(fileURLWithPath: "/bin/sh")
        gz.arguments = ["-c", "gzip -c '\(corpus)' > '\(corpus).gz'"]
        try gz.run(); gz.waitUntilExit()
        let plain = dir.appendingPathComponent("plain.bin").path, zipped = dir.appendingPathComponent("zipped.bin").path
        #expect(try CLI.run(["train", corpus, "--output", plain] + Self.common).status == 0)
        let r = try CLI.run(["train", "-", "--output", zipped] + Self.common, input: try Data(contentsOf: URL(fileURLWithPath: corpus + ".gz")))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: plain)) == Data(contentsOf: URL(fileURLWithPath: zipped)))
    }

    @Test func demoTrainsOnStandardInput() throws {
        let (dir, corpus) = try TrainCLITests.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["demo", "--corpus", "-", "--out", dir.appendingPathComponent("demo").path, "--threads", "1",
                             "--epochs", "1", "--dim", "4", "--map-words", "10", "--quiet", "--json"],
                            input: try Data(contentsOf: URL(fileURLWithPath: corpus)), timeout: 300)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("demo/vectors.bin").path))
    }

    /// The copy of standard input is removed when training fails and when the process is interrupted while
    /// it is still reading standard input.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func theCopyIsRemovedOnErrorsAndSignals(signal: Int32) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        func left() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? [] }
        let failed = try CLI.run(["train", "-", "--output", dir.appendingPathComponent("v.bin").path, "--quiet"],
                                 stdin: "too few words\n", environment: ["TMPDIR": spool.path])
        #expect(failed.status == 1 && failed.stderr.contains("min-count"), "\(failed.stderr)")
        #expect(left().isEmpty, "left behind after an error: \(left())")
        // Standard input kept open: the command is still copying it when the signal comes.
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["train", "-", "--output", dir.appendingPathComponent("v.bin").path, "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": spool.path]) { $1 }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data("the copy has started\n".utf8))
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && process.isRunning && left().isEmpty { Thread.sleep(forTimeInterval: 0.02) }
        #expect(!left().isEmpty, "the copy never appeared")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
        #expect(left().isEmpty, "left behind after the signal: \(left())")
    }

    @Test func standardInputTwiceIsRefused() throws {
        let r = try CLI.run(["train", "-", "-", "--output", "/tmp/never.bin"], stdin: "a b c\n")
        #expect(r.status != 0)
        #expect(r.stderr.contains("can be read only once"), "\(r.stderr)")
        let empty = try CLI.run(["train", "-", "--output", "/tmp/never.bin"], stdin: "")
        #expect(empty.status == 1 && empty.stderr.contains("standard input gave no text"), "\(empty.stderr)")
    }
}

/// Every command checks the files it writes before it does any work: a missing folder, an output that is
/// one of the inputs, two outputs naming one file.
@Suite struct OutputCheckCLITests {
    @Test func missingOutputFolderIsFoundBeforeTraining() throws {
        let (dir, corpus) = try TrainCLITests.corpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["train", corpus, "--output", dir.appendingPathComponent("nowhere/v.bin").path, "--epochs", "50"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("does not exist"), "\(r.stderr)")
        #expect(!r.stderr.contains("training"), "training ran before the output was checked:\n\(r.stderr)")
    }

    /// A folder the user cannot write into is found before any work (as root, the command runs as `nobody`).
    @Test func readOnlyOutputFolderIsFoundBeforeTraining() throws {
        let (dir, corpus) = try TrainCLITests.corpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(dir.path, 0o755)
        chmod(corpus, 0o644)
        let args = ["train", corpus, "--output", locked.appendingPathComponent("v.bin").path, "--epochs", "50"]
        let r: CLI.Result
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
            chmod(locked.path, 0o755)
            r = try ReliabilityCLITests.runAsNobody(args)
        } else {
            chmod(locked.path, 0o555)
            r = try CLI.run(args)
        }
        #expect(r.status == 1)
        #expect(r.stderr.contains("Permission denied") && r.stderr.contains("locked"), "\(r.stderr)")
        #expect(!r.stderr.contains("training"), "training ran before the output was checked:\n\(r.stderr)")
    }

    @Test func outputEqualToInputIsRefusedAndTheInputKept() throws {
        let (dir, corpus) = try TrainCLITests.corpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Data(contentsOf: URL(fileURLWithPath: corpus))
        let link = dir.appendingPathComponent("link.txt").path
        try FileManager.default.linkItem(atPath: corpus, toPath: link)
        let csv = dir.appendingPathComponent("ok.csv").path
        try "1,2,3\n4,5,6\n7,8,10\n2,2,2\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let vectors = dir.appendingPathComponent("v.txt").path
        try CoreCLITests.vectorsText.write(toFile: vectors, atomically: true, encoding: .utf8)
        let cases: [[String]] = [
            ["train", corpus, "--output", corpus, "--quiet"],
            ["train", corpus, "--output", dir.appendingPathComponent("x.bin").path, "--model", link, "--quiet"],
            ["vocab", corpus, "--save", corpus, "--quiet"],
            ["vocab", dir.path, "--save", corpus, "--quiet"],
            ["pca", csv, "--output", csv, "--components", "2"],
            ["tsne", csv, "--output", csv],
            ["convert", vectors, vectors],
        ]
        for args in cases {
            let r = try CLI.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("is the input"), "\(args): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: corpus)) == before)
        let same = try CLI.run(["train", corpus, "--output", dir.appendingPathComponent("m").path,
                                "--model", dir.appendingPathComponent("./m").path, "--quiet"])
        #expect(same.status == 1)
        #expect(same.stderr.contains("name the same file"), "\(same.stderr)")
    }

    /// An output that does not exist yet inside an input folder would become part of that input, and `--output
    /// NAME.tsv` also writes `NAME-metadata.tsv`: both are refused before any work, with one line.
    @Test func outputsInsideInputFoldersAndMetadataFilesAreCheckedFirst() throws {
        let (dir, corpus) = try TrainCLITests.corpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("texts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: corpus, toPath: folder.appendingPathComponent("a.txt").path)
        let metadataCorpus = dir.appendingPathComponent("p-metadata.tsv").path
        try FileManager.default.copyItem(atPath: corpus, toPath: metadataCorpus)
        let before = try Data(contentsOf: URL(fileURLWithPath: metadataCorpus))
        let inside = folder.appendingPathComponent("x.bin").path
        let cases: [([String], String)] = [
            (["train", folder.path, "--output", inside, "--quiet"], "inside the input folder"),
            (["train", folder.path + "/", "--output", dir.appendingPathComponent("v.bin").path, "--model", folder.appendingPathComponent("m.model").path, "--quiet"], "inside the input folder"),
            (["train", folder.path, "--senses", "2", "--output", inside, "--quiet"], "inside the input folder"),
            (["vocab", folder.path, "--save", folder.appendingPathComponent("v.vocab").path, "--quiet"], "inside the input folder"),
            (["train", metadataCorpus, "--output", dir.appendingPathComponent("p.tsv").path, "--quiet"], "the metadata of --output"),
            (["train", corpus, "--output", dir.appendingPathComponent("q.tsv").path, "--model", dir.appendingPathComponent("q-metadata.tsv").path, "--quiet"], "name the same file"),
        ]
        for (args, fragment) in cases {
            let r = try CLI.run(args)
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(fragment), "\(args): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.txt"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: metadataCorpus)) == before)
        // Beside the folder is fine.
        let ok = try CLI.run(["vocab", folder.path, "--save", dir.appendingPathComponent("v.vocab").path, "--quiet"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func demoOutIsAFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("f").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        for args in [["demo", "--out", file, "--quiet"], ["corpus", "synth", "--out", file, "--quiet"],
                     ["demo", "--out", file + "/sub", "--quiet"]] {
            let r = try CLI.run(args)
            #expect(r.status == 1)
            #expect(!r.stderr.contains("NSCocoaErrorDomain") && r.stderr.contains("file"), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }
}

/// `disambiguate --contexts`: one record per input line, CRLF stripped, --json honoured, empty input valid.
@Suite(.serialized) struct ContextsFileCLITests {
    @Test func oneRecordPerLineWithCRLFAndJSON() throws {
        let (dir, model) = try SensesCLITests.trainedModel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = ["the river\twater fish", "", "money loan\tcash", "   ", "sky\t", "deposit account\tcredit"]
        let lf = dir.appendingPathComponent("lf.tsv").path, crlf = dir.appendingPathComponent("crlf.tsv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: lf, atomically: true, encoding: .utf8)
        try (lines.joined(separator: "\r\n") + "\r\n").write(toFile: crlf, atomically: true, encoding: .utf8)
        let a = try CLI.run(["disambiguate", model, "bank", "--contexts", lf])
        #expect(a.status == 0, "\(a.stderr)")
        let records = a.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(records.count == 6, "\(a.stdout)")
        let b = try CLI.run(["disambiguate", model, "bank", "--contexts", crlf])
        #expect(b.stdout == a.stdout)
        // The two topics get different senses, and the empty lines the prior's answer.
        #expect(records[0].split(separator: "\t")[0] != records[2].split(separator: "\t")[0], "\(a.stdout)")
        #expect(records[1] == records[3])
        let j = try CLI.run(["disambiguate", model, "bank", "--contexts", lf, "--json"])
        #expect(j.status == 0)
        let objects = try j.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 6)
        #expect(objects.map { $0["line"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(objects[1]["contextWords"] as? Int == 0)
        #expect((objects[0]["contextWords"] as? Int ?? 0) > 0)
        #expect(objects.map { "\($0["best"] as? Int ?? -1)" } == records.map { String($0.split(separator: "\t")[0]) })
        // An empty input is valid: no record, exit 0.
        let empty = try CLI.run(["disambiguate", model, "bank", "--contexts", "/dev/null"])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.isEmpty)
        let none = try CLI.run(["induce", model, "bank", "--contexts", "/dev/null"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("empty"), "\(none.stderr)")
        let missing = try CLI.run(["disambiguate", model, "bank", "--contexts", dir.appendingPathComponent("nope").path])
        #expect(missing.stderr.contains("No such file"), "\(missing.stderr)")
    }
}

/// `neighbors` with queries on standard input: a record per query, and exit status 1 when any failed.
@Suite struct NeighborsStdinCLITests {
    @Test func recordPerQueryAndFailureStatus() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let v = dir.appendingPathComponent("v.txt").path
        try CoreCLITests.vectorsText.write(toFile: v, atomically: true, encoding: .utf8)
        for batch in [[], ["--batch"]] {
            let r = try CLI.run(["neighbors", v, "-k", "2"] + batch, stdin: "apple\nnope\n\nking queen\n")
            #expect(r.status == 1, "\(batch)")
            // Records in input order: a header per query, the failed one with no rows.
            let headers = r.stdout.split(separator: "\n").filter { $0.hasPrefix("# ") }
            #expect(headers == ["# apple", "# nope", "# king queen"], "\(r.stdout)")
            #expect(r.stdout.hasPrefix("# apple\npear\t") && r.stdout.contains("# nope\n# king queen\n"), "\(r.stdout)")
            #expect(r.stdout.components(separatedBy: "# ").count - 1 == 3, "\(r.stdout)")
            #expect(r.stderr.contains("nope") && r.stderr.contains("1 of 3 queries failed"), "\(r.stderr)")
            let ok = try CLI.run(["neighbors", v, "-k", "1"] + batch, stdin: "apple\npear\n")
            #expect(ok.status == 0)
            #expect(ok.stdout.hasPrefix("# apple\n"), "\(ok.stdout)")
            let all = try CLI.run(["neighbors", v, "--json"] + batch, stdin: "x\ny\n")
            #expect(all.status == 1)
            #expect(all.stdout.split(separator: "\n").count == 2)
        }
    }
}

/// Negative values of numeric options reach validation (ArgumentParser would take `-1` for an option and say
/// "Missing value") and are refused with a message naming the option.
@Suite struct NegativeOptionCLITests {
    @Test(arguments: [
        ["train", "c.txt", "--output", "v.bin", "--alpha", "-1"], ["train", "c.txt", "--output", "v.bin", "--dim", "-3"],
        ["train", "c.txt", "--output", "v.bin", "--window", "-1"], ["train", "c.txt", "--output", "v.bin", "--negative", "-5"],
        ["train", "c.txt", "--output", "v.bin", "--sample", "-0.1"], ["train", "c.txt", "--output", "v.bin", "--min-count", "-1"],
        ["train", "c.txt", "--output", "v.bin", "--epochs", "-1"], ["train", "c.txt", "--output", "v.bin", "--threads", "-2"],
        ["train", "c.txt", "--output", "v.bin", "--min-alpha", "-1"], ["train", "c.txt", "--output", "v.bin", "--max-vocab", "-1"],
        ["train", "c.txt", "--output", "v.bin", "--checkpoint-every", "-1"], ["train", "c.txt", "--output", "v.bin", "--max-token-length", "-1"],
        ["train", "c.txt", "--model", "m", "--senses", "-2"], ["train", "c.txt", "--model", "m", "--senses", "2", "--lr", "-1"],
        ["train", "c.txt", "--model", "m", "--senses", "2", "--threshold", "-1"], ["train", "c.txt", "--model", "m", "--senses", "2", "--warmup", "-1"],
        ["train", "c.txt", "--output", "v.bin", "--subwords", "--minn", "-1"], ["train", "c.txt", "--output", "v.bin", "--subwords", "--buckets", "-1"],
        ["vocab", "c.txt", "--min-count", "-1"], ["vocab", "c.txt", "--top", "-1"], ["vocab", "c.txt", "--max-size", "-1"],
        ["neighbors", "v.txt", "x", "-k", "-1"], ["neighbors", "v.txt", "x", "--restrict", "-1"], ["neighbors", "v.txt", "x", "--limit", "-1"],
        ["analogy", "v.txt", "a", "b", "c", "-k", "-1"],
        ["tsne", "m.csv", "--output", "o.tsv", "--perplexity", "-5"], ["tsne", "m.csv", "--output", "o.tsv", "--iterations", "-1"],
        ["tsne", "m.csv", "--output", "o.tsv", "--theta", "-1"], ["tsne", "m.csv", "--output", "o.tsv", "--top", "-1"],
        ["pca", "m.csv", "--output", "o.tsv", "--components", "-1"], ["pca", "m.csv", "--output", "o.tsv", "--threads", "-1"],
        ["demo", "--tokens", "-1"], ["demo", "--dim", "-1"], ["corpus", "synth", "--tokens", "-1", "--out", "x"],
        ["disambiguate", "m", "w", "--context", "x", "--window", "-1"], ["induce", "m", "w", "--contexts", "c", "--senses", "-1"],
        ["senses", "m", "w", "-k", "-1"], ["eval", "pseudowords", "c.txt", "--count", "-1"], ["eval", "pseudowords", "c.txt", "--alpha", "-1"],
        ["kl-demo", "--grid-points", "-1"], ["kl-demo", "--init-sigma", "-1"],
        ["train", "c.txt", "--model", "m", "--senses", "2", "--sense-context", "topic", "--split-threshold", "-1"],
        ["eval", "pseudowords", "c.txt", "--split-threshold", "-1"], ["induce", "m", "w", "--contexts", "c", "--split-threshold", "-1"],
        ["eval", "pseudowords", "c.txt", "--context-window", "-1"], ["eval", "pseudowords", "c.txt", "--context-decay", "-1"],
        ["eval", "pseudowords", "c.txt", "--adjacent-weight", "-1"],
        ["train", "c.txt", "--model", "m", "--senses", "2", "--merge-threshold", "nan"],
    ])
    func negativeValuesAreRefusedByName(_ args: [String]) throws {
        let r = try CLI.run(args)
        let option = args.last(where: { $0.hasPrefix("-") && Double($0) == nil })!
        #expect(r.status != 0, "\(args)")
        #expect(!r.stderr.contains("Missing value"), "\(args): \(r.stderr)")
        #expect(r.stderr.contains(option) || r.stderr.contains(String(option.drop(while: { $0 == "-" }))), "\(args): \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"), "\(args): \(r.stderr)")
    }
}

/// `--negative 1000` (or a learning rate far too high) stops as soon as training diverges, naming the settings to lower.
@Suite struct DivergenceCLITests {
    @Test func divergenceStopsEarlyAndNamesTheSettings() throws {
        let (dir, corpus) = try TrainCLITests.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("v.txt").path
        let r = try CLI.run(["train", corpus, "--output", out, "--alpha", "10", "--negative", "50", "--threads", "1",
                             "--dim", "10", "--epochs", "20", "--quiet"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("diverged") && r.stderr.contains("--alpha") && r.stderr.contains("--negative"), "\(r.stderr)")
        // Stopped in the first epoch (5% of 20 epochs), not after the whole run.
        #expect(r.stderr.contains("at 5%") || r.stderr.contains("at 4%"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The multi-sense trainer checks its senses after every round as the skip-gram trainer does: a learning rate
    /// that makes them overflow stops the run in its first epoch with one line naming `--lr`.
    @Test func senseTrainingDivergenceStopsEarlyAndNamesTheLearningRate() throws {
        let (dir, corpus) = try TrainCLITests.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("s.txt").path
        let r = try CLI.run(["train", corpus, "--senses", "3", "--lr", "2", "--threads", "1", "--dim", "10",
                             "--epochs", "20", "--output", out, "--quiet"])
        #expect(r.status == 1, "\(r.status): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("training diverged at") && lines[0].hasSuffix("lower --lr (now 2.0)"), "\(r.stderr)")
        #expect(r.stderr.contains("at 5%") || r.stderr.contains("at 4%"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        // Topical senses train skip-gram vectors first, at --lr: the error names --lr, not the skip-gram options
        // (--alpha is the prior's concentration with --senses; --negative is refused there).
        let topical = try CLI.run(["train", corpus, "--senses", "3", "--sense-context", "topic", "--lr", "2", "--threads", "1",
                                   "--dim", "10", "--epochs", "20", "--output", out, "--quiet"])
        #expect(topical.status == 1, "\(topical.stderr)")
        #expect(topical.stderr.contains("training diverged at") && topical.stderr.hasSuffix("lower --lr (now 2.0)\n"), "\(topical.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func moreNegativesThanWordsIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("c.txt").path
        try String(repeating: "a b c d e f g h\n", count: 200).write(toFile: corpus, atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", corpus, "--output", dir.appendingPathComponent("v.txt").path, "--negative", "20", "--quiet"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--negative 20 is not below the vocabulary's 8 words"), "\(r.stderr)")
    }
}

/// `--max-token-length` on train and vocab.
@Suite struct MaxTokenLengthCLITests {
    @Test func tokensAreCutAtTheGivenLength() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("c.txt").path
        try String(repeating: "abcdefghij ééééé short\n", count: 20).write(toFile: corpus, atomically: true, encoding: .utf8)
        let r = try CLI.run(["vocab", corpus, "--max-token-length", "5", "--min-count", "1", "--json", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let words = (o["top"] as? [[String: Any]] ?? []).compactMap { $0["word"] as? String }
        // "ééééé" is 10 bytes: cut to 2 characters (4 bytes), on a character boundary.
        #expect(Set(words) == ["abcde", "éé", "short"], "\(r.stdout)")
        #expect(o["truncated_tokens"] as? Int == 40)
        let t = try CLI.run(["train", corpus, "--output", dir.appendingPathComponent("v.txt").path, "--max-token-length", "5",
                             "--min-count", "1", "--dim", "4", "--negative", "2", "--quiet"])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(try String(contentsOfFile: dir.appendingPathComponent("v.txt").path, encoding: .utf8).contains("\nabcde "))
        let bad = try CLI.run(["vocab", corpus, "--max-token-length", "0"])
        #expect(bad.status != 0 && bad.stderr.contains("--max-token-length"))
    }
}

/// `eval pseudowords` explains why pairs are refused or too few.
@Suite struct PseudowordsMessagesCLITests {
    @Test func repeatedWordAndTooFewPairs() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("c.txt").path
        try SensesCLITests.plantedText(sentences: 800).write(toFile: corpus, atomically: true, encoding: .utf8)
        let pairs = dir.appendingPathComponent("pairs.txt").path
        try "river money\nwater river\n".write(toFile: pairs, atomically: true, encoding: .utf8)
        let r = try CLI.run(["eval", "pseudowords", corpus, "--pairs", pairs, "--quiet", "--threads", "1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("'river' is in two pairs"), "\(r.stderr)")
        let few = try CLI.run(["eval", "pseudowords", corpus, "--count", "5", "--pair-min-count", "1", "--quiet", "--threads", "1"])
        #expect(few.status == 1)
        #expect(few.stderr.contains("ranked after the 300 most frequent") && few.stderr.contains("held-out"), "\(few.stderr)")
    }

    /// 300,000 synthetic tokens: about 1,180 words reach 20 occurrences, but only 3 have the 20 held-out
    /// occurrences a pair needs, so lowering --pair-min-count cannot help and the message says what can.
    @Test func tooFewPairsNamesTheHeldOutLimit() throws {
        let (dir, corpus) = try TrainCLITests.corpus(tokens: 300_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["eval", "pseudowords", corpus, "--pair-min-count", "20", "--quiet", "--threads", "1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("only 1 of 20 pairs"), "\(r.stderr)")
        #expect(r.stderr.contains("at least 20 times in the held-out part") && r.stderr.contains("raise --held-out")
                && r.stderr.contains("lowering --pair-min-count does not help"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}

/// An option of one multi-sense model given to the other is refused by name, not silently ignored.
@Suite struct SenseModelOptionsCLITests {
    @Test(arguments: [
        ["--warmup", "0.5"], ["--split-margin", "0.3"],
        ["--sense-context", "window", "--merge-threshold", "1"], ["--sense-context", "window", "--context-window", "10"],
        ["--sense-context", "window", "--adjacent-weight", "0"], ["--sense-context", "window", "--sense-count", "bic"],
    ])
    func optionsOfTheOtherModelAreRefused(_ extra: [String]) throws {
        let r = try CLI.run(["train", "c.txt", "--senses", "2", "--model", "m"] + extra)
        let option = extra[extra.count - 2]
        #expect(r.status != 0, "\(extra)")
        #expect(r.stderr.contains(option) && r.stderr.contains("applies to"), "\(extra): \(r.stderr)")
    }
}
