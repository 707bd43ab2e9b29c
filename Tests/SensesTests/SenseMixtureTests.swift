import Testing
import Foundation
@testable import Senses
@testable import SenseVecCore
import SyntheticCorpus

/// Planted vMF-like data: `k` random unit directions in d dimensions, points = normalize(μ_z + σ·noise).
func plantedPoints(d: Int, k: Int, perSense: Int, noise: Float, seed: UInt64) -> (points: [Float], labels: [Int]) {
    var rng = SenseRandom(seed: seed, stream: 7)
    func gaussian() -> Float {
        let u = max(rng.nextDouble(), 1e-12), v = rng.nextDouble()
        return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
    }
    var centres: [[Float]] = []
    for _ in 0..<k {
        var c = (0..<d).map { _ in gaussian() }
        let n = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
        c = c.map { $0 / n }
        centres.append(c)
    }
    var points: [Float] = [], labels: [Int] = []
    for i in 0..<(k * perSense) {
        let z = i % k
        var p = (0..<d).map { centres[z][$0] + noise * gaussian() }
        let n = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
        p = p.map { $0 / n }
        points += p; labels.append(z)
    }
    return (points, labels)
}

@Suite struct SenseMixtureTests {
    @Test func besselExpansionAgreesWithSeries() {
        for nu in [10.0, 12.5, 49.0] {
            for x in [0.5, 3.0, 20.0, 80.0, 400.0] {
                let a = SpecialFunctions.logBesselI(nu, x), b = SpecialFunctions.logBesselISeries(nu, x)
                #expect(abs(a - b) < 1e-5 * max(1, abs(b)), "ν \(nu) x \(x): \(a) vs \(b)")
            }
        }
        // Large argument against the series, small ν.
        for nu in [0.0, 4.0, 9.5] {
            let a = SpecialFunctions.logBesselI(nu, 700), b = SpecialFunctions.logBesselISeries(nu, 700)
            #expect(abs(a - b) < 1e-6 * abs(b), "ν \(nu): \(a) vs \(b)")
        }
        // I_{1/2}(x) = sqrt(2/(πx)) sinh x.
        for x in [0.3, 2.0, 15.0] {
            #expect(abs(SpecialFunctions.logBesselI(0.5, x) - log((2 / (Double.pi * x)).squareRoot() * sinh(x))) < 1e-9)
        }
    }

    @Test func meanResultantLengthIsMinusTheNormalizersDerivative() {
        for d in [3, 20, 100] {
            for kappa in [0.5, 5.0, 60.0, 300.0] {
                let h = 1e-4 * kappa
                let fd = -(SenseMixture.logNormalizer(dimension: d, kappa: kappa + h)
                           - SenseMixture.logNormalizer(dimension: d, kappa: kappa - h)) / (2 * h)
                let a = SenseMixture.meanResultantLength(dimension: d, kappa: kappa)
                #expect(abs(fd - a) < 1e-5, "d \(d) κ \(kappa): \(fd) vs \(a)")
                #expect(abs(SenseMixture.concentration(dimension: d, meanResultantLength: a) - kappa) < 1e-4 * kappa)
            }
        }
    }

    @Test func kappaGradientMatchesFiniteDifferences() {
        let (points, _) = plantedPoints(d: 16, k: 2, perSense: 40, noise: 0.4, seed: 3)
        var options = SenseMixture.FitOptions()
        options.senses = 2
        let fit = SenseMixture.fit(points: points, dimension: 16, options: options)
        for kappa in [fit.mixture.kappa * 0.5, fit.mixture.kappa, fit.mixture.kappa * 2] {
            var m = fit.mixture
            m.kappa = kappa
            let h = 1e-4 * kappa
            var plus = m, minus = m
            plus.kappa += h; minus.kappa -= h
            let (fd, g) = points.withUnsafeBufferPointer { p in
                ((plus.logLikelihood(points: p.baseAddress!, count: 80) - minus.logLikelihood(points: p.baseAddress!, count: 80)) / (2 * h),
                 m.kappaGradient(points: p.baseAddress!, count: 80))
            }
            #expect(abs(fd - g) < 1e-4 * max(1, abs(g)), "κ \(kappa): finite difference \(fd), gradient \(g)")
        }
        // At the fitted κ the gradient (the M-step's stationarity condition, for fixed responsibilities) is small.
        let g = points.withUnsafeBufferPointer { fit.mixture.kappaGradient(points: $0.baseAddress!, count: 80) }
        #expect(abs(g) < 1.0, "gradient at the fitted κ: \(g)")
    }

