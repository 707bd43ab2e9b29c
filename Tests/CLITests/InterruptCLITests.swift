import Foundation
import Testing

/// A command interrupted in the middle of an atomic write (Ctrl-C, `kill`, a closed terminal) removes its
/// temporary `NAME.tmp-PID-N` files before it dies of the signal, and leaves no final file half-written.
@Suite struct InterruptCLITests {
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func anInterruptedWriteLeavesNoTemporaryFiles(signal: Int32) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("synth").path
        let process = Process()
        process.executableURL = CLI.executable
        // 50M tokens take far longer to write than the test waits, in any build.
        process.arguments = ["corpus", "synth", "--tokens", "50000000", "--out", out, "-q"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        func temporaries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).filter { $0.contains(".tmp-") }
        }
        // Wait until the write is under way (its temporary files exist) and has some bytes in it.
        let deadline = Date().addingTimeInterval(60)
        var started = false
        while Date() < deadline && process.isRunning {
            let tmp = temporaries()
            if let corpus = tmp.first(where: { $0.hasPrefix("corpus.txt") }),
               let size = (try? FileManager.default.attributesOfItem(atPath: out + "/" + corpus))?[.size] as? Int, size > 0 {
                started = true
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(started, "the write never started")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(temporaries().isEmpty, "left behind: \(temporaries())")
        // Nothing reached its final name: the corpus and its occurrence list were still being written.
        let files = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(!files.contains("corpus.txt") && !files.contains("senses.tsv"), "\(files)")
    }
}
