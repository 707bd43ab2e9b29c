#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the words around an occurrence into one unit context vector, the observation of ``SenseMixture``:
///
///     b = Σ_i s_i w_{y_i} u_{y_i} / ‖Σ_i s_i w_{y_i} u_{y_i}‖          (the bag)
///     c = [b ; β/√2 · u_left ; β/√2 · u_right] / ‖·‖                   (with the adjacent words, β > 0)
///     c = b                                                            (β = 0)
///
/// with u_y the unit-length word vector of context word y, w_y its informativeness, s_i = r_i^(−δ) for the word
/// r_i places from the target on its side (δ = ``Shape/distanceDecay``; 0: every word alike), and u_left, u_right
/// the vectors of the words right before and right after the target (β = ``Shape/adjacentWeight``). The weights
/// are the inverse document frequency log(N / n_y) of a word seen n_y times in N tokens (Sparck Jones 1972) or the
/// smooth inverse frequency a / (a + n_y / N) (Arora, Liang & Ma 2017): frequent function and register words weigh
/// little, topical words much. The bag carries the topic, the adjacent words the local construction ("one sense
/// per collocation", Yarowsky 1993). κ μ · c is a sum of one term per context word (``terms(ids:count:leftCount:excluding:tables:mean:kappa:into:)``),
/// which is how explanations split the decision over the context words.
public struct ContextEncoder: Sendable {
    /// Dimension d of the vectors.
    public let dimension: Int
    /// Unit rows u_y, one per vocabulary word (V × d).
    public let vectors: [Float]
    /// w_y per vocabulary word.
    public let weights: [Float]
    /// Words used on each side of the target (in-vocabulary words, nearest first).
    public let window: Int
    /// Association weighting: when present, context word y of target x weighs w(x, y) = max(0, v_x · o_y + log k)
    /// instead of its IDF, with v_x, o_y the skip-gram input and output vectors: skip-gram with k negative samples
    /// fits v_x · o_y ≈ PMI(x, y) − log k (Levy & Goldberg 2014), so w is the positive pointwise mutual
    /// information of the two words. Words that merely share the book or the register with x get about 0.
    public let association: Association?
    /// How positions enter the context vector.
    public let shape: Shape

    /// The position-dependent parts of the context vector.
    public struct Shape: Sendable, Equatable {
        /// δ: the word r places from the target on its side weighs r^(−δ) (0: every word alike).
        public var distanceDecay: Float
        /// β: the weight of the adjacent words' block (0: the bag alone, dimension d).
        public var adjacentWeight: Float
        /// a when ``ContextEncoder/weights`` are smooth inverse frequencies a / (a + p_y); 0 when they are
        /// log(N / n_y) or association weights.
        public var frequencyScale: Float
        public init(distanceDecay: Float = 0, adjacentWeight: Float = 0, frequencyScale: Float = 0) {
            self.distanceDecay = distanceDecay; self.adjacentWeight = adjacentWeight; self.frequencyScale = frequencyScale
        }
        /// The bag of words alone, IDF-weighted.
        public static let bag = Shape()
        /// Checks the fields (finite, δ in [0, 4], β in [0, 10], a in [0, 1)).
        public func validate() throws {
            guard distanceDecay.isFinite, distanceDecay >= 0, distanceDecay <= 4 else {
                throw SenseVecError("context encoder: distance decay \(distanceDecay) is not in [0, 4]")
            }
            guard adjacentWeight.isFinite, adjacentWeight >= 0, adjacentWeight <= 10 else {
                throw SenseVecError("context encoder: adjacent-word weight \(adjacentWeight) is not in [0, 10]")
            }
            guard frequencyScale.isFinite, frequencyScale >= 0, frequencyScale < 1 else {
                throw SenseVecError("context encoder: frequency scale \(frequencyScale) is not in [0, 1)")
            }
        }
    }