    @Test func emRecoversPlantedSensesAndTheirNumber() {
        for (k, seed) in [(1, UInt64(1)), (2, 2), (3, 3), (4, 4)] {
            let (points, labels) = plantedPoints(d: 30, k: k, perSense: 150, noise: 0.25, seed: seed)
            var options = SenseMixture.FitOptions()
            options.maxSenses = 8
            options.seed = seed
            let fit = SenseMixture.fit(points: points, dimension: 30, options: options)
            #expect(fit.mixture.count == k, "planted \(k), found \(fit.mixture.count): \(fit.scores)")
            let assigned = labels.indices.map { fit.assignment($0) }
            #expect(ClusteringMetrics(induced: assigned, gold: labels).purity >= 0.97)
            // Shares close to uniform.
            for w in fit.mixture.weights { #expect(abs(w - 1 / Double(k)) < 0.08) }
        }
    }

    @Test func fixedNumberOfSensesIsRespected() {
        let (points, labels) = plantedPoints(d: 20, k: 2, perSense: 100, noise: 0.3, seed: 9)
        var options = SenseMixture.FitOptions()
        options.senses = 2
        let fit = SenseMixture.fit(points: points, dimension: 20, options: options)
        #expect(fit.mixture.count == 2)
        #expect(ClusteringMetrics(induced: labels.indices.map { fit.assignment($0) }, gold: labels).purity >= 0.97)
        // EM does not lower the likelihood below the one-sense fit.
        var one = options
        one.senses = 1
        let single = SenseMixture.fit(points: points, dimension: 20, options: one)
        #expect(fit.logLikelihood > single.logLikelihood)
    }

    @Test func posteriorIsTheNormalizedPriorTimesLikelihood() {
        let m = SenseMixture(dimension: 2, means: [1, 0, 0, 1], counts: [30, 10], kappa: 4,
                             prior: SensePrior(kind: .fixed, alpha: 1, senseCount: 2))
        let q = m.posterior(context: [0.6, 0.8])
        let lp = m.logPrior
        let a = exp(lp[0] + 4 * 0.6), b = exp(lp[1] + 4 * 0.8)
        #expect(abs(q[0] - a / (a + b)) < 1e-6 && abs(q[1] - b / (a + b)) < 1e-6)
    }
}

@Suite struct SenseInducerTests {
    /// Word vectors with two topics: words 0–9 near direction A, 10–19 near B, plus the target (20).
    static func topicVectors() throws -> WordVectors {
        var rng = SenseRandom(seed: 5, stream: 1)
        let d = 12
        var values: [Float] = []
        for w in 0..<21 {
            for i in 0..<d {
                let base: Float = w < 10 ? (i == 0 ? 1 : 0) : (w < 20 ? (i == 1 ? 1 : 0) : 0.5)
                values.append(base + 0.3 * (rng.nextFloat() - 0.5))
            }
        }
        return try WordVectors(words: (0..<20).map { "w\($0)" } + ["target"], dimension: d, values: values)
    }

