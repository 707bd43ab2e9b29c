import Foundation
import Testing
@testable import SenseVecCore

@Suite struct VocabularyTests {
    static func corpusFile(_ text: String) throws -> String {
        let dir = try Fixture.tempDir()
        try Fixture.write(Array(text.utf8), dir + "/c.txt")
        return dir + "/c.txt"
    }

    @Test func countsMatchADictionaryAndSortByFrequencyThenFirstAppearance() throws {
        var rng = SenseRandom(seed: 3)
        // Zipf-like draws over 3000 words, with line ends.
        var words: [String] = []
        for i in 0..<40_000 {
            let r = rng.nextDouble()
            words.append("w\(Int(pow(3000.0, r)))")
            if i % 37 == 36 { words.append("\n") }
        }
        let path = try Self.corpusFile(words.joined(separator: " "))
        var expected: [String: Int] = [:]
        var firstSeen: [String: Int] = [:]
        for w in words where w != "\n" {
            expected[w, default: 0] += 1
            if firstSeen[w] == nil { firstSeen[w] = firstSeen.count }
        }
        let (vocab, stats) = try Vocabulary.count(Corpus(paths: [path]), minCount: 3)
        #expect(stats.tokens == expected.values.reduce(0, +))
        let kept = expected.filter { $0.value >= 3 }
        #expect(vocab.count == kept.count)
        for (w, c) in kept { #expect(vocab.counts[vocab.index(of: w)!] == c) }
        for i in 1..<vocab.count {
            let (c0, c1) = (vocab.counts[i - 1], vocab.counts[i])
            #expect(c0 > c1 || (c0 == c1 && firstSeen[vocab.words[i - 1]]! < firstSeen[vocab.words[i]]!))
        }
        // A max-size above the number of distinct words never prunes.
        let roomy = try Vocabulary.countWithPruning(Corpus(paths: [path]), minCount: 3, maxSize: 5000)
        #expect(roomy.prunings == 0)
        #expect(roomy.0.words == vocab.words && roomy.0.counts == vocab.counts)
    }

    @Test func pruningFollowsReduceVocab() throws {
        // 20 frequent words repeated, then 200 distinct rare words, then the frequent words again.
        let frequent = (0..<20).map { "f\($0)" }
        var tokens: [String] = []
        for _ in 0..<10 { tokens += frequent }
        tokens += (0..<200).map { "r\($0)" }
        for _ in 0..<10 { tokens += frequent }
        let path = try Self.corpusFile(tokens.joined(separator: " "))
        let (vocab, _, prunings) = try Vocabulary.countWithPruning(Corpus(paths: [path]), minCount: 1, maxSize: 50)
        #expect(prunings > 0)
        #expect(vocab.count <= 50)
        // Frequent words survive every pruning with their full counts; rare ones are pruned.
        for f in frequent { #expect(vocab.index(of: f).map { vocab.counts[$0] } == 20) }
        #expect(vocab.words.filter { $0.hasPrefix("r") }.count <= 30)
        // The table itself: reduce drops counts ≤ threshold and keeps order.
        var table = WordTable(expectedWords: 4)
        for (w, n) in [("a", 3), ("b", 1), ("c", 2), ("d", 5)] {
            var s = w
            s.withUTF8 { for _ in 0..<n { table.add(UnsafeRawBufferPointer($0), hash: WordTable.hash(UnsafeRawBufferPointer($0))) } }
        }
        #expect(table.reduce(minReduce: 2) == 2)
        #expect((0..<table.count).map { table.word(at: $0) } == ["a", "d"])
        var d = "d"
        #expect(d.withUTF8 { table.find(UnsafeRawBufferPointer($0), hash: WordTable.hash(UnsafeRawBufferPointer($0))) } == 1)
        var b = "b"
        #expect(b.withUTF8 { table.find(UnsafeRawBufferPointer($0), hash: WordTable.hash(UnsafeRawBufferPointer($0))) } == -1)
    }

    @Test func tableGrowsPastItsInitialSize() {
        var table = WordTable(expectedWords: 2)
        for i in 0..<50_000 {
            var s = "word\(i % 20_000)"
            s.withUTF8 { table.add(UnsafeRawBufferPointer($0), hash: WordTable.hash(UnsafeRawBufferPointer($0))) }
        }
        #expect(table.count == 20_000)
        #expect(table.value(at: 0) == 3 && table.value(at: 19_999) == 2)
        #expect(table.word(at: 12_345) == "word12345")
    }

    @Test func saveAndLoadRoundTrip() throws {
        let v = try Vocabulary(words: ["the", "élan", "of"], counts: [10, 3, 7])
        let dir = try Fixture.tempDir()
        try v.save(path: dir + "/v.tsv")
        #expect(String(decoding: try Fixture.bytes(dir + "/v.tsv"), as: UTF8.self) == "the\t10\nof\t7\nélan\t3\n")
        let back = try Vocabulary.load(path: dir + "/v.tsv")
        #expect(back.words == v.words && back.counts == v.counts)
        // word2vec's -save-vocab format (space separated, CRLF tolerated).
        let w2v = try Vocabulary.parse(Array("</s> 5\r\nthe 4\n\nof 2\n".utf8))
        #expect(w2v.words == ["</s>", "the", "of"])
    }

    @Test func badVocabularyFilesFailWithLineNumbers() {
        let cases = [("the\t1\nof\n", "line 2"), ("the\tmany\n", "not a non-negative integer"),
                     ("a\t1\na\t2\n", "duplicate word 'a'"), ("\t3\n", "empty word"), ("a\t-1\n", "line 1")]
        for (text, fragment) in cases {
            do {
                _ = try Vocabulary.parse(Array(text.utf8), name: "v.tsv")
                Issue.record("no error for \(text.debugDescription)")
            } catch let e as SenseVecError {
                #expect(e.message.contains(fragment), "\(e.message)")
                #expect(e.message.hasPrefix("v.tsv"))
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func encodedCorpusUsesVocabularyIdsAndBreaks() throws {
        let path = try Self.corpusFile("a b c a\nzzz b\n\nq a")
        let vocab = try Vocabulary.count(Corpus(paths: [path]), minCount: 2).0
        #expect(vocab.words == ["a", "b"])
        let enc = try EncodedCorpus(Corpus(paths: [path]), vocabulary: vocab)
        #expect(enc.tokens == [0, 1, 0, -1, 1, -1, 0, -1])
        #expect(enc.wordCount == 5)
    }
}
