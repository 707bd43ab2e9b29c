import Foundation
import Testing

/// The binary names the CPU features it was built for, and stops with one line on a CPU without them.
@Suite struct PortabilityCLITests {
    static let qemu = ["/usr/bin/qemu-x86_64", "/usr/local/bin/qemu-x86_64"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func versionNamesTheRequiredFeatures() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0, "\(r.stderr)")
        #if arch(x86_64)
        if ProcessInfo.processInfo.environment["SENSEVEC_PORTABLE"] == nil {
            #expect(r.stdout.contains("avx2") && r.stdout.contains("fma"), "\(r.stdout)")
        }
        #endif
    }

    /// Runs the binary on an emulated Nehalem (SSE4.2, no AVX) with qemu's user-mode emulator: it must stop with
    /// one `Error:` line naming the missing extensions, not die of an illegal instruction (signal 4).
    @Test(.enabled(if: qemu != nil && ProcessInfo.processInfo.environment["SENSEVEC_PORTABLE"] == nil,
                   "needs qemu-x86_64 (Debian's qemu-user; scripts/setup.sh installs it for CI)"))
    func refusesToStartOnACPUWithoutAVX2() throws {
        #if arch(x86_64)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.qemu!)
        process.arguments = ["-cpu", "Nehalem", CLI.executable.path, "--version"]
        let err = Pipe(), out = Pipe()
        process.standardError = err
        process.standardOutput = out
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: errData, as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(process.terminationReason) \(process.terminationStatus): \(stderr)")
        let lines = stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(stderr)")
        #expect(stderr.hasPrefix("Error: "), "\(stderr)")
        let lacks = stderr.components(separatedBy: "lacks ").last ?? ""
        #expect(lacks.contains("avx2") && lacks.contains("fma") && !lacks.contains("sse4.2"), "\(stderr)")
        #endif
    }
}
