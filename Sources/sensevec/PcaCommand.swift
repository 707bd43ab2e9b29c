import ArgumentParser
import SenseVecCore

struct PcaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pca", abstract: "Principal components of vectors or a numeric matrix.")
    func run() async throws { throw SenseVecError("'sensevec pca' is not built yet") }
}