    /// The dimension of a context vector: d, or 3d with the adjacent words' block.
    public var pointDimension: Int { shape.adjacentWeight > 0 ? 3 * dimension : dimension }

    /// The skip-gram vectors behind association weighting (V × d each).
    public struct Association: Sendable {
        public let targets: [Float]
        public let outputs: [Float]
        public let shift: Float
        public init(targets: [Float], outputs: [Float], shift: Float) {
            self.targets = targets; self.outputs = outputs; self.shift = shift
        }
    }

    public init(dimension: Int, vectors: [Float], weights: [Float], window: Int, association: Association? = nil,
                shape: Shape = .bag) throws {
        try shape.validate()
        guard dimension >= 1, vectors.count == weights.count * dimension else {
            throw SenseVecError("context encoder: \(vectors.count) values do not match \(weights.count) words of dimension \(dimension)")
        }
        if let association {
            guard association.targets.count == vectors.count, association.outputs.count == vectors.count,
                  association.shift.isFinite else {
                throw SenseVecError("context encoder: association tables do not match the vocabulary")
            }
        }
        guard window >= 1 else { throw SenseVecError("context window must be at least 1") }
        self.dimension = dimension; self.vectors = vectors; self.weights = weights; self.window = window
        self.association = association; self.shape = shape
    }

    /// Raw pointers to the tables, for hot loops.
    public struct Tables {
        public let vectors: UnsafePointer<Float>
        public let weights: UnsafePointer<Float>
        public let targets: UnsafePointer<Float>?
        public let outputs: UnsafePointer<Float>?
        public let shift: Float
    }

    /// Calls `body` with pointers to the tables (valid during the call).
    public func withTables<R>(_ body: (Tables) throws -> R) rethrows -> R {
        try vectors.withUnsafeBufferPointer { vp in try weights.withUnsafeBufferPointer { wp in
            if let association {
                return try association.targets.withUnsafeBufferPointer { tp in try association.outputs.withUnsafeBufferPointer { op in
                    try body(Tables(vectors: vp.baseAddress!, weights: wp.baseAddress!, targets: tp.baseAddress!,
                                    outputs: op.baseAddress!, shift: association.shift))
                } }
            }
            return try body(Tables(vectors: vp.baseAddress!, weights: wp.baseAddress!, targets: nil, outputs: nil, shift: 0))
        } }
    }

    /// The weight of context word y for target x (x < 0: no target, IDF).
    @inlinable @inline(__always)
    public func weight(_ t: Tables, target x: Int32, context y: Int32) -> Float {
        if let targets = t.targets, let outputs = t.outputs, x >= 0 {
            return max(0, VectorKernels.dot(targets + Int(x) * dimension, outputs + Int(y) * dimension, count: dimension) + t.shift)
        }
        return t.weights[Int(y)]
    }

    /// An encoder from raw word vectors (rows are normalized; a zero row stays zero) and corpus counts.
    public init(dimension d: Int, rawVectors: UnsafePointer<Float>, stride: Int, counts: [Int], window: Int) throws {
        var unit = [Float](repeating: 0, count: counts.count * d)
        unit.withUnsafeMutableBufferPointer { u in
            for x in 0..<counts.count { _ = VectorKernels.normalize(rawVectors + x * stride, count: d, into: u.baseAddress! + x * d) }
        }
        try self.init(dimension: d, vectors: unit, weights: Self.informativeness(counts: counts), window: window)
    }

    /// w_y = log(N / n_y) with N = Σ n_y (0 for unseen words).
    public static func informativeness(counts: [Int]) -> [Float] {
        let total = Double(max(1, counts.reduce(0, +)))
        return counts.map { $0 > 0 ? Float(max(0, log(total / Double($0)))) : 0 }
    }

    /// w_y = a / (a + n_y / N), the smooth inverse frequency (Arora, Liang & Ma 2017; 0 for unseen words).
    public static func smoothInverseFrequency(counts: [Int], scale a: Double) -> [Float] {
        let total = Double(max(1, counts.reduce(0, +)))
        return counts.map { $0 > 0 ? Float(a / (a + Double($0) / total)) : 0 }
    }

