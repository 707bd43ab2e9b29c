import ArgumentParser
import Foundation
import SenseVecCore
#if SENSEVEC_EXPLORER
import Explorer
#endif

/// `sensevec serve MODEL`: the explorer web application (JSON API + one static page) on a local port.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Explore a model in the browser.",
        discussion: """
            Loads MODEL (word vectors, or a sense model) and serves a page with a map of the most frequent words, \
            nearest neighbours, analogies, senses and disambiguation, plus the JSON API behind it \
            (/api/neighbors, /api/analogy, /api/senses, /api/disambiguate, /api/map, /healthz). \
            The map is computed once at start (progress on stderr) and cached next to the model in \
            MODEL.map-<key>.tsv, keyed by the model's checksum and the map settings.
            """)

    @Argument(help: "The model file: word vectors (word2vec text or binary) or a sense model from 'sensevec train --senses'.")
    var model: String

    @Option(parsing: .unconditional, help: "The TCP port to listen on (0 picks a free port).")
    var port: Int = 8080

    @Option(help: "The address to listen on; the default serves this machine only.")
    var host: String = "127.0.0.1"

    @Option(parsing: .unconditional, help: "How many of the most frequent words to put on the map (0: no map).")
    var mapSize: Int = 5000

    @Option(help: "How the map is projected: tsne or pca.")
    var mapMethod: MapMethod = .tsne

    @Option(name: .customLong("map"), help: "Use these map coordinates instead of computing them: a TSV of label (word or word#k), x and y per line, as 'sensevec tsne --output' writes.")
    var mapFile: String?

    @Option(help: "Metadata to colour the map by: a TSV with a header row (the Embedding Projector's format) whose first column is the word (or word#k).")
    var metadata: String?

    @Option(parsing: .unconditional, help: "Time limit of one request, in seconds.")
    var timeout: Double = 5

    @Option(parsing: .unconditional, help: "Neighbours per point in the exact neighbour table computed at start (0: none, every query scans).")
    var neighborTable: Int = 100

    @Option(help: "The neighbour index built at start: auto (the exact table up to 50,000 points, the inverted file above), table, ivf (inverted file, recall@10 measured ≥ 0.99) or scan (exact scans only).")
    var neighborIndex: NeighborIndexMode = .auto

    @Flag(help: "Do not read or write the cache files beside the model (map and neighbour table).")
    var noMapCache = false

    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
        guard (0...200_000).contains(mapSize) else { throw ValidationError("--map-size must be from 0 to 200000, got \(mapSize)") }
        guard (0...1000).contains(neighborTable) else { throw ValidationError("--neighbor-table must be from 0 to 1000, got \(neighborTable)") }
        guard timeout > 0 && timeout <= 600 else { throw ValidationError("--timeout must be more than 0 and at most 600 seconds, got \(timeout)") }
    }

    func run() async throws {
        #if SENSEVEC_EXPLORER
        var c = ExplorerConfiguration(modelPath: model)
        c.host = host; c.port = port
        c.mapSize = mapSize; c.mapMethod = mapMethod; c.mapFile = mapFile; c.metadataFile = metadata
        c.neighborTable = neighborTable; c.neighborIndex = neighborIndex; c.usesCacheFiles = !noMapCache
        c.limits.requestTimeout = .milliseconds(Int64(timeout * 1000))
        try await ExplorerServer.run(c, progress: ProgressBar(quiet: quietOption.quiet).handler) { [host] port in
            FileHandle.standardOutput.write(Data("sensevec explorer: http://\(host):\(port)/\n".utf8))
        }
        #else
        throw SenseVecError("this sensevec was built without the explorer (SENSEVEC_NO_EXPLORER was set); rebuild without it to use 'serve'")
        #endif
    }
}

#if SENSEVEC_EXPLORER
extension MapMethod: ExpressibleByArgument {}
extension NeighborIndexMode: ExpressibleByArgument {}
#else
/// The neighbour index modes (the explorer's `NeighborIndexMode`), so that `serve`'s options parse the same without it.
enum NeighborIndexMode: String, CaseIterable, ExpressibleByArgument { case auto, table, ivf, scan }
/// The map projections (the explorer's `MapMethod`), so that `serve`'s options parse the same without the explorer.
enum MapMethod: String, CaseIterable, ExpressibleByArgument { case tsne, pca }
#endif
