import ArgumentParser
import Distributed
import Evaluation
import Foundation
import Projection
import SenseVecCore
import SkipGram

// The options many commands have, declared once. A command includes a group with `@OptionGroup` where it lists
// the option, so `--help` shows it in the same place. Where commands differ (the default thread count, what the
// seed makes repeatable), the group takes a type that states it.

/// `--json`: the command's result as JSON on standard output.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print the result as JSON on stdout.")
    var json = false
}

/// `--quiet`: no progress on standard error.
struct QuietOption: ParsableArguments {
    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false
}

/// `-q`/`--quiet`, for the commands that have the short name.
struct ShortQuietOption: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false
}

/// A command's thread count without `--threads`, the most it accepts, and how `--help` describes the option.
protocol ThreadsDefault {
    static var defaultThreads: Int { get }
    static var maximumThreads: Int { get }
    static var threadsHelp: String { get }
}

extension ThreadsDefault {
    static var maximumThreads: Int { 256 }
}

/// Every processor of this machine.
enum AllProcessors: ThreadsDefault {
    static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
    static var threadsHelp: String { "Worker threads (default: all processors)." }
}

/// Two threads, whatever the machine.
enum TwoThreads: ThreadsDefault {
    static var defaultThreads: Int { 2 }
    static var threadsHelp: String { "Worker threads (default: 2)." }
}

/// `--threads N`: worker threads, from 1 to the command's maximum; `count` is N or the command's default.
struct ThreadsOption<Default: ThreadsDefault>: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(Default.threadsHelp))
    var threads: Int?

    /// The threads to use: `--threads`, or the command's default.
    var count: Int { threads ?? Default.defaultThreads }

    func validate() throws {
        if let threads, !(1...Default.maximumThreads).contains(threads) {
            throw ValidationError("--threads must be in 1...\(Default.maximumThreads), got \(threads)")
        }
    }
}

/// What a command's `--seed` makes repeatable, as `--help` says it.
protocol SeedDescription {
    static var seedHelp: String { get }
}

/// `--seed N` (default 1): the seed of the command's random choices.
struct SeedOption<Description: SeedDescription>: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(Description.seedHelp))
    var seed: UInt64 = 1
}

/// The format of a table of coordinates or scores (`tsne`, `pca`).
enum TableFormat: String, CaseIterable, ExpressibleByArgument {
    case tsv, csv, json
}

/// The words `eval pseudowords` pairs when no `--pairs` file is given.
enum PairKind: String, CaseIterable, ExpressibleByArgument {
    case any, nouns
}

/// How topical senses weight their context words (`train --context-weights`).
enum ContextWeighting: String, CaseIterable, ExpressibleByArgument {
    case sif, idf, pmi
}

// The library's choices, parsed by name: a value that is not one of them is refused with one line naming the
// option and listing the allowed values, and `--help` lists them.
extension AnalogyMethod: ExpressibleByArgument {}
extension WordVectorsFormat: ExpressibleByArgument {}
extension NeighbourSpace: ExpressibleByArgument {}
extension SensePrior.Kind: ExpressibleByArgument {}
extension SenseContextKind: ExpressibleByArgument {}
extension InductionBaseline: ExpressibleByArgument {}
extension UpdateScheme: ExpressibleByArgument {}
extension VocabularyUpdate: ExpressibleByArgument {}
extension SynchronizationMode: ExpressibleByArgument {}
extension GradientMethod: ExpressibleByArgument {}
extension LabelColumn: ExpressibleByArgument {}
extension TSNE.InitialLayout: ExpressibleByArgument {}
extension SynchronizationPrecision: ExpressibleByArgument {}
extension HostMemory: ExpressibleByArgument {}