    /// Writes the unit context vector (``pointDimension`` values) of context ids `ids[0..<n]` into `out` and returns
    /// ‖Σ s w u‖, the bag's length before normalization (``VectorKernels/normalize(_:count:into:)``; 0 when no word
    /// counts or the sum is not finite: `out` is then zero). `ids[0..<leftCount]` are the words left of the target
    /// in text order (the nearest last), the rest the words right of it (the nearest first). Ids < 0 and
    /// `excluding`, the target, are skipped; positions count every id ≥ 0.
    @inlinable
    public func encode(ids: UnsafePointer<Int32>, count n: Int, leftCount: Int, excluding: Int32 = -1, tables t: Tables,
                       into out: UnsafeMutablePointer<Float>) -> Float {
        let d = dimension, p = pointDimension
        out.update(repeating: 0, count: p)
        let decay = shape.distanceDecay
        var leftRemaining = decay != 0 ? Self.rank(ids, from: 0, to: min(leftCount, n)) : 0, rightSeen = 0
        for i in 0..<n {
            let y = ids[i]
            guard y >= 0 else { continue }
            let rank: Int
            if i < leftCount { rank = leftRemaining; leftRemaining -= 1 } else { rightSeen += 1; rank = rightSeen }
            guard y != excluding else { continue }
            var w = weight(t, target: excluding, context: y)
            if decay != 0 { w *= powf(Float(rank), -decay) }
            if w > 0 { VectorKernels.axpy(w, t.vectors + Int(y) * d, out, count: d) }
        }
        let norm = VectorKernels.normalize(out, count: d, into: out)
        guard norm > 0 else { out.update(repeating: 0, count: p); return 0 }
        if p > d {
            let (left, right) = adjacent(ids: ids, count: n, leftCount: leftCount, excluding: excluding)
            let scale = shape.adjacentWeight / Float(2).squareRoot()
            if left >= 0 { VectorKernels.axpy(scale, t.vectors + Int(left) * d, out + d, count: d) }
            if right >= 0 { VectorKernels.axpy(scale, t.vectors + Int(right) * d, out + 2 * d, count: d) }
            _ = VectorKernels.normalize(out, count: p, into: out)
        }
        return norm
    }

    /// The number of ids ≥ 0 in `ids[from..<to]`: a word's distance from the target on its side.
    @inlinable @inline(__always)
    static func rank(_ ids: UnsafePointer<Int32>, from: Int, to: Int) -> Int {
        var r = 0
        for j in from..<to where ids[j] >= 0 { r += 1 }
        return r
    }

    /// The words right before and right after the target among `ids` (as in ``encode(ids:count:leftCount:excluding:tables:into:)``;
    /// −1 where there is none or it is the target itself).
    @inlinable
    public func adjacent(ids: UnsafePointer<Int32>, count n: Int, leftCount: Int, excluding: Int32) -> (left: Int32, right: Int32) {
        var left: Int32 = -1, right: Int32 = -1
        var i = leftCount - 1
        while i >= 0 && ids[i] < 0 { i -= 1 }
        if i >= 0 && ids[i] != excluding { left = ids[i] }
        i = leftCount
        while i < n && ids[i] < 0 { i += 1 }
        if i < n && ids[i] != excluding { right = ids[i] }
        return (left, right)
    }

