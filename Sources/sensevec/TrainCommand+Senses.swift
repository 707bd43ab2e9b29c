import ArgumentParser
import SenseVecCore

/// Options of multi-sense training (`sensevec train --senses T …`). Owned by the multi-sense work.
struct SenseTrainingOptions: ParsableArguments {
    @Option(name: .long, help: "Train up to T senses per word (multi-sense Adaptive Skip-gram). Without it, one vector per word.")
    var senses: Int?
}

extension TrainCommand {
    /// Runs multi-sense training; called by `run()` when `--senses` is given.
    func runSenseTraining() async throws {
        throw SenseVecError("multi-sense training is not built yet")
    }
}
