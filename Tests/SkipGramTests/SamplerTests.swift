import Testing
import Foundation
@testable import SkipGram
import SenseVecCore

@Suite struct SamplerTests {
    /// Chi-square goodness of fit of the alias sampler against count^0.75.
    @Test func negativeSamplerFollowsUnigramToThreeQuarters() {
        let counts = [1000, 500, 300, 120, 80, 40, 20, 9, 5, 3, 2, 1]
        let sampler = NegativeSampler(counts: counts)
        let weights = counts.map { pow(Double($0), 0.75) }
        let total = weights.reduce(0, +)
        for (p, w) in zip(sampler.probabilities, weights) { #expect(abs(p - w / total) < 1e-12) }
        var rng = SenseRandom(seed: 7)
        let n = 200_000
        var observed = [Int](repeating: 0, count: counts.count)
        for _ in 0..<n { observed[sampler.sample(&rng)] += 1 }
        let chi2 = zip(observed, weights).reduce(0.0) { acc, pair in
            let e = Double(n) * pair.1 / total
            return acc + (Double(pair.0) - e) * (Double(pair.0) - e) / e
        }
        // 11 degrees of freedom: P(χ² > 31.26) = 0.001.
        #expect(chi2 < 31.26, "chi-square \(chi2)")
        // And it is not the raw unigram distribution (power 1), which the same test must reject.
        let raw = counts.map(Double.init), rawTotal = raw.reduce(0, +)
        let chi2Raw = zip(observed, raw).reduce(0.0) { acc, pair in
            let e = Double(n) * pair.1 / rawTotal
            return acc + (Double(pair.0) - e) * (Double(pair.0) - e) / e
        }
        #expect(chi2Raw > 1000)
    }

    @Test func samplerHandlesSingleWordAndZeroCounts() {
        var rng = SenseRandom(seed: 1)
        let one = NegativeSampler(counts: [5])
        #expect((0..<100).allSatisfy { _ in one.sample(&rng) == 0 })
        let zeros = NegativeSampler(counts: [0, 3, 0])
        #expect((0..<1000).allSatisfy { _ in zeros.sample(&rng) == 1 })
    }

    @Test func subsamplingKeepRatesMatchWord2VecFormula() {
        let counts = [50_000, 20_000, 5_000, 1_000, 100, 10]
        let sample = 1e-3
        let sub = Subsampler(counts: counts, sample: sample)
        let total = Double(counts.reduce(0, +))
        for (c, p) in zip(counts, sub.keepProbabilities) {
            let f = Double(c), st = sample * total
            #expect(abs(p - min(1, ((f / st).squareRoot() + 1) * st / f)) < 1e-12)
        }
        #expect(sub.keepProbabilities[0] < 0.5 && sub.keepProbabilities.last == 1)
        var rng = SenseRandom(seed: 3)
        let draws = 100_000
        sub.thresholds.withUnsafeBufferPointer { t in
            for w in counts.indices {
                var kept = 0
                for _ in 0..<draws where Subsampler.keep(t.baseAddress!, word: w, rng: &rng) { kept += 1 }
                let p = sub.keepProbabilities[w]
                let sd = (p * (1 - p) / Double(draws)).squareRoot()
                #expect(abs(Double(kept) / Double(draws) - p) <= 4.5 * sd + 1e-9, "word \(w): kept \(kept) of \(draws), p \(p)")
            }
        }
        let off = Subsampler(counts: counts, sample: 0)
        #expect(off.keepProbabilities.allSatisfy { $0 == 1 })
    }

    @Test func learningRateDecaysLinearlyToItsFloor() {
        let s = LearningRateSchedule(start: 0.025, floor: 0.025e-4, totalTokens: 1000)
        #expect(s.rate(afterProcessing: 0) == 0.025)
        #expect(abs(s.rate(afterProcessing: 500) - 0.025 * (1 - 500.0 / 1001)) < 1e-15)
        #expect(abs(s.rate(afterProcessing: 1000) - 0.025 / 1001) < 1e-15)
        #expect(s.rate(afterProcessing: 5000) == 0.025e-4)
    }

    @Test func huffmanPathsAreShorterForFrequentWords() {
        let counts = (1...200).map { 10_000 / $0 }   // Zipf
        let tree = HuffmanTree(counts: counts)
        for w in 1..<counts.count where counts[w] < counts[w - 1] {
            #expect(tree.codes(of: w).count >= tree.codes(of: w - 1).count)
        }
        // Expected code length is within 1 bit of the entropy (Huffman's bound).
        let total = Double(counts.reduce(0, +))
        let entropy = counts.reduce(0.0) { $0 - Double($1) / total * log2(Double($1) / total) }
        let mean = counts.indices.reduce(0.0) { $0 + Double(counts[$1]) / total * Double(tree.codes(of: $1).count) }
        #expect(mean >= entropy - 1e-9 && mean < entropy + 1)
    }
}
