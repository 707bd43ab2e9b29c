import Testing
import Foundation
@testable import SenseVecCore

@Suite struct NativeModelFileTests {
    func sample() -> NativeModelFile {
        var f = NativeModelFile(kind: "test")
        f.set("header") { w in w.append(UInt32(7)); w.append(string: "héllo"); w.append(2.5 as Double) }
        f.set("floats") { w in w.append(floats: [1, -2, 3.5]) }
        return f
    }

    @Test func roundTrip() throws {
        let bytes = sample().serialized()
        let g = try NativeModelFile.parse(bytes, expectedKind: "test")
        var r = try g.reader("header")
        #expect(try r.read(UInt32.self) == 7)
        #expect(try r.readString() == "héllo")
        #expect(try r.readDouble() == 2.5)
        var f = try g.reader("floats")
        #expect(try f.readFloats(3) == [1, -2, 3.5])
        #expect(throws: SenseVecError.self) { try f.readFloats(1) }
    }

    @Test func everyTruncationAndBitFlipIsRejected() throws {
        let bytes = sample().serialized()
        for n in 0..<bytes.count {
            #expect(throws: SenseVecError.self) { try NativeModelFile.parse(Array(bytes[0..<n])) }
        }
        for i in stride(from: 0, to: bytes.count, by: 3) {
            var b = bytes; b[i] ^= 0x10
            #expect(throws: SenseVecError.self) { try NativeModelFile.parse(b) }
        }
    }

    @Test func newerVersionAndWrongKindAreNamed() throws {
        var bytes = sample().serialized()
        bytes[8] = 99
        do { _ = try NativeModelFile.parse(bytes); Issue.record("accepted a newer version") }
        catch let e as SenseVecError { #expect(e.message.contains("newer")) }
        do { _ = try NativeModelFile.parse(sample().serialized(), expectedKind: "senses"); Issue.record("accepted wrong kind") }
        catch let e as SenseVecError { #expect(e.message.contains("expected 'senses'")) }
    }

    @Test func atomicWriteLeavesNoTemporaryFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nmf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.svm").path
        try sample().write(to: path)
        let g = try NativeModelFile.read(path: path)
        #expect(g.kind == "test")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.svm"])
        #expect(throws: SenseVecError.self) { try sample().write(to: dir.appendingPathComponent("no/such/dir/m").path) }
    }
}

@Suite struct NativeModelFileFuzzRegressionTests {
    /// A fuzzer input (Fuzz/run.sh): a section header whose length field runs into the end marker gives a negative
    /// remaining length. It must be a clean error, not a trap.
    @Test func sectionHeaderRunningIntoEndMarkerIsAnError() throws {
        var bytes = NativeModelFile.magic
        bytes += [1, 0, 0, 0]          // version 1
        bytes += [0, 0]                // empty kind
        bytes += [1, 0, 0, 0]          // one section
        bytes += [0, 0]                // empty name; its UInt64 length then reads the end marker itself
        bytes += Array("SVEND".utf8) + [0, 0, 0]
        let crc = bytes.withUnsafeBytes { UInt32(crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count))) }
        withUnsafeBytes(of: crc.littleEndian) { bytes.append(contentsOf: $0) }
        #expect(throws: SenseVecError.self) { try NativeModelFile.parse(bytes) }
    }
}
import CZlib
