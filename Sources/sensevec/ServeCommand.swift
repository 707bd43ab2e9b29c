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
    var mapMethod: String = "tsne"

    @Option(name: .customLong("map"), help: "Use these map coordinates instead of computing them: a TSV of label (word or word#k), x and y per line, as 'sensevec tsne --output' writes.")
    var mapFile: String?

    @Option(help: "Metadata to colour the map by: a TSV with a header row (the Embedding Projector's format) whose first column is the word (or word#k).")
    var metadata: String?

    @Option(parsing: .unconditional, help: "Time limit of one request, in seconds.")
    var timeout: Double = 5

    @Option(parsing: .unconditional, help: "Neighbours per point in the exact neighbour table computed at start (0: none, every query scans).")
    var neighborTable: Int = 100

    @Flag(help: "Do not read or write the cache files beside the model (map and neighbour table).")
    var noMapCache = false

    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
        guard (0...200_000).contains(mapSize) else { throw ValidationError("--map-size must be from 0 to 200000, got \(mapSize)") }
        guard ["tsne", "pca"].contains(mapMethod) else { throw ValidationError("--map-method must be 'tsne' or 'pca', got '\(mapMethod)'") }
        guard (0...1000).contains(neighborTable) else { throw ValidationError("--neighbor-table must be from 0 to 1000, got \(neighborTable)") }
        guard timeout > 0 && timeout <= 600 else { throw ValidationError("--timeout must be more than 0 and at most 600 seconds, got \(timeout)") }
    }

    func run() async throws {
        #if SENSEVEC_EXPLORER
        let progress = ProgressBar(quiet: quiet).handler
        progress(ProgressEvent(stage: "load", message: "reading \(model)"))
        let explorerModel = try ModelFile.explorerModel(path: model)
        progress(ProgressEvent(stage: "load", fraction: 1,
                               message: "\(explorerModel.kind): \(explorerModel.wordCount) words, \(explorerModel.pointCount) points × \(explorerModel.dimension) dimensions",
                               finished: true))
        var limits = ExplorerLimits()
        limits.requestTimeout = .milliseconds(Int64(timeout * 1000))
        let meta = try metadata.map { try MapMetadata(path: $0) }
        let store = MapStore(mapSize > 0 || mapFile != nil ? .computing(0) : .disabled)
        if let mapFile {
            let coordinates = try ExplorerMap.readCoordinates(path: mapFile)
            try store.setReady(meta.map { coordinates.with($0) } ?? coordinates)
            progress(ProgressEvent(stage: "map", fraction: 1, message: "read \(coordinates.points.count) points from \(mapFile)", finished: true))
        }
        let neighbors = NeighborService(index: explorerModel.index, maxQueued: limits.maxQueuedScans)
        let service = try ExplorerService(model: explorerModel, limits: limits, map: store, neighbors: neighbors)
        let path = noMapCache ? nil : model
        let checksum = noMapCache ? nil : try ModelFile.checksum(path: model)
        if neighborTable > 0 {
            // All points' exact top-K neighbours, on its own thread; queries are answered by batched scans meanwhile.
            let k = neighborTable
            Thread { neighbors.loadTable(k: k, modelPath: path, checksum: checksum, progress: progress) }.start()
        }
        if mapSize > 0 && mapFile == nil {
            let settings = MapSettings(size: mapSize, method: MapMethod(rawValue: mapMethod)!)
            // The projection is CPU-bound: give it its own thread so the server answers meanwhile.
            let thread = Thread {
                store.load(model: explorerModel, modelPath: path, checksum: checksum, settings: settings, metadata: meta,
                           progress: progress)
            }
            thread.start()
        }
        // Connections, not the per-process file limit, are what the server bounds (ExplorerLimits.maxConnections).
        ExplorerService.raiseOpenFileLimit()
        let app = service.application(host: host, port: port) { [host] actualPort in
            let line = "sensevec explorer: http://\(host):\(actualPort)/\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await app.runService()
        #else
        throw SenseVecError("this sensevec was built without the explorer (SENSEVEC_NO_EXPLORER was set); rebuild without it to use 'serve'")
        #endif
    }
}
