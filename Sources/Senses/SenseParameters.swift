#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import SenseVecCore

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
    let slotCount: UnsafeMutablePointer<Float>    // Σ capacity: expected counts n_k
    let allocated: UnsafeMutablePointer<Int32>    // senses with a row (including a pending candidate)
    let candidate: UnsafeMutablePointer<UInt8>    // 1 when the newest allocated sense is a candidate
    let settled: UnsafeMutablePointer<UInt8>      // 1 when the word takes no more candidates
    let candidateAge: UnsafeMutablePointer<Int32>
    let seen: UnsafeMutablePointer<Int32>
    let meanFit: UnsafeMutablePointer<Float>      // running mean of an occurrence's relative fit
    let baseline: UnsafeMutablePointer<Float>     // running mean of log p(y | sense) per context word y
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

    init(vocabulary: Vocabulary, tree: HuffmanTree, dimension d: Int, maxSenses: Int, occurrencesPerSense: Int,
         poolRows requestedPool: Int?, rng: inout SenseRandom) throws {
        let v = vocabulary.count
        vocabularySize = v
        dimension = d
        outputRows = tree.innerNodeCount
        output = .allocate(capacity: outputRows * d)
        output.initialize(repeating: 0, count: outputRows * d)
        poolRows = max(0, requestedPool ?? v)
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
        var total = 0
        for x in 0..<v {
            counts[x] = vocabulary.counts[x]
            slotBase[x] = total
            total += max(1, min(maxSenses, vocabulary.counts[x] / occurrencesPerSense))
        }
        slotBase[v] = total
        slotRow = .allocate(capacity: max(1, total)); slotRow.initialize(repeating: -1, count: max(1, total))
        slotCount = .allocate(capacity: max(1, total)); slotCount.initialize(repeating: 0, count: max(1, total))
        for x in 0..<v {
            slotRow[slotBase[x]] = Int32(x)
            slotCount[slotBase[x]] = Float(vocabulary.counts[x])
        }
        allocated = .allocate(capacity: max(1, v)); allocated.initialize(repeating: 1, count: max(1, v))
        candidate = .allocate(capacity: max(1, v)); candidate.initialize(repeating: 0, count: max(1, v))
        settled = .allocate(capacity: max(1, v)); settled.initialize(repeating: 0, count: max(1, v))
        candidateAge = .allocate(capacity: max(1, v)); candidateAge.initialize(repeating: 0, count: max(1, v))
        seen = .allocate(capacity: max(1, v)); seen.initialize(repeating: 0, count: max(1, v))
        meanFit = .allocate(capacity: max(1, v)); meanFit.initialize(repeating: .nan, count: max(1, v))
        baseline = .allocate(capacity: max(1, v)); baseline.initialize(repeating: .nan, count: max(1, v))
        pathCount = tree.codes.count
        codes = .allocate(capacity: max(1, pathCount))
        points = .allocate(capacity: max(1, pathCount))
        offsets = .allocate(capacity: tree.offsets.count)
        for i in 0..<pathCount { codes[i] = tree.codes[i]; points[i] = tree.points[i] }
        for i in 0..<tree.offsets.count { offsets[i] = tree.offsets[i] }
        pool = Mutex(Pool(next: v, free: []))
    }

    deinit {
        output.deallocate()
        munmap(UnsafeMutableRawPointer(input), inputBytes)
        counts.deallocate(); slotBase.deallocate(); slotRow.deallocate(); slotCount.deallocate()
        allocated.deallocate(); candidate.deallocate(); settled.deallocate(); candidateAge.deallocate()
        seen.deallocate(); meanFit.deallocate(); baseline.deallocate()
        codes.deallocate(); points.deallocate(); offsets.deallocate()
    }

    var paths: HuffmanPaths { HuffmanPaths(codes: codes, points: points, offsets: offsets) }

    func capacity(_ x: Int) -> Int { slotBase[x + 1] - slotBase[x] }

    func row(_ x: Int, _ k: Int) -> UnsafeMutablePointer<Float> {
        input + Int(slotRow[slotBase[x] + k]) * dimension
    }

    /// Takes a row from the pool for sense `k` of word `x`, initialized as a copy of `parent` plus a small
    /// perturbation; returns false when the pool is exhausted or another thread got there first.
    func allocateSense(word x: Int, sense k: Int, parent: Int, rng: inout SenseRandom) -> Bool {
        var noise = [Float](repeating: 0, count: dimension)
        for i in 0..<dimension { noise[i] = (rng.nextFloat() - 0.5) / Float(dimension) }
        return pool.withLock { pool -> Bool in
            guard Int(allocated[x]) == k, k < capacity(x) else { return false }
            let r: Int32
            if let f = pool.free.popLast() { r = f }
            else if pool.next < vocabularySize + poolRows { r = Int32(pool.next); pool.next += 1 }
            else { return false }
            let dst = input + Int(r) * dimension, src = row(x, parent)
            for i in 0..<dimension { dst[i] = src[i] + noise[i] }
            slotRow[slotBase[x] + k] = r
            slotCount[slotBase[x] + k] = 0
            allocated[x] = Int32(k + 1)
            return true
        }
    }

    /// Gives the newest sense of `x` back to the pool.
    func releaseNewestSense(word x: Int) {
        pool.withLock { pool in
            let k = Int(allocated[x]) - 1
            guard k >= 1 else { return }
            pool.free.append(slotRow[slotBase[x] + k])
            slotRow[slotBase[x] + k] = -1
            slotCount[slotBase[x] + k] = 0
            allocated[x] = Int32(k)
        }
    }

    /// Rows taken from the pool so far.
    var usedPoolRows: Int { pool.withLock { $0.next - vocabularySize - $0.free.count } }
}
