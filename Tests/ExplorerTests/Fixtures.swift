import Foundation
import SenseVecCore
@testable import Explorer

/// Small hand-made models for the explorer's tests.
enum Fixtures {
    /// Eight words on four axes (royalty, gender, fruit, noise) so that king − man + woman ≈ queen.
    static func vectors() throws -> WordVectors {
        let rows: [(String, [Float])] = [
            ("king", [1, 1, 0, 0.1]), ("queen", [1, -1, 0, 0.1]),
            ("man", [0, 1, 0, 0.05]), ("woman", [0, -1, 0, 0.05]),
            ("prince", [0.9, 1, 0, 0.6]), ("princess", [0.9, -1, 0, 0.6]),
            ("apple", [0, 0, 1, 0.2]), ("banana", [0, 0, 1, -0.2]),
        ]
        return try WordVectors(words: rows.map(\.0), dimension: 4, values: rows.flatMap(\.1))
    }

    /// Random vectors (seeded).
    static func random(count: Int, dimension: Int, seed: UInt64) throws -> WordVectors {
        var rng = SenseRandom(seed: seed)
        let values = (0..<(count * dimension)).map { _ in Float(rng.nextGaussian()) }
        return try WordVectors(words: (0..<count).map { "w\($0)" }, dimension: dimension, values: values)
    }

    /// A sense model where "bank" has a money sense (#0) and a river sense (#1); the context vectors of money
    /// words score high with the money sense and low with the river sense, and the other way round.
    static func senses() throws -> SenseTable {
        let money: [Float] = [3, 0, 0], river: [Float] = [0, 3, 0], other: [Float] = [0, 0, 3]
        let words = ["bank", "money", "loan", "river", "water", "the", "fish"]
        let senses: [[(vector: [Float], prior: Double)]] = [
            [(money, 0.6), (river, 0.4)],
            [([2.5, 0.2, 0], 1)], [([2.4, -0.3, 0.1], 1)],
            [([0.1, 2.5, 0], 1)], [([-0.2, 2.6, 0.2], 1)],
            [(other, 1)], [([0, 1.5, 1.5], 1)],
        ]
        let outputs: [[Float]] = [
            [0.5, 0.5, 0], [2, -1, 0], [2, -1, 0.1], [-1, 2, 0], [-1, 2, 0.1], [0, 0, 0.2], [0, 0.7, 0.3],
        ]
        return try SenseTable(words: words, dimension: 3, senses: senses, outputs: outputs)
    }

    /// A Senses-module model: "bank" with two active senses, four one-sense words; counts give a Huffman tree
    /// with 4 inner nodes. Values are arbitrary but fixed.
    static func senseVectors() throws -> SenseVectors {
        let words = ["the", "bank", "money", "river", "water"]
        let counts = [50, 20, 10, 8, 6]
        let d = 3
        var rng = SenseRandom(seed: 11)
        let senseOffsets = [0, 1, 3, 4, 5, 6]
        let senseValues = (0..<(6 * d)).map { _ in Float(rng.nextGaussian()) }
        let senseCounts: [Float] = [50, 12, 8, 10, 8, 6]
        let outputValues = (0..<(4 * d)).map { _ in Float(rng.nextGaussian()) }
        return try SenseVectors(words: words, counts: counts, dimension: d, senseOffsets: senseOffsets,
                                senseValues: senseValues, senseCounts: senseCounts, outputValues: outputValues,
                                prior: SensePrior(kind: .dirichletProcess, alpha: 0.1, senseCount: 2), threshold: 0.01,
                                window: 3, settings: [])
    }

    /// Cosine similarity computed the slow, obvious way (Double).
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in a.indices { dot += Double(a[i]) * Double(b[i]); na += Double(a[i] * a[i]); nb += Double(b[i] * b[i]) }
        return na == 0 || nb == 0 ? 0 : dot / (na.squareRoot() * nb.squareRoot())
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sensevec-explorer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
