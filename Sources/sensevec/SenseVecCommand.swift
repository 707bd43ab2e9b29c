import ArgumentParser
import CPUCheck
import SenseVecCore

/// The `sensevec` command: one subcommand per job. Each subcommand lives in its own file and is a thin shell
/// over the library: parse, call, print.
@main
struct SenseVecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensevec",
        abstract: "Learn, evaluate and look at word and word-sense vectors.",
        version: SenseVecCommand.versionLine,
        subcommands: [
            DemoCommand.self,
            CorpusCommand.self,
            VocabCommand.self,
            TrainCommand.self,
            NeighborsCommand.self,
            AnalogyCommand.self,
            SimilarityCommand.self,
            VectorsCommand.self,
            ConvertCommand.self,
            SensesCommand.self,
            DisambiguateCommand.self,
            InduceCommand.self,
            EvalCommand.self,
            TsneCommand.self,
            PcaCommand.self,
            KLDemoCommand.self,
            ServeCommand.self,
        ]
    )

    /// ArgumentParser's own entry point (`main(_:)`), after one set-up step: every command but `serve` (which
    /// shuts down gracefully on SIGINT/SIGTERM through its server's lifecycle) removes the temporary files of
    /// unfinished atomic writes when it is interrupted, instead of leaving `NAME.tmp-PID-N` files behind.
    /// The version, and the CPU features the build requires (the CPUCheck target refuses to start on a CPU
    /// without them).
    static var versionLine: String {
        let features = String(cString: sensevec_required_cpu_features())
        return SenseVecVersion.string + (features.isEmpty ? " (portable build)" : " (built for x86-64 with \(features))")
    }

    static func main() async {
        if CommandLine.arguments.dropFirst().first != "serve" { TemporaryFiles.removeOnSignals() }
        await main(nil)
    }
}
