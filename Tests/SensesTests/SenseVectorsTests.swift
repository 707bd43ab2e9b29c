import Testing
import Foundation
@testable import Senses
import SenseVecCore

@Suite struct SenseVectorsTests {
    /// A small hand-made model: 4 words, word 0 has two senses.
    static func model() throws -> SenseVectors {
        var rng = SenseRandom(seed: 2)
        let d = 6
        let words = ["bank", "river", "money", "tree"], counts = [40, 30, 20, 10]
        let offsets = [0, 2, 3, 4, 5]
        let values = (0..<(5 * d)).map { _ in Float(rng.nextGaussian()) }
        let tree = HuffmanTree(counts: counts)
        let out = (0..<(tree.innerNodeCount * d)).map { _ in Float(rng.nextGaussian()) }
        return try SenseVectors(words: words, counts: counts, dimension: d, senseOffsets: offsets, senseValues: values,
                                senseCounts: [25, 15, 30, 20, 10], outputValues: out,
                                prior: SensePrior(kind: .dirichletProcess, alpha: 1, senseCount: 30), threshold: 0.01,
                                window: 5, settings: [("note", "test")])
    }

    @Test func posteriorMatchesBruteForce() throws {
        let m = try Self.model()
        let q = m.posterior(of: "bank", left: ["river", "unknown"], right: ["money", "tree"])!
        #expect(q.count == 2)
        // Brute force in Double: log p(y|k) = Σ_j log σ(s_j u·v).
        let lp = m.logPriors(ofIndex: 0)
        var logits = [Double]()
        for k in 0..<2 {
            let v = m.vector(ofIndex: 0, sense: k)
            var total = lp[k]
            for y in ["river", "money", "tree"] {
                let w = m.index(of: y)!
                for (c, p) in zip(m.tree.codes(of: w), m.tree.points(of: w)) {
                    var x = 0.0
                    for i in 0..<m.dimension { x += Double(m.outputValues[Int(p) * m.dimension + i]) * Double(v[i]) }
                    let s = c == 0 ? x : -x
                    total += -log(1 + exp(-s))
                }
            }
            logits.append(total)
        }
        let mx = logits.max()!
        let z = logits.reduce(0) { $0 + exp($1 - mx) }
        for k in 0..<2 { #expect(abs(q[k] - exp(logits[k] - mx) / z) < 1e-4) }
        #expect(abs(q.reduce(0, +) - 1) < 1e-9)
    }

    @Test func explanationAddsUp() throws {
        let m = try Self.model()
        let e = m.explain(word: "bank", left: ["river"], right: ["money"])!
        #expect(e.contextWords == ["river", "money"])
        let r = e.runnerUp!
        for i in 0..<2 { #expect(abs(e.influence[i] - (e.contributions[e.best][i] - e.contributions[r][i])) < 1e-12) }
        // The posterior log-odds equal the prior log-odds plus the summed influences.
        let lhs = log(e.posterior[e.best] / e.posterior[r])
        let rhs = e.logPrior[e.best] - e.logPrior[r] + e.influence.reduce(0, +)
        #expect(abs(lhs - rhs) < 1e-6)
    }

    @Test func windowLimitsTheContext() throws {
        let m = try Self.model()
        let e = m.explain(word: "bank", left: ["tree", "money", "river"], right: ["tree", "money"], window: 1)!
        #expect(e.contextWords == ["river", "tree"])
    }

    @Test func thresholdHidesRareSenses() throws {
        var m = try Self.model()
        #expect(m.senses(of: "bank")!.count == 2)
        m.threshold = 0.5
        #expect(m.senses(of: "bank")!.count == 1)
        #expect(m.posterior(of: "bank", left: [], right: [])! == [1])
        #expect(m.senses(of: "nope") == nil)
        #expect(m.posterior(of: "nope", left: [], right: []) == nil)
    }

    @Test func saveLoadRoundTripAndCorruption() throws {
        let m = try Self.model()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("senses-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.senses").path
        try m.save(to: path)
        let l = try SenseVectors.load(path: path)
        #expect(l.words == m.words && l.counts == m.counts && l.senseOffsets == m.senseOffsets)
        #expect(l.senseValues == m.senseValues && l.outputValues == m.outputValues && l.senseCounts == m.senseCounts)
        #expect(l.prior == m.prior && l.threshold == m.threshold && l.window == m.window)
        #expect(l.settings.map { $0.name } == ["note"])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // The streamed file is byte for byte the in-memory container.
        #expect(bytes == m.nativeFile().serialized())
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: SenseVecError.self) { try SenseVectors.load(path: path) }
        // A model file of another kind is refused.
        try NativeModelFile(kind: "skipgram").write(to: path)
        #expect(throws: SenseVecError.self) { try SenseVectors.load(path: path) }
    }

    @Test func flattenedRowsAndNeighbours() throws {
        let m = try Self.model()
        let flat = try m.flattenedVectors()
        #expect(flat.words == ["bank#0", "bank#1", "river", "money", "tree"])
        #expect(flat.vector(at: 1) == m.vector(ofIndex: 0, sense: 1))
        let n = m.neighbours(of: "bank", sense: 0, count: 2, among: .senses)!
        #expect(n.count == 2 && !n.contains { $0.word == "bank" })
        #expect(n[0].similarity >= n[1].similarity)
        let words = m.neighbours(of: "bank", sense: 1, count: 5, among: .words)!
        #expect(words.count == 3)
        let mean = m.meanVector(ofIndex: 0)
        let p = m.priors(ofIndex: 0)
        let v0 = m.vector(ofIndex: 0, sense: 0), v1 = m.vector(ofIndex: 0, sense: 1)
        for i in 0..<m.dimension {
            #expect(abs(mean[i] - Float((p[0] * Double(v0[i]) + p[1] * Double(v1[i])) / (p[0] + p[1]))) < 1e-5)
        }
    }

    @Test func inconsistentTablesAreRejected() {
        #expect(throws: SenseVecError.self) {
            try SenseVectors(words: ["a", "b"], counts: [2, 1], dimension: 2, senseOffsets: [0, 1, 1], senseValues: [0, 0],
                             senseCounts: [1], outputValues: [0, 0], prior: SensePrior(kind: .fixed, alpha: 1, senseCount: 2),
                             threshold: 0, window: 1, settings: [])
        }
    }
}
