
/// What a sense's neighbours are searched among.
public enum NeighbourSpace: String, Sendable, CaseIterable {
    /// Every active sense vector of every other word (`word#k`).
    case senses
    /// One vector per word: the prior-weighted mean of its active senses.
    case words
}

extension SenseVectors {
    /// The E-step on a given context, with each context word's contribution per sense (see ``SenseExplanation``).
    /// Uses the `window` (default: the training window) in-vocabulary words nearest the target on each side.
    /// Returns nil for an unknown word.
    public func explain(word: String, left: [String], right: [String], window: Int? = nil) -> SenseExplanation? {
        guard let x = index(of: word) else { return nil }
        let w = window ?? self.window
        var ids: [Int32] = [], names: [String] = []
        var leftIds: [(Int32, String)] = []
        for t in left.reversed() where leftIds.count < w {
            if let i = index(of: t), i != x || topical == nil { leftIds.append((Int32(i), t)) }
        }
        for (i, t) in leftIds.reversed() { ids.append(i); names.append(t) }
        let leftCount = ids.count
        var taken = 0
        for t in right where taken < w {
            if let i = index(of: t), i != x || topical == nil { ids.append(Int32(i)); names.append(t); taken += 1 }
        }
        return explain(index: x, context: ids, leftCount: leftCount, contextWords: names)
    }

