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
            EvalCommand.self,
            TsneCommand.self,
            PcaCommand.self,
            KLDemoCommand.self,
            ServeCommand.self,
        ]
    )
}
