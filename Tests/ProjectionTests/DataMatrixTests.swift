import Foundation
import Testing
@testable import Projection
import SenseVecCore

@Suite struct DataMatrixTests {
    @Test func delimitedFormats() throws {
        let csv = try DataMatrix.parseDelimited(Array("a,b,c\n1,2,3\n4,5,6\n".utf8))
        let m = csv
        #expect(m.rows == 2 && m.columns == 3 && m.labels == nil && m.values == [1, 2, 3, 4, 5, 6])
        let w2v = try DataMatrix.parseDelimited(Array("2 3\nking 0.1 0.2 0.3\nqueen 0.4 0.5 0.6\n".utf8))
        #expect(w2v.rows == 2 && w2v.columns == 3 && w2v.labels == ["king", "queen"])
        let tsv = try DataMatrix.parseDelimited(Array("1\t2\t7\n3\t4\t8\n".utf8), labelColumn: .last)
        #expect(tsv.labels == ["7", "8"] && tsv.values == [1, 2, 3, 4])
        #expect(throws: SenseVecError.self) { try DataMatrix.parseDelimited(Array("1,2\n3\n".utf8)) }
        #expect(throws: SenseVecError.self) { try DataMatrix.parseDelimited(Array("1,2\n3,x\n".utf8)) }
    }

