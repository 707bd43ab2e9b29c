import Dispatch
import Synchronization
import SenseVecCore

// The answering methods are SenseVecCore's `AnalogyMethod` (`.add` = 3CosAdd, `.mul` = 3CosMul), shared with
// the single-query `CosineIndex`.

/// Scores of one section (or a total) of an analogy benchmark.
public struct AnalogyScore: Sendable, Equatable {
    public var name: String
    /// Questions answered correctly.
    public var correct: Int
    /// Questions scored (all four words known within the restricted vocabulary).
    public var answered: Int
    /// Questions skipped because a word was out of the restricted vocabulary.
    public var skipped: Int
    /// `correct / answered`, 0 when nothing was answered.
    public var accuracy: Double { answered > 0 ? Double(correct) / Double(answered) : 0 }

    public init(name: String, correct: Int = 0, answered: Int = 0, skipped: Int = 0) {
        self.name = name; self.correct = correct; self.answered = answered; self.skipped = skipped
    }

    static func + (l: AnalogyScore, r: AnalogyScore) -> AnalogyScore {
        AnalogyScore(name: l.name, correct: l.correct + r.correct, answered: l.answered + r.answered,
                     skipped: l.skipped + r.skipped)
    }
}

/// The outcome of an analogy benchmark.
public struct AnalogyResult: Sendable {
    public var method: AnalogyMethod
    /// Number of most frequent rows searched (the restriction actually applied).
    public var vocabularySize: Int
    public var sections: [AnalogyScore]
    /// All sections together.
    public var total: AnalogyScore
    /// The first five sections of a questions-words file (the semantic ones), when the file has more than five.
    public var semantic: AnalogyScore?
    /// The remaining sections (syntactic), when the file has more than five.
    public var syntactic: AnalogyScore?
    /// The answer given to each question in file order (nil when skipped).
    public var predictions: [String?]
}

/// Solves analogy questions in batches over the most frequent rows of a ``WordVectors``.
///
/// Methods (Levy & Goldberg 2014, "Linguistic Regularities in Sparse and Explicit Word Representations"):
/// 3CosAdd, `argmax_d cos(d, b) − cos(d, a) + cos(d, c)`, which ranks like the cosine with `b̂ − â + ĉ`
/// (gensim's `most_similar(positive=[b, c], negative=[a])`); 3CosMul,
/// `argmax_d cos′(d, b) · cos′(d, c) / (cos′(d, a) + ε)` with `cos′ = (cos + 1)/2` and ε = 0.001.
///
/// Conventions follow gensim's `evaluate_word_analogies` and word2vec's `compute-accuracy`: only the first
/// `restrict` rows are used (rows are in frequency order); words are compared case-insensitively, each folded
/// word standing for its most frequent row; a question with any word outside the restricted vocabulary is
/// skipped and counted; every row whose folded word equals a, b or c is excluded from the answers.
///
/// Batched algorithm: a question's scores are combinations of the cosines of its three words with every
/// row, so the solver computes the cosines of the *distinct* question words (about 900 in the Google set)
/// with a block of 512 rows at a time — a small matrix product with a 4×2 SIMD micro-kernel — and then
/// combines three rows of that tile per question and keeps a running best. The tile stays in cache; blocks
/// of rows are split between threads and the per-thread best answers are merged (ties go to the lower row,
/// as a one-at-a-time scan would). Cost: `U·n·d` multiply-adds for U distinct words, plus `Q·n` for the
/// combinations, instead of `Q·n·d` for Q questions.
public final class AnalogyEvaluator: Sendable {
    /// The vectors searched.
    public let vectors: WordVectors
    /// Unit rows of the restricted vocabulary.
    public let unit: UnitRows
    /// Folded word → rows of the restricted vocabulary that fold to it (ascending).
    let rowsByKey: [String: [Int]]
    /// Folded word of each restricted row.
    let keys: [String]
    /// ε of 3CosMul.
    public static let epsilon: Float = 0.001
    static let blockSize = 512

