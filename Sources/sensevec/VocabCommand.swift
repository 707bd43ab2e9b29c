import ArgumentParser
import Foundation
import SenseVecCore

struct VocabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocab",
        abstract: "Count the words of a corpus.",
        discussion: """
            Reads plain or .gz files, folders of files, or standard input (-). Prints the vocabulary size, the \
            token count, the most frequent words, the time and throughput, and how many tokens were skipped as \
            invalid UTF-8. --save writes 'word<TAB>count' lines, most frequent first.
            """)

    @Argument(help: "Text files, .gz files or folders; - reads standard input.")
    var corpus: [String]

    @Option(name: .customLong("min-count"), parsing: .unconditional, help: "Drop words seen fewer times than this.")
    var minCount: Int = 5

    @Option(name: .customLong("max-size"), parsing: .unconditional, help: "Keep at most this many words; while counting, prune rare words whenever the table exceeds it (word2vec's ReduceVocab). 0 means no limit.")
    var maxSize: Int = 0

    @Flag(help: "Lowercase the text.")
    var lowercase = false

    @Flag(name: .customLong("strip-punctuation"), help: "Remove ASCII punctuation from tokens.")
    var stripPunctuation = false

    @Option(name: .customLong("max-token-length"), parsing: .unconditional, help: "Cut longer tokens to this many bytes, on a UTF-8 character boundary (word2vec's limit is 100).")
    var maxTokenLength: Int = 100

    @Option(parsing: .unconditional, help: "Number of most frequent words to print.")
    var top: Int = 10

    @Option(help: "Write the vocabulary to this file as 'word<TAB>count' lines.")
    var save: String?

    @OptionGroup var jsonOption: JSONOption

    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1, got \(minCount)") }
        guard maxSize >= 0 else { throw ValidationError("--max-size must be 0 (no limit) or positive, got \(maxSize)") }
        guard maxTokenLength >= 1 && maxTokenLength <= 100_000 else {
            throw ValidationError("--max-token-length must be in 1...100000 bytes (got \(maxTokenLength))")
        }
        guard top >= 0 else { throw ValidationError("--top must be 0 or positive, got \(top)") }
    }

    func run() async throws {
        try OutputPaths.check([("--save", save)], inputs: corpus + ((try? TextSource(paths: corpus).expandedFiles()) ?? []))
        let options = TokenizerOptions(lowercase: lowercase, stripPunctuation: stripPunctuation, maxTokenLength: maxTokenLength)
        let bar = ProgressBar(quiet: quietOption.quiet)
        let started = DispatchTime.now().uptimeNanoseconds
        let (vocab, stats, prunings) = try Vocabulary.countWithPruning(
            Corpus(paths: corpus, options: options), minCount: minCount, maxSize: maxSize > 0 ? maxSize : nil,
            progress: bar.handler)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if let save { try vocab.save(path: save) }
        let n = min(top, vocab.count)
        let rate = Double(stats.tokens) / max(seconds, 1e-9)
        if jsonOption.json {
            let topWords = (0..<n).map { "{\"word\": \(JSONText.quote(vocab.words[$0])), \"count\": \(vocab.counts[$0])}" }
            print("""
                {"words": \(vocab.count), "tokens": \(stats.tokens), "sentences": \(stats.sentences), \
                "bytes": \(stats.bytes), "invalid_utf8_tokens": \(stats.invalidUTF8Tokens), \
                "truncated_tokens": \(stats.truncatedTokens), "prunings": \(prunings), \
                "seconds": \(JSONText.number(seconds)), "tokens_per_second": \(JSONText.number(rate)), \
                "top": [\(topWords.joined(separator: ", "))]}
                """)
        } else {
            print("words: \(vocab.count) (min-count \(minCount)\(maxSize > 0 ? ", max-size \(maxSize)" : ""))")
            print("tokens: \(stats.tokens) in \(stats.sentences) sentences, \(stats.bytes) bytes")
            print("invalid UTF-8 tokens skipped: \(stats.invalidUTF8Tokens); tokens cut to the maximum length: \(stats.truncatedTokens)")
            if prunings > 0 { print("table pruned \(prunings) times (rare-word counts are lower bounds)") }
            print(String(format: "time: %.3f s, %.2f M tokens/s", seconds, rate / 1e6))
            if n > 0 {
                print("top \(n):")
                for i in 0..<n { print("  \(vocab.words[i])\t\(vocab.counts[i])") }
            }
            if let save { print("saved to \(save)") }
        }
    }
}
