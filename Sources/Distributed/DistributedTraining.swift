#if canImport(Glibc)
import Glibc
#endif
import SenseVecCore
import SkipGram

/// Data-parallel skip-gram/CBOW training over MPI: each process reads its ``CorpusShard``, the vocabulary is
/// the merge of all shares' counts (identical to one process's count), and the model is combined with
/// `MPI_Allreduce` every `syncEvery` tokens per process (``ParallelTraining``). Nothing here prints.
public final class DistributedTraining {
    public let communicator: Communicator
    /// Tokens each process reads between two synchronizations.
    public let syncEvery: Int
    /// Synchronizations done and their wall time.
    public private(set) var synchronizations = 0
    public private(set) var synchronizationSeconds = 0.0
    /// Bytes all-reduced over all synchronizations by each process: the touched-row bitmaps, and the rows
    /// (packed, `dimension` floats each) or the whole matrices (padded rows). A ring all-reduce sends
    /// 2·(P−1)/P times this per process.
    public private(set) var bytesAllReduced = 0
    /// Mean bytes all-reduced per synchronization (``bytesAllReduced`` / ``synchronizations``).
    public var bytesPerSynchronization: Int { synchronizations > 0 ? bytesAllReduced / synchronizations : 0 }
    /// Bytes of both matrices (padded rows): what a synchronization of the whole model all-reduces.
    public private(set) var modelBytes = 0
    /// Over all synchronizations, the rows touched on some process, of the input and of the output matrix
    /// (with ``touchedRowLimit`` 0: every row).
    public private(set) var touchedRows = [0, 0]
    /// Rows of the input and of the output matrix.
    public private(set) var matrixRows = [0, 0]

    /// How the processes' weights are combined at a synchronization.
    public let mode: SynchronizationMode
    /// A matrix is synchronized by its rows touched since the last synchronization (on any process) when they
    /// are at most this fraction of its rows, else whole; 0: always whole (and nothing is recorded).
    public let touchedRowLimit: Double
    /// The fraction ``touchedRowLimit`` defaults to (docs/distributed.md, "Synchronization").
    public static let defaultTouchedRowLimit = 0.9
    /// The weights after the last synchronization (``SynchronizationMode/sum`` only): input, output.
    var reference: [[Float]] = [[], []]
    /// Touched-row bitmaps of both matrices (input rows, then output rows), 64 rows a word.
    var bits: [UInt64] = []
    /// The touched rows of one matrix, packed (`dimension` floats each).
    var packed: [Float] = []
    /// ``SynchronizationPrecision/half``: the updates sent, packed (rows) or whole.
    var packedHalf: [Float16] = []
    /// The precision of what a synchronization sends.
    public let precision: SynchronizationPrecision
    /// Where the processes of one host keep the model.
    public let hostMemory: HostMemory
    /// The processes of this host (``HostMemory/shared``, after ``place(_:)``).
    var host: Communicator? = nil
    /// The processes whose copies of the model are combined: all (``HostMemory/separate``), the first process of
    /// each host (``HostMemory/shared``), nil on the other processes of a host.
    var combiner: Communicator?
    /// Copies of the model combined at a synchronization: the processes, or the hosts with ``HostMemory/shared``.
    public private(set) var copies: Int
    /// The memory of this host's copy (``HostMemory/shared``).
    var sharedMemory: HostSharedMemory? = nil

    public init(communicator: Communicator, syncEvery: Int, mode: SynchronizationMode = .sum,
                touchedRowLimit: Double = DistributedTraining.defaultTouchedRowLimit,
                precision: SynchronizationPrecision = .single, hostMemory: HostMemory = .shared) throws {
        guard precision == .single || mode == .sum else {
            throw SenseVecError("half-precision synchronization sends each process's updates: it needs the sum mode")
        }
        self.communicator = communicator
        self.syncEvery = syncEvery
        self.mode = mode
        self.touchedRowLimit = touchedRowLimit
        self.precision = precision
        self.hostMemory = hostMemory
        combiner = communicator
        copies = communicator.size
    }