    /// Prepares the first `restrict` rows of `vectors` (all rows when nil).
    public init(vectors: WordVectors, restrict: Int? = 30_000) {
        self.vectors = vectors
        let n = min(restrict ?? vectors.count, vectors.count)
        unit = UnitRows(vectors, rows: n)
        var map: [String: [Int]] = [:]
        var keys: [String] = []
        keys.reserveCapacity(n)
        for i in 0..<n {
            let k = Self.fold(vectors.words[i])
            keys.append(k)
            map[k, default: []].append(i)
        }
        rowsByKey = map
        self.keys = keys
    }

    /// Case folding used for matching (upper case, as gensim does).
    public static func fold(_ word: String) -> String { word.uppercased() }

    /// A question resolved to rows: the representative rows of a, b, c and the rows to exclude.
    struct Resolved {
        var a: Int, b: Int, c: Int
        var expected: String
        var excluded: [Int]
    }

    func resolve(_ q: AnalogyItem) -> Resolved? {
        let fa = Self.fold(q.a), fb = Self.fold(q.b), fc = Self.fold(q.c), fd = Self.fold(q.d)
        guard let ra = rowsByKey[fa], let rb = rowsByKey[fb], let rc = rowsByKey[fc], rowsByKey[fd] != nil else {
            return nil
        }
        var excluded = Array(Set(ra + rb + rc)).sorted()
        excluded.reserveCapacity(excluded.count)
        return Resolved(a: ra[0], b: rb[0], c: rc[0], expected: fd, excluded: excluded)
    }

    @inline(__always)
    static func combine(_ method: AnalogyMethod, a: Float, b: Float, c: Float) -> Float {
        switch method {
        case .add:
            return (b + c) - a
        case .mul:
            return ((b + 1) * 0.5) * ((c + 1) * 0.5) / ((a + 1) * 0.5 + epsilon)
        }
    }

    @inline(__always)
    static func combine(_ method: AnalogyMethod, a: SIMD8<Float>, b: SIMD8<Float>, c: SIMD8<Float>) -> SIMD8<Float> {
        switch method {
        case .add:
            return (b + c) - a
        case .mul:
            let half = SIMD8<Float>(repeating: 0.5), one = SIMD8<Float>(repeating: 1)
            return ((b + one) * half) * ((c + one) * half) / ((a + one) * half + SIMD8(repeating: epsilon))
        }
    }

    /// Answers one question by scanning every row (the reference the batched solver is tested against).
    /// Returns the answer row's word, or nil when a word is outside the restricted vocabulary.
    public func answer(_ q: AnalogyItem, method: AnalogyMethod = .add) -> String? {
        guard let r = resolve(q) else { return nil }
        let ua = unit.row(r.a), ub = unit.row(r.b), uc = unit.row(r.c)
        let excluded = Set(r.excluded)
        var best = -Float.infinity, bestRow = -1
        for j in 0..<unit.count where !excluded.contains(j) {
            let w = unit.row(j)
            let s = Self.combine(method,
                                 a: DotKernels.dot(ua, w, stride: unit.stride),
                                 b: DotKernels.dot(ub, w, stride: unit.stride),
                                 c: DotKernels.dot(uc, w, stride: unit.stride))
            if s > best { best = s; bestRow = j }
        }
        return bestRow >= 0 ? vectors.words[bestRow] : nil
    }

    /// Answers many questions at once; element `i` is the answer row of `questions[i]` or nil when skipped.
    public func answerRows(_ questions: [AnalogyItem], method: AnalogyMethod = .add, threads: Int = 2,
                           progress: ProgressHandler? = nil) -> [Int?] {
        var resolved: [Resolved] = []
        var slot: [Int?] = []
        for q in questions {
            if let r = resolve(q) { slot.append(resolved.count); resolved.append(r) } else { slot.append(nil) }
        }
        let best = solve(resolved, method: method, threads: max(1, threads), progress: progress)
        return slot.map { $0.map { best[$0] } }
    }

