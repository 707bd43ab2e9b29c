import ArgumentParser
import SenseVecCore

struct CorpusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "corpus", abstract: "Generate the embedded synthetic corpus (corpus synth).")
    func run() async throws { throw SenseVecError("'sensevec corpus' is not built yet") }
}
