import Foundation
import Hummingbird
import SenseVecCore
import Synchronization

/// The map's state, shared between the background computation and the `/api/map` handler.
public final class MapStore: Sendable {
    public enum State: Sendable {
        /// No map was requested (`--map-size 0`).
        case disabled
        /// Being computed; the fraction done.
        case computing(Double)
        /// Ready: the map and its encoded JSON body.
        case ready(ExplorerMap, ByteBuffer)
        case failed(String)
    }

    private let current: Mutex<State>

    public init(_ state: State = .disabled) { current = Mutex(state) }

    public var state: State { current.withLock { $0 } }

    /// "ready", "computing 42%", "failed: …" or "disabled" (for `/healthz`).
    public var statusText: String {
        switch state {
        case .disabled: return "disabled"
        case .computing(let f): return "computing \(Int((f * 100).rounded()))%"
        case .ready: return "ready"
        case .failed(let m): return "failed: \(m)"
        }
    }

    public func setComputing(_ fraction: Double) {
        current.withLock { s in
            if case .ready = s { return }
            s = .computing(fraction)
        }
    }

    /// Stores a map whose coordinates are all finite (else throws, naming the first point that is not).
    public func setReady(_ map: ExplorerMap) throws {
        if let bad = map.points.firstIndex(where: { !$0.x.isFinite || !$0.y.isFinite }) {
            throw SenseVecError("point \(bad + 1) of the map ('\(map.points[bad].word.prefix(100))') has a non-finite coordinate")
        }
        let body = try ExplorerService.encode(map)
        current.withLock { $0 = .ready(map, body) }
    }

    public func setFailed(_ message: String) { current.withLock { $0 = .failed(message) } }

    /// Loads the map from its cache file next to the model, or computes it (forwarding progress) and writes the
    /// cache atomically. A cache file that is not usable (``ExplorerMap/readCache(from:checksum:settings:expected:)``:
    /// truncated, failing its hash, non-finite, not this model's points) is reported through `progress` and
    /// replaced by a computed map. Any error ends in `.failed` (the rest of the API keeps working); a cache that
    /// cannot be written is reported through `progress` and otherwise ignored.
    /// With `metadata`, each point of the map served carries its row (``ExplorerMap/with(_:)``); the cache file
    /// holds coordinates only.
    public func load(model: any ExplorerModel, modelPath: String?, checksum: String?, settings: MapSettings,
                     metadata: MapMetadata? = nil, progress: ProgressHandler?) {
        let cachePath = modelPath.flatMap { p in checksum.map { ExplorerMap.cachePath(modelPath: p, checksum: $0, settings: settings) } }
        let input = model.mapInput(limit: settings.size)
        do {
            if let cachePath, let checksum {
                do {
                    if let cached = try ExplorerMap.readCache(from: cachePath, checksum: checksum, settings: settings, expected: input) {
                        progress?(ProgressEvent(stage: "map", fraction: 1, message: "read \(cached.points.count) points from \(cachePath)", finished: true))
                        try setReady(metadata.map { cached.with($0) } ?? cached)
                        return
                    }
                } catch {
                    progress?(ProgressEvent(stage: "map", message: "\(error); computing the map again", finished: true))
                }
            }
            setComputing(0)
            let forward: ProgressHandler = { [self] event in
                if let f = event.fraction { setComputing(f) }
                progress?(event)
            }
            let map = try ExplorerMap.compute(input, settings: settings, progress: forward)
            try setReady(metadata.map { map.with($0) } ?? map)
            if let note = map.note { progress?(ProgressEvent(stage: "map", message: "note: \(note)", finished: true)) }
            if let cachePath, let checksum {
                do {
                    try map.writeCache(to: cachePath, checksum: checksum, settings: settings)
                    progress?(ProgressEvent(stage: "map", message: "cached the map in \(cachePath)", finished: true))
                } catch {
                    progress?(ProgressEvent(stage: "map", message: "could not write the map cache \(cachePath): \(error)", finished: true))
                }
            }
        } catch {
            setFailed("\(error)")
            progress?(ProgressEvent(stage: "map", message: "the map could not be computed: \(error)", finished: true))
        }
    }
}
