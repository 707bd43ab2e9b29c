import ArgumentParser
import Foundation
import SenseVecCore

/// `sensevec vectors MODEL`: fastText's `print-word-vectors` (words from standard input, their vectors out).
struct VectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Print the vectors of words read from standard input (fastText's print-word-vectors).",
        discussion: """
            Reads whitespace-separated words from standard input and prints one line `word v1 v2 …` per word. \
            With a subword model (sensevec train --subwords --model MODEL) every word gets a vector: the mean \
            of its word row (vocabulary words) and its character n-gram rows; a word with no n-gram gets the \
            zero vector, as in fastText. With word vectors or a skip-gram model, an unknown word is reported \
            on standard error and skipped. --ngrams prints each word's n-grams and their ids instead \
            (fastText's print-ngrams: `ngram<TAB>id`, ids counted from 0 over the vocabulary then the buckets, as fastText's).
            """)

    @Argument(help: "A subword model (native file), a skip-gram model, or word vectors.")
    var model: String

    @Flag(help: "Print each word's character n-grams and their input rows instead of its vector.")
    var ngrams = false

    func run() async throws {
        let query = try QueryVectors.load(model)
        if ngrams && query.subwords == nil { throw SenseVecError("--ngrams needs a subword model") }
        var out = ""
        let lines = InputLines()
        while let line = try lines.next() {
            for token in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }) {
                let word = String(token)
                if ngrams, let m = query.subwords {
                    let rows = m.ngramIDs(of: word)
                    var names = m.ngrams.ngrams(of: word)
                    if rows.count > names.count { names.insert(word, at: 0) }
                    print(word)
                    for (n, r) in zip(names, rows) { print("\(n)\t\(r)") }
                    continue
                }
                let v: [Float]
                if let known = query.vector(for: word) { v = known }
                else if query.subwords != nil { v = [Float](repeating: 0, count: query.vectors.dimension) }
                else {
                    FileHandle.standardError.write(Data("error: unknown word '\(word)'\n".utf8))
                    continue
                }
                out = word
                for x in v { out += " \(x)" }
                print(out)
            }
            fflush(nil)
        }
    }
}