    @Test func inducesPlantedSensesFromContexts() throws {
        let inducer = try SenseInducer(vectors: Self.topicVectors(), counts: [Int](repeating: 100, count: 21))
        var rng = SenseRandom(seed: 11, stream: 2)
        var contexts: [(left: [String], right: [String])] = [], labels: [Int] = []
        for i in 0..<120 {
            let topic = i % 2
            let words = (0..<6).map { _ in "w\(topic * 10 + rng.nextInt(below: 10))" }
            contexts.append((Array(words[0..<3]) + ["unknown"], ["target"] + Array(words[3...])))
            labels.append(topic)
        }
        contexts.append((["nothing", "known"], []))
        // The number of senses chosen by the penalized likelihood: at least the two planted ones (contexts made of
        // 20 discrete words are not vMF-distributed, and the mixture splits them further).
        let auto = try inducer.induce(word: "target", contexts: contexts)
        #expect(auto.senses.count >= 2, "\(auto.scores)")
        #expect(auto.scores.first?.senses == 1 && auto.scores.count >= 2)
        var two = SenseMixture.FitOptions()
        two.senses = 2
        let r = try inducer.induce(word: "target", contexts: contexts, options: two)
        #expect(r.senses.count == 2)
        #expect(r.emptyContexts == 1)
        #expect(ClusteringMetrics(induced: Array(r.assignments.prefix(120)), gold: labels).purity >= 0.98)
        // Telling words of a sense come from its topic; nearest words too.
        for s in r.senses {
            let topics = Set(s.tellingWords.prefix(3).map { Int($0.word.dropFirst())! / 10 })
            #expect(topics.count == 1, "\(s.tellingWords)")
            #expect(s.nearestWords.count == 8)
        }
        #expect(r.posteriors.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-9 })
        // A fixed K.
        var options = SenseMixture.FitOptions()
        options.senses = 3
        #expect(try inducer.induce(word: "target", contexts: contexts, options: options).senses.count == 3)
        // The benchmark entry point (no telling or nearest words): one cluster per context, as `induce` gives.
        let clusters = inducer.clusters(word: "target", contexts: contexts, options: two)
        #expect(clusters == r.assignments)
        #expect(try inducer.induce(word: "target", contexts: contexts, options: two, telling: 0, nearest: 0).senses[0].nearestWords.isEmpty)
        // Monte Carlo EM: fitted to 40 of the 120 contexts, every context still gets its posterior and the planted split.
        let sampled = try inducer.induce(word: "target", contexts: contexts, options: two, fitSample: 40)
        #expect(sampled.assignments.count == contexts.count && sampled.posteriors.count == contexts.count)
        #expect(abs(sampled.mixture.counts.reduce(0, +) - 40) < 1e-6, "\(sampled.mixture.counts)")
        #expect(ClusteringMetrics(induced: Array(sampled.assignments.prefix(120)), gold: labels).purity >= 0.98)
        #expect(sampled.posteriors.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-9 })
        // No known word at all: an error.
        #expect(throws: SenseVecError.self) { try inducer.induce(word: "target", contexts: [(["zzz"], ["yyy"])]) }
    }
}

@Suite struct ContextFeaturesTests {
    /// Same topic, different construction: every context is drawn from one topic's words, and the sense shows only
    /// in the word right after the target ("to" or "of"). The bag alone cannot tell the senses apart; with the
    /// collocation block the two-sense fit recovers them.
    @Test func collocationsSeparateWhatTheTopicDoesNot() throws {
        let inducer = try SenseInducer(vectors: SenseInducerTests.topicVectors(), counts: [Int](repeating: 100, count: 21))
        var rng = SenseRandom(seed: 3, stream: 4)
        var contexts: [(left: [String], right: [String])] = [], labels: [Int] = []
        for i in 0..<80 {
            let words = (0..<6).map { _ in "w\(rng.nextInt(below: 10))" }
            contexts.append((Array(words[0..<3]), [i % 2 == 0 ? "to" : "of"] + Array(words[3...])))
            labels.append(i % 2)
        }
        var two = SenseMixture.FitOptions()
        two.senses = 2
        let bag = try inducer.induce(word: "target", contexts: contexts, options: two, features: .bagOfWords)
        let full = try inducer.induce(word: "target", contexts: contexts, options: two)
        #expect(ClusteringMetrics(induced: bag.assignments, gold: labels).purity < 0.7)
        #expect(ClusteringMetrics(induced: full.assignments, gold: labels).purity >= 0.95)
        // A collocation seen once is no dimension: the points are d + 2 wide ("<w…" tokens occur more than once too).
        let p = inducer.points(word: "target", contexts: contexts)
        #expect(p.dimension > 12 + 1)
        #expect(p.points.count == contexts.count * p.dimension)
    }

