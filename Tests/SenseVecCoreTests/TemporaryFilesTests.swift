import Foundation
import Testing
@testable import SenseVecCore

/// The registry of in-flight temporary files that a signal handler removes (the end-to-end check, a real
/// process interrupted mid-write, is `InterruptCLITests`).
@Suite struct TemporaryFilesTests {
    @Test func registeredFilesAreRemovedAndSlotsAreReused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sensevec-tmpreg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = TemporaryFileRegistry()   // its own, so that other tests' writes do not interfere
        // 64 slots: all register, the 65th does not.
        var slots: [Int] = [], paths: [String] = []
        for i in 0..<TemporaryFileRegistry.slots {
            let path = dir.appendingPathComponent("f\(i).tmp-1-\(i)").path
            FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3]))
            paths.append(path)
            slots.append(try #require(registry.register(path)))
        }
        #expect(Set(slots).count == TemporaryFileRegistry.slots)
        #expect(Set(registry.paths()) == Set(paths))
        #expect(registry.register(dir.appendingPathComponent("one-too-many").path) == nil)
        // A freed slot is reused; a path too long for a slot is not registered.
        registry.unregister(slots[5])
        #expect(registry.register(String(repeating: "x", count: TemporaryFileRegistry.capacity)) == nil)
        #expect(try #require(registry.register(paths[5])) == slots[5])
        // removeAll (what the signal handler calls) unlinks exactly the registered files.
        let keep = dir.appendingPathComponent("kept").path
        FileManager.default.createFile(atPath: keep, contents: Data([9]))
        registry.removeAll()
        for p in paths { #expect(!FileManager.default.fileExists(atPath: p), "\(p) survived") }
        #expect(FileManager.default.fileExists(atPath: keep))
        for s in slots { registry.unregister(s) }
        #expect(registry.paths().isEmpty)
        #expect(registry.reserved.load(ordering: .relaxed) == 0)
    }

    @Test func atomicWritesRegisterTheirTemporaryFileOnlyWhileWriting() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sensevec-tmpreg2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.txt").path
        // Other tests may be writing at the same time: look only for this write's own temporary file.
        func ours() -> [String] { TemporaryFiles.shared.paths().filter { $0.hasPrefix(path + ".tmp-") } }
        var during: [String] = []
        try AtomicFile.write(to: path) { w in
            during = ours()
            try w.write(Array("hello".utf8))
        }
        #expect(during.count == 1, "registered during the write: \(during)")
        #expect(ours().isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
        // A failing write removes its temporary file and forgets it too.
        struct Boom: Error {}
        #expect(throws: Boom.self) { try AtomicFile.write(to: path) { _ in throw Boom() } }
        #expect(ours().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.txt"])
    }
}
