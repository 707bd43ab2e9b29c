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
}
