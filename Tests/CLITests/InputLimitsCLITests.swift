import Foundation
import Testing

/// Endless and lying inputs: devices, endless standard input and headers promising more than a file holds end
/// with one `Error:` line at once, in bounded memory, even under an address-space limit (`ulimit -v`).
@Suite(.serialized) struct InputLimitsCLITests {
    let dir: URL
    init() throws { dir = try CLI.temporaryDirectory() }

    /// Runs `SHELL-PIPELINE` with `$B` set to the sensevec executable under `ulimit -v LIMIT` (2 GB of address
    /// space unless told) and at most `timeout` seconds.
    func shell(_ script: String, timeout: TimeInterval = 60, addressSpaceKB: Int = 2_000_000) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "ulimit -v \(addressSpaceKB); " + script]
        process.environment = ProcessInfo.processInfo.environment.merging(["B": CLI.executable.path]) { $1 }
        process.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw CLIError.timedOut([script])
        }
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }

    func expectCleanFailure(_ script: String, mentioning: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try shell(script)
        #expect(r.status != 0 && r.status < 128, "exit status \(r.status) for \(script)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("Error:"), "expected one Error: line, got: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(mentioning), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
    }

    @Test func devicesAreRefusedAtOnce() throws {
        try expectCleanFailure("exec \"$B\" neighbors /dev/zero bank", mentioning: "'/dev/zero' is a device, not a file")
        try expectCleanFailure("exec \"$B\" tsne /dev/zero --output o.tsv", mentioning: "'/dev/zero' is a device, not a file")
        try expectCleanFailure("exec \"$B\" pca /dev/urandom --output o.tsv", mentioning: "'/dev/urandom' is a device, not a file")
        try Data("1,2\n3,4\n5,6\n".utf8).write(to: dir.appendingPathComponent("m.csv"))
        try expectCleanFailure("exec \"$B\" pca m.csv --labels /dev/zero --output o.tsv", mentioning: "is a device")
        try expectCleanFailure("exec \"$B\" eval similarity /dev/zero /dev/zero", mentioning: "is a device")
        try Data(String(repeating: "the cat sat on the mat\n", count: 50).utf8).write(to: dir.appendingPathComponent("c.txt"))
        try expectCleanFailure("exec \"$B\" eval pseudowords c.txt --quiet --pairs /dev/zero", mentioning: "'/dev/zero' is a device, not a file")
        // A corpus is streamed, but a device never ends.
        try expectCleanFailure("exec \"$B\" vocab /dev/zero", mentioning: "'/dev/zero' is a device, not a file")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.tsv").path))
    }

    /// Endless standard input: zero bytes (an IDX magic with type code 0) stop at the header, endless text at the
    /// 64 MiB line limit; a pipe given by name works like standard input.
    @Test func endlessStandardInputIsCutOff() throws {
        try expectCleanFailure("cat /dev/zero 2>/dev/null | \"$B\" tsne - --output o.tsv", mentioning: "unknown IDX type code 0x0")
        try expectCleanFailure("tr '\\0' x < /dev/zero 2>/dev/null | \"$B\" pca - --output o.tsv", mentioning: "line 1 is longer than 64 MiB")
        try expectCleanFailure("exec \"$B\" pca <(tr '\\0' 1 < /dev/zero 2>/dev/null) --output o.tsv", mentioning: "line 1 is longer than 64 MiB")
        // Queries on standard input: an endless line stops at the limit.
        try Data("2 2\nking 1 0\nqueen 0 1\n".utf8).write(to: dir.appendingPathComponent("v.txt"))
        try expectCleanFailure("exec \"$B\" analogy v.txt < /dev/zero", mentioning: "standard input: line 1 is longer than 64 MiB")
        try expectCleanFailure("tr '\\0' x < /dev/zero 2>/dev/null | \"$B\" vectors v.txt", mentioning: "standard input: line 1 is longer than 64 MiB")
        try expectCleanFailure("exec \"$B\" neighbors v.txt < /dev/zero", mentioning: "standard input: line 1 is longer than 64 MiB")
        try expectCleanFailure("tr '\\0' x < /dev/zero 2>/dev/null | \"$B\" neighbors v.txt --batch", mentioning: "standard input: line 1 is longer than 64 MiB")
        // Files of contexts: a device is refused, an endless line stops at the limit.
        try expectCleanFailure("exec \"$B\" induce v.txt king --contexts /dev/zero", mentioning: "'/dev/zero' is a device, not a file")
        try expectCleanFailure("tr '\\0' x < /dev/zero 2>/dev/null | \"$B\" induce v.txt king --contexts -", mentioning: "a line longer than 64 MiB")
        let vectors = try shell("printf 'king\\r\\nqueen' | \"$B\" vectors v.txt")
        #expect(vectors.stdout == "king 1.0 0.0\nqueen 0.0 1.0\n", "\(vectors.stdout) \(vectors.stderr)")
        // A finite pipe still works.
        let ok = try shell("exec \"$B\" pca <(printf '1,2\\n3,4\\n5,7\\n') --components 1 --output o.tsv")
        #expect(ok.status == 0, "\(ok.stderr)")
        let stdin = try shell("printf '1,2\\n3,4\\n5,7\\n' | gzip | \"$B\" pca - --components 1 --output s.tsv")
        #expect(stdin.status == 0, "\(stdin.stderr)")
    }

    /// The IDX file of the bug report (three dimensions of 2^32-1) and headers promising more than the file holds.
    @Test func lyingIDXHeadersAreRefused() throws {
        try expectCleanFailure("printf '\\x00\\x00\\x08\\x03\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff' > m.idx; exec \"$B\" pca m.idx --output o.tsv",
                               mentioning: "hold more values than any file can")
        try expectCleanFailure("printf '\\x00\\x00\\x0e\\x02\\x7f\\xff\\xff\\xff\\x7f\\xff\\xff\\xff' > d.idx; exec \"$B\" tsne d.idx --output o.tsv",
                               mentioning: "hold more values than any file can")
        try expectCleanFailure("printf '\\x00\\x00\\x08\\x02\\x00\\x10\\x00\\x00\\x00\\x00\\x10\\x00abc' > t.idx; exec \"$B\" tsne t.idx --output o.tsv",
                               mentioning: "is truncated")
        try expectCleanFailure("printf '1,2\\n3,4\\n' > m.csv; printf '\\x00\\x00\\x08\\x03\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff' > l.idx; exec \"$B\" pca m.csv --labels l.idx --output o.tsv",
                               mentioning: "hold more values than any file can")
    }

    /// Vector and matrix files are read front to back, so a sparse 3 GB file under a 2 GB address-space limit
    /// is refused at once for what its first bytes are; a native model, read whole, is refused before it is read.
    @Test func hugeFilesAreJudgedByTheirFirstBytes() throws {
        try expectCleanFailure("truncate -s 3G big.txt && exec \"$B\" neighbors big.txt w", mentioning: "big.txt: bad header")
        try expectCleanFailure("truncate -s 3G big.csv && exec \"$B\" tsne big.csv --output o.tsv", mentioning: "'big.csv': unknown IDX type code 0x0")
        try expectCleanFailure("truncate -s 3G big.model && exec \"$B\" senses big.model bank", mentioning: "'big.model' is too large to read")
    }

    /// The readers stream: a text vectors file, a projector pair and a CSV matrix larger than half the address-space
    /// limit (far more than a whole-file read may hold) load, since only the parsed values and one chunk are kept.
    @Test func filesLargerThanMemoryWhoseValuesFitAreRead() throws {
        // 110,000 rows of 50 values written with 58 digits each: about 325 MB of text, 22 MB of Float32.
        let value = "0." + String(repeating: "1234567890", count: 5) + "12345678"
        let rows = 110_000, limitKB = 600_000
        let makeText = "awk 'BEGIN { l = \"\"; for (k = 0; k < 50; k++) l = l \" \(value)\"; print \"\(rows) 50\"; for (i = 0; i < \(rows); i++) print \"w\" i l }' > big.txt"
        let vectors = try shell("\(makeText) && test $(stat -c %s big.txt) -gt \(limitKB * 1024 / 2) && \"$B\" neighbors big.txt w7 -k 2; s=$?; rm -f big.txt; exit $s",
                                timeout: 300, addressSpaceKB: limitKB)
        #expect(vectors.status == 0, "\(vectors.stderr)")
        #expect(vectors.stdout.split(separator: "\n").count == 2, "\(vectors.stdout)")
        let makePair = "awk 'BEGIN { l = \"\"; for (k = 0; k < 50; k++) l = l (k ? \"\\t\" : \"\") \"\(value)\"; for (i = 0; i < \(rows); i++) { print l > \"big.tsv\"; print \"w\" i > \"big-metadata.tsv\" } }'"
        let pair = try shell("\(makePair) && test $(stat -c %s big.tsv) -gt \(limitKB * 1024 / 2) && \"$B\" neighbors big.tsv w7 -k 2; s=$?; rm -f big.tsv big-metadata.tsv; exit $s",
                             timeout: 300, addressSpaceKB: limitKB)
        #expect(pair.status == 0, "\(pair.stderr)")
        #expect(pair.stdout.split(separator: "\n").count == 2, "\(pair.stdout)")
        let makeCSV = "awk 'BEGIN { l = \"\"; for (k = 0; k < 50; k++) l = l (k ? \",\" : \"\") \"\(value)\"; for (i = 0; i < \(rows); i++) print l }' > big.csv"
        let matrix = try shell("\(makeCSV) && test $(stat -c %s big.csv) -gt \(limitKB * 1024 / 2) && \"$B\" pca big.csv --components 2 --output p.tsv; s=$?; rm -f big.csv; exit $s",
                               timeout: 300, addressSpaceKB: limitKB)
        #expect(matrix.status == 0, "\(matrix.stderr)")
    }

    /// A vectors file whose header promises more rows than it holds is refused before anything is allocated.
    @Test func vectorHeadersPromisingTooMuchAreRefused() throws {
        try expectCleanFailure("printf '900000000000 300\\nw 1 2\\n' > v.txt; exec \"$B\" neighbors v.txt w", mentioning: "truncated")
        try expectCleanFailure("printf '1 2\\nw 1 1e300\\n' > b.txt; exec \"$B\" neighbors b.txt w", mentioning: "line 2: value 1e300 is out of Float32 range")
        try expectCleanFailure("printf 'a,b\\n1,2\\n3,1e300\\n' > m.csv; exec \"$B\" pca m.csv --output o.tsv", mentioning: "line 3: value 1e300 is out of Float32 range")
        // Input of unknown size (compressed, a pipe): what the header promises is checked against memory.
        try expectCleanFailure("printf '100000000 300\\nw 1 2\\n' | gzip > h.txt.gz; exec \"$B\" neighbors h.txt.gz w", mentioning: "too large to read: the header promises 100000000 words of dimension 300")
        try expectCleanFailure("printf '\\x00\\x00\\x08\\x02\\x00\\x10\\x00\\x00\\x00\\x00\\x10\\x00abc' | \"$B\" tsne - --output o.tsv", mentioning: "'-' is too large to read: its IDX header promises")
    }
}
