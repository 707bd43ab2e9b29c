import Testing
import Foundation
@testable import SkipGram
import SenseVecCore
import SyntheticCorpus

/// The subword model: the documented vector of any string, the input layer's gradient, training quality on
/// the synthetic corpus, and the native file.
@Suite(.serialized) struct SubwordTests {
    static func smallModel(buckets: Int = 997, dimension: Int = 13) throws -> SubwordModel {
        var c = SkipGramConfiguration()
        c.dimension = dimension; c.threads = 1; c.minCount = 1
        let vocab = try Vocabulary(words: ["where", "été", "king", "queen"], counts: [40, 30, 20, 10])
        return try SubwordModel(configuration: c, ngrams: try CharacterNgrams(minLength: 3, maxLength: 6, buckets: buckets),
                                vocabulary: vocab)
    }

    /// Mean of the given input rows, computed plainly.
    static func mean(_ m: SubwordModel, rows: [Int]) -> [Float] {
        let d = m.configuration.dimension
        var v = [Float](repeating: 0, count: d)
        for r in rows { for j in 0..<d { v[j] += m.weights.inputRow(r)[j] } }
        return v.map { $0 / Float(rows.count) }
    }

    @Test func vectorOfAnyStringIsTheMeanOfItsRows() throws {
        let m = try Self.smallModel()
        let V = m.vocabulary.count
        // The stored n-gram rows are exactly the buckets of the vocabulary's n-grams, each once, in first-use order.
        var used: [Int32] = []
        for w in m.vocabulary.words { for b in m.ngrams.bucketIndices(of: w) where !used.contains(Int32(b)) { used.append(Int32(b)) } }
        let t = m.table, sv = try m.vectors()
        #expect(t.storedBuckets == used)
        #expect(m.weights.inputRows == V + used.count + 1 && t.zeroRow == V + used.count)
        #expect((0..<m.weights.dimension).allSatisfy { m.weights.inputRow(t.zeroRow)[$0] == 0 })
        func row(ofBucket b: Int) -> Int { used.firstIndex(of: Int32(b)).map { V + $0 } ?? t.zeroRow }
        // Out of vocabulary: its n-gram rows only, one per n-gram, duplicates kept; a bucket no vocabulary word uses
        // counts as the zero row. fastText's ids are words + bucket.
        let oov = "wheres"
        let buckets = m.ngrams.bucketIndices(of: oov)
        #expect(buckets.count == m.ngrams.ngrams(of: oov).count)
        #expect(sv.ngramIDs(of: oov) == buckets.map { V + $0 })
        let rows = buckets.map(row(ofBucket:))
        #expect(sv.inputRows(of: oov) == rows)
        #expect(rows.contains(t.zeroRow) && rows.contains { $0 != t.zeroRow }, "\(rows)")
        let v = sv.vector(for: oov)
        for (a, b) in zip(v, Self.mean(m, rows: rows)) { #expect(abs(a - b) < 1e-6) }
        // In the vocabulary: its own row first, then its n-gram rows.
        let w = try #require(m.vocabulary.index(of: "été"))
        let known = [w] + m.ngrams.bucketIndices(of: "été").map(row(ofBucket:))
        #expect(!known.contains(t.zeroRow))
        #expect(sv.inputRows(of: "été") == known)
        #expect(sv.ngramIDs(of: "été") == [w] + m.ngrams.bucketIndices(of: "été").map { V + $0 })
        for (a, b) in zip(sv.vector(for: "été"), Self.mean(m, rows: known)) { #expect(abs(a - b) < 1e-6) }
        // The written word vectors are the same composition.
        let wv = try sv.wordVectors()
        for (a, b) in zip(wv.vector(for: "été")!, sv.vector(for: "été")) { #expect(a == b) }
        // A string with no n-gram (minn 3, "" → "<>") gets the zero vector, as fastText.
        #expect(sv.inputRows(of: "").isEmpty)
        #expect(sv.vector(for: "").allSatisfy { $0 == 0 })
    }

    /// The per-pair update forms the centre's h once per window and moves it with each step (`follow`); that must
    /// equal h formed again from the updated rows, also when a bucket repeats in the word's list (gain above 1).
    @Test func hiddenFollowsTheStepLikeARecomputedMean() throws {
        // 7 buckets: the n-grams of these words collide, so some lists repeat a row.
        let m = try Self.smallModel(buckets: 7, dimension: 13)
        let lists = m.table
        #expect(lists.rowGains.contains { $0 > 1 }, "\(lists.rowGains)")
        let state = ThreadState(maxLength: 8, window: 2, negatives: 2, outputs: 4, stride: m.weights.stride, bag: 64,
                                rng: SenseRandom(seed: 1))
        defer { state.deallocate() }
        state.grad.update(repeating: 0, count: m.weights.stride)
        var rng = SenseRandom(seed: 9)
        SubwordRows.with(lists, weights: m.weights) { rows in
            for word in Int32(0)..<Int32(m.vocabulary.count) {
                _ = rows.hidden(of: word, state: state)
                for j in 0..<m.weights.dimension { state.grad[j] = rng.nextFloat() - 0.5 }
                rows.add(state.grad, to: word)
                rows.follow(state.grad, of: word, state: state)
                let followed = Array(UnsafeBufferPointer(start: state.hidden, count: m.weights.dimension))
                let fresh = Array(UnsafeBufferPointer(start: rows.hidden(of: word, state: state), count: m.weights.dimension))
                for (a, b) in zip(followed, fresh) { #expect(abs(a - b) < 1e-5, "word \(word)") }
            }
        }
    }

    /// Loss of the subword skip-gram example: h = mean of the rows, then the output layer at lr 0 (labels
    /// 1/0 with weights: positives weight 1, negatives weight `negativeWeight`).
    static func loss(_ input: [Float], _ output: [Float], inRows: [Int32], pos: [Int32], neg: [Int32],
                     negativeWeight: Float, stride: Int) -> Double {
        var input = input, output = output
        var h = [Float](repeating: 0, count: stride), g = [Float](repeating: 0, count: stride)
        let ones = [Float](repeating: 1, count: pos.count), zeros = [Float](repeating: 0, count: neg.count)
        SubwordInput.mean(&input, rows: inRows, count: inRows.count, stride: stride, into: &h)
        let lp = BinaryLogisticOutput.update(hidden: h, hiddenGradient: &g, output: &output, stride: stride, rows: pos,
                                             labels: ones, count: pos.count, learningRate: 0, computeLoss: true)
        let ln = BinaryLogisticOutput.update(hidden: h, hiddenGradient: &g, output: &output, stride: stride, rows: neg,
                                             labels: zeros, count: neg.count, learningRate: 0, computeLoss: true)
        return Double(lp + negativeWeight * ln)
    }

    /// The trainer's step at learning rate 1 (batched skip-gram with shared, weighted negatives): mean,
    /// output layer, then the step added to every input row. Returns the new matrices.
    static func step(_ input: [Float], _ output: [Float], inRows: [Int32], pos: [Int32], neg: [Int32],
                     negativeWeight: Float, stride: Int) -> ([Float], [Float]) {
        var input = input, output = output
        var h = [Float](repeating: 0, count: stride), g = [Float](repeating: 0, count: stride)
        let ones = [Float](repeating: 1, count: pos.count), zeros = [Float](repeating: 0, count: neg.count)
        SubwordInput.mean(&input, rows: inRows, count: inRows.count, stride: stride, into: &h)
        _ = BinaryLogisticOutput.update(hidden: h, hiddenGradient: &g, output: &output, stride: stride, rows: pos,
                                        labels: ones, count: pos.count, learningRate: 1, computeLoss: false)
        _ = BinaryLogisticOutput.update(hidden: h, hiddenGradient: &g, output: &output, stride: stride, rows: neg,
                                        labels: zeros, count: neg.count, learningRate: negativeWeight, computeLoss: false)
        SubwordInput.distribute(g, to: &input, rows: inRows, count: inRows.count, stride: stride)
        return (input, output)
    }

    /// Finite differences: the true gradient of an input row r is (m_r / n) ∂L/∂h (m_r = how often r occurs
    /// among the n rows); fastText's rule adds the whole step −∂L/∂h per occurrence, so the change of row r
    /// at learning rate 1 must be m_r·(−∂L/∂h) = −n ∂L/∂x_r. Output rows change by −∂L/∂u.
    @Test(arguments: [Float(1), Float(3)])
    func subwordInputLayerMatchesFiniteDifferences(negativeWeight: Float) {
        let d = 13, stride = 16
        var rng = SenseRandom(seed: 5)
        func rows(_ n: Int) -> [Float] {
            var m = [Float](repeating: 0, count: n * stride)
            for r in 0..<n { for j in 0..<d { m[r * stride + j] = (rng.nextFloat() * 2 - 1) * 0.7 } }
            return m
        }
        let input = rows(9), output = rows(6)
        let inRows: [Int32] = [0, 4, 7, 2, 4]          // row 4 twice, as a repeated bucket
        let pos: [Int32] = [1, 3], neg: [Int32] = [0, 5, 2]
        let n = Float(inRows.count)
        let (newIn, newOut) = Self.step(input, output, inRows: inRows, pos: pos, neg: neg, negativeWeight: negativeWeight, stride: stride)
        let eps: Float = 1e-2
        func numeric(inputIndex i: Int?, outputIndex o: Int?) -> Double {
            var ip = input, im = input, op = output, om = output
            if let i { ip[i] += eps; im[i] -= eps }
            if let o { op[o] += eps; om[o] -= eps }
            let lp = Self.loss(ip, op, inRows: inRows, pos: pos, neg: neg, negativeWeight: negativeWeight, stride: stride)
            let lm = Self.loss(im, om, inRows: inRows, pos: pos, neg: neg, negativeWeight: negativeWeight, stride: stride)
            return (lp - lm) / Double(2 * eps)
        }
        for r in Set(inRows) {
            for j in 0..<d {
                let i = Int(r) * stride + j
                let num = numeric(inputIndex: i, outputIndex: nil)
                // Row r changes by m_r·(−∂L/∂h) = −n ∂L/∂x_r (∂L/∂x_r = (m_r / n) ∂L/∂h).
                let analytic = -(newIn[i] - input[i]) / n
                #expect(abs(Double(analytic) - num) < 2e-3 + 2e-2 * abs(num), "row \(r)[\(j)]: \(analytic) vs \(num)")
            }
        }
        for r in [1, 3, 0, 5, 2] {
            for j in [0, 6, 12] {
                let i = r * stride + j
                let num = numeric(inputIndex: nil, outputIndex: i)
                let analytic = -(newOut[i] - output[i])
                #expect(abs(Double(analytic) - num) < 2e-3 + 2e-2 * abs(num), "output \(r)[\(j)]: \(analytic) vs \(num)")
            }
        }
        #expect(newIn.enumerated().allSatisfy { $0.offset % stride < d || $0.element == 0 }, "padding stays zero")
        // Rows not among the inputs are untouched.
        for r in [1, 3, 5, 6, 8] { #expect(Array(newIn[r * stride ..< r * stride + d]) == Array(input[r * stride ..< r * stride + d])) }
    }

    static func train(_ path: String, buckets: Int = 20_000, _ configure: (inout SkipGramConfiguration) -> Void) throws -> SubwordModel {
        var c = SkipGramConfiguration()
        c.threads = 1
        configure(&c)
        let corpus = Corpus(paths: [path])
        let vocab = try Vocabulary.count(corpus, minCount: c.minCount).0.pruned(minCount: c.minCount)
        let model = try SubwordModel(configuration: c, ngrams: try CharacterNgrams(buckets: buckets), vocabulary: vocab)
        try SubwordTrainer(model: model, corpus: try EncodedCorpus(corpus, vocabulary: vocab)).train()
        return model
    }

    /// Planted analogies of the synthetic corpus, and misspellings (a vocabulary word with its last letter
    /// doubled, never seen in training) landing next to the word they misspell. At 150k tokens the subword
    /// models answered 48–52% of the planted analogies with negative sampling (word-level skip-gram: 98%;
    /// the synthetic words share many n-grams) and above 75% with hierarchical softmax; 91% with negative
    /// sampling at 300k tokens. The bar here is 40%: far above chance (< 1%), far below what was measured.
    @Test(arguments: [("ns", "skipgram", "batched"), ("hs", "skipgram", "batched"), ("ns", "cbow", "batched"),
                      ("ns", "skipgram", "classic")])
    func plantedQuality(layer: String, architecture: String, update: String) throws {
        let (path, facts) = try Fixture.corpus(tokens: 150_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try Self.train(path) { c in
            c.dimension = 40; c.epochs = 5; c.minCount = 3; c.seed = 3
            c.outputLayer = layer == "hs" ? .hierarchicalSoftmax : .negativeSampling
            c.architecture = architecture == "cbow" ? .cbow : .skipGram
            c.update = update == "classic" ? .classic : .batched
        }
        let sv = try model.vectors()
        let v = try sv.wordVectors()
        let (accuracy, asked) = Fixture.analogyAccuracy(v, facts.analogyQuestions)
        #expect(asked >= facts.analogyQuestions.count / 2)
        #expect(accuracy >= 0.4, "\(layer)/\(architecture)/\(update): planted analogy accuracy \(accuracy) on \(asked)")

        let index = CosineIndex(v)
        let words = v.words.prefix(400).filter { $0.count >= 6 }.prefix(40)
        var near = 0
        for w in words {
            let typo = w + String(w.last!)
            guard v.index(of: typo) == nil else { continue }
            let top = index.neighbors(of: sv.vector(for: typo), k: 3)
            if top.contains(where: { $0.word == w }) { near += 1 }
        }
        #expect(Double(near) >= 0.7 * Double(words.count), "\(near) of \(words.count) misspellings have their word in the top 3")
    }

    @Test func modelFileRoundTripAndResumeGiveTheSameBits() throws {
        let (path, _) = try Fixture.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var c = SkipGramConfiguration()
        c.threads = 1; c.dimension = 12; c.epochs = 2; c.minCount = 2; c.seed = 4
        let corpus = Corpus(paths: [path])
        let (vocab, _) = try Vocabulary.count(corpus, minCount: 2)
        let encoded = try EncodedCorpus(corpus, vocabulary: vocab)
        let ngrams = try CharacterNgrams(minLength: 2, maxLength: 5, buckets: 3_001)
        let whole = try SubwordModel(configuration: c, ngrams: ngrams, vocabulary: vocab)
        let t1 = try SubwordTrainer(model: whole, corpus: encoded)
        t1.roundTokens = 6_000
        try t1.train()

        let part = try SubwordModel(configuration: c, ngrams: ngrams, vocabulary: vocab)
        let t2 = try SubwordTrainer(model: part, corpus: encoded)
        t2.roundTokens = 6_000
        nonisolated(unsafe) var rounds = 0
        t2.shouldStop = { rounds += 1; return rounds > 4 }
        try t2.train()
        #expect(!part.progress.finished)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sw-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try part.save(to: file)
        let loaded = try SubwordModel.load(path: file)
        #expect(loaded.ngrams == ngrams)
        #expect(loaded.progress == part.progress)
        #expect(loaded.vocabulary.words == part.vocabulary.words)
        #expect(loaded.weights.inputValues() == part.weights.inputValues())
        #expect(loaded.weights.outputValues() == part.weights.outputValues())
        #expect(try loaded.vectors().vector(for: "unseenword") == part.vectors().vector(for: "unseenword"))
        #expect(loaded.table.storedBuckets == part.table.storedBuckets && part.table.storedBuckets.count < ngrams.buckets)
        // A file with every bucket stored and no `ngram-buckets` section (the layout before unused buckets were
        // dropped) gives the same vectors.
        var dense = NativeModelFile(kind: SubwordModel.modelKind)
        let packed = try NativeModelFile.read(path: file)
        for (name, payload) in packed.sections where name != "ngram-buckets" {
            guard name == "input" else { dense.set(name, payload); continue }
            let d = c.dimension, V = vocab.count
            var rowsOut = [Float](repeating: 0, count: (V + ngrams.buckets) * d)
            let values = part.weights.inputValues()
            for w in 0..<V { for j in 0..<d { rowsOut[w * d + j] = values[w * d + j] } }
            for (i, b) in part.table.storedBuckets.enumerated() { for j in 0..<d { rowsOut[(V + Int(b)) * d + j] = values[(V + i) * d + j] } }
            dense.set("input") { w in w.append(UInt64(V + ngrams.buckets)); w.append(floats: rowsOut) }
        }
        let densePath = file + ".dense"
        defer { try? FileManager.default.removeItem(atPath: densePath) }
        try dense.write(to: densePath)
        let fromDense = try SubwordModel.load(path: densePath), partVectors = try part.vectors()
        #expect(fromDense.table.storedBuckets.count == ngrams.buckets)
        // The query layer reads both layouts too, and composes the same vectors as the trainer's model.
        let queried = try SubwordVectors.load(path: densePath), queriedPacked = try SubwordVectors.load(path: file)
        for word in ["unseenword", vocab.words[0], vocab.words[vocab.count - 1]] {
            let a = try fromDense.vectors().vector(for: word), b = partVectors.vector(for: word)
            #expect(queried.vector(for: word) == a && queriedPacked.vector(for: word) == b, "\(word)")
            for (x, y) in zip(a, b) { #expect(abs(x - y) < 1e-6, "\(word)") }
        }
        let t3 = try SubwordTrainer(model: loaded, corpus: encoded)
        t3.roundTokens = 6_000
        try t3.train()
        #expect(loaded.progress.finished)
        #expect(loaded.weights.inputValues() == whole.weights.inputValues())
        #expect(loaded.weights.outputValues() == whole.weights.outputValues())
        // A skip-gram model file is not a subword model, and a corrupted file is rejected.
        let sg = FileManager.default.temporaryDirectory.appendingPathComponent("sg-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: sg) }
        try SkipGramModel(configuration: c, vocabulary: vocab).save(to: sg)
        #expect(throws: SenseVecError.self) { try SubwordModel.load(path: sg) }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[bytes.count / 2] ^= 0x40
        try AtomicFile.write(bytes, to: file)
        #expect(throws: SenseVecError.self) { try SubwordModel.load(path: file) }
    }
}
