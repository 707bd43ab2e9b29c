import Foundation
import Testing

/// Model and vector files crafted to break the readers, through the real binary: sense models whose fields are out
/// of range with a valid checksum, native models given to the word-vector commands, a projector pair whose second
/// file cannot be written, extreme finite components.
@Suite(.serialized) struct HostileFilesCLITests {
    let dir: URL
    init() throws { dir = try CLI.temporaryDirectory() }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// CRC-32 (the zlib polynomial), as the native container stores it over every byte before its last four.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    /// Offset of the payload of section `name` in a native model file's bytes.
    static func payloadOffset(_ bytes: [UInt8], section name: String) -> Int? {
        let tag = le(UInt16(name.utf8.count)) + Array(name.utf8)
        guard let i = (0...(bytes.count - tag.count)).first(where: { Array(bytes[$0..<($0 + tag.count)]) == tag }) else { return nil }
        return i + tag.count + 8
    }

    /// `model` with `bytes` written at `offset` of its `header` section's payload and the CRC-32 recomputed.
    func patchedModel(_ model: String, headerOffset: (_ payload: [UInt8]) -> Int, _ bytes: [UInt8], name: String) throws -> String {
        var b = Array(try Data(contentsOf: URL(fileURLWithPath: model)))
        let start = try #require(Self.payloadOffset(b, section: "header"))
        let at = start + headerOffset(Array(b[start...]))
        b.replaceSubrange(at..<(at + bytes.count), with: bytes)
        b.replaceSubrange((b.count - 4)..., with: Self.le(Self.crc32(b[..<(b.count - 4)])))
        let out = path(name)
        try Data(b).write(to: URL(fileURLWithPath: out))
        return out
    }

    func senseModel() throws -> String {
        let corpus = path("c.txt")
        try String(repeating: "the bank of the river and the bank with the money loan\n", count: 80)
            .write(toFile: corpus, atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", corpus, "--senses", "3", "--model", path("m.senses"), "--output", path("m.txt"),
                             "--dim", "8", "--epochs", "1", "--threads", "1", "--min-count", "1", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return path("m.senses")
    }

    /// Header layout: u32 layout, u32 dimension, u32 window, prior name (u32 length + bytes), f64 alpha, …
    static func alphaOffset(_ payload: [UInt8]) -> Int {
        16 + (Int(payload[12]) | Int(payload[13]) << 8)
    }

    func expectOneLineError(_ args: [String], _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try CLI.run(args)
        #expect(r.status == 1, "exit \(r.status) for \(args): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("Error: ") && r.stderr.filter { $0 == "\n" }.count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(text), "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stderr.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F },
                "raw control bytes: \(r.stderr.debugDescription)", sourceLocation: sourceLocation)
    }

    /// α = 0, −1, NaN and window 0 with the checksum recomputed: `disambiguate` and `senses` refuse the model on load
    /// with one line naming the field (they crashed in digamma or printed p(z) = nan).
    @Test func senseModelWithBadFieldsIsRefusedOnLoad() throws {
        let model = try senseModel()
        let cases: [(offset: (_ payload: [UInt8]) -> Int, bytes: [UInt8], field: String)] = [
            (Self.alphaOffset, Self.le((0.0).bitPattern), "prior alpha is 0.0"),
            (Self.alphaOffset, Self.le((-1.0).bitPattern), "prior alpha is -1.0"),
            (Self.alphaOffset, Self.le(Double.nan.bitPattern), "prior alpha is nan"),
            ({ _ in 8 }, Self.le(UInt32(0)), "window is 0"),
        ]
        for (i, c) in cases.enumerated() {
            let bad = try patchedModel(model, headerOffset: c.offset, c.bytes, name: "bad\(i).senses")
            try expectOneLineError(["disambiguate", bad, "bank", "--context", "the river bank was muddy"], "invalid senses model (\(c.field)")
            try expectOneLineError(["senses", bad, "bank"], "invalid senses model (\(c.field)")
        }
    }

