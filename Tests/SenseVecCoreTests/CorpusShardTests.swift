import Foundation
import Testing
@testable import SenseVecCore

/// Byte-range shares of a corpus (data-parallel training): every token read once, counts merged exactly.
@Suite struct CorpusShardTests {
    /// A folder of three plain files (irregular whitespace, long and non-ASCII tokens, no final line end) and
    /// a gzip file, with `lines` random lines in each plain file.
    static func folder(lines: Int, seed: UInt64) throws -> String {
        let dir = try Fixture.tempDir()
        var rng = SenseRandom(seed: seed)
        func text() -> String {
            var out = ""
            for _ in 0..<lines {
                let n = 1 + rng.nextInt(below: 12)
                for k in 0..<n {
                    let r = rng.nextInt(below: 100)
                    let word = r < 3 ? String(repeating: "long", count: 30) : r < 8 ? "é\(rng.nextInt(below: 5))" : "w\(Int(pow(400.0, rng.nextDouble())))"
                    out += word + (k == n - 1 ? "" : rng.nextInt(below: 5) == 0 ? " \t " : " ")
                }
                out += rng.nextInt(below: 7) == 0 ? "\n\n" : "\n"
            }
            return out + "tail"
        }
        try Fixture.write(Array(text().utf8), dir + "/a.txt")
        try CorpusTests.gzip(Array(text().utf8), to: dir + "/b.txt.gz")
        try Fixture.write(Array(text().utf8), dir + "/c.txt")
        try Fixture.write([], dir + "/d.txt")
        try Fixture.write(Array(text().utf8), dir + "/e.txt")
        return dir
    }

    static func tokens(_ corpus: Corpus) throws -> [String] {
        var out: [String] = []
        try corpus.forEachToken { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    @Test(arguments: [1, 2, 3, 5, 16])
    func sharesHoldEveryTokenOnceInOrder(processes: Int) throws {
        let dir = try Self.folder(lines: 300, seed: UInt64(processes))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = Corpus(paths: [dir])
        var joined: [String] = []
        var tokens = 0
        for i in 0..<processes {
            var part = whole
            part.shard = CorpusShard(index: i, count: processes)
            let t = try Self.tokens(part)
            joined += t
            tokens += try part.forEachToken { _ in }.tokens
        }
        let expected = try Self.tokens(whole)
        #expect(joined == expected)
        #expect(tokens == expected.count)
    }

    @Test(arguments: [2, 3, 7])
    func mergedShareCountsEqualOneCount(processes: Int) throws {
        let dir = try Self.folder(lines: 400, seed: 10 + UInt64(processes))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = Corpus(paths: [dir])
        let (one, stats, _) = try WordCounts.count(whole)
        var merged = WordCounts()
        var tokens = 0
        for i in 0..<processes {
            var part = whole
            part.shard = CorpusShard(index: i, count: processes)
            let (counts, s, _) = try WordCounts.count(part)
            // Through the byte form the processes exchange.
            merged.merge(try WordCounts(encoded: counts.encoded()))
            tokens += s.tokens
        }
        #expect(merged == one)
        #expect(tokens == stats.tokens)
        let a = try merged.vocabulary(minCount: 3), b = try Vocabulary.count(whole, minCount: 3).0
        #expect(a.words == b.words && a.counts == b.counts)
        #expect(a.count > 10)
    }

    @Test func rangesTileTheBytes() {
        for n in 1...9 {
            var next = 0
            for i in 0..<n {
                let r = CorpusShard(index: i, count: n).range(totalBytes: 1001)
                #expect(r.lowerBound == next)
                next = r.upperBound
            }
            #expect(next == 1001)
        }
    }

    @Test func standardInputCannotBeShared() throws {
        var c = Corpus(paths: ["-"])
        c.shard = CorpusShard(index: 0, count: 2)
        #expect(throws: SenseVecError.self) { try c.forEachToken { _ in } }
    }

    @Test func mappedEncodingEqualsInMemoryEncoding() throws {
        let dir = try Self.folder(lines: 500, seed: 99)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let corpus = Corpus(paths: [dir])
        let vocab = try Vocabulary.count(corpus, minCount: 2).0
        let memory = try EncodedCorpus(corpus, vocabulary: vocab)
        let mapped = try EncodedCorpus(corpus, vocabulary: vocab, mappedFile: dir + "/tokens")
        #expect(mapped.mapped != nil && mapped.tokens.isEmpty)
        #expect(mapped.length == memory.length && mapped.wordCount == memory.wordCount)
        #expect(mapped.withTokens { Array($0) } == memory.tokens)
        // The file's name is gone once mapped.
        #expect(!FileManager.default.fileExists(atPath: dir + "/tokens"))
    }
}