    /// The model every process trains (collective; call before making the trainer). With ``HostMemory/separate``,
    /// `model` itself. With ``HostMemory/shared`` the processes of each host get one copy in memory they share
    /// (``HostSharedMemory``): the host's first process copies `model`'s weights into it (every process
    /// holds the same `model`: the same seed or the same checkpoint), the others wait, and each process gets a
    /// model over the shared weights with its own progress. The processes of a host then update the same rows
    /// without locks, as the threads of one process do (Hogwild, Recht et al. 2011), and synchronizations combine
    /// one copy per host. Call ``release()`` when the model is no longer used.
    public func place(_ model: SkipGramModel) throws -> SkipGramModel {
        guard hostMemory == .shared else { return model }
        let (host, leaders) = try communicator.splitByHost()
        self.host = host
        combiner = leaders
        copies = Int(try communicator.sum([leaders == nil ? 0 : 1])[0])
        let w = model.weights
        let inputFloats = max(1, w.inputRows) * w.stride, outputFloats = max(1, w.outputRows) * w.stride
        let memory = try HostSharedMemory(world: communicator, host: host, bytes: (inputFloats + outputFloats) * MemoryLayout<Float>.stride)
        sharedMemory = memory
        let input = memory.base.bindMemory(to: Float.self, capacity: inputFloats + outputFloats)
        let shared = SharedWeights(dimension: w.dimension, inputRows: w.inputRows, outputRows: w.outputRows,
                                   input: input, output: input + inputFloats)
        let placed = model.rehosted(on: shared, copying: host.rank == 0)
        try host.barrier()
        return placed
    }

    /// Unmaps the memory a host's processes share (after the last use of the model ``place(_:)`` returned).
    public func release() {
        sharedMemory = nil
    }

    public var rank: Int { communicator.rank }
    public var processes: Int { communicator.size }

    /// This process's share of `corpus`.
    public func shard(of corpus: Corpus) -> Corpus {
        var c = corpus
        c.shard = CorpusShard(index: rank, count: processes)
        return c
    }

    /// Counts this process's share, merges all shares' counts in rank order at process 0 (``WordCounts/merge(_:)``)
    /// and gives every process the resulting vocabulary, with the statistics of the whole corpus.
    public func vocabulary(of corpus: Corpus, minCount: Int, maxSize: Int?) throws -> (Vocabulary, TokenizerStatistics) {
        let (counts, stats, _) = try communicator.agree { try WordCounts.count(shard(of: corpus), maxSize: maxSize) }
        let parts = try communicator.gather(counts.encoded())
        let vocabularyBytes = try communicator.agree { () throws -> [UInt8] in
            guard rank == 0 else { return [] }
            var merged = WordCounts()
            for part in parts { merged.merge(try WordCounts(encoded: part)) }
            let vocab = try merged.vocabulary(minCount: minCount, maxSize: maxSize)
            return WordCounts(vocab).encoded()
        }
        let received = try WordCounts(encoded: try communicator.broadcast(vocabularyBytes))
        let vocabulary = try Vocabulary(words: received.words, counts: received.counts)
        let totals = try communicator.sum([Int64(stats.tokens), Int64(stats.sentences), Int64(stats.bytes),
                                           Int64(stats.invalidUTF8Tokens), Int64(stats.truncatedTokens)])
        var global = TokenizerStatistics()
        global.tokens = Int(totals[0]); global.sentences = Int(totals[1]); global.bytes = Int(totals[2])
        global.invalidUTF8Tokens = Int(totals[3]); global.truncatedTokens = Int(totals[4])
        return (vocabulary, global)
    }

    /// Combines the weights of all processes, in place, as ``mode`` says: first the bitmaps of the rows each
    /// process wrote since the last synchronization are OR-ed, then each matrix is all-reduced either as its
    /// union of touched rows, packed, or whole (``touchedRowLimit``). A row no process wrote holds the last
    /// synchronization's values on every process, so leaving it out changes nothing; the rows sent are combined
    /// with the same arithmetic as whole matrices.
    func combine(_ weights: SharedWeights) throws {
        if oneCopy { return }   // nothing to combine
        let matrices = [(weights.input, weights.inputRows, weights.inputTouched),
                        (weights.output, weights.outputRows, weights.outputTouched)]
        let tracked = touchedRowLimit > 0 && weights.inputTouched != nil && weights.outputTouched != nil
        let words = matrices.map { ($0.1 + 63) / 64 }
        if tracked {
            if bits.count != words[0] + words[1] { bits = [UInt64](repeating: 0, count: words[0] + words[1]) }
            bits.withUnsafeMutableBufferPointer { b in
                var w = 0
                for (_, rows, touched) in matrices {
                    let t = touched!
                    for k in 0..<(rows + 63) / 64 {
                        var word: UInt64 = 0
                        for r in k * 64 ..< Swift.min(rows, k * 64 + 64) where t[r] != 0 { word |= 1 << UInt64(r - k * 64) }
                        b[w] = word
                        w += 1
                    }
                }
            }
            try bits.withUnsafeMutableBufferPointer { try communicator.orInPlace($0.baseAddress!, count: $0.count) }
            bytesAllReduced += bits.count * 8
            weights.clearTouchedRows()
        }
        // Every process has stopped writing (the OR above needs all of them); the other processes of a host wait
        // while its first process combines the host's copy.
        guard combiner != nil else {
            try host?.barrier()
            return
        }
        defer { _ = try? host?.barrier() }
        for (m, (base, rows, _)) in matrices.enumerated() {
            matrixRows[m] = rows
            let first = m == 0 ? 0 : words[0]
            let union = tracked ? bits[first ..< first + words[m]].reduce(0) { $0 + $1.nonzeroBitCount } : rows
            touchedRows[m] += union
            if tracked && Double(union) <= touchedRowLimit * Double(rows) {
                try combineRows(base, matrix: m, bitmap: first, rows: rows, count: union, weights: weights)
            } else {
                try combineWhole(base, matrix: m, count: rows * weights.stride)
            }
        }
    }

