import Foundation
import Testing

/// The options many commands share (`--json`, `--quiet`, `--threads`, `--seed`, declared once) and the choices
/// parsed as enums.
@Suite struct SharedOptionsCLITests {
    /// The error lines of a failed run (ArgumentParser adds the usage after them).
    static func errorLines(_ r: CLI.Result) -> [Substring] {
        r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
    }

    /// A value outside a choice is refused before any work, with one line that names the option and lists the
    /// values it takes.
    @Test(arguments: [
        (["train", "c.txt", "--senses", "3", "--prior", "nope", "--model", "m"], "--prior", "'dp' and 'fixed'"),
        (["train", "c.txt", "--output", "v.bin", "--update", "fast"], "--update", "'classic' and 'batched'"),
        (["tsne", "x.csv", "--output", "o.tsv", "--format", "xml"], "--format", "'tsv', 'csv' or 'json'"),
        (["senses", "m.senses", "bank", "--among", "topics"], "--among", "'senses' and 'words'"),
    ])
    func badChoiceIsOneLineListingTheValues(args: [String], option: String, values: String) throws {
        let r = try CLI.run(args)
        #expect(r.status != 0 && r.status < 128, "\(args): \(r.status)")
        let errors = Self.errorLines(r)
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(errors.first?.contains(option) == true && errors.first?.contains(values) == true, "\(r.stderr)")
    }

    /// `--help` lists a choice's values.
    @Test func helpListsTheValues() throws {
        let r = try CLI.run(["train", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("values: dp, fixed"), "\(r.stdout)")
        #expect(r.stdout.contains("values: classic, batched"))
    }

    /// Each command keeps its own thread limit and default, and its own words for `--seed`.
    @Test func threadsAndSeedKeepEachCommandsDefaults() throws {
        let demo = try CLI.run(["demo", "--threads", "65"])
        #expect(Self.errorLines(demo).first?.contains("--threads must be in 1...64, got 65") == true, "\(demo.stderr)")
        let pca = try CLI.run(["pca", "x.csv", "--output", "o.tsv", "--threads", "257"])
        #expect(Self.errorLines(pca).first?.contains("--threads must be in 1...256, got 257") == true, "\(pca.stderr)")
        let zero = try CLI.run(["train", "c.txt", "--senses", "2", "--model", "m", "--threads", "0"])
        #expect(Self.errorLines(zero).first?.contains("--threads must be in 1...256, got 0") == true, "\(zero.stderr)")
        let demoHelp = try CLI.run(["demo", "--help"]).stdout
        #expect(demoHelp.contains("Worker threads for the senses, the queries and t-SNE") && demoHelp.contains("Random seed (corpus, training, map)."))
        let evalHelp = try CLI.run(["eval", "analogy", "--help"]).stdout
        #expect(evalHelp.contains("Worker threads (default: 2)."), "\(evalHelp)")
        let trainHelp = try CLI.run(["train", "--help"]).stdout
        #expect(trainHelp.contains("Random seed. With --threads 1 the same seed gives"), "\(trainHelp)")
    }

    /// `-q` stays where it was (`corpus synth`, `tsne`) and `--quiet` works everywhere it was.
    @Test func quietKeepsItsShortName() throws {
        for command in [["corpus", "synth"], ["tsne"]] {
            let help = try CLI.run(command + ["--help"]).stdout
            #expect(help.contains("-q, --quiet"), "\(command): \(help)")
        }
        let train = try CLI.run(["train", "--help"]).stdout
        #expect(train.contains("--quiet") && !train.contains("-q, --quiet"))
    }
}
