import Foundation
import Testing
@testable import SenseVecCore

/// Helpers shared by the core tests.
enum Fixture {
    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sensevec-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ bytes: [UInt8], _ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    static func le(_ x: Float) -> [UInt8] { withUnsafeBytes(of: x.bitPattern.littleEndian) { Array($0) } }

    static func random(count: Int, dimension: Int, seed: UInt64) throws -> WordVectors {
        var rng = SenseRandom(seed: seed)
        let values = (0..<(count * dimension)).map { _ in Float(rng.nextGaussian()) }
        return try WordVectors(words: (0..<count).map { "w\($0)" }, dimension: dimension, values: values)
    }
}

@Suite struct WordVectorsFormatTests {
    let sample = try! WordVectors(words: ["a", "bé"], dimension: 2, values: [1, -2, 0.5, 3.25])

    @Test func binaryGoldenBytes() throws {
        let dir = try Fixture.tempDir()
        try sample.save(path: dir + "/v.bin")
        var expected = Array("2 2\n".utf8)
        expected += Array("a ".utf8) + Fixture.le(1) + Fixture.le(-2) + [0x0A]
        expected += Array("bé ".utf8) + Fixture.le(0.5) + Fixture.le(3.25) + [0x0A]
        #expect(try Fixture.bytes(dir + "/v.bin") == expected)
        let back = try WordVectors.load(path: dir + "/v.bin")
        #expect(back.words == sample.words)
        #expect(back.values.map(\.bitPattern) == sample.values.map(\.bitPattern))
        #expect(back.rawWords == nil)
    }

    @Test func textGoldenBytes() throws {
        let dir = try Fixture.tempDir()
        try sample.save(path: dir + "/v.txt")
        #expect(try Fixture.bytes(dir + "/v.txt") == Array("2 2\na 1.0 -2.0\nbé 0.5 3.25\n".utf8))
        let back = try WordVectors.load(path: dir + "/v.txt")
        #expect(back.words == sample.words)
        #expect(back.values == sample.values)
    }

    @Test func readsGensimBinaryLayoutWithoutNewlines() throws {
        var bytes = Array("2 2\n".utf8)
        bytes += Array("a ".utf8) + Fixture.le(1) + Fixture.le(-2)
        bytes += Array("bé ".utf8) + Fixture.le(0.5) + Fixture.le(3.25)
        let v = try bytes.withUnsafeBytes { try WordVectors.parseWord2Vec($0) }
        #expect(v.words == ["a", "bé"])
        #expect(v.values == [1, -2, 0.5, 3.25])
    }

    @Test func readsWord2VecTextWithTrailingSpaces() throws {
        // word2vec C writes "%lf " after each value.
        let text = "2 3\nx 0.100000 -1.000000 2.500000 \ny 1.000000 0.000000 0.000000 \n"
        let v = try Array(text.utf8).withUnsafeBytes { try WordVectors.parseWord2Vec($0) }
        #expect(v.words == ["x", "y"])
        #expect(v.values == [0.1, -1, 2.5, 1, 0, 0])
    }

