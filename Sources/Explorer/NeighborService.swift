import Foundation
import SenseVecCore
import Synchronization

/// Answers `/api/neighbors` as cheaply as it can: from the exact ``NeighborTable`` when it is ready and covers the
/// query (a point's own neighbours, `k ≤ K`); from the ``InvertedFileIndex`` (approximate, recall measured when it
/// was built) when it is ready and `k` is at most the `k` its recall was measured at; otherwise by an exact scan
/// batched with the other queries waiting at that moment (``ScanBatcher``).
public final class NeighborService: Sendable {
    public let index: CosineIndex
    let batcher: ScanBatcher
    private let state = Mutex<TableState>(.disabled)
    private let ivfState = Mutex<IVFState>(.disabled)

    public enum IVFState: Sendable {
        case disabled
        case building(Double)
        case ready(InvertedFileIndex)
        case failed(String)
    }

    public enum TableState: Sendable {
        case disabled
        case computing(Double)
        case ready(NeighborTable)
        case failed(String)
    }

    /// - Parameters:
    ///   - maxBatch: most queries answered by one pass over the matrix.
    ///   - maxQueued: most queries waiting for a scan; more are refused with 503 (bounded work).
    public init(index: CosineIndex, maxBatch: Int = 64, maxQueued: Int = 1024) {
        self.index = index
        self.batcher = ScanBatcher(index: index, maxBatch: maxBatch, maxQueued: maxQueued)
    }

    public var tableState: TableState { state.withLock { $0 } }
    public var ivf: IVFState { ivfState.withLock { $0 } }

    /// "scan", "table computing 42%", "table ready (k ≤ 100)", "table failed: …", "ivf building 42%",
    /// "ivf ready (2000 lists, nprobe 8, recall@10 0.996 on 400 queries)", "ivf failed: …" (for `/healthz`).
    public var statusText: String {
        switch tableState {
        case .disabled: break
        case .computing(let f): return "table computing \(Int((f * 100).rounded()))%"
        case .ready(let t): return "table ready (k ≤ \(t.k))"
        case .failed(let m): return "table failed: \(m)"
        }
        switch ivf {
        case .disabled: return "scan"
        case .building(let f): return "ivf building \(Int((f * 100).rounded()))%"
        case .ready(let x): return "ivf ready (\(Self.describe(x)))"
        case .failed(let m): return "ivf failed: \(m)"
        }
    }

    /// "2000 lists, nprobe 8, recall@10 0.996 on 400 queries".
    static func describe(_ x: InvertedFileIndex) -> String {
        "\(x.lists) lists, nprobe \(x.nprobe), recall@\(x.recallK) \(String(format: "%.4f", x.recall)) on \(x.recallQueries) queries"
    }

    public func setTable(_ table: NeighborTable) { state.withLock { $0 = .ready(table) } }
    public func setIVF(_ x: InvertedFileIndex) { ivfState.withLock { $0 = .ready(x) } }

    /// The exact answer to `query`: from the table when possible, else a batched scan (which gives up with
    /// ``ExplorerError/timeout`` at `deadline`).
    public func neighbors(_ query: CosineQuery, deadline: ContinuousClock.Instant) async throws -> [Neighbor] {
        if case .row(let i) = query.source, query.excluding == [i], case .ready(let table) = tableState,
           let answer = table.neighbors(ofRow: i, k: query.k, words: index.vectors.words) {
            return answer
        }
        if case .ready(let x) = ivf, query.k <= x.recallK {
            return x.neighbors(of: query)
        }
        return try await batcher.submit(query, deadline: deadline)
    }

    /// Reads the inverted-file index from its cache file beside the model or builds it (progress through
    /// `progress`) and writes the cache; blocking — run it on its own thread. Queries are answered by exact scans
    /// meanwhile. `beforeBuilding` runs (and may block) when there is no usable cache, before the build starts.
    func loadIVF(settings: InvertedFileCache.Settings = .init(), modelPath: String?, checksum: String?,
                 progress: ProgressHandler?, beforeBuilding: () -> Void = {}) {
        let path = modelPath.flatMap { p in checksum.map { InvertedFileCache.cachePath(modelPath: p, checksum: $0, settings: settings) } }
        if let path, let checksum, let x = InvertedFileCache.read(from: path, checksum: checksum, index: index) {
            setIVF(x)
            progress?(ProgressEvent(stage: "neighbors", fraction: 1, message: "read the inverted-file index (\(Self.describe(x))) from \(path)", finished: true))
            return
        }
        if let path, FileManager.default.fileExists(atPath: path) {
            progress?(ProgressEvent(stage: "neighbors", message: "the inverted-file index cache '\(path)' is not usable (truncated, damaged or for other settings); building it again", finished: true))
        }
        beforeBuilding()
        ivfState.withLock { $0 = .building(0) }
        let started = ContinuousClock.now
        let built = InvertedFileIndex.build(index: index, lists: settings.lists, seed: settings.seed,
                                            targetRecall: settings.targetRecall, recallQueries: settings.recallQueries,
                                            recallK: settings.recallK, progress: { [self] f in
            ivfState.withLock { $0 = .building(f) }
            progress?(ProgressEvent(stage: "neighbors", fraction: f, message: "inverted-file index"))
        })
        guard let built else { ivfState.withLock { $0 = .failed("cancelled") }; return }
        setIVF(built)
        progress?(ProgressEvent(stage: "neighbors", fraction: 1,
                                message: "inverted-file index of \(index.count) points (\(Self.describe(built))) in \(started.duration(to: .now))",
                                finished: true))
        if let path, let checksum {
            do {
                try InvertedFileCache.write(built, to: path, checksum: checksum)
                progress?(ProgressEvent(stage: "neighbors", message: "cached the inverted-file index in \(path)", finished: true))
            } catch {
                progress?(ProgressEvent(stage: "neighbors", message: "could not write the inverted-file index cache \(path): \(error)", finished: true))
            }
        }
    }

