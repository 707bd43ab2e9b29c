import Foundation
import Testing

/// Contracts of `vocab`, `neighbors`, `analogy`, `similarity` and `convert`.
@Suite struct CoreCLITests {
    /// man/king/woman/queen planted so that king − man + woman = queen exactly; two distractors.
    static let vectorsText = """
        6 3
        man 1.0 0.0 0.0
        king 1.0 1.0 0.0
        woman 1.0 0.0 1.0
        queen 1.0 1.0 1.0
        apple 0.1 -1.0 0.2
        pear 0.0 -1.0 0.3

        """

    func vectorsFile() throws -> String {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("v.txt").path
        try Self.vectorsText.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func json(_ text: String) throws -> [String: Any] {
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(obj as? [String: Any])
    }

    @Test func neighborsJSONShape() throws {
        let v = try vectorsFile()
        let r = try CLI.run(["neighbors", v, "apple", "-k", "2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        #expect(o["word"] as? String == "apple")
        let list = try #require(o["neighbors"] as? [[String: Any]])
        #expect(list.count == 2)
        #expect(list.first?["word"] as? String == "pear")
        #expect((list.first?["similarity"] as? Double ?? 0) > 0.9)
    }

    @Test func neighborsReadsQueriesFromStdin() throws {
        let v = try vectorsFile()
        let r = try CLI.run(["neighbors", v, "-k", "1", "--json"], stdin: "apple\nnope\npear\n")
        // One query failed: the others are answered and the exit status says so.
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(try json(lines[0])["word"] as? String == "apple")
        #expect(try json(lines[1])["error"] as? String != nil)
        let third = try json(lines[2])
        #expect((third["neighbors"] as? [[String: Any]])?.first?["word"] as? String == "apple")
    }

    @Test func batchModeGivesTheSameAnswers() throws {
        let v = try vectorsFile()
        let input = "apple\nnope\nking queen\npear\n"
        let a = try CLI.run(["neighbors", v, "-k", "2", "--json"], stdin: input)
        let b = try CLI.run(["neighbors", v, "-k", "2", "--json", "--batch"], stdin: input)
        #expect(a.status == 1 && b.status == 1)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.split(separator: "\n").count == 4)
    }

    @Test func analogyAnswersQueen() throws {
        let v = try vectorsFile()
        for method in ["add", "mul"] {
            let r = try CLI.run(["analogy", v, "man", "king", "woman", "-k", "2", "--method", method, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let o = try json(r.stdout)
            #expect(o["query"] as? [String] == ["man", "king", "woman"])
            let list = try #require(o["neighbors"] as? [[String: Any]])
            #expect(list.first?["word"] as? String == "queen")
            #expect(!list.contains { ["man", "king", "woman"].contains($0["word"] as? String ?? "") })
        }
        let plain = try CLI.run(["analogy", v, "man", "king", "woman", "-k", "1"])
        #expect(plain.stdout.hasPrefix("queen\t"))
    }

    @Test func analogyQuestionsFromStdinInBatch() throws {
        let v = try vectorsFile()
        let input = "man king woman\nman king nope\nonly two\nwoman queen man\n"
        let a = try CLI.run(["analogy", v, "-k", "1", "--json"], stdin: input)
        let b = try CLI.run(["analogy", v, "-k", "1", "--json", "--batch"], stdin: input)
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
        let lines = a.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect((try json(lines[0])["neighbors"] as? [[String: Any]])?.first?["word"] as? String == "queen")
        #expect(try json(lines[1])["error"] as? String != nil)
        #expect(try json(lines[2])["error"] as? String != nil)
        #expect((try json(lines[3])["neighbors"] as? [[String: Any]])?.first?["word"] as? String == "king")
    }

    @Test func vocabCountsStdinAndSaves() throws {
        let dir = try CLI.temporaryDirectory()
        let save = dir.appendingPathComponent("v.tsv").path
        let text = "the cat the dog\nthe end cat\n"
        let r = try CLI.run(["vocab", "-", "--min-count", "2", "--json", "--save", save, "--quiet"], stdin: text)
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        #expect(o["words"] as? Int == 2)
        #expect(o["tokens"] as? Int == 7)
        let top = try #require(o["top"] as? [[String: Any]])
        #expect(top.first?["word"] as? String == "the" && top.first?["count"] as? Int == 3)
        #expect(try String(contentsOfFile: save, encoding: .utf8) == "the\t3\ncat\t2\n")
        let plain = try CLI.run(["vocab", "-", "--min-count", "1", "--quiet"], stdin: text)
        #expect(plain.stdout.contains("words: 4"))
        #expect(plain.stdout.contains("M tokens/s"))
        for args in [["vocab", "/nonexistent/corpus.txt"], ["vocab", "-", "--min-count", "0"], ["vocab", "-", "--max-size", "-3"]] {
            let bad = try CLI.run(args, stdin: "")
            #expect(bad.status != 0, "\(args)")
            #expect(!bad.stderr.isEmpty)
        }
    }

    @Test func similarityOfPairs() throws {
        let v = try vectorsFile()
        let r = try CLI.run(["similarity", v, "king", "queen", "--json"])
        #expect(r.status == 0)
        let o = try json(r.stdout)
        #expect(o["words"] as? [String] == ["king", "queen"])
        let s = try #require(o["similarity"] as? Double)
        #expect(abs(s - 2 / (2.0.squareRoot() * 3.0.squareRoot())) < 1e-5)
        let plain = try CLI.run(["similarity", v, "man", "man"])
        #expect(plain.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1.000000")
    }

    @Test func unknownWordsAndBadOptionsFail() throws {
        let v = try vectorsFile()
        for args in [["neighbors", v, "nope"], ["analogy", v, "man", "king", "nope"], ["similarity", v, "king", "nope"]] {
            let r = try CLI.run(args)
            #expect(r.status != 0)
            #expect(r.stderr.contains("unknown word 'nope'"), "\(r.stderr)")
        }
        for args in [["neighbors", v, "king", "-k", "0"], ["analogy", v, "a", "b", "c", "--method", "max"],
                     ["convert", v, v + ".weird"], ["neighbors", "/nonexistent.bin", "king"]] {
            let r = try CLI.run(args)
            #expect(r.status != 0, "\(args)")
            #expect(!r.stderr.isEmpty)
        }
    }

    @Test func convertRoundTripsLosslessly() throws {
        let v = try vectorsFile()
        let dir = URL(fileURLWithPath: v).deletingLastPathComponent().path
        #expect(try CLI.run(["convert", v, dir + "/v.bin"]).status == 0)
        #expect(try CLI.run(["convert", dir + "/v.bin", dir + "/back.vec"]).status == 0)
        let r = try CLI.run(["convert", dir + "/back.vec", dir + "/vectors.tsv", "--json"])
        #expect(r.status == 0)
        #expect(try json(r.stdout)["count"] as? Int == 6)
        let meta = try String(contentsOfFile: dir + "/metadata.tsv", encoding: .utf8)
        #expect(meta == "man\nking\nwoman\nqueen\napple\npear\n")
        #expect(try CLI.run(["convert", dir + "/vectors.tsv", dir + "/again.txt"]).status == 0)
        let again = try String(contentsOfFile: dir + "/again.txt", encoding: .utf8)
        #expect(again == Self.vectorsText.replacingOccurrences(of: "\n\n", with: "\n"))
        // Truncated binary input: clear error, non-zero exit.
        let bin = try Data(contentsOf: URL(fileURLWithPath: dir + "/v.bin"))
        try bin.prefix(bin.count - 6).write(to: URL(fileURLWithPath: dir + "/cut.bin"))
        let bad = try CLI.run(["convert", dir + "/cut.bin", dir + "/x.txt"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("truncated"))
    }
}
