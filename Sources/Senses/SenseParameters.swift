#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import SenseVecCore

/// Where a word's split test is (step 4 of ``SenseTrainer``), one byte per word in ``SenseParameters/phase``.
enum SplitPhase: UInt8 {
    /// No test is running.
    case idle = 0
    /// Estimating the direction to split the sense under test along (``SenseWorker/estimateSplit(word:contextCount:direction:powerSum:mean:)``).
    case estimating = 1
    /// The split is made: its newest sense and the shadow copy of the split sense run side by side until the
    /// probation ends.
    case probation = 2
}

/// The shared state of multi-sense training: the weight matrices and the per-word sense bookkeeping.
///
/// Worker threads read and write these buffers without locks (Hogwild, Recht et al. 2011): the races on
/// weights, expected counts and per-word statistics are deliberate and benign for SGD, which is why this class
/// is `@unchecked Sendable`. Only taking a row from the pool (rare) is serialized by a mutex.
///
/// Memory layout. Output vectors: one row per Huffman inner node. Input (sense) vectors: row x holds sense 0 of
/// word x; further senses take rows from a pool reserved with `mmap` (so untouched pool pages cost no resident
/// memory) and are addressed through `slotRow[slotBase[x] + k]`. Word x has `capacity(x) = clamp(count_x /
/// occurrencesPerSense, 1, T)` slots: a word seen 150 times cannot hold 30 senses, and T × V × dim is never
/// allocated.
final class SenseParameters: @unchecked Sendable {
    let vocabularySize: Int
    let dimension: Int
    let output: UnsafeMutablePointer<Float>
    let outputRows: Int
    let input: UnsafeMutablePointer<Float>
    let inputBytes: Int
    let poolRows: Int
    let slotBase: UnsafeMutablePointer<Int>       // V + 1
    let slotRow: UnsafeMutablePointer<Int32>      // Σ capacity
    let slotCount: UnsafeMutablePointer<Float>    // Σ capacity (+ padding): expected counts n_k
    let slotCapacity: UnsafeMutablePointer<Int32>   // per word: how many slots it may use
    let allocated: UnsafeMutablePointer<Int32>    // senses with a row (including a split on probation)
    let candidate: UnsafeMutablePointer<UInt8>    // 1 when the newest allocated sense is on probation
    let settled: UnsafeMutablePointer<UInt8>      // 1 when the word takes no more split tests
    let tried: UnsafeMutablePointer<UInt64>       // bit k: sense k failed a split test since the word's last kept split
    let seen: UnsafeMutablePointer<Int32>
    // Split tests (see SenseTrainingConfiguration.splitBlock). Every field below has one meaning; a row is a pool
    // row index, −1 when the word holds none.
    let phase: UnsafeMutablePointer<SplitPhase>
    let splitSense: UnsafeMutablePointer<Int32>   // the sense under test (estimating and probation)
    // Estimating:
    let directionRow: UnsafeMutablePointer<Int32>         // the direction w (unit length)
    let powerSumRow: UnsafeMutablePointer<Int32>          // the power-iteration sum of the current block
    let meanRow: UnsafeMutablePointer<Int32>              // μ, the mean context vector of the first block
    let estimationSteps: UnsafeMutablePointer<Int32>      // occurrences of the sense under test so far
    let gradientSquares: UnsafeMutablePointer<Double>     // Σ (g·w)² over the last block
    let positiveProjections: UnsafeMutablePointer<Int32>  // occurrences of the last block with (c̄ − μ)·w > 0
    // Probation:
    let shadowRow: UnsafeMutablePointer<Int32>            // the shadow copy of the split sense
    let probationSteps: UnsafeMutablePointer<Int32>       // occurrences of the probation so far
    let evidenceGain: UnsafeMutablePointer<Double>        // Σ (log evidence − the alternative's) over the second half
    let gainCount: UnsafeMutablePointer<Int32>            // the terms of that sum
    let counts: UnsafeMutablePointer<Int>
    let codes: UnsafeMutablePointer<UInt8>
    let points: UnsafeMutablePointer<Int32>
    let offsets: UnsafeMutablePointer<Int>
    let pathCount: Int

