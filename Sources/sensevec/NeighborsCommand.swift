import ArgumentParser
import SenseVecCore

struct NeighborsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "neighbors", abstract: "Nearest neighbours of a word by cosine similarity.")
    func run() async throws { throw SenseVecError("'sensevec neighbors' is not built yet") }
}