    /// The bag: the i-th known word on a side weighs i^(−δ) times its weight; sif weights are a / (a + p_y).
    @Test func distanceDecayAndSmoothInverseFrequency() throws {
        let d = 3
        let v = try WordVectors(words: ["a", "b", "c", "target"], dimension: d,
                                values: [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1])
        // Counts 100, 300, 600 of N = 1000 (the target counts 0).
        let inducer = try SenseInducer(vectors: v, counts: [100, 300, 600, 0], window: 10)
        var f = ContextFeatures()
        f.collocationWeight = 0
        f.distanceDecay = 1
        f.weighting = .sif
        f.frequencyScale = 0.1
        // Left "c a b": b nearest (rank 1), a rank 2, c rank 3; right "a": rank 1.
        let p = inducer.points(word: "target", contexts: [(["c", "unknown", "a", "b"], ["a"])], features: f)
        #expect(p.dimension == d && p.used == [0])
        let w = [0.1 / 0.2, 0.1 / 0.4, 0.1 / 0.7]
        var expected = [w[0] / 2 + w[0], w[1], w[2] / 3]
        let norm = expected.map { $0 * $0 }.reduce(0, +).squareRoot()
        expected = expected.map { $0 / norm }
        for i in 0..<d { #expect(abs(Double(p.points[i]) - expected[i]) < 1e-5, "\(p.points) vs \(expected)") }
        // idf: the weights are log(N / n).
        f.weighting = .idf
        f.distanceDecay = 0
        let q = inducer.points(word: "target", contexts: [(["a", "b"], ["c"])], features: f)
        var e2 = [log(10.0), log(1000.0 / 300), log(1000.0 / 600)]
        let n2 = e2.map { $0 * $0 }.reduce(0, +).squareRoot()
        e2 = e2.map { $0 / n2 }
        for i in 0..<d { #expect(abs(Double(q.points[i]) - e2[i]) < 1e-5, "\(q.points) vs \(e2)") }
    }
}

@Suite struct TopicalSenseModelTests {
    static func syntheticCorpus(tokens: Int) throws -> (Vocabulary, EncodedCorpus, [[String]]) {
        let (text, _) = SyntheticCorpus(seed: 2).generateText(tokens: tokens)
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        var counts: [String: Int] = [:], order: [String] = []
        for l in lines { for w in l { if counts[w] == nil { order.append(w) }; counts[w, default: 0] += 1 } }
        let vocab = try Vocabulary(words: order, counts: order.map { counts[$0]! })
        var ids: [Int32] = []
        for l in lines { for w in l { ids.append(Int32(vocab.index(of: w)!)) }; ids.append(EncodedCorpus.sentenceBreak) }
        return (vocab, EncodedCorpus(tokens: ids), lines)
    }

    /// The explanation's per-word terms add up to the posterior's log-likelihood term, the model survives a save
    /// and load bit for bit in its answers, and one thread with one seed gives the same model twice.
    @Test func explanationFileAndDeterminism() throws {
        let (vocab, corpus, lines) = try Self.syntheticCorpus(tokens: 150_000)
        let c = Self.smallTopicalConfiguration()
        let model = try SenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus)
        #expect(model.topical != nil)
        let again = try SenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus)
        #expect(model.senseValues == again.senseValues && model.senseCounts == again.senseCounts)
        // Ward's starts are the default, and the model's settings say so.
        #expect(model.settings.contains { $0.0 == "sense init" && $0.1 == "ward" })
        let word = try #require(model.multiSenseWords.first)
        let sentence = try #require(lines.first { $0.contains(word) && $0.count > 4 })
        let i = sentence.firstIndex(of: word)!
        let e = try #require(model.explain(word: word, left: Array(sentence[..<i]), right: Array(sentence[(i + 1)...])))
        #expect(e.senses.count >= 2)
        // Recompute the posterior from the explanation's terms.
        let logits = e.senses.indices.map { e.logPrior[$0] + e.contributions[$0].reduce(0, +) }
        let top = logits.max()!
        let z = logits.reduce(0) { $0 + exp($1 - top) }
        for k in e.senses.indices { #expect(abs(exp(logits[k] - top) / z - e.posterior[k]) < 1e-4) }
        // Save and load.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("topical-\(UUID().uuidString).senses").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == model.nativeFile().serialized())
        let loaded = try SenseVectors.load(path: path)
        #expect(loaded.topical != nil && loaded.contextKind == .topic)
        let e2 = try #require(loaded.explain(word: word, left: Array(sentence[..<i]), right: Array(sentence[(i + 1)...])))
        #expect(e2.posterior == e.posterior && e2.contributions == e.contributions)
        #expect(loaded.senses(of: word)!.count == model.senses(of: word)!.count)
    }

    /// A small topical configuration on the synthetic corpus: one thread, so one seed gives the same bits.
    static func smallTopicalConfiguration() -> SenseTrainingConfiguration {
        var c = SenseTrainingConfiguration()
        c.dimension = 24; c.maxSenses = 4; c.threads = 1; c.epochs = 2; c.sample = 1e-3; c.occurrencesPerSense = 50
        c.fitSample = 300
        c.contextKind = .topic
        return c
    }

    /// k-means++ starts for the final fit of each word (`senseInitialization`, the alternative to the default Ward
    /// starts): one thread with one seed gives the same model twice, and the setting is kept in the model's settings.
    @Test func kMeansPlusPlusStartsAreDeterministic() throws {
        let (vocab, corpus, _) = try Self.syntheticCorpus(tokens: 150_000)
        var c = Self.smallTopicalConfiguration()
        c.senseInitialization = .kMeansPlusPlus
        let model = try SenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus)
        let again = try SenseTrainer(configuration: c).train(vocabulary: vocab, corpus: corpus)
        #expect(model.senseValues == again.senseValues && model.senseCounts == again.senseCounts)
        #expect(model.multiSenseWordCount >= 1)
        #expect(model.settings.contains { $0.0 == "sense init" && $0.1 == "kmeans++" })
    }
}

@Suite struct ContextEncoderShapeTests {
    /// Four words in 2 dimensions, unit rows.
    static func encoder(_ shape: ContextEncoder.Shape) throws -> ContextEncoder {
        let s = Float(0.5).squareRoot()
        return try ContextEncoder(dimension: 2, vectors: [1, 0, 0, 1, s, s, s, -s], weights: [1, 2, 0.5, 1], window: 5,
                                  shape: shape)
    }