    /// Each context word's term in κ μ · c for one sense mean μ (``pointDimension`` values), written to
    /// `terms[0..<n]` (0 for skipped ids); the terms sum to κ μ · c. With c as in
    /// ``encode(ids:count:leftCount:excluding:tables:into:)``, bag norm B = ‖Σ s w u‖ and Z = ‖[b; β/√2 u_left;
    /// β/√2 u_right]‖, word i's term is κ s_i w_i (μ_bag · u_i) / (B Z), plus κ β/√2 (μ_left · u_i) / Z when it is
    /// the word right before the target (likewise right after). Returns κ μ · c.
    @discardableResult
    public func terms(ids: UnsafePointer<Int32>, count n: Int, leftCount: Int, excluding: Int32, tables t: Tables,
                      mean: UnsafePointer<Float>, kappa: Double, into terms: UnsafeMutablePointer<Double>) -> Double {
        let d = dimension, p = pointDimension
        terms.update(repeating: 0, count: n)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: p)
        defer { scratch.deallocate() }
        let bagNorm = encode(ids: ids, count: n, leftCount: leftCount, excluding: excluding, tables: t, into: scratch)
        guard bagNorm > 0 else { return 0 }
        var z = 1.0
        var leftAt = -1, rightAt = -1
        if p > d {
            var i = leftCount - 1
            while i >= 0 && ids[i] < 0 { i -= 1 }
            if i >= 0 && ids[i] != excluding { leftAt = i }
            i = leftCount
            while i < n && ids[i] < 0 { i += 1 }
            if i < n && ids[i] != excluding { rightAt = i }
            let half = Double(shape.adjacentWeight * shape.adjacentWeight) / 2
            z = (1 + (leftAt >= 0 ? half : 0) + (rightAt >= 0 ? half : 0)).squareRoot()
        }
        let decay = shape.distanceDecay
        var leftRemaining = Self.rank(ids, from: 0, to: min(leftCount, n)), rightSeen = 0
        var total = 0.0
        for i in 0..<n {
            let y = ids[i]
            guard y >= 0 else { continue }
            let rank: Int
            if i < leftCount { rank = leftRemaining; leftRemaining -= 1 } else { rightSeen += 1; rank = rightSeen }
            guard y != excluding else { continue }
            var w = weight(t, target: excluding, context: y)
            if decay != 0 { w *= powf(Float(rank), -decay) }
            var term = kappa * Double(w) * Double(VectorKernels.dot(mean, t.vectors + Int(y) * d, count: d)) / (Double(bagNorm) * z)
            let scale = Double(shape.adjacentWeight) / 2.0.squareRoot()
            if i == leftAt { term += kappa * scale * Double(VectorKernels.dot(mean + d, t.vectors + Int(y) * d, count: d)) / z }
            if i == rightAt { term += kappa * scale * Double(VectorKernels.dot(mean + 2 * d, t.vectors + Int(y) * d, count: d)) / z }
            terms[i] = term
            total += term
        }
        return total
    }

    /// The unit context vector of `ids` (nil when none of them carries weight).
    public func encode(ids: [Int32], leftCount: Int, excluding: Int32 = -1) -> [Float]? {
        var out = [Float](repeating: 0, count: pointDimension)
        let norm = ids.withUnsafeBufferPointer { ip in withTables { t in
            out.withUnsafeMutableBufferPointer { op in
                encode(ids: ip.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: ids.count, leftCount: leftCount,
                       excluding: excluding, tables: t, into: op.baseAddress!)
            }
        } }
        return norm > 0 ? out : nil
    }

    /// The ids of the `window` known words nearest the target on each side (left then right), given a lookup.
    public func contextIds(left: [String], right: [String], window: Int? = nil,
                           index: (String) -> Int?) -> (ids: [Int32], words: [String]) {
        let w = window ?? self.window
        var leftIds: [(Int32, String)] = []
        for t in left.reversed() where leftIds.count < w {
            if let i = index(t) { leftIds.append((Int32(i), t)) }
        }
        var ids: [Int32] = [], names: [String] = []
        for (i, t) in leftIds.reversed() { ids.append(i); names.append(t) }
        var taken = 0
        for t in right where taken < w {
            if let i = index(t) { ids.append(Int32(i)); names.append(t); taken += 1 }
        }
        return (ids, names)
    }
}