    /// All-reduces `count` floats at `base` (a whole matrix) and combines them as ``mode`` says.
    private func combineWhole(_ base: UnsafeMutablePointer<Float>, matrix m: Int, count n: Int) throws {
        if precision == .half {
            if reference[m].count != n { reference[m] = [Float](repeating: 0, count: n) }
            try reference[m].withUnsafeMutableBufferPointer { ref in
                try combineHalf(base, ref.baseAddress!, offsets: [0], length: n)
            }
            return
        }
        let P = Float(copies)
        try combiner!.sumInPlace(base, count: n)
        bytesAllReduced += n * 4
        switch mode {
        case .average:
            let scale = 1 / P
            var i = 0
            while i < n { base[i] *= scale; i += 1 }
        case .sum:
            // w = Σₚ wₚ − (P − 1)·w_ref = w_ref + Σₚ (wₚ − w_ref); the result is the next reference.
            if reference[m].count != n { reference[m] = [Float](repeating: 0, count: n) }
            reference[m].withUnsafeMutableBufferPointer { ref in
                let r = ref.baseAddress!
                var i = 0
                while i < n { base[i] -= (P - 1) * r[i]; r[i] = base[i]; i += 1 }
            }
        }
    }

    /// Packs the `count` rows of matrix `m` whose bits are set (``bits`` from word `first`), all-reduces them and
    /// combines them as ``mode`` says, element by element as ``combineWhole(_:matrix:count:)`` does.
    private func combineRows(_ base: UnsafeMutablePointer<Float>, matrix m: Int, bitmap first: Int, rows: Int, count: Int,
                             weights: SharedWeights) throws {
        let d = weights.dimension, stride = weights.stride
        let P = Float(copies)
        if packed.count < count * d { packed = [Float](repeating: 0, count: count * d) }
        if mode == .sum && reference[m].count != rows * stride { reference[m] = [Float](repeating: 0, count: rows * stride) }
        if precision == .half {
            var offsets: [Int] = []
            offsets.reserveCapacity(count)
            for k in 0..<(rows + 63) / 64 {
                var word = bits[first + k]
                while word != 0 { offsets.append((k * 64 + word.trailingZeroBitCount) * stride); word &= word - 1 }
            }
            try reference[m].withUnsafeMutableBufferPointer { ref in
                try combineHalf(base, ref.baseAddress!, offsets: offsets, length: d)
            }
            return
        }
        try packed.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            func forEachRow(_ body: (Int, Int) -> Void) {
                var j = 0
                for k in 0..<(rows + 63) / 64 {
                    var word = bits[first + k]
                    while word != 0 {
                        body(k * 64 + word.trailingZeroBitCount, j)
                        j += 1
                        word &= word - 1
                    }
                }
            }
            forEachRow { r, j in (p + j * d).update(from: base + r * stride, count: d) }
            try combiner!.sumInPlace(p, count: count * d)
            bytesAllReduced += count * d * 4
            switch mode {
            case .average:
                let scale = 1 / P
                forEachRow { r, j in
                    let row = base + r * stride, sum = p + j * d
                    for i in 0..<d { row[i] = sum[i] * scale }
                }
            case .sum:
                reference[m].withUnsafeMutableBufferPointer { ref in
                    forEachRow { r, j in
                        let row = base + r * stride, old = ref.baseAddress! + r * stride, sum = p + j * d
                        for i in 0..<d { row[i] = sum[i] - (P - 1) * old[i]; old[i] = row[i] }
                    }
                }
            }
        }
    }

    /// ``SynchronizationPrecision/half``: sends every process's update u = w − w_ref of the runs of `length`
    /// floats that start at `offsets` (in `base` and its reference `ref`), rounded to half precision, sums them
    /// over all processes (``Communicator/sumHalfInPlace(_:count:)``), and sets w = w_ref + Σₚ uₚ, the next
    /// reference, the same on every process.
    private func combineHalf(_ base: UnsafeMutablePointer<Float>, _ ref: UnsafeMutablePointer<Float>, offsets: [Int], length: Int) throws {
        let n = offsets.count * length
        if packedHalf.count < n { packedHalf = [Float16](repeating: 0, count: n) }
        try packedHalf.withUnsafeMutableBufferPointer { buffer in
            let h = buffer.baseAddress!
            for (j, at) in offsets.enumerated() {
                let w = base + at, r = ref + at, out = h + j * length
                for i in 0..<length { out[i] = Float16(w[i] - r[i]) }
            }
            try combiner!.sumHalfInPlace(h, count: n)
            bytesAllReduced += n * 2
            for (j, at) in offsets.enumerated() {
                let w = base + at, r = ref + at, sum = h + j * length
                for i in 0..<length { let value = r[i] + Float(sum[i]); w[i] = value; r[i] = value }
            }
        }
    }

    /// Copies the weights as the reference of the next ``SynchronizationMode/sum`` (identical on all processes).
    func setReference(_ weights: SharedWeights) {
        guard mode == .sum, combiner != nil, !oneCopy else { return }
        for (m, (base, rows)) in [(weights.input, weights.inputRows), (weights.output, weights.outputRows)].enumerated() {
            reference[m] = Array(UnsafeBufferPointer(start: base, count: rows * weights.stride))
        }
    }

    /// Trains `trainer` (on this process's share) as one of all processes; returns when every process has
    /// finished, with identical weights everywhere. `checkpoint` runs on every process (collectively) when
    /// process 0's clock says one is due.
    public func train(_ trainer: SkipGramTrainer, globalWords: Int, progress: ProgressHandler?,
                      checkpointInterval: Double?, checkpoint: ((SkipGramModel) throws -> Void)?) throws -> TrainingSummary {
        let model = trainer.model
        let start = try communicator.sum([Int64(model.progress.wordsProcessed), Int64(model.progress.wordsTrained)])
        var allFinished = false
        setReference(model.weights)
        modelBytes = (model.weights.inputRows + model.weights.outputRows) * model.weights.stride * 4
        if touchedRowLimit > 0 && !oneCopy { model.weights.trackTouchedRows() }
        let synchronize: (SkipGramModel, Bool, Error?) throws -> ParallelTotals = { [self] model, due, error in
            // A process whose training failed (diverged) reports it once, and every process stops.
            try communicator.agree { if let error { throw error } }
            let t0 = monotonic()
            try combine(model.weights)
            let p = model.progress
            let totals = try communicator.sum([Int64(p.wordsProcessed), Int64(p.wordsTrained),
                                               rank == 0 && due ? 1 : 0, p.finished ? 1 : 0])
            allFinished = totals[3] == Int64(processes)
            synchronizations += 1
            synchronizationSeconds += monotonic() - t0
            // A checkpoint only while no process has finished: every process then takes part in it, and a resumed
            // process never starts from a finished position.
            return ParallelTotals(processed: Int(totals[0]), trained: Int(totals[1]),
                                  checkpoint: totals[2] > 0 && totals[3] == 0)
        }
        trainer.parallel = ParallelTraining(
            processes: processes, rank: rank, globalWords: globalWords, syncEvery: exchangeEvery(trainer),
            initial: ParallelTotals(processed: Int(start[0]), trained: Int(start[1])), synchronize: synchronize)
        trainer.parallel?.sumsCopies = !oneCopy
        var summary = try trainer.train(progress: progress, checkpointInterval: checkpointInterval, checkpoint: checkpoint)
        // Processes whose share ran out first keep synchronizing (contributing their weights unchanged) until all are done.
        while !allFinished {
            let t = try synchronize(model, false, nil)
            summary.wordsRead = t.processed - Int(start[0])
            summary.wordsTrained = t.trained - Int(start[1])
        }
        let seconds = try communicator.max([Int64(summary.seconds * 1e6)])[0]
        summary.seconds = Double(seconds) / 1e6
        return summary
    }

    /// Whether all processes share one copy of the model (one host, ``HostMemory/shared``): nothing to combine.
    public var oneCopy: Bool { copies == 1 && hostMemory == .shared }

    /// Words each process reads between two synchronizations: ``syncEvery``, or with one shared copy (only the
    /// progress is exchanged) at least the words the one-process trainer's threads read between two joins
    /// (`roundTokens` each), so that the processes wait for one another no more often than its threads do.
    public func exchangeEvery(_ trainer: SkipGramTrainer) -> Int {
        oneCopy ? max(syncEvery, trainer.roundTokens * trainer.model.configuration.threads) : syncEvery
    }

    // MARK: - Checkpoints

    /// Where each process stands, kept beside a checkpoint (`CHECKPOINT.ranks`): the checkpoint model holds
    /// process 0's progress only.
    public static func ranksPath(checkpoint: String) -> String { checkpoint + ".ranks" }

    /// Writes the checkpoint: every process's progress is gathered at process 0, which writes `PATH.ranks` and
    /// then `PATH`, both atomically. Collective.
    public func saveCheckpoint(_ model: SkipGramModel, to path: String) throws {
        let p = model.progress
        var fields: [Int64] = [p.finished ? 1 : 0, Int64(p.epoch), Int64(p.round), Int64(p.wordsProcessed),
                               Int64(p.wordsTrained), Int64(p.corpusWords), Int64(p.corpusLength)]
        fields.append(contentsOf: p.positions.map(Int64.init))
        let line = fields.map(String.init).joined(separator: " ")
        let lines = try communicator.gather(Array(line.utf8))
        try communicator.agree {
            guard rank == 0 else { return }
            let text = "sensevec-ranks \(processes)\n" + lines.map { String(decoding: $0, as: UTF8.self) + "\n" }.joined()
            try AtomicFile.write(text, to: Self.ranksPath(checkpoint: path))
            try model.save(to: path)
        }
    }

    /// Gives `model` (loaded from the checkpoint at `path`) this process's progress from `PATH.ranks`.
    public func restoreProgress(_ model: SkipGramModel, checkpoint path: String) throws {
        let ranksPath = Self.ranksPath(checkpoint: path)
        guard let fp = fopen(ranksPath, "rb") else {
            throw SenseVecError("cannot resume: '\(ranksPath)' (the processes' positions) is missing: \(String(cString: strerror(errno)))")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, fp)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        fclose(fp)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard let header = lines.first, header.hasPrefix("sensevec-ranks "), let n = Int(header.dropFirst(15)) else {
            throw SenseVecError("cannot resume: '\(ranksPath)' is not a positions file")
        }
        guard n == processes else {
            throw SenseVecError("cannot resume: the checkpoint was written by \(n) processes, this run has \(processes)")
        }
        guard lines.count == n + 1 else { throw SenseVecError("cannot resume: '\(ranksPath)' is truncated") }
        let f = lines[rank + 1].split(separator: " ").compactMap { Int($0) }
        guard f.count >= 7, f[2] == model.progress.round else {
            throw SenseVecError("cannot resume: '\(ranksPath)' does not belong to checkpoint '\(path)'")
        }
        var p = model.progress
        p.finished = f[0] != 0; p.epoch = f[1]; p.round = f[2]; p.wordsProcessed = f[3]; p.wordsTrained = f[4]
        p.corpusWords = f[5]; p.corpusLength = f[6]; p.positions = Array(f[7...])
        model.progress = p
    }
}

