import CZlib
import Foundation
import Testing
@testable import SenseVecCore

@Suite struct TokenizerTests {
    /// Tokenizes `bytes` fed in chunks of `chunk` bytes; returns tokens with "|" marking sentence ends.
    static func run(_ bytes: [UInt8], chunk: Int, options: TokenizerOptions = TokenizerOptions())
        -> (tokens: [String], stats: TokenizerStatistics, hashesMatch: Bool)
    {
        var t = Tokenizer(options: options)
        var out: [String] = []
        var ok = true
        var i = 0
        let token: (UnsafeRawBufferPointer, UInt64) -> Void = { b, h in
            out.append(String(decoding: b, as: UTF8.self))
            if WordTable.hash(b) != h { ok = false }
        }
        while i < bytes.count {
            let end = min(bytes.count, i + chunk)
            bytes[i..<end].withUnsafeBytes { try! t.feedHashed($0, token: token, sentenceEnd: { out.append("|") }) }
            i = end
        }
        try! t.finishHashed(token: token, sentenceEnd: { out.append("|") })
        // The plain closure API sees the same tokens.
        var plain = Tokenizer(options: options)
        var again: [String] = []
        bytes.withUnsafeBytes { b in
            try! plain.feed(b, token: { again.append(String(decoding: $0, as: UTF8.self)) }, sentenceEnd: { again.append("|") })
        }
        try! plain.finish(token: { again.append(String(decoding: $0, as: UTF8.self)) }, sentenceEnd: { again.append("|") })
        if again != out { ok = false }
        return (out, t.statistics, ok)
    }

    @Test func splitsOnWhitespaceAndLineEndsAtEveryChunkSize() {
        let text = Array("the cat\tsat\r\non  the mat\n\n\nend of\u{0B}text\u{0C}here".utf8)
        let expected = ["the", "cat", "sat", "|", "on", "the", "mat", "|", "end", "of", "text", "here", "|"]
        for chunk in [1, 2, 3, 5, 7, 64, 1 << 20] {
            let r = Self.run(text, chunk: chunk)
            #expect(r.tokens == expected, "chunk \(chunk)")
            #expect(r.hashesMatch)
            #expect(r.stats.tokens == 10)
            #expect(r.stats.sentences == 3)
            #expect(r.stats.bytes == text.count)
        }
    }

    @Test func tokensOfEveryLengthAroundTheEightByteWords() {
        // Lengths 1…40 hit every position of the 8-byte scan; control bytes inside tokens are token bytes.
        var words = (1...40).map { String(repeating: "x", count: $0 - 1) + String(UnicodeScalar(UInt8(65 + $0 % 26))) }
        words += ["a\u{01}b", "\u{00}", "tab\u{7F}del", "12345678", "1234567812345678"]
        let text = Array(words.joined(separator: " ").utf8) + [0x0A]
        for chunk in [1, 7, 8, 9, 33, 4096] {
            let r = Self.run(text, chunk: chunk)
            #expect(r.tokens == words + ["|"], "chunk \(chunk)")
            #expect(r.hashesMatch, "chunk \(chunk)")
        }
        // Distinct words get distinct hashes here, and a zero-padded tail does not collide with its prefix.
        let hashes = Set((words + ["a", "a\u{00}", "12345678\u{00}"]).map { w in
            Array(w.utf8).withUnsafeBytes { WordTable.hash($0) }
        })
        #expect(hashes.count == words.count + 3)
    }

    @Test func fileWithoutLineEndsIsOneStreamSplitAtMaxSentenceLength() {
        let words = (0..<25).map { "w\($0)" }
        let text = Array(words.joined(separator: " ").utf8)
        let r = Self.run(text, chunk: 4, options: TokenizerOptions(maxSentenceLength: 10))
        #expect(r.tokens.filter { $0 != "|" } == words)
        #expect(r.tokens.filter { $0 == "|" }.count == 3)
        #expect(r.tokens[10] == "|" && r.tokens[21] == "|")
    }

