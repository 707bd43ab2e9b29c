import ArgumentParser
import Foundation
import SenseVecCore

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert word vectors between word2vec text, word2vec binary and the TensorBoard projector pair.",
        discussion: """
            Formats come from the file names (.bin binary; .txt or .vec text; .tsv projector pair) unless \
            --from/--to say otherwise. Reading text vs binary is auto-detected. Conversions are lossless: same \
            words (the same bytes, even when they are not UTF-8) and the same Float32 bits. Writing NAME.tsv \
            also writes NAME-metadata.tsv (or metadata.tsv beside vectors.tsv).
            """)

    @Argument(help: "The input vector file.") var input: String
    @Argument(help: "The output vector file.") var output: String

    @Option(help: "Input format: text, binary or tsv (default: detected).")
    var from: WordVectorsFormat?

    @Option(help: "Output format: text, binary or tsv (default: from the output's extension).")
    var to: WordVectorsFormat?

    @OptionGroup var jsonOption: JSONOption

    func validate() throws {
        if to == nil && WordVectorsFormat(path: output) == nil {
            throw ValidationError("cannot tell the output format from '\(output)': use a .bin, .txt, .vec or .tsv name, or --to")
        }
    }

    func run() async throws {
        let format = to ?? WordVectorsFormat(path: output)!
        let inputs = [input, WordVectors.metadataPath(forTSV: input)]
        try OutputPaths.check([("OUTPUT", output), ("the metadata of OUTPUT", format == .tsv ? WordVectors.metadataPath(forTSV: output) : nil)],
                              inputs: inputs)
        // Without --from the input may be any model file (native skip-gram and subword models give their word vectors).
        let wv = try from.map { try WordVectors.load(path: input, format: $0) }
            ?? QueryVectors.load(input).vectors
        try wv.save(path: output, format: format)
        if jsonOption.json {
            print("{\"input\": \(JSONText.quote(input)), \"output\": \(JSONText.quote(output)), \"format\": \(JSONText.quote(format.rawValue)), \"count\": \(wv.count), \"dimension\": \(wv.dimension)}")
        } else {
            var line = "wrote \(wv.count) vectors of dimension \(wv.dimension) to \(output) (\(format.rawValue))"
            if format == .tsv { line += " and \(WordVectors.metadataPath(forTSV: output))" }
            print(line)
        }
    }
}
