import Foundation
import Testing
@testable import SenseVecCore
@testable import SkipGram

/// Native skip-gram and subword model files whose settings are out of range (with a valid checksum) are refused by
/// every loader with the field named: the trainers' loaders (`--continue-from`, `--resume`, subword queries) and
/// ``ModelFile/open(path:limit:)`` read the settings through the same ``SkipGramSettingsSection``.
@Suite struct ModelFieldTests {
    @Test func settingsNamesAreTheTrainersEnums() {
        #expect(SkipGramSettingsSection.outputLayers == OutputLayer.allCases.map(\.rawValue))
        #expect(SkipGramSettingsSection.architectures == Architecture.allCases.map(\.rawValue))
        #expect(SkipGramSettingsSection.updateSchemes == UpdateScheme.allCases.map(\.rawValue))
    }

    /// `file` with its `settings` payload patched at `offset`, written with the checksum recomputed.
    static func patched(_ file: NativeModelFile, offset: Int, _ bytes: [UInt8]) throws -> String {
        var f = file
        var payload = try f.section("settings")
        payload.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        f.set("settings", payload)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sg-fields-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("m").path
        try f.write(to: path)
        return path
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    @Test func badSettingsAreRefusedByEveryLoader() throws {
        var c = SkipGramConfiguration()
        c.dimension = 4
        let vocab = try Vocabulary(words: ["a", "b", "c"], counts: [3, 2, 1])
        let model = try SkipGramModel(configuration: c, vocabulary: vocab)
        // settings: dimension @0, window @4, negative @8, then "ns" (4+2), "skipgram" (4+8), "batched" (4+7), sample @37.
        let sample = 4 + 4 + 4 + 6 + 12 + 11
        let cases: [(Int, [UInt8], String)] = [
            (4, Self.le(UInt32(0)), "window is 0"), (0, Self.le(UInt32(0)), "dimension is 0"),
            (8, Self.le(UInt32(0)), "negative samples is 0"), (sample, Self.le((2.0).bitPattern), "sample is 2.0"),
            (sample, Self.le(Double.nan.bitPattern), "sample is nan"),
        ]
        for (offset, bytes, text) in cases {
            let path = try Self.patched(model.file(), offset: offset, bytes)
            for load in [{ _ = try SkipGramModel.load(path: path) }, { _ = try ModelFile.open(path: path) }] {
                do { try load(); Issue.record("accepted \(text)") }
                catch { #expect("\(error)".contains("invalid skip-gram model (\(text);"), "\(error)") }
            }
        }
        // The unpatched file loads.
        #expect(try SkipGramModel.load(path: try Self.patched(model.file(), offset: 4, Self.le(UInt32(5)))).configuration.window == 5)

        let subword = try SubwordModel(configuration: c, ngrams: try CharacterNgrams(minLength: 3, maxLength: 4, buckets: 16),
                                       vocabulary: vocab)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sw-fields-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try subword.save(to: dir.appendingPathComponent("s").path)
        let file = try NativeModelFile.read(path: dir.appendingPathComponent("s").path)
        let path = try Self.patched(file, offset: 4, Self.le(UInt32(0)))
        for load in [{ _ = try SubwordModel.load(path: path) }, { _ = try ModelFile.open(path: path) }] {
            do { try load(); Issue.record("accepted window 0") }
            catch { #expect("\(error)".contains("invalid subword model (window is 0;"), "\(error)") }
        }
    }
}
