import ArgumentParser
import SenseVecCore

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train skip-gram or multi-sense vectors.")
    func run() async throws { throw SenseVecError("'sensevec train' is not built yet") }
}
