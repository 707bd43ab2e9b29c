import Foundation
import Testing
@testable import SenseVecCore

/// Native model files whose checksum is right but whose fields are not, and other files that must be refused with
/// one precise line.
@Suite struct HostileModelFileTests {
    /// A small valid sense model (2 words, the first with 2 senses), Adaptive Skip-gram layout.
    static func senseModel() throws -> SenseVectors {
        let d = 2
        return try SenseVectors(words: ["bank", "river"], counts: [10, 5], dimension: d, senseOffsets: [0, 2, 3],
                                senseValues: [1, 0, 0, 1, 1, 1], senseCounts: [6, 4, 5],
                                outputValues: [Float](repeating: 0.5, count: d),   // one inner node for two words
                                prior: SensePrior(kind: .dirichletProcess, alpha: 0.1, senseCount: 4),
                                threshold: 0.01, window: 3, settings: [("seed", "1")])
    }

    /// `model` written to a file with `section` patched at byte `offset` by `bytes`; the container writes the new
    /// section with its CRC-32 recomputed, so only the field check can refuse it.
    static func patched(_ model: SenseVectors, section: String, offset: Int, _ bytes: [UInt8]) throws -> String {
        var file = model.nativeFile()
        var payload = try file.section(section)
        payload.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        file.set(section, payload)
        let path = try Fixture.tempDir() + "/m.senses"
        try file.write(to: path)
        return path
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func le(_ v: Double) -> [UInt8] { le(v.bitPattern) }
    static func le(_ v: Float) -> [UInt8] { le(v.bitPattern) }

    /// The error of loading `path` (through both entry points); fails the test when it loads.
    static func refusal(_ path: String) -> String {
        var messages: [String] = []
        do { _ = try SenseVectors.load(path: path); Issue.record("SenseVectors.load accepted \(path)") }
        catch { messages.append("\(error)") }
        do { _ = try ModelFile.open(path: path); Issue.record("ModelFile.open accepted \(path)") }
        catch { messages.append("\(error)") }
        #expect(messages.count == 2 && messages[0] == messages[1])
        return messages.first ?? ""
    }

    @Test func senseModelFieldsAreCheckedOnLoad() throws {
        let model = try Self.senseModel()
        // Header: layout u32 @0, dimension u32 @4, window u32 @8, prior string (u32 length 2 + "dp") @12,
        // alpha f64 @18, K u32 @26, threshold f64 @30.
        let cases: [(offset: Int, bytes: [UInt8], field: String)] = [
            (18, Self.le(0.0), "prior alpha"), (18, Self.le(-1.0), "prior alpha"), (18, Self.le(Double.nan), "prior alpha"),
            (18, Self.le(Double.infinity), "prior alpha"),
            (8, Self.le(UInt32(0)), "window"), (4, Self.le(UInt32(0)), "dimension"), (0, Self.le(UInt32(7)), "header layout"),
            (26, Self.le(UInt32(0)), "prior sense count K"),
            (30, Self.le(Double.nan), "threshold"), (30, Self.le(1.5), "threshold"), (30, Self.le(-0.5), "threshold"),
        ]
        for c in cases {
            let path = try Self.patched(model, section: "header", offset: c.offset, c.bytes)
            let message = Self.refusal(path)
            #expect(message.contains("invalid senses model (\(c.field) is "), "\(c.field): \(message)")
            #expect(!message.contains("\n"))
        }
        // Expected sense counts (after the 3 UInt64 offsets) must be finite and >= 0, so the priors are probabilities.
        for bad: Float in [-1, .nan, .infinity] {
            let path = try Self.patched(model, section: "senses", offset: 24 + 4, Self.le(bad))
            #expect(Self.refusal(path).contains("expected sense count 2 is "), "\(bad)")
        }
        // The unpatched model still loads, and its priors are probabilities.
        let path = try Self.patched(model, section: "header", offset: 18, Self.le(0.1))
        let loaded = try SenseVectors.load(path: path)
        for x in 0..<loaded.count { #expect(loaded.priors(ofIndex: x).allSatisfy { $0 >= 0 && $0 <= 1 }) }
    }

    @Test func hugeCountsAreRefusedWithoutTrapping() throws {
        let model = try Self.senseModel()
        // The first sense offset: a UInt64 beyond Int.max.
        let path = try Self.patched(model, section: "senses", offset: 8, Self.le(UInt64.max))
        let message = Self.refusal(path)
        #expect(message.hasPrefix("'\(path)': ") && message.contains("impossible count"), "\(message)")
        // A word count beyond 2^62 (vocabulary: u64 size, then u32 length 4, "bank", u64 count).
        let counted = try Self.patched(model, section: "vocabulary", offset: 16, Self.le(UInt64.max))
        #expect(Self.refusal(counted).contains("count of 'bank'"))
    }

    /// A native skip-gram model with an out-of-range setting is refused by ``ModelFile/open(path:limit:)`` (queries,
    /// the explorer) with the field named, as by the trainer's own loader.
    @Test func skipGramSettingsAreCheckedByModelFileOpen() throws {
        func settings(window: UInt32 = 5, sample: Double = 1e-3, alpha: Double = 0.025, threads: UInt32 = 1) -> [UInt8] {
            var w = SectionWriter()
            w.append(UInt32(2)); w.append(window); w.append(UInt32(5))
            w.append(string: "ns"); w.append(string: "skipgram"); w.append(string: "batched")
            w.append(sample); w.append(UInt64(1)); w.append(UInt64(0))
            w.append(UInt32(1)); w.append(threads)
            w.append(alpha); w.append(alpha * 1e-4); w.append(UInt64(1)); w.append(UInt32(1000))
            return w.bytes
        }
        func model(_ settings: [UInt8]) throws -> String {
            var f = NativeModelFile(kind: "skipgram")
            f.set("settings", settings)
            f.set("vocabulary") { w in
                w.append(UInt64(2)); w.append(string: "a"); w.append(UInt64(3)); w.append(string: "b"); w.append(UInt64(2))
            }
            f.set("input") { $0.append(floats: [1, 0, 0, 1]) }
            let path = try Fixture.tempDir() + "/m.sgm"
            try f.write(to: path)
            return path
        }
        let good = try ModelFile.open(path: try model(settings())).vectors()
        #expect(good.words == ["a", "b"])
        for (bytes, field) in [(settings(window: 0), "window"), (settings(sample: .nan), "sample"),
                               (settings(alpha: -1), "learning rate"), (settings(threads: 0), "threads")] {
            let path = try model(bytes)
            do { _ = try ModelFile.open(path: path); Issue.record("accepted bad \(field)") }
            catch { #expect("\(error)".contains("invalid skip-gram model (\(field) is "), "\(error)") }
        }
    }

    @Test func flippedEndMarkerIsCorruptNotTruncated() throws {
        var f = NativeModelFile(kind: "test")
        f.set("a") { $0.append(floats: [1, 2, 3]) }
        let bytes = f.serialized()
        let marker = bytes.count - 12
        for i in marker..<(marker + 8) {
            var b = bytes
            b[i] ^= 0x04
            do { _ = try NativeModelFile.parse(b, path: "m"); Issue.record("accepted a flipped marker") }
            catch { #expect("\(error)" == "'m' is corrupt (bad end marker)", "\(error)") }
        }
        // A truncated file is still called truncated.
        for n in [bytes.count - 1, bytes.count - 5, marker + 2] {
            do { _ = try NativeModelFile.parse(Array(bytes[..<n]), path: "m"); Issue.record("accepted a truncated file") }
            catch { #expect("\(error)".contains("truncated"), "\(error)") }
        }
    }

    @Test func nativeModelIsNotReadAsWordVectors() throws {
        let path = try Self.patched(try Self.senseModel(), section: "header", offset: 18, Self.le(0.1))
        for format: WordVectorsFormat? in [nil, .text, .binary] {
            do { _ = try WordVectors.load(path: path, format: format); Issue.record("read a native model as vectors") }
            catch {
                let message = "\(error)"
                #expect(message.contains("SenseVec native model"), "\(message)")
                #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(message)")
            }
        }
    }
}
