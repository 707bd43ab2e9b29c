import ArgumentParser
import SenseVecCore

/// The `sensevec` command: one subcommand per job. Each subcommand lives in its own file and is a thin shell
/// over the library: parse, call, print.
@main
struct SenseVecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensevec",
        abstract: "Learn, evaluate and look at word and word-sense vectors.",
        version: SenseVecVersion.string,
        subcommands: [
            DemoCommand.self,
            CorpusCommand.self,
            VocabCommand.self,
            TrainCommand.self,
            NeighborsCommand.self,
            AnalogyCommand.self,
            SimilarityCommand.self,
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
    static func main() async {
        if CommandLine.arguments.dropFirst().first != "serve" { TemporaryFiles.removeOnSignals() }
        await main(nil)
    }
}