    @Test func nonUTF8WordsRoundTripByteForByte() throws {
        let dir = try Fixture.tempDir()
        var bytes = Array("3 1\n".utf8)
        bytes += [0xC3, 0x28, 0x20] + Fixture.le(1) + [0x0A]      // invalid 2-byte sequence
        bytes += [0xFF, 0x20] + Fixture.le(2) + [0x0A]            // invalid byte
        bytes += Array("ok ".utf8) + Fixture.le(3) + [0x0A]
        try Fixture.write(bytes, dir + "/in.bin")
        let v = try WordVectors.load(path: dir + "/in.bin")
        #expect(v.words == ["\\xC3(", "\\xFF", "ok"])
        #expect(v.rawWords == [[0xC3, 0x28], [0xFF], Array("ok".utf8)])
        #expect(v.index(of: "\\xFF") == 1)
        try v.save(path: dir + "/out.bin")
        #expect(try Fixture.bytes(dir + "/out.bin") == bytes)
        // Through text and back to binary: still the same bytes.
        try v.save(path: dir + "/out.txt")
        #expect(try Fixture.bytes(dir + "/out.txt") == [UInt8]("3 1\n".utf8) + [0xC3, 0x28] + Array(" 1.0\n".utf8)
            + [0xFF] + Array(" 2.0\nok 3.0\n".utf8))
        let t = try WordVectors.load(path: dir + "/out.txt")
        try t.save(path: dir + "/again.bin")
        #expect(try Fixture.bytes(dir + "/again.bin") == bytes)
    }

    @Test func losslessRoundTripsOfAwkwardValues() throws {
        let awkward: [Float] = [0, -0.0, 1e-45, Float.leastNormalMagnitude, 3.4028235e38, -1e-7, 0.1, 1.0 / 3.0,
                                123456.79, -2.5e-20, 7, 1e10]
        var rng = SenseRandom(seed: 7)
        let random = (0..<(20 * 6 - awkward.count)).map { _ in Float(rng.nextGaussian()) * 10 }
        let v = try WordVectors(words: (0..<20).map { "word\($0)" }, dimension: 6, values: awkward + random)
        let dir = try Fixture.tempDir()
        for name in ["v.bin", "v.txt", "v.vec", "v.tsv", "vectors.tsv"] {
            try v.save(path: dir + "/" + name)
            let back = try WordVectors.load(path: dir + "/" + name)
            #expect(back.words == v.words, "\(name)")
            #expect(back.values.map(\.bitPattern) == v.values.map(\.bitPattern), "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/metadata.tsv"))
        #expect(FileManager.default.fileExists(atPath: dir + "/v-metadata.tsv"))
        let meta = String(decoding: try Fixture.bytes(dir + "/metadata.tsv"), as: UTF8.self)
        #expect(meta == v.words.joined(separator: "\n") + "\n")
        let tsv = String(decoding: try Fixture.bytes(dir + "/vectors.tsv"), as: UTF8.self)
        #expect(tsv.split(separator: "\n").allSatisfy { $0.split(separator: "\t").count == 6 })
    }

    @Test func autoDetectIgnoresExtensionAndLimitReadsPrefix() throws {
        let v = try Fixture.random(count: 30, dimension: 4, seed: 3)
        let dir = try Fixture.tempDir()
        try v.save(path: dir + "/binary.txt", format: .binary)
        try v.save(path: dir + "/text.bin", format: .text)
        #expect(try WordVectors.load(path: dir + "/binary.txt").values == v.values)
        #expect(try WordVectors.load(path: dir + "/text.bin").values == v.values)
        let head = try WordVectors.load(path: dir + "/binary.txt", limit: 5)
        #expect(head.words == Array(v.words.prefix(5)))
        #expect(head.values == Array(v.values.prefix(20)))
    }

    /// Found by fuzzing (Fuzz/FuzzWord2Vec): a header promising 44 trillion rows made the parser try to allocate for
    /// them. Such headers are refused from the bytes that actually follow, before any allocation.
    @Test func absurdRowCountsAreRefusedBeforeAllocating() throws {
        let crash = Array("44447444444114 4 \n".utf8) + [0x90, 0x90, 0x90, 0x90, 0x90, 0x70, 0xD0, 0xD0, 0xD0, 0xD0, 0xD0,
                     0xD0, 0x69, 0x20, 0x69, 0x69, 0x69, 0x69, 0x69, 0x69, 0x69, 0x69, 0x69, 0xB3, 0x01, 0x00, 0x09, 0x08, 0x69]
        for format in [WordVectorsFormat.binary, .text] {
            do {
                _ = try crash.withUnsafeBytes { try WordVectors.parseWord2Vec($0, format: format) }
                Issue.record("an absurd header loaded as \(format)")
            } catch let e as SenseVecError {
                #expect(e.message.contains("truncated"), "\(e.message)")
            }
        }
        let text = Array("9223372036854775807 100000\nw 1\n".utf8)
        #expect(throws: SenseVecError.self) { try text.withUnsafeBytes { try WordVectors.parseWord2Vec($0, format: .text) } }
    }

    @Test func truncatedBinaryFilesFailClearly() throws {
        let v = try Fixture.random(count: 4, dimension: 3, seed: 1)
        let dir = try Fixture.tempDir()
        try v.save(path: dir + "/v.bin")
        let full = try Fixture.bytes(dir + "/v.bin")
        // Every cut inside the data (but not just the final newline) must be reported, never crash.
        for cut in stride(from: 4, to: full.count - 1, by: 1) {
            let data = Array(full[..<cut])
            #expect(throws: SenseVecError.self, "cut at \(cut)") {
                try data.withUnsafeBytes { try WordVectors.parseWord2Vec($0, format: .binary) }
            }
        }
        try Fixture.write(Array(full[..<(full.count - 7)]), dir + "/cut.bin")
        do {
            _ = try WordVectors.load(path: dir + "/cut.bin")
            Issue.record("a truncated file loaded")
        } catch let e as SenseVecError {
            #expect(e.message.contains("truncated"))
            #expect(e.message.contains("cut.bin"))
            #expect(!e.message.contains("\n"))
        }
    }

    @Test func truncatedTextFilesFailClearly() throws {
        let v = try Fixture.random(count: 4, dimension: 3, seed: 2)
        let dir = try Fixture.tempDir()
        try v.save(path: dir + "/v.txt")
        let full = try Fixture.bytes(dir + "/v.txt")
        let lastLineStart = full[..<(full.count - 1)].lastIndex(of: 0x0A)! + 1
        // Drop the last line, cut it after its word, or drop its last value. (A cut inside the digits of the last
        // number still reads as a shorter number: text files cannot tell.)
        let lastSpace = full.lastIndex(of: 0x20)!
        for cut in [lastLineStart, lastLineStart + 3, lastSpace] {
            let data = Array(full[..<cut])
            #expect(throws: SenseVecError.self, "cut at \(cut)") {
                try data.withUnsafeBytes { try WordVectors.parseWord2Vec($0, format: .text) }
            }
        }
    }

    func error(_ text: String, format: WordVectorsFormat? = nil) -> String? {
        do {
            _ = try Array(text.utf8).withUnsafeBytes { try WordVectors.parseWord2Vec($0, format: format) }
            return nil
        } catch let e as SenseVecError {
            return e.message
        } catch { return "\(error)" }
    }

    @Test func badInputsGiveOneLineErrors() throws {
        let cases: [(String, String)] = [
            ("", "empty"),
            ("hello world\nx 1 2\n", "bad header"),
            ("2\nx 1\n", "bad header"),
            ("2 0\n", "dimension"),
            ("1 3\nx 1 2\n", "2 values"),
            ("1 2\nx 1 2 3\n", "more than 2 values"),
            ("1 2\nx 1 abc\n", "'abc' is not a number"),
            ("1 2\nx 1 nan\n", "not finite"),
            ("1 2\nx 1 inf\n", "not finite"),
            ("2 2\nx 1 2\nx 3 4\n", "duplicate word 'x'"),
            ("1 2\nx 1 2\ny 3 4\n", "more lines"),
            ("3 2\nx 1 2\ny 3 4\n", "truncated"),
        ]
        for (text, fragment) in cases {
            let message = error(text, format: .text)
            #expect(message?.contains(fragment) == true, "\(text.debugDescription) → \(message ?? "no error")")
            #expect(message?.contains("\n") != true)
        }
        // NaN and a duplicate in binary files.
        var nan = Array("1 2\n".utf8) + Array("x ".utf8) + Fixture.le(1) + Fixture.le(.nan) + [0x0A]
        #expect(throws: SenseVecError.self) { try nan.withUnsafeBytes { try WordVectors.parseWord2Vec($0) } }
        nan = Array("2 1\n".utf8) + Array("x ".utf8) + Fixture.le(1) + [0x0A] + Array("x ".utf8) + Fixture.le(2) + [0x0A]
        #expect(throws: SenseVecError.self) { try nan.withUnsafeBytes { try WordVectors.parseWord2Vec($0) } }
        // More binary data than the header announces (e.g. a wrong dimension).
        let extra = Array("1 1\n".utf8) + Array("x ".utf8) + Fixture.le(1) + Fixture.le(2) + [0x0A]
        #expect(throws: SenseVecError.self) { try extra.withUnsafeBytes { try WordVectors.parseWord2Vec($0, format: .binary) } }
        #expect(throws: SenseVecError.self) { try WordVectors.load(path: "/nonexistent/v.bin") }
    }

    @Test func savingRejectsWordsWithSpaces() throws {
        let v = try WordVectors(words: ["a b"], dimension: 1, values: [1])
        let dir = try Fixture.tempDir()
        #expect(throws: SenseVecError.self) { try v.save(path: dir + "/v.bin") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/v.bin"))
    }

    @Test func metadataPathNaming() {
        #expect(WordVectors.metadataPath(forTSV: "out/vectors.tsv") == "out/metadata.tsv")
        #expect(WordVectors.metadataPath(forTSV: "out/model.tsv") == "out/model-metadata.tsv")
        #expect(WordVectors.metadataPath(forTSV: "model.tsv") == "model-metadata.tsv")
        #expect(WordVectorsFormat(path: "x.BIN") == .binary)
        #expect(WordVectorsFormat(path: "x.vec.gz") == .text)
        #expect(WordVectorsFormat(path: "x.model") == nil)
    }
}
