import Foundation
import Testing
@testable import SenseVecCore

@Suite struct InputFileTests {
    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as SenseVecError { return e.message } catch { return "\(error)" }
    }

    /// Devices never end (or are not files): every whole-input reader refuses them at once.
    @Test func devicesAreRefused() throws {
        #expect(message { try InputFile.requireFinite("/dev/zero") }?.contains("'/dev/zero' is a device, not a file") == true)
        #expect(message { _ = try WordVectors.load(path: "/dev/zero") }?.contains("is a device") == true)
        #expect(message { _ = try ModelFile.open(path: "/dev/zero") }?.contains("is a device") == true)
        #expect(message { _ = try Vocabulary.load(path: "/dev/urandom") }?.contains("is a device") == true)
        #expect(message { _ = try NativeModelFile.read(path: "/dev/zero") }?.contains("is a device") == true)
        #expect(message { try InputFile.requireFinite("-") } == nil)
        #expect(message { try InputFile.requireFinite("-", sequential: false) }?.contains("standard input") == true)
    }

    /// A pipe is fine for a reader that reads once, refused where the input is opened twice (model files).
    @Test func pipesAreRefusedWhereTheInputIsOpenedTwice() throws {
        let dir = try Fixture.tempDir()
        let fifo = dir + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(message { try InputFile.requireFinite(fifo) } == nil)
        #expect(message { try InputFile.requireFinite(fifo, sequential: false) }?.contains("is a pipe") == true)
        #expect(message { _ = try ModelFile.open(path: fifo) }?.contains("is a pipe") == true)
    }

    /// Text without a line end stops at 64 MiB instead of growing with the input.
    @Test func endlessLinesStopAtTheLimit() throws {
        let dir = try Fixture.tempDir()
        let path = dir + "/long.txt"
        try Fixture.write([UInt8](repeating: 0x78, count: InputFile.maxLineLength + 1), path)
        #expect(message { _ = try InputFile.readAll(path, text: true) }?.contains("line 1 is longer than 64 MiB") == true)
        #expect(message { _ = try Vocabulary.load(path: path) }?.contains("line 1 is longer than 64 MiB") == true)
        // Binary input has no lines.
        #expect(try InputFile.readAll(path, text: false).count == InputFile.maxLineLength + 1)
        // Nor does a line read as it arrives (queries on standard input).
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let lines = InputLines(fileDescriptor: fd, name: "queries")
        #expect(message { _ = try lines.next() } == "queries: line 1 is longer than 64 MiB without a line end; this is not text")
    }

    /// Binary input is read only as far as its header says; nothing is reserved for what the header promises.
    @Test func binaryInputStopsAtTheSizeItsHeaderGives() throws {
        let dir = try Fixture.tempDir()
        let path = dir + "/b"
        try Fixture.write(Array(0..<200), path)
        #expect(try InputFile.readAll(path) { _ in .binary(size: 10) } == Array(0..<10))
        #expect(try InputFile.readAll(path) { _ in .binary(size: .max) }.count == 200)
    }

    /// The word2vec readers read in chunks and keep one chunk besides their result: a text and a binary file of
    /// over sixty chunks load through a 4 KiB window that never grows.
    @Test func word2VecReadersHoldOneChunk() throws {
        let v = try Fixture.random(count: 3000, dimension: 20, seed: 5)
        let dir = try Fixture.tempDir()
        for name in ["v.txt", "v.bin", "v.txt.gz"] {
            let path = dir + "/" + name
            if name.hasSuffix(".gz") {
                try v.save(path: dir + "/plain.txt")
                let gz = Process()
                gz.executableURL = URL(fileURLWithPath: "/bin/sh")
                gz.arguments = ["-c", "gzip -c '\(dir)/plain.txt' > '\(path)'"]
                try gz.run(); gz.waitUntilExit()
            } else {
                try v.save(path: path)
            }
            let input = try ChunkedInput(path: path, chunkSize: 4096)
            let read = try WordVectors.readWord2Vec(input)
            #expect(read.words == v.words && read.values == v.values, "\(name)")
            #expect(input.offset > 60 * 4096, "\(name): \(input.offset) bytes")
            #expect(input.peakCapacity == 4096, "\(name): the window grew to \(input.peakCapacity) bytes")
        }
        // The projector pair: both files through their windows.
        try v.save(path: dir + "/p.tsv")
        let vectors = try ChunkedInput(path: dir + "/p.tsv", chunkSize: 4096)
        let words = try ChunkedInput(path: dir + "/p-metadata.tsv", chunkSize: 4096)
        let pair = try WordVectors.readTSV(vectors: vectors, metadata: words)
        #expect(pair.words == v.words && pair.values == v.values)
        #expect(vectors.offset > 60 * 4096 && vectors.peakCapacity == 4096 && words.peakCapacity == 4096)
        // A line longer than a chunk grows the window to about that line, not to the input.
        var long = Array("2 3000\n".utf8)
        for w in ["a", "b"] { long += Array(w.utf8) + Array(repeating: Array(" 0.25".utf8), count: 3000).flatMap { $0 } + [0x0A] }
        let input = ChunkedInput(bytes: long, chunkSize: 4096)
        #expect(try WordVectors.readWord2Vec(input).values.count == 6000)
        #expect(input.peakCapacity <= 4 * 15_001)
    }

    /// A value too large for Float32 is named as such by the word2vec text and projector TSV readers.
    @Test func valuesOutOfFloat32RangeAreNamed() throws {
        let text = Array("2 2\nx 1 2\ny 3 1e300\n".utf8)
        #expect(message { _ = try text.withUnsafeBytes { try WordVectors.parseWord2Vec($0, format: .text) } }
                == "line 3: value 1e300 is out of Float32 range")
        let nan = Array("1 2\nx 1 nan\n".utf8)
        #expect(message { _ = try nan.withUnsafeBytes { try WordVectors.parseWord2Vec($0, format: .text) } }
                == "line 2: value nan is not finite")
        let dir = try Fixture.tempDir()
        try Fixture.write(Array("1\t2\n3\t-4e38\n".utf8), dir + "/v.tsv")
        try Fixture.write(Array("a\nb\n".utf8), dir + "/v-metadata.tsv")
        #expect(message { _ = try WordVectors.load(path: dir + "/v.tsv") }?.hasSuffix("line 2: value -4e38 is out of Float32 range") == true)
    }

    /// Lines arrive without `\n` or `\r\n`, empty lines kept, the last line without a line end included.
    @Test func inputLinesSplitAsReadLineDoes() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = Array("a b\r\nc\n\nlast".utf8)
        #expect(write(fds[1], text, text.count) == text.count)
        close(fds[1])
        defer { close(fds[0]) }
        let lines = InputLines(fileDescriptor: fds[0])
        var got: [String] = []
        while let line = try lines.next() { got.append(line) }
        #expect(got == ["a b", "c", "", "last"])
    }
}
