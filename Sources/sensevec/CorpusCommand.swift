import ArgumentParser
import Foundation
import SenseVecCore
import SyntheticCorpus

/// `sensevec corpus synth`: writes the embedded synthetic corpus and its planted facts.
struct CorpusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Generate the embedded synthetic corpus (corpus synth).",
        subcommands: [Synth.self])

    struct Synth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "synth",
            abstract: "Write a synthetic English-like corpus with planted analogies and homographs.",
            discussion: """
            Writes DIR/corpus.txt (one sentence per line), DIR/questions-words.txt (planted analogy questions in \
            word2vec's format), DIR/senses.tsv (every homograph occurrence: sentence, position, word, sense; \
            0-based) and DIR/README.txt. The same seed always gives the same bytes.
            """)

        @Option(name: .long, parsing: .unconditional, help: "Number of tokens to generate (1,000 to 50,000,000; the last sentence may run a few tokens over).")
        var tokens: Int = 1_000_000

        @OptionGroup var seedOption: SeedOption<CorpusCommand.Synth>

        @Option(name: .long, help: "Output directory (created if missing).")
        var out: String

        @OptionGroup var jsonOption: JSONOption

        @OptionGroup var quietOption: ShortQuietOption

        func validate() throws {
            guard tokens >= 1_000 else {
                throw ValidationError("--tokens must be at least 1,000 (got \(tokens))")
            }
            guard tokens <= SyntheticCorpus.maximumTokens else {
                throw ValidationError("--tokens must be at most 50,000,000 (got \(tokens))")
            }
            guard !out.isEmpty else { throw ValidationError("--out must name a directory") }
        }

        /// User + system CPU time of this process (wall time is meaningless on a shared, loaded machine).
        static func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }

        func run() async throws {
            let bar = ProgressBar(quiet: quietOption.quiet)
            let start = Date()
            let cpuStart = Self.cpuSeconds()
            try OutputFolder.create(out, option: "--out")
            let facts = try SyntheticCorpus(seed: seedOption.seed).write(tokens: tokens, to: out, progress: bar.handler)
            let seconds = Date().timeIntervalSince(start)
            let cpu = Self.cpuSeconds() - cpuStart
            let sections = Dictionary(grouping: facts.analogyQuestions, by: \.section).mapValues(\.count)
            if jsonOption.json {
                var obj: [String: Any] = [
                    "directory": out, "seed": seedOption.seed, "tokens": facts.tokenCount, "sentences": facts.sentenceCount,
                    "distinctWords": facts.distinctWordCount, "questions": facts.analogyQuestions.count,
                    "questionSections": sections, "homographs": facts.homographs,
                    "homographOccurrences": facts.occurrences.count, "controls": facts.singleSenseWords,
                ]
                obj["seconds"] = (seconds * 1000).rounded() / 1000
                obj["cpuSeconds"] = (cpu * 1000).rounded() / 1000
                let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("wrote \(out)/corpus.txt, questions-words.txt, senses.tsv, README.txt")
                print("tokens:      \(facts.tokenCount) in \(facts.sentenceCount) sentences")
                print("words:       \(facts.distinctWordCount) distinct")
                print("questions:   \(facts.analogyQuestions.count) in \(sections.count) sections")
                let names = facts.homographs.keys.sorted()
                print("homographs:  \(names.count) (\(names.joined(separator: ", "))), \(facts.occurrences.count) occurrences")
                print("controls:    \(facts.singleSenseWords.joined(separator: ", "))")
                print(String(format: "time:        %.2f s wall, %.2f s CPU (%.1fM tokens per CPU second)", seconds, cpu,
                             Double(facts.tokenCount) / max(cpu, 1e-9) / 1e6))
            }
        }
    }
}

extension CorpusCommand.Synth: SeedDescription {
    static let seedHelp = "Random seed; the same seed gives the same corpus."
}