    /// The E-step for word id `x` and context ids (all used; the first `leftCount` are left of the target, in text
    /// order, the others right of it; the order matters only to a topical model whose context vector weighs
    /// positions, ``ContextEncoder/Shape``).
    public func explain(index x: Int, context ids: [Int32], leftCount: Int, contextWords names: [String]? = nil) -> SenseExplanation {
        if let topical { return explainTopical(index: x, context: ids, leftCount: leftCount, contextWords: names, topical: topical) }
        let active = activeSenses(ofIndex: x)
        let allLog = logPriors(ofIndex: x)
        let m = active.count, c = ids.count
        let lp = active.map { allLog[$0] }
        var ll = [Double](repeating: 0, count: m), q = [Double](repeating: 0, count: m)
        var contrib = [Double](repeating: 0, count: max(1, m * c))
        senseValues.withUnsafeBufferPointer { sv in
            outputValues.withUnsafeBufferPointer { out in
                tree.codes.withUnsafeBufferPointer { codes in
                    tree.points.withUnsafeBufferPointer { points in
                        tree.offsets.withUnsafeBufferPointer { offsets in
                            let rows = active.map { UnsafePointer(sv.baseAddress! + (senseOffsets[x] + $0) * dimension) }
                            let paths = HuffmanPaths(codes: codes.baseAddress!, points: points.baseAddress!,
                                                     offsets: offsets.baseAddress!)
                            rows.withUnsafeBufferPointer { r in
                                ids.withUnsafeBufferPointer { ctx in
                                    lp.withUnsafeBufferPointer { lpp in
                                        ll.withUnsafeMutableBufferPointer { llp in
                                            q.withUnsafeMutableBufferPointer { qp in
                                                contrib.withUnsafeMutableBufferPointer { cp in
                                                    _ = SensePosterior.compute(
                                                        rows: r.baseAddress!, count: m, logPrior: lpp.baseAddress!,
                                                        output: out.baseAddress!, dimension: dimension, paths: paths,
                                                        context: ctx.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                                        contextCount: c, logLikelihood: llp.baseAddress!,
                                                        posterior: qp.baseAddress!, contributions: cp.baseAddress!)
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let perSense = (0..<m).map { k in Array(contrib[(k * c) ..< (k * c + c)]) }
        return SenseExplanation(senses: active, logPrior: lp, posterior: q,
                                contextWords: names ?? ids.map { words[Int($0)] }, contributions: perSense)
    }

    /// The topical E-step (``SenseMixture/posterior(means:count:dimension:kappa:logPrior:context:logLikelihood:posterior:)``)
    /// on the context vector of `ids` (``ContextEncoder``); context word i's term for sense k is its share of
    /// κ μ_k · c (``ContextEncoder/terms(ids:count:leftCount:excluding:tables:mean:kappa:into:)``), and these terms
    /// sum to κ μ_k · c.
    func explainTopical(index x: Int, context ids: [Int32], leftCount: Int, contextWords names: [String]?,
                        topical: TopicalSenses) -> SenseExplanation {
        let active = activeSenses(ofIndex: x)
        let allLog = logPriors(ofIndex: x)
        let encoder = topical.encoder
        let m = active.count, c = ids.count, p = encoder.pointDimension
        let lp = active.map { allLog[$0] }
        let kappa = Double(topical.kappa[x])
        var means = [Float](repeating: 0, count: m * p)
        for (a, k) in active.enumerated() {
            let r = senseOffsets[x] + k
            for i in 0..<p { means[a * p + i] = topical.means[r * p + i] }
        }
        var vector = [Float](repeating: 0, count: p)
        var ll = [Double](repeating: 0, count: m), q = [Double](repeating: 0, count: m)
        var perSense = [[Double]](repeating: [Double](repeating: 0, count: c), count: m)
        ids.withUnsafeBufferPointer { ip in encoder.withTables { tables in
            vector.withUnsafeMutableBufferPointer { cp in means.withUnsafeBufferPointer { mp in lp.withUnsafeBufferPointer { lpp in
                ll.withUnsafeMutableBufferPointer { llp in q.withUnsafeMutableBufferPointer { qp in
                    let base = ip.baseAddress ?? UnsafePointer(bitPattern: 8)!
                    let norm = encoder.encode(ids: base, count: c, leftCount: leftCount, excluding: Int32(x),
                                              tables: tables, into: cp.baseAddress!)
                    SenseMixture.posterior(means: mp.baseAddress!, count: m, dimension: p, kappa: kappa, logPrior: lpp.baseAddress!,
                                           context: cp.baseAddress!, logLikelihood: llp.baseAddress!, posterior: qp.baseAddress!)
                    guard norm > 0, c > 0 else { return }
                    for a in 0..<m {
                        perSense[a].withUnsafeMutableBufferPointer { tp in
                            _ = encoder.terms(ids: base, count: c, leftCount: leftCount, excluding: Int32(x), tables: tables,
                                          mean: mp.baseAddress! + a * p, kappa: kappa, into: tp.baseAddress!)
                        }
                    }
                } }
            } } }
        } }
        return SenseExplanation(senses: active, logPrior: lp, posterior: q,
                                contextWords: names ?? ids.map { words[Int($0)] }, contributions: perSense)
    }

    /// Prior-weighted mean of the active sense vectors of word `x`: its single-word vector.
    public func meanVector(ofIndex x: Int) -> [Float] {
        let active = activeSenses(ofIndex: x)
        let pri = priors(ofIndex: x)
        let total = active.reduce(0.0) { $0 + pri[$1] }
        var v = [Float](repeating: 0, count: dimension)
        for k in active {
            let wgt = Float(pri[k] / max(total, 1e-300))
            let r = senseOffsets[x] + k
            for i in 0..<dimension { v[i] += wgt * senseValues[r * dimension + i] }
        }
        return v
    }

    /// The label of active sense `k` of a word with `senseCount` active senses: `word#k` when it has several,
    /// the bare `word` when it has one. Every listing of sense points (word2vec export, maps, the explorer) uses it.
    public static func label(word: String, sense k: Int, senseCount: Int) -> String {
        senseCount > 1 ? "\(word)#\(k)" : word
    }

    /// Sense vectors flattened to word vectors with one row per active sense (k in active order), labelled by
    /// ``label(word:sense:senseCount:)``, for word2vec export and projection.
    public func flattenedVectors() throws -> WordVectors {
        var names: [String] = [], values: [Float] = []
        for x in 0..<count {
            let active = activeSenses(ofIndex: x)
            for (k, s) in active.enumerated() {
                names.append(Self.label(word: words[x], sense: k, senseCount: active.count))
                values.append(contentsOf: vector(ofIndex: x, sense: s))
            }
        }
        return try WordVectors(words: names, dimension: dimension, values: values)
    }

    /// One vector per word: the prior-weighted mean of its active senses.
    public func meanVectors() throws -> WordVectors {
        var values: [Float] = []
        values.reserveCapacity(count * dimension)
        for x in 0..<count { values.append(contentsOf: meanVector(ofIndex: x)) }
        return try WordVectors(words: words, dimension: dimension, values: values)
    }

    /// A neighbour of a sense: a word, the sense (active-order index) for ``NeighbourSpace/senses``, the cosine.
    public struct Neighbour: Sendable {
        public var word: String
        public var sense: Int?
        public var similarity: Float
    }

    /// The `count` nearest neighbours (cosine) of active sense `sense` (active-order index) of `word`, excluding
    /// the word itself; nil for an unknown word or sense.
    public func neighbours(of word: String, sense: Int, count k: Int = 10, among space: NeighbourSpace = .words,
                           maxWords: Int? = nil) -> [Neighbour]? {
        guard let x = index(of: word) else { return nil }
        let active = activeSenses(ofIndex: x)
        guard sense >= 0 && sense < active.count else { return nil }
        return neighbours(of: vector(ofIndex: x, sense: active[sense]), count: k, among: space, excluding: x,
                          maxWords: maxWords)
    }

    /// The `count` nearest neighbours (cosine) of any vector.
    public func neighbours(of query: [Float], count k: Int = 10, among space: NeighbourSpace = .words,
                           excluding: Int? = nil, maxWords: Int? = nil) -> [Neighbour] {
        precondition(query.count == dimension)
        var unitQuery = [Float](repeating: 0, count: dimension)
        let qn = query.withUnsafeBufferPointer { q in
            unitQuery.withUnsafeMutableBufferPointer { VectorKernels.normalize(q.baseAddress!, count: dimension, into: $0.baseAddress!) }
        }
        guard qn > 0, k > 0 else { return [] }
        var scratch = [Float](repeating: 0, count: dimension)
        var best: [Neighbour] = []
        func offer(_ n: Neighbour) {
            if best.count < k { best.append(n); best.sort { $0.similarity > $1.similarity } }
            else if n.similarity > best[k - 1].similarity { best[k - 1] = n; best.sort { $0.similarity > $1.similarity } }
        }
        let limit = min(count, maxWords ?? count)
        unitQuery.withUnsafeBufferPointer { qp in scratch.withUnsafeMutableBufferPointer { unit in
            for x in 0..<limit where x != excluding {
                switch space {
                case .senses:
                    for (i, s) in activeSenses(ofIndex: x).enumerated() {
                        let r = senseOffsets[x] + s
                        let sim = senseValues.withUnsafeBufferPointer { sv in
                            cosine(qp.baseAddress!, sv.baseAddress! + r * dimension, scratch: unit.baseAddress!)
                        }
                        offer(Neighbour(word: words[x], sense: i, similarity: sim))
                    }
                case .words:
                    let v = meanVector(ofIndex: x)
                    let sim = v.withUnsafeBufferPointer { cosine(qp.baseAddress!, $0.baseAddress!, scratch: unit.baseAddress!) }
                    offer(Neighbour(word: words[x], sense: nil, similarity: sim))
                }
            }
        } }
        return best
    }

    /// Cosine of the unit vector `q` with `v` (normalized into `scratch`); −1 when `v` is zero.
    private func cosine(_ q: UnsafePointer<Float>, _ v: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) -> Float {
        guard VectorKernels.normalize(v, count: dimension, into: scratch) > 0 else { return -1 }
        return VectorKernels.dot(q, scratch, count: dimension)
    }
}
