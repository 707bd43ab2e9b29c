import ArgumentParser
import SenseVecCore

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "convert", abstract: "Convert between vector formats.")
    func run() async throws { throw SenseVecError("'sensevec convert' is not built yet") }
}