/// Where the processes of one host keep the model.
public enum HostMemory: String, Sendable, CaseIterable {
    /// One copy per host, in memory its processes share: they update it as the threads of one process do, and a
    /// synchronization combines one copy per host (only the hosts' first processes all-reduce).
    case shared
    /// One copy per process: every process's copy is combined at every synchronization.
    case separate
}

/// How a synchronization combines the weights w₁…w_P of the processes, all started from the same w_ref
/// (the result of the previous synchronization).
public enum SynchronizationMode: String, Sendable, CaseIterable {
    /// w = w_ref + Σₚ (wₚ − w_ref): every process's updates are kept whole, as if all had trained on shared
    /// weights with updates that arrive late (Hogwild between processes; a copy of the model more per process).
    case sum
    /// w = (1/P) Σₚ wₚ: model averaging (McDonald et al. 2010; Spark's Word2Vec per epoch). A row trained by
    /// one process only moves by 1/P of its update, which slows learning as P grows.
    case average
}

/// What a synchronization sends.
public enum SynchronizationPrecision: String, Sendable, CaseIterable {
    /// The weights themselves, in single precision: exact sums.
    case single
    /// Each process's update since the last synchronization, rounded to half precision (relative error at most
    /// 2⁻¹¹ of an update, the weights themselves staying single precision): half the bytes.
    case half
}

func monotonic() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
