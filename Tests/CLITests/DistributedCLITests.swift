import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `mpirun -np 2 sensevec train …` end to end (Open MPI; scripts/setup.sh installs it, CI runs these tests).
/// Without `mpirun` on PATH the suite is skipped.
@Suite(.serialized, .enabled(if: MPI.launcher != nil, "mpirun not found: install openmpi-bin (scripts/setup.sh) to run the MPI tests"))
struct DistributedCLITests {
    /// A synthetic corpus split into three files of a folder, and its analogy questions.
    static func corpus(tokens: Int) throws -> (dir: URL, folder: String, questions: String) {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["corpus", "synth", "--tokens", "\(tokens)", "--out", dir.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: dir.appendingPathComponent("corpus.txt").path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let folder = dir.appendingPathComponent("parts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cuts = [0, lines.count / 5, lines.count / 2, lines.count]
        for k in 0..<3 {
            let part = lines[cuts[k]..<cuts[k + 1]].joined(separator: "\n") + "\n"
            try part.write(to: folder.appendingPathComponent("part\(k).txt"), atomically: true, encoding: .utf8)
        }
        return (dir, folder.path, dir.appendingPathComponent("questions-words.txt").path)
    }

    static func words(ofVectors path: String) throws -> [Substring] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.prefix(while: { $0 != " " }) }
    }