    @Test func longTokensAreCutAtCharacterBoundaries() {
        let long = String(repeating: "a", count: 250)
        let accented = String(repeating: "é", count: 10)   // 20 bytes
        let text = Array("x \(long) y \(accented)\n".utf8)
        for chunk in [3, 16, 1000] {
            let r = Self.run(text, chunk: chunk, options: TokenizerOptions(maxTokenLength: 9))
            #expect(r.tokens == ["x", String(repeating: "a", count: 9), "y", String(repeating: "é", count: 4), "|"],
                    "chunk \(chunk)")
            #expect(r.stats.truncatedTokens == 2)
            #expect(r.hashesMatch)
        }
    }

    @Test func invalidUTF8IsSkippedAndCounted() {
        var text = Array("good ".utf8)
        text += [0xC3, 0x28] + Array(" ok ".utf8) + [0xFF, 0x61] + Array(" fine ".utf8)
        text += [0xED, 0xA0, 0x80]                       // a UTF-16 surrogate, invalid in UTF-8
        text += Array(" ünï\n".utf8)
        for chunk in [1, 4, 100] {
            let r = Self.run(text, chunk: chunk)
            #expect(r.tokens == ["good", "ok", "fine", "ünï", "|"], "chunk \(chunk)")
            #expect(r.stats.invalidUTF8Tokens == 3)
        }
    }

    @Test func lowercaseAndStripPunctuation() {
        let text = Array("Hello, WORLD! It's \"Émile\" ... ok\n".utf8)
        let lower = Self.run(text, chunk: 5, options: TokenizerOptions(lowercase: true))
        #expect(lower.tokens == ["hello,", "world!", "it's", "\"émile\"", "...", "ok", "|"])
        let strip = Self.run(text, chunk: 5, options: TokenizerOptions(stripPunctuation: true))
        #expect(strip.tokens == ["Hello", "WORLD", "Its", "Émile", "ok", "|"])
        let both = Self.run(text, chunk: 1000, options: TokenizerOptions(lowercase: true, stripPunctuation: true))
        #expect(both.tokens == ["hello", "world", "its", "émile", "ok", "|"])
        #expect(both.hashesMatch)
    }

    @Test func utf8Validation() {
        func valid(_ b: [UInt8]) -> Bool { b.withUnsafeBytes { Tokenizer.isValidUTF8($0) } }
        #expect(valid(Array("aé€😀".utf8)))
        #expect(!valid([0xC0, 0xAF]))            // overlong
        #expect(!valid([0xE0, 0x80, 0xAF]))      // overlong
        #expect(!valid([0xF4, 0x90, 0x80, 0x80])) // above U+10FFFF
        #expect(!valid([0xE2, 0x82]))            // truncated
        #expect(!valid([0x80]))                  // lone continuation
    }
}

@Suite struct CorpusTests {
    static func gzip(_ bytes: [UInt8], to path: String) throws {
        guard let gz = gzopen(path, "wb") else { throw SenseVecError("gzopen failed") }
        let n = bytes.withUnsafeBytes { gzwrite(gz, $0.baseAddress, UInt32($0.count)) }
        gzclose(gz)
        #expect(Int(n) == bytes.count)
    }

    static func tokens(_ corpus: Corpus) throws -> [String] {
        var out: [String] = []
        try corpus.forEachToken({ out.append(String(decoding: $0, as: UTF8.self)) }, sentenceEnd: { out.append("|") })
        return out
    }

    @Test func readsPlainGzipAndFoldersInSortedOrder() throws {
        let dir = try Fixture.tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try Fixture.write(Array("b1 b2\nb3".utf8), dir + "/b.txt")
        try Self.gzip(Array("a1 a2".utf8), to: dir + "/a.txt.gz")
        try Fixture.write(Array("c1".utf8), dir + "/sub/c.txt")
        try Fixture.write(Array("hidden".utf8), dir + "/.hidden")
        #expect(try Self.tokens(Corpus(paths: [dir])) == ["a1", "a2", "|", "b1", "b2", "|", "b3", "|", "c1", "|"])
        #expect(try Self.tokens(Corpus(paths: [dir + "/a.txt.gz", dir + "/b.txt"])) == ["a1", "a2", "|", "b1", "b2", "|", "b3", "|"])
    }

    @Test func truncatedGzipIsAnError() throws {
        let dir = try Fixture.tempDir()
        var rng = SenseRandom(seed: 1)
        let text = (0..<20000).map { _ in "w\(rng.nextInt(below: 5000))" }.joined(separator: " ")
        try Self.gzip(Array(text.utf8), to: dir + "/full.gz")
        let full = try Fixture.bytes(dir + "/full.gz")
        #expect(try Self.tokens(Corpus(paths: [dir + "/full.gz"])).filter { $0 != "|" }.count == 20000)
        try Fixture.write(Array(full[..<(full.count / 2)]), dir + "/cut.gz")
        #expect(throws: SenseVecError.self) { try Self.tokens(Corpus(paths: [dir + "/cut.gz"])) }
        #expect(throws: SenseVecError.self) { try Self.tokens(Corpus(paths: [dir + "/missing.txt"])) }
    }

    @Test func readsLargeFilesAcrossChunks() throws {
        // More than one 1 MiB chunk, no line ends.
        let dir = try Fixture.tempDir()
        let word = "abcdefghij"
        let count = 120_000
        try Fixture.write(Array(Array(repeating: word, count: count).joined(separator: " ").utf8), dir + "/big.txt")
        var n = 0
        var bad = 0
        let stats = try Corpus(paths: [dir + "/big.txt"], options: TokenizerOptions(maxSentenceLength: 1_000_000))
            .forEachToken { b in n += 1; if b.count != 10 { bad += 1 } }
        #expect(n == count && bad == 0)
        #expect(stats.sentences == 1)
    }
}