    struct Pool: ~Copyable {
        var next: Int
        var free: [Int32]
    }
    let pool: Mutex<Pool>
    /// Rows left in the pool, updated under the lock and read without it as a hint.
    let rowsAvailable: UnsafeMutablePointer<Int>

    /// Rows in the pool of a vocabulary of `words` words: one per word, at least 4096.
    static func poolRows(words: Int) -> Int { max(words, 4096) }

    init(vocabulary: Vocabulary, tree: HuffmanTree, dimension d: Int, maxSenses: Int, occurrencesPerSense: Int,
         rng: inout SenseRandom) throws {
        let v = vocabulary.count
        vocabularySize = v
        dimension = d
        outputRows = tree.innerNodeCount
        output = .allocate(capacity: outputRows * d)
        output.initialize(repeating: 0, count: outputRows * d)
        poolRows = Self.poolRows(words: v)
        let rows = v + poolRows
        inputBytes = max(1, rows * d * MemoryLayout<Float>.size)
        guard let raw = mmap(nil, inputBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else {
            throw SenseVecError("cannot reserve \(inputBytes / 1_048_576) MiB for sense vectors")
        }
        input = raw.bindMemory(to: Float.self, capacity: rows * d)
        // Sense 0 of every word: uniform in [−0.5, 0.5)/d, as word2vec.
        for i in 0..<(v * d) { input[i] = (rng.nextFloat() - 0.5) / Float(d) }

        counts = .allocate(capacity: max(1, v))
        slotBase = .allocate(capacity: v + 1)
        slotCapacity = .allocate(capacity: max(1, v))
        var total = 0
        for x in 0..<v {
            counts[x] = vocabulary.counts[x]
            let c = max(1, min(maxSenses, vocabulary.counts[x] / occurrencesPerSense))
            // A word that may split updates its expected counts on every occurrence: its slots start on a cache
            // line of their own (16 slots), so that two threads training different frequent words do not write
            // the same line (false sharing cost the multi-sense step more than its arithmetic).
            if c > 1 { total = (total + 15) & ~15 }
            slotBase[x] = total
            slotCapacity[x] = Int32(c)
            total += c
        }
        slotBase[v] = total
        slotRow = .allocate(capacity: max(1, total)); slotRow.initialize(repeating: -1, count: max(1, total))
        slotCount = UnsafeMutableRawPointer.allocate(byteCount: max(1, total) * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(1, total))
        slotCount.initialize(repeating: 0, count: max(1, total))
        for x in 0..<v {
            slotRow[slotBase[x]] = Int32(x)
            slotCount[slotBase[x]] = Float(vocabulary.counts[x])
        }
        allocated = .allocate(capacity: max(1, v)); allocated.initialize(repeating: 1, count: max(1, v))
        candidate = .allocate(capacity: max(1, v)); candidate.initialize(repeating: 0, count: max(1, v))
        settled = .allocate(capacity: max(1, v)); settled.initialize(repeating: 0, count: max(1, v))
        tried = .allocate(capacity: max(1, v)); tried.initialize(repeating: 0, count: max(1, v))
        seen = .allocate(capacity: max(1, v)); seen.initialize(repeating: 0, count: max(1, v))
        phase = .allocate(capacity: max(1, v)); phase.initialize(repeating: .idle, count: max(1, v))
        splitSense = .allocate(capacity: max(1, v)); splitSense.initialize(repeating: 0, count: max(1, v))
        func rowIndices() -> UnsafeMutablePointer<Int32> {
            let r = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, v)); r.initialize(repeating: -1, count: max(1, v)); return r
        }
        func tallies() -> UnsafeMutablePointer<Int32> {
            let t = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, v)); t.initialize(repeating: 0, count: max(1, v)); return t
        }
        func sums() -> UnsafeMutablePointer<Double> {
            let t = UnsafeMutablePointer<Double>.allocate(capacity: max(1, v)); t.initialize(repeating: 0, count: max(1, v)); return t
        }
        directionRow = rowIndices(); powerSumRow = rowIndices(); meanRow = rowIndices()
        estimationSteps = tallies(); gradientSquares = sums(); positiveProjections = tallies()
        shadowRow = rowIndices(); probationSteps = tallies(); evidenceGain = sums(); gainCount = tallies()
        pathCount = tree.codes.count
        codes = .allocate(capacity: max(1, pathCount))
        points = .allocate(capacity: max(1, pathCount))
        offsets = .allocate(capacity: tree.offsets.count)
        for i in 0..<pathCount { codes[i] = tree.codes[i]; points[i] = tree.points[i] }
        for i in 0..<tree.offsets.count { offsets[i] = tree.offsets[i] }
        pool = Mutex(Pool(next: v, free: []))
        rowsAvailable = .allocate(capacity: 1); rowsAvailable.initialize(to: poolRows)
    }

    deinit {
        output.deallocate()
        munmap(UnsafeMutableRawPointer(input), inputBytes)
        counts.deallocate(); slotBase.deallocate(); slotRow.deallocate(); UnsafeMutableRawPointer(slotCount).deallocate(); slotCapacity.deallocate()
        allocated.deallocate(); candidate.deallocate(); settled.deallocate(); tried.deallocate(); seen.deallocate()
        phase.deallocate(); splitSense.deallocate()
        directionRow.deallocate(); powerSumRow.deallocate(); meanRow.deallocate()
        estimationSteps.deallocate(); gradientSquares.deallocate(); positiveProjections.deallocate()
        shadowRow.deallocate(); probationSteps.deallocate(); evidenceGain.deallocate(); gainCount.deallocate()
        codes.deallocate(); points.deallocate(); offsets.deallocate(); rowsAvailable.deallocate()
    }

    var paths: HuffmanPaths { HuffmanPaths(codes: codes, points: points, offsets: offsets) }

    func capacity(_ x: Int) -> Int { Int(slotCapacity[x]) }

    func row(_ x: Int, _ k: Int) -> UnsafeMutablePointer<Float> {
        input + Int(slotRow[slotBase[x] + k]) * dimension
    }

    /// Pointer to pool row `r`.
    func poolRow(_ r: Int32) -> UnsafeMutablePointer<Float> { input + Int(r) * dimension }

    /// Starts a split test of sense `s` of word `x`: takes three rows from the pool (``SplitPhase/estimating``).
    /// Returns false when
    /// another thread got there first or the pool has fewer than three rows left (the word tries again later:
    /// rows come back as other tests end).
    func beginSplit(word x: Int, sense s: Int) -> Bool {
        if rowsAvailable.pointee < 3 { return false }  // racy hint, checked again under the lock
        return pool.withLock { pool -> Bool in
            guard phase[x] == .idle, settled[x] == 0 else { return false }
            var rows: [Int32] = []
            while rows.count < 3 {
                if let f = pool.free.popLast() { rows.append(f) }
                else if pool.next < vocabularySize + poolRows { rows.append(Int32(pool.next)); pool.next += 1 }
                else { pool.free.append(contentsOf: rows); rowsAvailable.pointee = 0; return false }
            }
            rowsAvailable.pointee = pool.free.count + vocabularySize + poolRows - pool.next
            directionRow[x] = rows[0]; powerSumRow[x] = rows[1]; meanRow[x] = rows[2]
            for i in 0..<dimension { poolRow(rows[2])[i] = 0 }
            splitSense[x] = Int32(s)
            estimationSteps[x] = 0; gradientSquares[x] = 0; positiveProjections[x] = 0
            phase[x] = .estimating
            return true
        }
    }

    /// Estimating → probation: sense s becomes v_s − δw and a new sense v_s + δw (in the direction's row) with a
    /// `share` of s's expected count; the power-sum row becomes the shadow copy of v_s.
    func split(word x: Int, delta: Float, share: Float) {
        pool.withLock { pool in
            guard phase[x] == .estimating else { return }
            let m = Int(allocated[x]), s = Int(splitSense[x])
            guard m < capacity(x) else { phase[x] = .idle; settled[x] = 1; releaseEstimationRowsLocked(x, &pool); return }
            let w = poolRow(directionRow[x]), shadow = poolRow(powerSumRow[x]), v = row(x, s)
            for i in 0..<dimension {
                let wi = w[i]
                shadow[i] = v[i]
                w[i] = v[i] + delta * wi
                v[i] -= delta * wi
            }
            let n = slotCount[slotBase[x] + s]
            slotRow[slotBase[x] + m] = directionRow[x]
            slotCount[slotBase[x] + m] = share * n
            slotCount[slotBase[x] + s] = (1 - share) * n
            directionRow[x] = -1
            if meanRow[x] >= 0 { pool.free.append(meanRow[x]); meanRow[x] = -1 }
            shadowRow[x] = powerSumRow[x]; powerSumRow[x] = -1
            rowsAvailable.pointee = pool.free.count + vocabularySize + poolRows - pool.next
            allocated[x] = Int32(m + 1)
            candidate[x] = 1
            probationSteps[x] = 0; evidenceGain[x] = 0; gainCount[x] = 0
            phase[x] = .probation
        }
    }

    /// Ends a probation: keeps the split (the shadow row goes back to the pool) or restores the split sense from
    /// the shadow, merges the counts and gives the new sense's row back. A rejected sense is marked in ``tried``
    /// (the word may still test its other senses, see ``nextSplitSense(_:)``); a kept split clears the marks,
    /// since the senses have changed.
    func endProbation(word x: Int, keep: Bool) {
        pool.withLock { pool in
            guard phase[x] == .probation else { return }
            let m = Int(allocated[x]), s = Int(splitSense[x]), c = m - 1
            if keep {
                pool.free.append(shadowRow[x])
            } else {
                let shadow = poolRow(shadowRow[x]), v = row(x, s)
                for i in 0..<dimension { v[i] = shadow[i] }
                slotCount[slotBase[x] + s] += slotCount[slotBase[x] + c]
                pool.free.append(shadowRow[x])
                pool.free.append(slotRow[slotBase[x] + c])
                slotRow[slotBase[x] + c] = -1
                slotCount[slotBase[x] + c] = 0
                allocated[x] = Int32(c)
                markTried(x, s)
            }
            if keep { tried[x] = 0 }
            shadowRow[x] = -1
            candidate[x] = 0
            phase[x] = .idle
            rowsAvailable.pointee = pool.free.count + vocabularySize + poolRows - pool.next
            if Int(allocated[x]) >= capacity(x) { settled[x] = 1 }
        }
    }

    /// Abandons a direction estimate (rows back to the pool, the sense marked as tried).
    func abandonSplit(word x: Int) {
        pool.withLock { pool in
            guard phase[x] == .estimating else { return }
            releaseEstimationRowsLocked(x, &pool)
            phase[x] = .idle
            markTried(x, Int(splitSense[x]))
            rowsAvailable.pointee = pool.free.count + vocabularySize + poolRows - pool.next
        }
    }

    /// Marks sense `s` of `x` as having failed a split test; senses from 64 on are not tracked and count as tried.
    private func markTried(_ x: Int, _ s: Int) {
        if s < 64 { tried[x] |= UInt64(1) << UInt64(s) }
    }

    /// The sense of `x` to test next: the most used sense (largest expected count) that has not failed a test
    /// since the word's last kept split, or nil when every sense has (the word is then settled). Testing only
    /// the most used sense would settle a word for good when that sense is already pure, even though another
    /// sense still mixes two meanings (the synthetic corpus's `platform`: after station | software + political,
    /// the most used sense is the pure station one, and its test is rejected).
    func nextSplitSense(_ x: Int) -> Int? {
        let m = Int(allocated[x]), mask = tried[x], base = slotBase[x]
        var best: Int? = nil
        for k in 0..<min(m, 64) where mask & (UInt64(1) << UInt64(k)) == 0 {
            if best == nil || slotCount[base + k] > slotCount[base + best!] { best = k }
        }
        return best
    }

    private func releaseEstimationRowsLocked(_ x: Int, _ pool: inout Pool) {
        if directionRow[x] >= 0 { pool.free.append(directionRow[x]); directionRow[x] = -1 }
        if powerSumRow[x] >= 0 { pool.free.append(powerSumRow[x]); powerSumRow[x] = -1 }
        if meanRow[x] >= 0 { pool.free.append(meanRow[x]); meanRow[x] = -1 }
    }

    /// Rows taken from the pool so far.
    var usedPoolRows: Int { pool.withLock { $0.next - vocabularySize - $0.free.count } }
}
