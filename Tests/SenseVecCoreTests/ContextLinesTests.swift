import Foundation
import Testing
@testable import SenseVecCore

@Suite struct ContextLinesTests {
    @Test func oneRecordPerLineEmptyLinesAndCRLFIncluded() {
        let lines = ContextLines.parse(Array("a b\tc\n\n \r\nx\ty z\r\nlast".utf8))
        #expect(lines == [
            .init(left: ["a", "b"], right: ["c"]), .init(left: [], right: []), .init(left: [], right: []),
            .init(left: ["x"], right: ["y", "z"]), .init(left: ["last"], right: []),
        ])
        #expect(ContextLines.parse(Array("a\n".utf8)).count == 1)
        #expect(ContextLines.parse([UInt8]()).isEmpty)
        // A CR is removed only at the end of a line; a second TAB separates words of the right side.
        #expect(ContextLines.parse(Array("a\tb\tc\r\n".utf8)) == [.init(left: ["a"], right: ["b", "c"])])
    }

    @Test func chunksGiveTheSameRecordsAsTheWholeText() {
        let text = Array("he sat on the\tof the river\r\n\nmoney\tloan\nno end".utf8)
        let whole = ContextLines.parse(text)
        for cut in 0...text.count {
            var parser = ContextLines.Parser()
            var lines: [ContextLines.Line] = []
            text.withUnsafeBytes { raw in
                parser.feed(UnsafeRawBufferPointer(rebasing: raw[..<cut])) { lines.append($0) }
                parser.feed(UnsafeRawBufferPointer(rebasing: raw[cut...])) { lines.append($0) }
            }
            parser.finish { lines.append($0) }
            #expect(lines == whole, "cut at \(cut)")
        }
    }

    @Test func emptyDeviceIsEmptyNotAnError() throws {
        #expect(try ContextLines.read(path: "/dev/null").isEmpty)
        #expect(throws: SenseVecError.self) { try ContextLines.read(path: "/nonexistent/contexts.tsv") }
    }
}

@Suite struct StandardInputSpoolTests {
    @Test func copiesAPipeAndRemovesTheCopy() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let bytes = [UInt8]((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let output = fds[1]
        let writer = Thread {
            bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count { done += max(0, write(output, raw.baseAddress! + done, raw.count - done)) }
            }
            close(output)
        }
        writer.start()
        let spool = try StandardInputSpool(descriptor: fds[0])
        close(fds[0])
        #expect(spool.bytes == bytes.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: spool.path)) == Data(bytes))
        #expect(TemporaryFiles.shared.paths().contains(spool.path))
        spool.remove()
        #expect(!FileManager.default.fileExists(atPath: spool.path))
        #expect(!TemporaryFiles.shared.paths().contains(spool.path))
    }

    @Test func standardInputOnlyOnce() throws {
        #expect(throws: SenseVecError.self) { try StandardInputSpool.replacingStandardInput(in: ["-", "a", "-"]) }
        let (paths, spool) = try StandardInputSpool.replacingStandardInput(in: ["a", "b"])
        #expect(paths == ["a", "b"] && spool == nil)
    }
}
