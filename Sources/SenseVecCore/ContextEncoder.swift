#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the words around an occurrence into one unit context vector, the observation of ``SenseMixture``:
///
///     c = Σ_i w_{y_i} u_{y_i} / ‖Σ_i w_{y_i} u_{y_i}‖,
///
/// with u_y the unit-length word vector of context word y and w_y its informativeness, the inverse document
/// frequency log(N / n_y) of a word seen n_y times in N tokens (Sparck Jones 1972): frequent function and register
/// words weigh little, topical words much. The term of context word i in κ μ · c is then κ w_i (μ · u_i) / ‖Σ w u‖,
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

    /// The skip-gram vectors behind association weighting (V × d each).
    public struct Association: Sendable {
        public let targets: [Float]
        public let outputs: [Float]
        public let shift: Float
        public init(targets: [Float], outputs: [Float], shift: Float) {
            self.targets = targets; self.outputs = outputs; self.shift = shift
        }
    }

    public init(dimension: Int, vectors: [Float], weights: [Float], window: Int, association: Association? = nil) throws {
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
        self.association = association
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

    /// Writes the unit context vector of context ids `ids[0..<n]` (ids < 0 and `excluding`, the target, are skipped) into
    /// `out` and returns ‖Σ w u‖ before normalization (``VectorKernels/normalize(_:count:into:)``; 0 when no word
    /// counts or the sum is not finite: `out` is then zero).
    @inlinable
    public func encode(ids: UnsafePointer<Int32>, count n: Int, excluding: Int32 = -1, tables t: Tables,
                       into out: UnsafeMutablePointer<Float>) -> Float {
        let d = dimension
        out.update(repeating: 0, count: d)
        for i in 0..<n {
            let y = ids[i]
            guard y >= 0 && y != excluding else { continue }
            let w = weight(t, target: excluding, context: y)
            if w > 0 { VectorKernels.axpy(w, t.vectors + Int(y) * d, out, count: d) }
        }
        let norm = VectorKernels.normalize(out, count: d, into: out)
        guard norm > 0 else { out.update(repeating: 0, count: d); return 0 }
        return norm
    }

    /// The unit context vector of `ids` (nil when none of them carries weight).
    public func encode(ids: [Int32], excluding: Int32 = -1) -> [Float]? {
        var out = [Float](repeating: 0, count: dimension)
        let norm = ids.withUnsafeBufferPointer { ip in withTables { t in
            out.withUnsafeMutableBufferPointer { op in
                encode(ids: ip.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: ids.count, excluding: excluding,
                       tables: t, into: op.baseAddress!)
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