    /// Reads the table from its cache file beside the model or computes it (progress through `progress`) and
    /// writes the cache; blocking — run it on its own thread. Queries are answered by scans meanwhile.
    /// `beforeComputing` runs (and may block) when there is no usable cache, before the computation starts.
    public func loadTable(k: Int, modelPath: String?, checksum: String?, progress: ProgressHandler?,
                          beforeComputing: () -> Void = {}) {
        guard k > 0 else { return }
        let path = modelPath.flatMap { p in checksum.map { NeighborTable.cachePath(modelPath: p, checksum: $0, k: k) } }
        if let path, let checksum, let table = NeighborTable.read(from: path, checksum: checksum, k: k, count: index.count) {
            setTable(table)
            progress?(ProgressEvent(stage: "neighbors", fraction: 1, message: "read the top-\(k) table of \(index.count) points from \(path)", finished: true))
            return
        }
        if let path, FileManager.default.fileExists(atPath: path) {
            progress?(ProgressEvent(stage: "neighbors", message: "the neighbour table cache '\(path)' is not usable (truncated, damaged or for other settings); computing it again", finished: true))
        }
        beforeComputing()
        state.withLock { $0 = .computing(0) }
        let started = ContinuousClock.now
        let table = NeighborTable.compute(index: index, k: k, progress: { [self] f in
            state.withLock { $0 = .computing(f) }
            progress?(ProgressEvent(stage: "neighbors", fraction: f, message: "top-\(k) neighbour table"))
        })
        guard let table else { state.withLock { $0 = .failed("cancelled") }; return }
        setTable(table)
        progress?(ProgressEvent(stage: "neighbors", fraction: 1,
                                message: "top-\(k) table of \(index.count) points in \(started.duration(to: .now))", finished: true))
        if let path, let checksum {
            do {
                try table.write(to: path, checksum: checksum)
                progress?(ProgressEvent(stage: "neighbors", message: "cached the table in \(path)", finished: true))
            } catch {
                progress?(ProgressEvent(stage: "neighbors", message: "could not write the table cache \(path): \(error)", finished: true))
            }
        }
    }
}

/// Micro-batching of exact scans: queries that arrive while a scan runs wait (bounded queue) and are answered
/// together by the next pass over the matrix (at most `maxBatch` per pass). An idle server scans a lone query at
/// once — there is no added wait — and under load a pass serves up to `maxBatch` requests for about the memory
/// traffic of one. The scans run on a worker thread (started on demand, ended when the queue is empty), never on
/// the server's event loops or Swift's cooperative pool; each pass stops at the latest deadline of its queries,
/// and queries whose deadline passed while they waited are answered 503 without scanning.
final class ScanBatcher: Sendable {
    struct Job {
        let query: CosineQuery
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<[Neighbor], any Error>
    }
    struct State: ~Copyable {
        var queue: [Job] = []
        var running = false
        /// Queries per pass so far (for tests and diagnostics).
        var passes = 0
        var answered = 0
        var maxQueued = 0
    }
    let index: CosineIndex
    let maxBatch: Int
    let maxQueued: Int
    private let state = Mutex(State())

    init(index: CosineIndex, maxBatch: Int, maxQueued: Int) {
        self.index = index
        self.maxBatch = max(1, maxBatch)
        self.maxQueued = max(1, maxQueued)
    }

    /// Passes over the matrix, queries answered by them, and the longest the queue has been, so far.
    var statistics: (passes: Int, answered: Int, maxQueued: Int) {
        state.withLock { ($0.passes, $0.answered, $0.maxQueued) }
    }

    func submit(_ query: CosineQuery, deadline: ContinuousClock.Instant) async throws -> [Neighbor] {
        try await withCheckedThrowingContinuation { continuation in
            let (accepted, startWorker) = state.withLock { s -> (Bool, Bool) in
                guard s.queue.count < maxQueued else { return (false, false) }
                s.queue.append(Job(query: query, deadline: deadline, continuation: continuation))
                s.maxQueued = max(s.maxQueued, s.queue.count)
                if s.running { return (true, false) }
                s.running = true
                return (true, true)
            }
            if !accepted {
                continuation.resume(throwing: ExplorerError.unavailable(
                    "the server is busy (\(maxQueued) neighbour scans waiting); try again shortly"))
            } else if startWorker {
                Thread.detachNewThread { [self] in drain() }
            }
        }
    }

    /// Runs passes until the queue is empty.
    private func drain() {
        while true {
            let batch: [Job] = state.withLock { s in
                if s.queue.isEmpty { s.running = false; return [] }
                let n = min(maxBatch, s.queue.count)
                let b = Array(s.queue.prefix(n))
                s.queue.removeFirst(n)
                return b
            }
            if batch.isEmpty { return }
            let now = ContinuousClock.now
            var live: [Job] = []
            for job in batch {
                if job.deadline > now { live.append(job) } else { job.continuation.resume(throwing: ExplorerError.timeout) }
            }
            guard let deadline = live.map(\.deadline).max() else { continue }
            do {
                let answers = try index.neighbors(of: live.map(\.query), deadline: deadline)
                state.withLock { $0.passes += 1; $0.answered += live.count }
                for (job, answer) in zip(live, answers) { job.continuation.resume(returning: answer) }
            } catch {
                for job in live { job.continuation.resume(throwing: ExplorerError.timeout) }
            }
        }
    }
}