    /// Scores a benchmark.
    public func evaluate(_ set: AnalogySet, method: AnalogyMethod = .add, threads: Int = 2,
                         progress: ProgressHandler? = nil) -> AnalogyResult {
        let questions = set.questions
        let rows = answerRows(questions, method: method, threads: threads, progress: progress)
        var predictions: [String?] = []
        predictions.reserveCapacity(questions.count)
        var sections: [AnalogyScore] = []
        var i = 0
        for section in set.sections {
            var score = AnalogyScore(name: section.name)
            for q in section.questions {
                if let row = rows[i], row >= 0 {
                    score.answered += 1
                    if keys[row] == Self.fold(q.d) { score.correct += 1 }
                    predictions.append(vectors.words[row])
                } else if rows[i] != nil {
                    score.answered += 1
                    predictions.append(nil)
                } else {
                    score.skipped += 1
                    predictions.append(nil)
                }
                i += 1
            }
            sections.append(score)
        }
        let total = sections.reduce(AnalogyScore(name: "total"), +)
        var semantic: AnalogyScore?, syntactic: AnalogyScore?
        if set.hasSectionHeaders && sections.count > 5 {
            semantic = sections[..<5].reduce(AnalogyScore(name: "semantic"), +)
            syntactic = sections[5...].reduce(AnalogyScore(name: "syntactic"), +)
        }
        return AnalogyResult(method: method, vocabularySize: unit.count, sections: sections, total: total,
                             semantic: semantic, syntactic: syntactic, predictions: predictions)
    }

    // MARK: - Batched solver

    /// Per-thread running best of every question; merged after the threads finish.
    final class Workspace: @unchecked Sendable {
        let bestScore: UnsafeMutablePointer<Float>
        let bestRow: UnsafeMutablePointer<Int>
        let questionCount: Int
        init(threads: Int, questions: Int) {
            questionCount = questions
            bestScore = .allocate(capacity: threads * max(questions, 1))
            bestScore.initialize(repeating: -.infinity, count: threads * max(questions, 1))
            bestRow = .allocate(capacity: threads * max(questions, 1))
            bestRow.initialize(repeating: -1, count: threads * max(questions, 1))
        }
        deinit { bestScore.deallocate(); bestRow.deallocate() }
    }

    /// Counts finished blocks for progress reports.
    final class Counter: Sendable {
        private let value = Mutex<Int>(0)
        func increment() -> Int { value.withLock { $0 += 1; return $0 } }
    }