    /// `eval wsi MODEL … --window N` reads a sense model's own posteriors with N words each side; word vectors and
    /// baselines refuse it with one line.
    @Test func wsiWindowForTheModelsOwnSenses() throws {
        let model = try senseModel()
        let dataset = path("wsi.txt"), key = path("key.txt")
        try "bank.n 4\nthe river\tof the\nthe money\tloan\nof the river\tand\nwith the money\tloan\n"
            .write(toFile: dataset, atomically: true, encoding: .utf8)
        try "bank.n bank.n.1 a\nbank.n bank.n.2 b\nbank.n bank.n.3 a\nbank.n bank.n.4 b\n".write(toFile: key, atomically: true, encoding: .utf8)
        for window in ["1", "50"] {
            let r = try CLI.run(["eval", "wsi", model, dataset, key, "--window", window, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("\"instances\" : 4"), "\(r.stdout)")
        }
        try expectOneLineError(["eval", "wsi", path("m.txt"), dataset, key, "--window", "2"], "needs a multi-sense model")
        let base = try CLI.run(["eval", "wsi", "--baseline", "one-cluster", dataset, key, "--window", "2"])
        #expect(base.status != 0 && base.stderr.contains("--window"))
    }

    /// A native model given to the word-vector commands: a sense model is named as such, a damaged one gets the
    /// container's reason; no raw control byte is printed.
    @Test func nativeModelsGivenToVectorCommands() throws {
        let model = try senseModel()
        for args in [["neighbors", model, "bank"], ["similarity", model, "bank", "river"],
                     ["analogy", model, "bank", "river", "money"], ["convert", model, path("o.txt")]] {
            try expectOneLineError(args, "is a sense model")
        }
        try expectOneLineError(["convert", model, path("o.txt"), "--from", "binary"], "SenseVec native model")
        // A skip-gram model converts to its word vectors.
        let sg = path("m.sgm")
        let t = try CLI.run(["train", path("c.txt"), "--model", sg, "--output", path("v.txt"), "--dim", "8", "--epochs", "1",
                             "--threads", "1", "--min-count", "1", "--quiet"])
        #expect(t.status == 0, "\(t.stderr)")
        let c = try CLI.run(["convert", sg, path("sg.txt")])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(try String(contentsOfFile: path("sg.txt"), encoding: .utf8) == String(contentsOfFile: path("v.txt"), encoding: .utf8))
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: model)))
        let short = path("short.senses")
        try Data(bytes[..<16]).write(to: URL(fileURLWithPath: short))
        try expectOneLineError(["convert", short, path("o.txt")], "truncated")
        try expectOneLineError(["neighbors", short, "bank"], "truncated")
        var flipped = bytes
        flipped[bytes.count - 10] ^= 0x01   // inside the end marker
        let marker = path("marker.senses")
        try Data(flipped).write(to: URL(fileURLWithPath: marker))
        try expectOneLineError(["senses", marker, "bank"], "corrupt (bad end marker)")
        #expect(!FileManager.default.fileExists(atPath: path("o.txt")))
    }

    /// Text vector files: a bad first row names its line and value; a byte-order mark is skipped.
    @Test func textVectorFileErrorsAndByteOrderMark() throws {
        let bad = path("bad.txt")
        try "2 3\nthe 0.1 abc 0.3\ncat 0.4 0.5 0.6\n".write(toFile: bad, atomically: true, encoding: .utf8)
        try expectOneLineError(["neighbors", bad, "the"], "line 2: 'abc' is not a number")
        let bom = path("bom.txt")
        try Data([0xEF, 0xBB, 0xBF] + Array("2 3\nthe 0.1 0.2 0.3\ncat 0.4 0.5 0.7\n".utf8)).write(to: URL(fileURLWithPath: bom))
        let r = try CLI.run(["similarity", bom, "the", "cat"])
        #expect(r.status == 0 && r.stdout.hasPrefix("0.986"), "\(r.stderr)")
    }

    /// Components of 1e20 … 1e-38: self-similarity 1 and the right neighbour.
    @Test func extremeFiniteComponents() throws {
        for e in ["e20", "e-20", "e-23", "e-38"] {
            let v = path("x\(e).txt")
            try "3 3\na 1\(e) 2\(e) 3\(e)\nb 1\(e) 2\(e) 3.5\(e)\nc -3\(e) 1\(e) 0\n"
                .write(toFile: v, atomically: true, encoding: .utf8)
            let s = try CLI.run(["similarity", v, "a", "a"])
            #expect(s.status == 0 && s.stdout == "1.000000\n", "\(e): \(s.stdout) \(s.stderr)")
            let n = try CLI.run(["neighbors", v, "a", "-k", "1", "--json"])
            #expect(n.status == 0 && n.stdout.contains("\"b\""), "\(e): \(n.stdout) \(n.stderr)")
        }
    }

    /// The projector pair is one unit: when the metadata cannot be written (a file-size limit standing for a full
    /// disk), neither file changes, and `neighbors` still answers from the old pair.
    @Test(.disabled(if: ProcessInfo.processInfo.environment["SENSEVEC_SANITIZER"] == "thread",
                    "ThreadSanitizer's runtime cannot start under ulimit -f"))
    func projectorPairIsOneUnit() throws {
        let old = path("old.txt")
        try "3 2\nold1 1 0\nold2 0.9 0.1\nold5 0 1\n".write(toFile: old, atomically: true, encoding: .utf8)
        let pair = path("lw.tsv"), meta = path("lw-metadata.tsv")
        #expect(try CLI.run(["convert", old, pair]).status == 0)
        let before = (try Data(contentsOf: URL(fileURLWithPath: pair)), try Data(contentsOf: URL(fileURLWithPath: meta)))
        // Short vectors, 60 kB words: the vectors file fits under the 40 KiB limit, the metadata does not.
        let long = path("longwords.txt")
        var text = "4 2\n"
        for i in 0..<4 { text += String(repeating: "w\(i)", count: 7_500) + " 0.5 0.25\n" }
        try text.write(toFile: long, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", "trap '' XFSZ; ulimit -f 40; exec \"$0\" \"$@\"", CLI.executable.path, "convert", long, pair]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 1, "\(stderr)")
        #expect(stderr.hasPrefix("Error: cannot write") && stderr.contains("lw-metadata.tsv"), "\(stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pair)) == before.0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: meta)) == before.1)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "left behind: \(left)")
        let n = try CLI.run(["neighbors", pair, "old5", "-k", "1"])
        #expect(n.status == 0 && n.stdout.contains("old2"), "\(n.stdout) \(n.stderr)")
    }
}
