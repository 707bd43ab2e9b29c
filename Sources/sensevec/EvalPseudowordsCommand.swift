import ArgumentParser
import SenseVecCore

/// `sensevec eval pseudowords CORPUS`. Owned by the multi-sense work.
struct EvalPseudowordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pseudowords", abstract: "Pseudo-word sense induction benchmark.")
    func run() async throws { throw SenseVecError("'sensevec eval pseudowords' is not built yet") }
}
