import Testing
@testable import SkipGram
import SenseVecCore

/// fastText's n-gram extraction and hashing, against cases worked out by hand from
/// `Dictionary::computeSubwords` and `Dictionary::hash` (fastText 0.9).
@Suite struct CharacterNgramsTests {
    @Test func asciiWordGivesFastTextsNgramsInOrder() throws {
        let g = try CharacterNgrams(minLength: 3, maxLength: 6, buckets: 100)
        // Start positions in order, each with lengths 3…6, within "<where>" (7 characters).
        #expect(g.ngrams(of: "where") == [
            "<wh", "<whe", "<wher", "<where",
            "whe", "wher", "where", "where>",
            "her", "here", "here>",
            "ere", "ere>",
            "re>",
        ])
        // The whole wrapped word is an n-gram when it is short enough, as in fastText.
        #expect(g.ngrams(of: "the").contains("<the>"))
        #expect(!g.ngrams(of: "where").contains("<where>"))   // 7 characters > maxn
    }

    @Test func multiByteCharactersAreNeverSplit() throws {
        let g = try CharacterNgrams(minLength: 3, maxLength: 6, buckets: 100)
        // "<été>" is 5 characters (7 bytes: é = C3 A9).
        #expect(g.ngrams(of: "été") == ["<ét", "<été", "<été>", "été", "été>", "té>"])
        // "日本" (3 bytes per character): "<日本>" has 4 characters.
        #expect(g.ngrams(of: "日本") == ["<日本", "<日本>", "日本>"])
        let one = try CharacterNgrams(minLength: 1, maxLength: 1, buckets: 100)
        #expect(one.ngrams(of: "été") == ["é", "t", "é"])
    }

    @Test func boundaryMarksAloneAreNotNgrams() throws {
        let g = try CharacterNgrams(minLength: 1, maxLength: 3, buckets: 100)
        #expect(g.ngrams(of: "ab") == ["<a", "<ab", "a", "ab", "ab>", "b", "b>"])
    }

    @Test func hashIsFastTextsSignExtendedFNV1a() {
        // Textbook FNV-1a 32 test vectors for ASCII: offset basis for "", 0xE40C292C for "a".
        #expect(CharacterNgrams.hash([UInt8]()) == 2_166_136_261)
        #expect(CharacterNgrams.hash(Array("a".utf8)) == 0xE40C_292C)
        #expect(CharacterNgrams.hash(Array("<wh".utf8)) == 1_048_167_652)
        // Bytes ≥ 0x80 are XORed sign-extended (b | 0xFFFFFF00), as fastText's int8_t cast does; textbook
        // FNV-1a would give 901072165 for "<ét" and 4290086935 for "été".
        #expect(CharacterNgrams.hash(Array("<ét".utf8)) == 1_975_908_133)
        #expect(CharacterNgrams.hash(Array("été".utf8)) == 200_187_927)
        #expect(CharacterNgrams.hash(Array("日本".utf8)) == 4_164_387_409)
    }

    @Test func bucketsAreHashModuloBuckets() throws {
        let g = try CharacterNgrams(minLength: 3, maxLength: 3, buckets: 2_000_000)
        // "<ét", "été", "té>" (hashes 1975908133, 200187927 and the third computed by the same function).
        let b = g.bucketIndices(of: "été")
        #expect(b.count == 3)
        #expect(b[0] == 1_908_133)
        #expect(b[1] == 187_927)
        #expect(b[2] == Int(CharacterNgrams.hash(Array("té>".utf8)) % 2_000_000))
        #expect(try CharacterNgrams(minLength: 3, maxLength: 6, buckets: 1).bucketIndices(of: "where").allSatisfy { $0 == 0 })
    }

    @Test func badSettingsAreRejected() {
        #expect(throws: SenseVecError.self) { try CharacterNgrams(minLength: 0, maxLength: 6, buckets: 10) }
        #expect(throws: SenseVecError.self) { try CharacterNgrams(minLength: 4, maxLength: 3, buckets: 10) }
        #expect(throws: SenseVecError.self) { try CharacterNgrams(minLength: 3, maxLength: 6, buckets: 0) }
        #expect(throws: SenseVecError.self) { try CharacterNgrams(minLength: 3, maxLength: 101, buckets: 10) }
    }
}
