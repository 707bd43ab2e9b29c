import Foundation
import Testing
@testable import SenseVecCore

/// Vector files and values a hostile but realistic user gives: errors that name the real problem, byte-order
/// marks, extreme finite components.
@Suite struct HostileVectorFileTests {
    static func parse(_ text: String) throws -> WordVectors {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { try WordVectors.parseWord2Vec($0) }
    }

    static func error(_ text: String) -> String {
        do { _ = try parse(text); Issue.record("accepted \(text.debugDescription)"); return "" }
        catch { return "\(error)" }
    }

    /// A text file whose first data row is bad is read as text and the row's problem is named (it was taken for
    /// binary and called truncated).
    @Test func badFirstTextRowIsNamed() throws {
        #expect(Self.error("2 3\nthe 0.1 abc 0.3\ncat 0.4 0.5 0.6\n") == "line 2: 'abc' is not a number")
        #expect(Self.error("2 3\nthe 0.1 0.2 x7\ncat 0.4 0.5 0.6\n") == "line 2: 'x7' is not a number")
        #expect(Self.error("1 2\nthe 0.1 zwölf\n") == "line 2: 'zwölf' is not a number")
        #expect(Self.error("1 2\nthe nanx 0.25\n").contains("'nanx' is not a number"))
        // Binary files are still binary, also when a float's bytes look like text.
        var binary = Array("1 1\nw ".utf8) + Array("ABCD".utf8) + [0x0A]
        let v = try binary.withUnsafeBytes { try WordVectors.parseWord2Vec($0) }
        #expect(v.words == ["w"] && v.values[0].bitPattern == UInt32(littleEndian: 0x4443_4241))
        // A line end inside the floats, text before it: still word2vec C's layout (a line end after D floats).
        binary = Array("1 2\nw ABCD".utf8) + [0x0A, 0x41, 0x41, 0x41, 0x0A]
        #expect(try binary.withUnsafeBytes { try WordVectors.parseWord2Vec($0) }.values.map(\.bitPattern) == [0x4443_4241, 0x4141_410A])
        binary = Array("2 3\nab ".utf8) + Fixture.le(0.25) + Fixture.le(-1) + Fixture.le(3) + [0x0A]
            + Array("c ".utf8) + Fixture.le(1) + Fixture.le(2) + Fixture.le(0) + [0x0A]
        #expect(try binary.withUnsafeBytes { try WordVectors.parseWord2Vec($0) }.values == [0.25, -1, 3, 1, 2, 0])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let v = try Self.parse("\u{FEFF}2 3\nthe 0.1 0.2 0.3\ncat 0.4 0.5 0.6\n")
        #expect(v.words == ["the", "cat"])
        #expect(v.values == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    }

    /// Bytes quoted from a file in an error are escaped: no control byte or escape sequence reaches the terminal.
    @Test func quotedFileBytesAreEscaped() throws {
        let header = Self.error("\u{1B}[2J\u{7} 3\nthe 1 2 3\n")
        #expect(header == "bad header '\\u{001B}[2J\\u{0007} 3': expected 'COUNT DIMENSION' (two numbers)", "\(header)")
        let field = Self.error("2 2\nok 1 2\nthe 0.5 \u{1B}[31m\n")
        #expect(field == "line 3: '\\u{001B}[31m' is not a number", "\(field)")
        let duplicate = Self.error("2 1\nx\u{8}y 1\nx\u{8}y 2\n")
        #expect(duplicate.contains("'x\\u{0008}y'"), "\(duplicate)")
        #expect(EscapedText.printable([0x61, 0xFF, 0x0A, 0xE2, 0x80, 0xAE, 0x62]) == "a\\xFF\\u{000A}\\u{202E}b")
        #expect(EscapedText.printable("é日本") == "é日本")
        #expect(EscapedText.printable(String(repeating: "a", count: 100), limit: 3) == "aaa…")
    }

    /// A projector pair is one unit: when the second file cannot be put in place, the first is put back.
    @Test func projectorPairIsRestoredWhenTheSecondRenameFails() throws {
        let dir = try Fixture.tempDir()
        let old = try WordVectors(words: ["old1", "old2"], dimension: 1, values: [1, 2])
        try old.save(path: dir + "/p.tsv")
        let before = (try Fixture.bytes(dir + "/p.tsv"), try Fixture.bytes(dir + "/p-metadata.tsv"))
        /// Writes the metadata, then puts a folder where its temporary file was: its rename then fails.
        func sabotaged(_ w: inout BufferedWriter) throws {
            try w.write("a\nb\nc\n")
            let fm = FileManager.default
            for name in try fm.contentsOfDirectory(atPath: dir) where name.hasPrefix("p-metadata.tsv.tmp-") {
                try fm.removeItem(atPath: dir + "/" + name)
                try fm.createDirectory(atPath: dir + "/" + name + "/x", withIntermediateDirectories: true)
            }
        }
        func leftovers() throws -> [String] {
            let fm = FileManager.default
            for name in try fm.contentsOfDirectory(atPath: dir) where name.contains(".tmp-") {
                var isFolder: ObjCBool = false
                if fm.fileExists(atPath: dir + "/" + name, isDirectory: &isFolder), isFolder.boolValue {
                    try fm.removeItem(atPath: dir + "/" + name)   // the sabotage's folder
                }
            }
            return try fm.contentsOfDirectory(atPath: dir).sorted()
        }
        do {
            try AtomicFile.write([(dir + "/p.tsv", { try $0.write("9\n9\n9\n") }), (dir + "/p-metadata.tsv", sabotaged)])
            Issue.record("the sabotaged rename succeeded")
        } catch {
            #expect("\(error)".contains("p-metadata.tsv"), "\(error)")
        }
        #expect(try Fixture.bytes(dir + "/p.tsv") == before.0)
        #expect(try Fixture.bytes(dir + "/p-metadata.tsv") == before.1)
        #expect(try leftovers() == ["p-metadata.tsv", "p.tsv"])
        // A file that did not exist before is removed again.
        do {
            try AtomicFile.write([(dir + "/new.tsv", { try $0.write("1\n") }), (dir + "/p-metadata.tsv", sabotaged)])
            Issue.record("the sabotaged rename succeeded")
        } catch {}
        #expect(try leftovers() == ["p-metadata.tsv", "p.tsv"])
        #expect(try Fixture.bytes(dir + "/p-metadata.tsv") == before.1)
        // A folder at either name is refused before anything is replaced.
        try FileManager.default.createDirectory(atPath: dir + "/q-metadata.tsv", withIntermediateDirectories: true)
        #expect(throws: SenseVecError.self) { try old.save(path: dir + "/q.tsv") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/q.tsv"))
        try FileManager.default.removeItem(atPath: dir + "/q-metadata.tsv")
        // Both written: the new pair replaces the old one and no backup is left.
        let new = try WordVectors(words: ["n1", "n2", "n3"], dimension: 1, values: [1, 2, 3])
        try new.save(path: dir + "/p.tsv")
        #expect(try WordVectors.load(path: dir + "/p.tsv").words == ["n1", "n2", "n3"])
        #expect(try leftovers() == ["p-metadata.tsv", "p.tsv"])
    }

    /// Cosines of rows with extreme finite components: self-similarity 1 and the same neighbours as at scale 1.
    @Test func extremeFiniteComponentsGiveRightCosines() throws {
        let base: [Float] = [1, 2, 3, 1, 2, 3.5, -3, 1, 0.5, 2, -1, 1]
        let words = ["a", "b", "c", "d"]
        let reference = CosineIndex(try WordVectors(words: words, dimension: 3, values: base), threads: 1)
        for scale: Float in [1e20, 1e-20, 1e-23, 1e-38, 1e-40] {
            let v = try WordVectors(words: words + ["zero"], dimension: 3, values: base.map { $0 * scale } + [0, 0, 0])
            let index = CosineIndex(v, threads: 1)
            for i in 0..<4 {
                #expect(abs(index.similarity(rows: i, i) - 1) <= 1e-6, "scale \(scale) row \(i): \(index.similarity(rows: i, i))")
                for j in 0..<4 {
                    // 1e-40 is subnormal: its components keep only a few significant bits.
                    let tolerance: Float = scale < 1e-38 ? 1e-2 : 1e-6
                    #expect(abs(index.similarity(rows: i, j) - reference.similarity(rows: i, j)) <= tolerance, "scale \(scale)")
                }
            }
            #expect(try index.neighbors(of: "a", k: 1).first?.word == "b", "scale \(scale)")
            #expect(index.neighbors(of: v.vector(at: 2), k: 1, excluding: [2]).first?.word
                    == reference.neighbors(of: base[6..<9].map { $0 }, k: 1, excluding: [2]).first?.word)
            #expect(index.similarity(rows: 4, 0) == 0 && index.similarity(rows: 4, 4) == 0)
            #expect(VectorKernels.normalized([0, 0]) == [0, 0])
        }
    }
}