    @Test func idxImagesAndLabels() throws {
        // 3 images of 2×2 unsigned bytes, and 3 labels.
        let images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2] + (0..<12).map { UInt8($0 * 10) }
        let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 3, 7, 1, 9]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try AtomicFile.write(images, to: dir.appendingPathComponent("img").path)
        try AtomicFile.write(labels, to: dir.appendingPathComponent("lab").path)
        let m = try DataMatrix.read(path: dir.appendingPathComponent("img").path,
                                    labelsPath: dir.appendingPathComponent("lab").path)
        #expect(m.rows == 3 && m.columns == 4)
        #expect(m.values[4...7] == [40, 50, 60, 70])
        #expect(m.labels == ["7", "1", "9"])
        // Truncated file.
        #expect(throws: SenseVecError.self) { try DataMatrix.parseIDX(Array(images.dropLast())) }
    }

    func idxError(_ bytes: [UInt8]) -> String? {
        do { _ = try DataMatrix.parseIDX(bytes, path: "m.idx"); return nil } catch let e as SenseVecError {
            return e.message
        } catch { return "\(error)" }
    }

    /// IDX headers whose sizes overflow, are zero, use an unknown type code or promise more than the file holds
    /// are refused with one line, before anything is allocated for the values.
    @Test func hostileIDXHeadersAreRefused() throws {
        let ff: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        let cases: [([UInt8], String)] = [
            // The 16-byte file of the bug report: three dimensions of 2^32-1.
            ([0, 0, 0x08, 3] + ff + ff + ff, "hold more values than any file can"),
            ([0, 0, 0x0E, 2, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF], "hold more values than any file can"),  // values × 8 overflows
            ([0, 0, 0x0D, 4] + ff + ff + ff + ff, "hold more values than any file can"),
            ([0, 0, 0x08, 2, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3], "truncated"),
            ([0, 0, 0x08, 2, 0, 0, 0, 0, 0, 0, 0, 3], "dimension 1 is 0"),
            ([0, 0, 0x08, 2, 0, 0, 0, 3, 0, 0, 0, 0], "dimension 2 is 0"),
            ([0, 0, 0x07, 1, 0, 0, 0, 1, 5], "unknown IDX type code 0x7"),
            ([0, 0, 0x00, 0, 0, 0, 0, 0], "unknown IDX type code 0x0"),
            ([0, 0, 0x08, 0], "no dimensions"),
            ([0, 0, 0x08, 9, 0, 0, 0, 1], "truncated"),
            ([0, 0, 0x08], "truncated header"),
        ]
        for (bytes, fragment) in cases {
            let message = idxError(bytes)
            #expect(message?.contains(fragment) == true, "\(bytes) → \(message ?? "no error")")
            #expect(message?.contains("\n") != true)
        }
        // More than four dimensions: the first is the rows, the others are flattened into columns.
        let five = try DataMatrix.parseIDX([0, 0, 0x08, 5] + [0, 0, 0, 2] + [0, 0, 0, 1] + [0, 0, 0, 1] + [0, 0, 0, 1]
                                           + [0, 0, 0, 3] + [1, 2, 3, 4, 5, 6])
        #expect(five.rows == 2 && five.columns == 3 && five.values == [1, 2, 3, 4, 5, 6])
        // A double too large for Float32.
        let big = withUnsafeBytes(of: (1e300 as Double).bitPattern.bigEndian) { Array($0) }
        #expect(idxError([0, 0, 0x0E, 1, 0, 0, 0, 1] + big)?.contains("row 1, column 1: value 1e+300 is out of Float32 range") == true)
        // Through a file, as the commands read it.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("m.idx").path
        try AtomicFile.write([0, 0, 0x08, 3] + ff + ff + ff, to: path)
        #expect(throws: SenseVecError.self) { try DataMatrix.read(path: path) }
        // Float labels too large for an integer are written as they are.
        try AtomicFile.write([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 1, 5, 6], to: path)
        let labels = dir.appendingPathComponent("l.idx").path
        try AtomicFile.write([0, 0, 0x0D, 1, 0, 0, 0, 2] + withUnsafeBytes(of: Float(3e30).bitPattern.bigEndian) { Array($0) }
                             + withUnsafeBytes(of: Float(7).bitPattern.bigEndian) { Array($0) }, to: labels)
        #expect(try DataMatrix.read(path: path, labelsPath: labels).labels == ["3e+30", "7"])
    }

    func delimitedError(_ text: String) -> String? {
        do { _ = try DataMatrix.parseDelimited(Array(text.utf8), path: "m.csv"); return nil } catch let e as SenseVecError {
            return e.message
        } catch { return "\(error)" }
    }

    /// Errors in delimited text name the line of the file (comments and blank lines counted); a value too large
    /// for Float32 is named as such, not as "non-finite".
    /// A spreadsheet's UTF-8 byte order mark before the first line is skipped, with or without a header line.
    @Test func byteOrderMarkIsSkipped() throws {
        let plain = try DataMatrix.parseDelimited([0xEF, 0xBB, 0xBF] + Array("1,2\n3,4\n".utf8))
        #expect(plain.rows == 2 && plain.columns == 2 && plain.values == [1, 2, 3, 4])
        let header = try DataMatrix.parseDelimited([0xEF, 0xBB, 0xBF] + Array("a\tb\n1\t2\n".utf8))
        #expect(header.rows == 1 && header.values == [1, 2])
    }

    @Test func delimitedErrorsNameTheLine() throws {
        let cases: [(String, String)] = [
            ("a,b\n1,2\n3,1e300\n", "'m.csv': line 3: value 1e300 is out of Float32 range"),
            ("# comment\n\n1,2\r\n3,-1e39\n", "'m.csv': line 4: value -1e39 is out of Float32 range"),
            ("1 2\n3 nan\n", "line 2: value nan is not finite"),
            ("1\t2\n\n3\tinf\n", "line 3: value inf is not finite"),
            ("1,2\n\n\n3\n", "line 4 has 1 fields, the first row has 2"),
            ("1,2\r3,x\n", "line 2, field 2 ('x') is not a number"),
        ]
        for (text, fragment) in cases {
            let message = delimitedError(text)
            #expect(message?.contains(fragment) == true, "\(text.debugDescription) → \(message ?? "no error")")
        }
        let m = try DataMatrix.parseDelimited(Array("x,y\r\n\r\n# c\n1,2\r\n3,4".utf8))
        #expect(m.rows == 2 && m.values == [1, 2, 3, 4])
    }

    /// The matrix readers read in chunks and keep one chunk besides their result: delimited text and IDX of
    /// over sixty chunks load through a 4 KiB window that never grows.
    @Test func readersHoldOneChunk() throws {
        var text = Array("x,y,z\n".utf8)
        for i in 0..<20_000 { text += Array("\(i),\(i % 7).5,-\(i % 13)\r\n".utf8) }
        let csv = ChunkedInput(bytes: text, name: "m.csv", chunkSize: 4096)
        let m = try DataMatrix.read(csv)
        #expect(m.rows == 20_000 && m.columns == 3 && Array(m.values[3 * 12_345 ..< 3 * 12_346]) == [12_345, 4.5, -8])
        #expect(csv.offset > 60 * 4096 && csv.peakCapacity == 4096)
        let rows = 1_000, columns = 500
        let idx: [UInt8] = [0, 0, 0x0B, 2, 0, 0, 0x03, 0xE8, 0, 0, 0x01, 0xF4]
            + (0..<(rows * columns)).flatMap { i -> [UInt8] in let v = Int16(i % 30_000 - 15_000); return [UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
        let input = ChunkedInput(bytes: idx, name: "m.idx", chunkSize: 4096)
        let n = try DataMatrix.read(input)
        #expect(n.rows == rows && n.columns == columns && n.values[777_77] == Float(77_777 % 30_000 - 15_000))
        #expect(input.offset > 60 * 4096 && input.peakCapacity == 4096)
    }
}
