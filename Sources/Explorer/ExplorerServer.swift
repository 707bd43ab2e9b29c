import Foundation
import Hummingbird
import SenseVecCore

/// What the explorer serves and how: the model file, the address, the map and the neighbour table.
public struct ExplorerConfiguration: Sendable {
    /// The model file: word vectors (word2vec text or binary) or a sense model (``ModelFile/explorerModel(path:)``).
    public var modelPath: String
    /// The address to listen on.
    public var host = "127.0.0.1"
    /// The TCP port (0: a free port chosen by the system).
    public var port = 8080
    /// How many of the most frequent words are put on the map (0: no map).
    public var mapSize = 5000
    /// How the map is projected.
    public var mapMethod = MapMethod.tsne
    /// Map coordinates read from this file (as `sensevec tsne --output` writes them) instead of computed.
    public var mapFile: String?
    /// Metadata to colour the map by (``MapMetadata``).
    public var metadataFile: String?
    /// Neighbours per point in the exact neighbour table computed at start (0: none).
    public var neighborTable = 100
    /// Which neighbour index is built at start (``NeighborIndexMode``).
    public var neighborIndex = NeighborIndexMode.auto
    /// Whether the map and the neighbour table are read from and written to cache files beside the model.
    public var usesCacheFiles = true
    /// The bounds on requests and connections.
    public var limits = ExplorerLimits()

    public init(modelPath: String) { self.modelPath = modelPath }
}

/// The explorer started from an ``ExplorerConfiguration``: the model loaded, the neighbour table and the map
/// computed on their own threads, and the HTTP server answering meanwhile.
public enum ExplorerServer {
    /// Loads the model, starts the background work and serves until the process is asked to stop (SIGINT or
    /// SIGTERM) or the calling task is cancelled. Throws when the model, the map file or the metadata cannot be
    /// read, or the address cannot be bound.
    ///
    /// - Parameters:
    ///   - progress: loading, the neighbour table and the map report here (from other threads).
    ///   - onListening: called with the port once the server accepts connections.
    public static func run(_ configuration: ExplorerConfiguration, progress: ProgressHandler? = nil,
                           onListening: @escaping @Sendable (_ port: Int) -> Void = { _ in }) async throws {
        let service = try start(configuration, progress: progress)
        // Connections, not the per-process file limit, are what the server bounds (ExplorerLimits.maxConnections).
        _ = ExplorerService.raiseOpenFileLimit()
        let app = service.application(host: configuration.host, port: configuration.port, onRunning: onListening)
        try await app.runService()
    }

    /// The service for `configuration`, with its neighbour table and map being computed on their own threads.
    static func start(_ configuration: ExplorerConfiguration, progress: ProgressHandler?) throws -> ExplorerService {
        let c = configuration
        progress?(ProgressEvent(stage: "load", message: "reading \(c.modelPath)"))
        let model = try ModelFile.explorerModel(path: c.modelPath)
        progress?(ProgressEvent(stage: "load", fraction: 1,
                                message: "\(model.kind): \(model.wordCount) words, \(model.pointCount) points × \(model.dimension) dimensions",
                                finished: true))
        let metadata = try c.metadataFile.map { try MapMetadata(path: $0) }
        let store = MapStore(c.mapSize > 0 || c.mapFile != nil ? .computing(0) : .disabled)
        if let mapFile = c.mapFile {
            let coordinates = try ExplorerMap.readCoordinates(path: mapFile)
            try store.setReady(metadata.map { coordinates.with($0) } ?? coordinates)
            progress?(ProgressEvent(stage: "map", fraction: 1, message: "read \(coordinates.points.count) points from \(mapFile)", finished: true))
        }
        let neighbors = NeighborService(index: model.index, maxQueued: c.limits.maxQueuedScans)
        let service = try ExplorerService(model: model, limits: c.limits, map: store, neighbors: neighbors)
        let cachePath = c.usesCacheFiles ? c.modelPath : nil
        let checksum = c.usesCacheFiles ? try ModelFile.checksum(path: c.modelPath) : nil
        // The page needs the map first: an index that must be computed (not read from its cache) waits until the
        // map is ready, so the two do not share the cores; exact batched scans answer meanwhile.
        let computesMap = c.mapSize > 0 && c.mapFile == nil
        let mapDone = DispatchSemaphore(value: 0)
        let waitForMap: @Sendable () -> Void = {
            guard computesMap else { return }
            mapDone.wait()
            mapDone.signal()
        }
        switch c.neighborIndex.resolved(points: model.index.count, tableK: c.neighborTable) {
        case .table:
            // All points' exact top-K neighbours, on its own thread; queries are answered by batched scans meanwhile.
            let k = c.neighborTable
            Thread {
                neighbors.loadTable(k: k, modelPath: cachePath, checksum: checksum, progress: progress, beforeComputing: waitForMap)
            }.start()
        case .ivf:
            // The inverted file, on its own thread; queries are answered by exact batched scans meanwhile.
            Thread {
                neighbors.loadIVF(modelPath: cachePath, checksum: checksum, progress: progress, beforeBuilding: waitForMap)
            }.start()
        case .scan, .auto:
            break
        }
        if c.mapSize > 0 && c.mapFile == nil {
            let settings = MapSettings(size: c.mapSize, method: c.mapMethod)
            // The projection is CPU-bound: it gets its own thread so the server answers meanwhile.
            Thread {
                store.load(model: model, modelPath: cachePath, checksum: checksum, settings: settings, metadata: metadata,
                           progress: progress)
                mapDone.signal()
            }.start()
        }
        return service
    }
}

/// How `/api/neighbors` is sped up beyond exact batched scans (``NeighborService``).
public enum NeighborIndexMode: String, Sendable, CaseIterable {
    /// The exact table for at most ``tableLimit`` points (when its K is above 0), the inverted file above that.
    case auto
    /// The exact top-K table (``NeighborTable``): O(n²·D) to compute, exact.
    case table
    /// The inverted file (``InvertedFileIndex``): approximate with measured recall, built in O(n·√n·D).
    case ivf
    /// Exact batched scans only.
    case scan

    /// Points up to which `auto` computes the exact table (about 40 CPU-seconds at 300 dimensions).
    public static let tableLimit = 50_000

    /// The mode that runs for a model of `points` points with table size `tableK` (never `auto`).
    public func resolved(points: Int, tableK: Int) -> NeighborIndexMode {
        switch self {
        case .auto: return points > Self.tableLimit ? .ivf : (tableK > 0 ? .table : .scan)
        case .table: return tableK > 0 ? .table : .scan
        case .ivf, .scan: return self
        }
    }
}