    /// c = [b; β/√2 u_left; β/√2 u_right] / ‖·‖ with b the r^(−δ)-weighted bag, computed by hand; the target and
    /// ids < 0 are skipped but ids ≥ 0 count as positions.
    @Test func encodeWeighsDistanceAndAddsTheAdjacentWords() throws {
        let e = try Self.encoder(.init(distanceDecay: 0.5, adjacentWeight: 0.3))
        #expect(e.pointDimension == 6)
        // left: 1 0 (nearest 0), target 3, right: 2 then 3 (the target again, skipped but counted) then 1.
        let ids: [Int32] = [1, 0, 2, 3, 1]
        let c = try #require(e.encode(ids: ids, leftCount: 2, excluding: 3))
        let s = 0.5.squareRoot()
        let u: [[Double]] = [[1, 0], [0, 1], [s, s], [s, -s]]
        let w: [Double] = [1, 2, 0.5, 1]
        // ranks: id1 left rank 2, id0 left rank 1, id2 right rank 1, id3 right rank 2 (skipped), id1 right rank 3.
        var bag = [0.0, 0.0]
        for (y, r) in [(1, 2.0), (0, 1.0), (2, 1.0), (1, 3.0)] { for i in 0..<2 { bag[i] += w[y] * pow(r, -0.5) * u[y][i] } }
        let bn = (bag[0] * bag[0] + bag[1] * bag[1]).squareRoot()
        let a = 0.3 / 2.0.squareRoot()
        var full = bag.map { $0 / bn } + u[0].map { a * $0 } + u[2].map { a * $0 }
        let fn = full.reduce(0) { $0 + $1 * $1 }.squareRoot()
        full = full.map { $0 / fn }
        for i in 0..<6 { #expect(abs(Double(c[i]) - full[i]) < 1e-5, "\(c) vs \(full)") }
        // The target right before it: no left block.
        let c2 = try #require(e.encode(ids: [3, 0], leftCount: 1, excluding: 3))
        #expect(c2[2] == 0 && c2[3] == 0 && c2[4] != 0)
        // The plain bag is unchanged by the order of the words.
        let plain = try Self.encoder(.bag)
        #expect(plain.pointDimension == 2)
        let p1 = try #require(plain.encode(ids: [1, 0, 2], leftCount: 2, excluding: 3))
        let p2 = try #require(plain.encode(ids: [2, 1, 0], leftCount: 0, excluding: 3))
        for i in 0..<2 { #expect(abs(p1[i] - p2[i]) < 1e-6) }
    }

    /// The per-word terms sum to κ μ · c for any μ, with and without the adjacent-word block.
    @Test func termsSumToTheLogLikelihood() throws {
        for shape in [ContextEncoder.Shape(distanceDecay: 0.5, adjacentWeight: 0.3), .init(distanceDecay: 1, adjacentWeight: 0), .bag] {
            let e = try Self.encoder(shape)
            let ids: [Int32] = [1, 0, 2, 3, 1]
            let c = try #require(e.encode(ids: ids, leftCount: 2, excluding: 3))
            var rng = SenseRandom(seed: 5, stream: 1)
            let mean = (0..<e.pointDimension).map { _ in Float(rng.nextDouble() - 0.5) }
            let kappa = 7.5
            var terms = [Double](repeating: .nan, count: ids.count)
            let total = ids.withUnsafeBufferPointer { ip in mean.withUnsafeBufferPointer { mp in e.withTables { t in
                terms.withUnsafeMutableBufferPointer { tp in
                    e.terms(ids: ip.baseAddress!, count: ids.count, leftCount: 2, excluding: 3, tables: t, mean: mp.baseAddress!,
                            kappa: kappa, into: tp.baseAddress!)
                }
            } } }
            let expected = kappa * zip(mean, c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            #expect(abs(total - expected) < 1e-5 && abs(terms.reduce(0, +) - expected) < 1e-5, "\(shape): \(total) vs \(expected)")
            #expect(terms[3] == 0)
        }
    }

    @Test func absurdShapesAreRefused() {
        #expect(throws: SenseVecError.self) { try Self.encoder(.init(distanceDecay: .nan)) }
        #expect(throws: SenseVecError.self) { try Self.encoder(.init(distanceDecay: -1)) }
        #expect(throws: SenseVecError.self) { try Self.encoder(.init(adjacentWeight: 11)) }
        #expect(throws: SenseVecError.self) { try Self.encoder(.init(frequencyScale: 1)) }
    }
}