    static func json(_ text: String) -> [String: Any] {
        let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    static func accuracy(_ vectors: String, _ questions: String) throws -> Double {
        let r = try CLI.run(["eval", "analogy", vectors, questions, "--json", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let sections = (json(r.stdout.replacingOccurrences(of: "\n", with: " "))["sections"] as? [[String: Any]]) ?? []
        let correct = sections.reduce(0) { $0 + (($1["correct"] as? Int) ?? 0) }
        let answered = sections.reduce(0) { $0 + (($1["answered"] as? Int) ?? 0) }
        return answered > 0 ? Double(correct) / Double(answered) : 0
    }

    @Test func twoProcessesCountTheSameVocabularyAsOne() throws {
        let (dir, folder, _) = try Self.corpus(tokens: 30_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = dir.appendingPathComponent("one.txt").path, two = dir.appendingPathComponent("two.txt").path
        let common = ["--dim", "8", "--epochs", "1", "--min-count", "2", "--quiet", "--json"]
        let a = try CLI.run(["train", folder, "--output", one, "--threads", "1"] + common)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try MPI.run(processes: 2, ["train", folder, "--output", two, "--threads", "1"] + common)
        #expect(b.status == 0, "\(b.stderr)")
        // Same words in the same order (by count, then first appearance), and the same number of words read.
        #expect(try Self.words(ofVectors: one) == Self.words(ofVectors: two))
        #expect(try Self.words(ofVectors: one).count > 500)
        let ja = Self.json(a.stdout), jb = Self.json(b.stdout)
        #expect(ja["wordsRead"] as? Int == jb["wordsRead"] as? Int)
        #expect(jb["processes"] as? Int == 2)
        #expect(b.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }.count == 1, "only process 0 prints")
    }

    /// The planted analogies of the synthetic corpus: 2 processes × 1 thread as good as 1 process × 2 threads
    /// (within 3 points; both above 90% with negative sampling and hierarchical softmax), whether the two processes
    /// share one copy of the model (`--host-memory shared`, the default: nothing all-reduced but the progress) or
    /// keep one each (`separate`: both copies combined at every synchronization).
    @Test(arguments: ["ns", "hs"], ["shared", "separate"])
    func twoProcessesLearnThePlantedAnalogies(layer: String, hostMemory: String) throws {
        let (dir, folder, questions) = try Self.corpus(tokens: 200_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = dir.appendingPathComponent("one.txt").path, two = dir.appendingPathComponent("two.txt").path
        let common = ["--dim", "40", "--epochs", "5", "--quiet"] + (layer == "hs" ? ["--hs"] : [])
        let a = try CLI.run(["train", folder, "--output", one, "--threads", "2"] + common)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try MPI.run(processes: 2, ["train", folder, "--output", two, "--threads", "1", "--sync-every", "20000",
                                           "--host-memory", hostMemory, "--json"] + common)
        #expect(b.status == 0, "\(b.stderr)")
        let report = Self.json(b.stdout)
        #expect(report["hostMemory"] as? String == hostMemory)
        #expect(report["modelCopies"] as? Int == (hostMemory == "shared" ? 1 : 2), "\(report)")
        let bytes = report["bytesPerSynchronization"] as? Int ?? -1
        #expect(hostMemory == "shared" ? bytes == 0 : bytes > 0, "\(bytes) bytes per synchronization")
        let (accOne, accTwo) = (try Self.accuracy(one, questions), try Self.accuracy(two, questions))
        print("planted analogies \(layer): 1 process × 2 threads \(accOne), 2 processes × 1 thread (\(hostMemory)) \(accTwo)")
        #expect(accTwo >= 0.9 && accTwo >= accOne - 0.03, "\(layer): \(accTwo) vs \(accOne)")
    }

    /// `--sync-precision half` sends each process's updates in half precision: half the bytes of a
    /// synchronization (the touched-row bitmaps aside) and the planted analogies as well learned as in single
    /// precision (within 3 points, above 90%); with the average mode it is refused.
    @Test func halfPrecisionSynchronizationSendsHalfTheBytes() throws {
        let (dir, folder, questions) = try Self.corpus(tokens: 200_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--dim", "40", "--epochs", "5", "--threads", "1", "--sync-every", "20000", "--sync-touched", "0",
                      "--host-memory", "separate", "--quiet", "--json"]
        var accuracy: [Double] = [], bytes: [Int] = []
        for precision in ["single", "half"] {
            let out = dir.appendingPathComponent("\(precision).txt").path
            let r = try MPI.run(processes: 2, ["train", folder, "--output", out, "--sync-precision", precision] + common)
            #expect(r.status == 0, "\(r.stderr)")
            accuracy.append(try Self.accuracy(out, questions))
            bytes.append(Self.json(r.stdout)["bytesPerSynchronization"] as? Int ?? 0)
        }
        print("planted analogies, 2 processes: single \(accuracy[0]), half \(accuracy[1]); bytes per synchronization \(bytes)")
        #expect(bytes[0] > 0 && bytes[1] * 2 == bytes[0], "\(bytes)")
        #expect(accuracy[1] >= 0.9 && accuracy[1] >= accuracy[0] - 0.03, "\(accuracy)")
        let refused = try MPI.run(processes: 2, ["train", folder, "--output", dir.appendingPathComponent("x.txt").path,
                                                 "--sync-precision", "half", "--sync-mode", "average", "--quiet"])
        #expect(refused.status != 0 && refused.stderr.contains("--sync-precision half needs --sync-mode sum"), "\(refused.stderr)")
    }

    /// A corpus of `words` distinct words, each `repeats` times in a fixed shuffled order, ten to a line: between
    /// two synchronizations every `--sync-every 1000` words only a small part of the rows is written.
    static func wideCorpus(words: Int, repeats: Int) throws -> (dir: URL, path: String) {
        let dir = try CLI.temporaryDirectory()
        var order = (0..<words * repeats).map { $0 % words }
        var state: UInt64 = 12345
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            order.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
        }
        var text = ""
        for (i, w) in order.enumerated() { text += "w\(w)" + (i % 10 == 9 ? "\n" : " ") }
        let path = dir.appendingPathComponent("wide.txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    /// Synchronizing only the rows written since the last synchronization gives the same vectors, bit for bit, as
    /// all-reducing the whole matrices (2 processes × 1 thread; both combinations, and half precision), and all-reduces fewer bytes
    /// when few rows are written.
    @Test(arguments: [("sum", "single"), ("average", "single"), ("sum", "half")])
    func touchedRowSynchronizationEqualsWholeMatrices(mode: String, precision: String) throws {
        let (dir, path) = try Self.wideCorpus(words: 20_000, repeats: 3)
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--dim", "8", "--epochs", "2", "--min-count", "1", "--window", "1", "--negative", "1",
                      "--threads", "1", "--sync-every", "1000", "--sync-mode", mode, "--sync-precision", precision,
                      "--host-memory", "separate", "--quiet", "--json"]
        var vectors: [Data] = [], reports: [[String: Any]] = []
        for touched in ["0", "1"] {
            let out = dir.appendingPathComponent("v\(touched).bin").path
            let r = try MPI.run(processes: 2, ["train", path, "--output", out, "--sync-touched", touched] + common)
            #expect(r.status == 0, "\(r.stderr)")
            vectors.append(try Data(contentsOf: URL(fileURLWithPath: out)))
            reports.append(Self.json(r.stdout))
        }
        #expect(vectors[0].count > 20_000 * 8 * 4)
        let same = vectors[0] == vectors[1]   // a Bool: a failing comparison of the Data would be diffed, slowly
        #expect(same, "\(mode), \(precision): touched-row and whole-matrix synchronization differ")
        let whole = reports[0]["bytesPerSynchronization"] as? Int ?? 0, sparse = reports[1]["bytesPerSynchronization"] as? Int ?? 0
        let model = reports[0]["modelBytes"] as? Int ?? 0
        print("\(mode): bytes per synchronization, whole \(whole), touched rows \(sparse); rows touched: input "
              + "\(reports[1]["touchedInputFraction"] ?? "?"), output \(reports[1]["touchedOutputFraction"] ?? "?")")
        #expect(model > 0 && whole == (precision == "half" ? model / 2 : model), "\(whole) of \(model)")
        #expect(reports[0]["syncPrecision"] as? String == precision)
        #expect(sparse > 0 && sparse < model / 2, "\(sparse) of \(model) bytes")
        #expect((reports[1]["touchedInputFraction"] as? Double ?? 1) < 0.2)
    }

    /// Two hosts: `Benchmarks/distributed/two-hosts.sh` puts the two processes in network namespaces joined by a veth
    /// pair, starts the remote one through Open MPI's `plm_rsh_agent` and restricts MPI to TCP over that link. The
    /// vectors are bit-identical to two processes on one host (whose quality `twoProcessesLearnThePlantedAnalogies`
    /// checks), and the synchronizations crossed the veth link. Needs root and `ip` (skipped otherwise).
    @Test(.enabled(if: MPI.canMakeNamespaces, "needs root, ip (iproute2) and the right to create network namespaces"))
    func twoHostsInNetworkNamespacesTrainTheSameModel() throws {
        let (output, dir) = try Self.twoHosts(perHost: 1)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(output.contains("two hosts bit-identical to two processes on one host"), "\(output)")
        let sent = output.split(separator: "\n").first { $0.hasPrefix("veth ") }?.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } ?? 0
        let model = try Data(contentsOf: dir.appendingPathComponent("out/two-hosts.bin")).count
        #expect(sent > model, "\(sent) bytes over the veth link for a \(model)-byte model")
    }

    /// Two hosts with two processes each (`--host-memory shared`): each host's processes train one copy in shared
    /// memory and only the hosts' first processes all-reduce, while the others wait; two copies are combined,
    /// the synchronizations cross the veth link, and the planted analogies are learned as well as by four
    /// processes on one host (within 5 points).
    @Test(.enabled(if: MPI.canMakeNamespaces, "needs root, ip (iproute2) and the right to create network namespaces"))
    func twoHostsWithTwoProcessesEachShareOneCopyPerHost() throws {
        let (output, dir) = try Self.twoHosts(perHost: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(output.contains("(2 copies of the model combined)"), "\(output)")
        func analogy(_ run: String) -> Double {
            let line = output.split(separator: "\n").first { $0.hasPrefix("analogy \(run):") }
            return line.flatMap { Double($0.split(separator: " ").last!.dropLast()) } ?? -1
        }
        let (hosts, one) = (analogy("two-hosts"), analogy("one-host"))
        #expect(hosts >= 0 && one >= 0 && hosts >= one - 5, "two hosts \(hosts)%, one host \(one)%")
        let sent = output.split(separator: "\n").first { $0.hasPrefix("veth ") }?.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } ?? 0
        let model = try Data(contentsOf: dir.appendingPathComponent("out/two-hosts.bin")).count
        #expect(sent > model, "\(sent) bytes over the veth link for a \(model)-byte model")
    }

    /// Runs `Benchmarks/distributed/two-hosts.sh` with `perHost` processes per host on a small synthetic corpus;
    /// returns its output (after checking its status) and the directory to remove.
    static func twoHosts(perHost: Int) throws -> (String, URL) {
        let (dir, _, questions) = try Self.corpus(tokens: perHost == 1 ? 60_000 : 200_000)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("Benchmarks/distributed/two-hosts.sh").path,
                             dir.appendingPathComponent("corpus.txt").path, questions, "--",
                             "--dim", perHost == 1 ? "20" : "40", "--epochs", perHost == 1 ? "2" : "5", "--sync-every", "10000"]
        var env = ProcessInfo.processInfo.environment
        env["SENSEVEC"] = CLI.executable.path
        env["OUT"] = dir.appendingPathComponent("out").path
        env["PER_HOST"] = "\(perHost)"
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(output)
        #expect(process.terminationStatus == 0, "\(output)")
        return (output, dir)
    }

    /// Four processes with a copy each, summing their updates every 10k words on a 1,857-word vocabulary, overshoot
    /// (every row is written by all four between two synchronizations): the run stops with one line that names
    /// the divergence and `--sync-every`, and writes nothing. One copy shared by the four (the default) trains.
    @Test func divergenceOfSummedUpdatesIsReported() throws {
        let (dir, folder, questions) = try Self.corpus(tokens: 200_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("v.txt").path
        let args = ["train", folder, "--output", out, "--threads", "1", "--dim", "40", "--epochs", "5", "--sync-every", "10000", "--quiet"]
        let r = try MPI.run(processes: 4, args + ["--host-memory", "separate"])
        let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(r.status != 0 && errors.count == 1, "\(r.stderr)")
        #expect(errors.first?.contains("training diverged") == true && errors.first?.contains("--sync-every") == true, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let shared = try MPI.run(processes: 4, args)
        #expect(shared.status == 0, "\(shared.stderr)")
        #expect(try Self.accuracy(out, questions) >= 0.9)
    }

    @Test func cbowTrainsUnderMpirun() throws {
        let (dir, folder, _) = try Self.corpus(tokens: 20_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("v.txt").path
        let r = try MPI.run(processes: 2, ["train", folder, "--output", out, "--cbow", "--dim", "8", "--epochs", "1", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.words(ofVectors: out).count > 100)
    }

    @Test func refusalsAreOneLineFromOneProcess() throws {
        let (dir, folder, _) = try Self.corpus(tokens: 5_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("v.txt").path
        for extra in [["--senses", "3"], ["--resume"]] {
            let r = try MPI.run(processes: 2, ["train", folder, "--output", out, "--quiet"] + extra)
            #expect(r.status != 0)
            let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
            #expect(errors.count == 1, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    /// One .gz corpus cannot be cut between two processes: the one-line refusal names the compression as the cause.
    @Test func aSingleGzipCorpusIsRefusedWithItsCause() throws {
        let (dir, folder, _) = try Self.corpus(tokens: 5_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gz = dir.appendingPathComponent("corpus.txt.gz").path
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/bin/sh")
        zip.arguments = ["-c", "cat '\(folder)'/*.txt | gzip -c > '\(gz)'"]
        try zip.run(); zip.waitUntilExit()
        #expect(zip.terminationStatus == 0)
        let out = dir.appendingPathComponent("v.txt").path
        let r = try MPI.run(processes: 2, ["train", gz, "--output", out, "--quiet"])
        #expect(r.status != 0)
        let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(errors.count == 1 && errors[0].contains(".gz file goes whole to one process"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A rank killed mid-training ends the whole job within seconds, leaving no output but the last checkpoint;
    /// `--resume` under mpirun then finishes the run from it.
    @Test func killedRankEndsTheRunAndResumeFinishesIt() throws {
        let (dir, folder, questions) = try Self.corpus(tokens: 200_000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("v.txt").path, model = dir.appendingPathComponent("m.sgm").path
        let checkpoint = model + ".checkpoint"
        let args = ["train", folder, "--output", out, "--model", model, "--threads", "1", "--dim", "40", "--epochs", "10",
                    "--sync-every", "20000", "--checkpoint-every", "0.002", "--quiet"]
        let job = try MPI.start(processes: 2, args)
        var waited = 0.0
        while !FileManager.default.fileExists(atPath: checkpoint) && waited < 120 { usleep(100_000); waited += 0.1 }
        #expect(FileManager.default.fileExists(atPath: checkpoint), "no checkpoint after \(waited) s")
        let ranks = MPI.children(of: job.process.processIdentifier)
        #expect(ranks.count == 2)
        if let victim = ranks.last { kill(victim, SIGKILL) }
        let killedAt = Date()
        let status = job.wait(timeout: 60)
        let stopped = Date().timeIntervalSince(killedAt)
        #expect(status != nil && status != 0, "mpirun status \(String(describing: status))")
        #expect(stopped < 20, "the job took \(stopped) s to stop")
        for pid in ranks { #expect(!MPI.running(pid), "process \(pid) still runs") }
        #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: model))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        // A different number of processes cannot resume this checkpoint.
        let wrong = try MPI.run(processes: 1, args + ["--resume"])
        #expect(wrong.status != 0 && wrong.stderr.contains("2 processes"), "\(wrong.stderr)")

        let resumed = try MPI.run(processes: 2, Array(args.dropLast()) + ["--resume"], timeout: 600)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming from"))
        #expect(FileManager.default.fileExists(atPath: out) && FileManager.default.fileExists(atPath: model))
        #expect(!FileManager.default.fileExists(atPath: checkpoint) && !FileManager.default.fileExists(atPath: checkpoint + ".ranks"))
        #expect(try Self.accuracy(out, questions) >= 0.9)
    }
}

/// Runs `mpirun -np N sensevec …` (as root too, oversubscribing the cores, as CI needs).
enum MPI {
    /// Whether this process may create a network namespace (root in a sandbox may not): a probe namespace is
    /// added and deleted.
    static let canMakeNamespaces: Bool = {
        guard geteuid() == 0, let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0) }) else { return false }
        func ok(_ args: [String]) -> Bool {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ip)
            p.arguments = args
            p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return false }
            p.waitUntilExit()
            return p.terminationStatus == 0
        }
        let name = "sensevec-probe-\(getpid())"
        guard ok(["netns", "add", name]) else { return false }
        return ok(["netns", "del", name])
    }()

    static let launcher: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/mpirun"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    final class Job: @unchecked Sendable {
        let process: Process
        let out = Pipe(), err = Pipe()
        var stdout = Data(), stderr = Data()
        let group = DispatchGroup()

        init(_ process: Process) { self.process = process }

        /// The exit status, or nil when the job is still running after `timeout` seconds (it is then killed).
        func wait(timeout: TimeInterval) -> Int32? {
            if group.wait(timeout: .now() + timeout) == .timedOut {
                process.terminate()
                return nil
            }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static func start(processes: Int, _ args: [String]) throws -> Job {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher!)
        process.arguments = ["-np", "\(processes)", "--oversubscribe", "--allow-run-as-root", CLI.executable.path] + args
        var env = ProcessInfo.processInfo.environment
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"; env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        process.environment = env
        let job = Job(process)
        process.standardOutput = job.out
        process.standardError = job.err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        job.group.enter(); DispatchQueue.global().async { job.stdout = job.out.fileHandleForReading.readDataToEndOfFile(); job.group.leave() }
        job.group.enter(); DispatchQueue.global().async { job.stderr = job.err.fileHandleForReading.readDataToEndOfFile(); job.group.leave() }
        return job
    }

    static func run(processes: Int, _ args: [String], timeout: TimeInterval = 300) throws -> CLI.Result {
        let job = try start(processes: processes, args)
        guard let status = job.wait(timeout: timeout) else { throw CLIError.timedOut(args) }
        return CLI.Result(status: status, stdout: String(decoding: job.stdout, as: UTF8.self),
                          stderr: String(decoding: job.stderr, as: UTF8.self))
    }

    /// Whether `pid` runs (exists and is not a zombie waiting to be reaped).
    static func running(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }

    /// The pids of the `sensevec` processes started by the launcher `pid` (its children, from /proc).
    static func children(of pid: Int32) -> [Int32] {
        var result: [Int32] = []
        for _ in 0..<100 {
            result = []
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let child = Int32(entry),
                      let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")") else { continue }
                let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
                if fields.count > 1, Int32(fields[1]) == pid, stat.contains("(sensevec)") { result.append(child) }
            }
            if result.count >= 2 { break }
            usleep(50_000)
        }
        return result.sorted()
    }
}
