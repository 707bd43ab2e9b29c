import ArgumentParser
import SenseVecCore

struct TsneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tsne", abstract: "t-SNE / SNE map of vectors or a numeric matrix.")
    func run() async throws { throw SenseVecError("'sensevec tsne' is not built yet") }
}
