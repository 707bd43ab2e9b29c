import Foundation
import Testing

@Suite struct CorpusCLITests {
    @Test func synthWritesTheThreeFilesAndASummary() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("synth").path
        let r = try CLI.run(["corpus", "synth", "--tokens", "5000", "--seed", "3", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        for f in ["corpus.txt", "questions-words.txt", "senses.tsv", "README.txt"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + f), "\(f) missing")
        }
        #expect(r.stdout.contains("tokens:"))
        #expect(r.stdout.contains("questions:"))
        #expect(r.stdout.contains("homographs:"))
        #expect(r.stdout.contains("distinct"))
        let corpus = try String(contentsOfFile: out + "/corpus.txt", encoding: .utf8)
        let tokens = corpus.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
        #expect(tokens >= 5000 && tokens < 5040)
        // Same seed, same bytes.
        let out2 = dir.appendingPathComponent("again").path
        let r2 = try CLI.run(["corpus", "synth", "--tokens", "5000", "--seed", "3", "--out", out2, "--quiet"])
        #expect(r2.status == 0)
        #expect(try String(contentsOfFile: out2 + "/corpus.txt", encoding: .utf8) == corpus)
        #expect(r2.stderr.isEmpty)
    }

    @Test func synthJSONSummary() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["corpus", "synth", "--tokens", "2000", "--out", dir.path, "--json", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((obj?["tokens"] as? Int ?? 0) >= 2000)
        #expect((obj?["distinctWords"] as? Int ?? 0) > 100)
        #expect((obj?["homographs"] as? [String: Any])?["python"] != nil)
    }

    @Test(arguments: [
        (["corpus", "synth", "--tokens", "10", "--out", "/tmp/x"], "at least 1,000"),
        (["corpus", "synth", "--tokens", "60000000", "--out", "/tmp/x"], "at most 50,000,000"),
        (["corpus", "synth", "--tokens=-5", "--out", "/tmp/x"], "at least 1,000"),
        (["corpus", "synth", "--tokens", "5000"], "--out"),
    ])
    func synthRejectsAbsurdValues(args: [String], message: String) throws {
        let r = try CLI.run(args)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func synthHelp() throws {
        let r = try CLI.run(["corpus", "synth", "--help"])
        #expect(r.status == 0)
        for option in ["--tokens", "--seed", "--out", "--json"] { #expect(r.stdout.contains(option)) }
    }
}
