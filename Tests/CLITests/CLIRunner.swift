import Foundation
import Testing

/// Runs the built `sensevec` executable (it sits beside the test bundle in the build products folder).
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("sensevec")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        // Fall back to the products folder of the test bundle itself.
        for bundle in Bundle.allBundles {
            let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("sensevec")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: ".build/debug/sensevec")
    }

    /// Runs `sensevec ARGS…` with optional standard input (text, or bytes in `input`) and extra environment
    /// variables; waits at most `timeout` seconds.
    @discardableResult
    static func run(_ args: [String], stdin: String? = nil, input bytes: Data? = nil, environment: [String: String] = [:],
                    timeout: TimeInterval = 120) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = args
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Standard input is written from another thread, so a child that answers while it reads never blocks.
        let writer = input.fileHandleForWriting
        let data = bytes ?? stdin.map { Data($0.utf8) }
        // A child that exits without reading all of it must not kill the test run (SIGPIPE).
        signal(SIGPIPE, SIG_IGN)
        DispatchQueue.global().async {
            if let data { try? writer.write(contentsOf: data) }
            try? writer.close()
        }
        // Read both pipes concurrently so a chatty child never blocks.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw CLIError.timedOut(args)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder for one test.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sensevec-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

enum CLIError: Error { case timedOut([String]) }

@Suite struct CLIBasicsTests {
    @Test func versionAndHelp() throws {
        let v = try CLI.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.contains("."))
        let h = try CLI.run(["--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("SUBCOMMANDS"))
    }
}