    func solve(_ questions: [Resolved], method: AnalogyMethod, threads: Int, progress: ProgressHandler?) -> [Int] {
        let n = unit.count
        guard !questions.isEmpty else { return [] }
        guard n > 0 else { return [Int](repeating: -1, count: questions.count) }
        // Distinct question words → tile rows (padded to a multiple of 4 with copies of the last one).
        var tileIndex: [Int: Int] = [:]
        var tileRows: [Int] = []
        func tileRow(_ r: Int) -> Int {
            if let t = tileIndex[r] { return t }
            tileIndex[r] = tileRows.count
            tileRows.append(r)
            return tileRows.count - 1
        }
        let qa = questions.map { tileRow($0.a) }
        let qb = questions.map { tileRow($0.b) }
        let qc = questions.map { tileRow($0.c) }
        let uniqueCount = tileRows.count
        while tileRows.count % 4 != 0 { tileRows.append(tileRows[tileRows.count - 1]) }
        let blockSize = Self.blockSize
        let blockCount = (n + blockSize - 1) / blockSize
        let threadCount = min(threads, blockCount)
        let ws = Workspace(threads: threadCount, questions: questions.count)
        let unit = self.unit
        let excludedLists = questions.map(\.excluded)
        let tileRowsConst = tileRows
        let counter = Counter()
        let progressStride = max(1, blockCount / 50)

        DispatchQueue.concurrentPerform(iterations: threadCount) { t in
            let stride = unit.stride
            let tileCount = tileRowsConst.count
            let tile = UnsafeMutablePointer<Float>.allocate(capacity: tileCount * blockSize)
            defer { tile.deallocate() }
            // Pack the distinct question rows contiguously for the micro-kernel.
            let packed = UnsafeMutablePointer<Float>.allocate(capacity: tileCount * stride)
            defer { packed.deallocate() }
            for (i, r) in tileRowsConst.enumerated() {
                (packed + i * stride).update(from: unit.row(r), count: stride)
            }
            let myBest = ws.bestScore + t * questions.count
            let myRow = ws.bestRow + t * questions.count
            var block = t
            while block < blockCount {
                let start = block * blockSize
                let width = min(blockSize, n - start)
                let evenWidth = (width + 1) / 2 * 2  // padding rows are zero, never read past the allocation
                // tile[u * blockSize + j] = cos(question word u, row start + j)
                var u = 0
                while u < tileCount {
                    var j = 0
                    while j < evenWidth {
                        DotKernels.kernel4x2(packed + u * stride, aStride: stride,
                                             unit.row(start + j), bStride: stride, stride: stride,
                                             out: tile + u * blockSize + j, outStride: blockSize)
                        j &+= 2
                    }
                    u &+= 4
                }
                // Running best per question: a lane is looked at only when it beats the best so far (rare
                // after the first blocks), and only then is it checked against the excluded rows.
                let vectorWidth = width / 8 * 8
                for q in 0..<questions.count {
                    let ta = tile + qa[q] * blockSize, tb = tile + qb[q] * blockSize, tc = tile + qc[q] * blockSize
                    var best = myBest[q], bestRow = myRow[q]
                    let excluded = excludedLists[q]
                    var j = 0
                    if method == .add {
                        while j < vectorWidth {
                            let s = Self.combine(.add, a: DotKernels.load(ta + j), b: DotKernels.load(tb + j),
                                                 c: DotKernels.load(tc + j))
                            if DotKernels.mayExceed(s, best) {
                                for l in 0..<8 where s[l] > best && !excluded.contains(start + j + l) {
                                    best = s[l]; bestRow = start + j + l
                                }
                            }
                            j &+= 8
                        }
                    } else {
                        // 3CosMul without a vector division: s = pb·pc / pa > best ⇔ pb·pc − best·pa > 0 (pa > 0);
                        // the filter uses a slightly lowered best so rounding never hides a candidate, and
                        // candidates are then scored exactly as the one-at-a-time solver does.
                        let one = SIMD8<Float>(repeating: 1), half = SIMD8<Float>(repeating: 0.5)
                        let eps = SIMD8<Float>(repeating: Self.epsilon)
                        while j < vectorWidth {
                            let a = DotKernels.load(ta + j), b = DotKernels.load(tb + j), c = DotKernels.load(tc + j)
                            let pa = (a + one) * half + eps
                            let pbc = ((b + one) * half) * ((c + one) * half)
                            let lowered = best > 0 ? best * 0.9999 : best
                            if DotKernels.mayExceed(pbc - SIMD8(repeating: lowered) * pa, 0) {
                                for l in 0..<8 {
                                    let sl = Self.combine(.mul, a: ta[j + l], b: tb[j + l], c: tc[j + l])
                                    if sl > best && !excluded.contains(start + j + l) { best = sl; bestRow = start + j + l }
                                }
                            }
                            j &+= 8
                        }
                    }
                    while j < width {
                        let s = Self.combine(method, a: ta[j], b: tb[j], c: tc[j])
                        if s > best && !excluded.contains(start + j) { best = s; bestRow = start + j }
                        j &+= 1
                    }
                    myBest[q] = best
                    myRow[q] = bestRow
                }
                if let progress {
                    let done = counter.increment()
                    if done % progressStride == 0 || done == blockCount {
                        progress(ProgressEvent(stage: "analogies", fraction: Double(done) / Double(blockCount),
                                               finished: done == blockCount))
                    }
                }
                block += threadCount
            }
        }
        _ = uniqueCount
        var result = [Int](repeating: -1, count: questions.count)
        for q in 0..<questions.count {
            var best = -Float.infinity, row = -1
            for t in 0..<threadCount {
                let s = ws.bestScore[t * questions.count + q], r = ws.bestRow[t * questions.count + q]
                if r < 0 { continue }
                if s > best || (s == best && (row < 0 || r < row)) { best = s; row = r }
            }
            result[q] = row
        }
        return result
    }
}
