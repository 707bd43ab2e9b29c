import CMPI
#if canImport(Glibc)
import Glibc
#endif
import SenseVecCore

/// The processes of one `mpirun` job (MPI's world communicator), with the few collectives training needs.
///
/// MPI is initialized only when the process was started by a launcher (``launchedByMPI``); a plain
/// `sensevec train` never calls into MPI. All calls come from one thread at a time (`MPI_THREAD_SERIALIZED`);
/// errors are returned (`MPI_ERRORS_RETURN`) and thrown as ``SenseVecError``.
public final class Communicator {
    public let rank: Int
    public let size: Int
    /// The communicator: MPI's world, or a part of it (``splitByHost()``).
    let world: MPI_Comm
    /// Whether this is the world communicator (the one ``finalize()`` ends MPI through).
    private let isWorld: Bool
    private var finalized = false
    /// The half-precision sum of ``sumHalfInPlace(_:count:)``, created on first use.
    private var halfSum: MPI_Op? = nil

    /// Whether an MPI launcher (Open MPI's `mpirun`/`mpiexec`, or a PMI/PMIx launcher) started this process.
    public static var launchedByMPI: Bool {
        for name in ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"] where getenv(name) != nil { return true }
        return false
    }

    /// Initializes MPI. Call once per process.
    public convenience init() throws {
        var provided: Int32 = 0
        try Self.check(MPI_Init_thread(nil, nil, sensevec_mpi_thread_serialized(), &provided), "MPI_Init_thread")
        self.init(sensevec_mpi_comm_world(), isWorld: true)
        if provided < sensevec_mpi_thread_serialized() {
            throw SenseVecError("the MPI library does not support calls from several threads (MPI_THREAD_SERIALIZED)")
        }
    }

    /// The processes of `comm` (MPI's world, or a part of it), with errors returned.
    private init(_ comm: MPI_Comm, isWorld: Bool) {
        world = comm
        MPI_Comm_set_errhandler(comm, sensevec_mpi_errors_return())
        var r: Int32 = 0, s: Int32 = 0
        MPI_Comm_rank(comm, &r)
        MPI_Comm_size(comm, &s)
        rank = Int(r)
        size = Int(s)
        self.isWorld = isWorld
    }

    /// Splits the processes by host (collective): `host` holds the processes that can share memory with this
    /// one, in world rank order, and `leaders`, on the first process of each host only, holds those first processes
    /// (one per host, in world rank order); nil on the others. Processes are on one host when they have the same
    /// host name, boot id and parent process (the launcher's daemon on that host). Open MPI's own split by
    /// locality (`MPI_Comm_split_type` with `MPI_COMM_TYPE_SHARED`) is not used: in Open MPI 4.1 it crashed on
    /// hosts started through `plm_rsh_agent` with two processes each.
    public func splitByHost() throws -> (host: Communicator, leaders: Communicator?) {
        let keys = try gather(Array(Self.hostKey().utf8))
        var colors: [UInt8] = []
        if rank == 0 {
            var first: [[UInt8]: Int32] = [:]
            for (r, key) in keys.enumerated() {
                let color = first[key] ?? Int32(r)
                first[key] = color
                withUnsafeBytes(of: color.littleEndian) { colors.append(contentsOf: $0) }
            }
        }
        let all = try broadcast(colors)
        guard all.count == 4 * size else { throw SenseVecError("host split: \(all.count) bytes of colors for \(size) processes") }
        let color = all[4 * rank ..< 4 * rank + 4].reversed().reduce(Int32(0)) { $0 << 8 | Int32($1) }
        var host: MPI_Comm? = sensevec_mpi_comm_null()
        try Self.check(MPI_Comm_split(world, color, Int32(rank), &host), "MPI_Comm_split")
        guard let host else { throw SenseVecError("MPI_Comm_split gave no communicator") }
        let hostCommunicator = Communicator(host, isWorld: false)
        var leaders: MPI_Comm? = sensevec_mpi_comm_null()
        try Self.check(MPI_Comm_split(world, hostCommunicator.rank == 0 ? 0 : sensevec_mpi_undefined(), Int32(rank), &leaders),
                       "MPI_Comm_split")
        guard hostCommunicator.rank == 0 else { return (hostCommunicator, nil) }
        guard let leaders else { throw SenseVecError("MPI_Comm_split gave no communicator") }
        return (hostCommunicator, Communicator(leaders, isWorld: false))
    }

    /// What processes of one host have in common: host name, boot id and parent process.
    static func hostKey() -> String {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        var boot = ""
        if let f = fopen("/proc/sys/kernel/random/boot_id", "r") {
            var line = [CChar](repeating: 0, count: 64)
            if fgets(&line, Int32(line.count), f) != nil { boot = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } }
            fclose(f)
        }
        return name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } + "/" + boot + "/" + String(getppid())
    }

    /// Waits until every process of the communicator has called it.
    public func barrier() throws {
        try Self.check(MPI_Barrier(world), "MPI_Barrier")
    }

    /// Ends MPI (collective: every process calls it once before exiting normally). On a part of the world
    /// (``splitByHost()``) it does nothing.
    public func finalize() {
        guard isWorld, !finalized else { return }
        finalized = true
        MPI_Finalize()
    }

    /// Ends every process of the job at once (after an error that the other processes cannot know of).
    public func abort(code: Int32 = 1) -> Never {
        MPI_Abort(world, code)
        exit(code)
    }

    static func check(_ rc: Int32, _ what: String) throws {
        guard rc != sensevec_mpi_success() else { return }
        var buffer = [CChar](repeating: 0, count: Int(sensevec_mpi_max_error_string()) + 1)
        var n: Int32 = 0
        MPI_Error_string(rc, &buffer, &n)
        let message = String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw SenseVecError("\(what) failed: \(message)")
    }

    /// Sums `count` floats at `base` over all processes, in place (in pieces of at most 2²⁸ floats, as MPI
    /// counts are 32-bit).
    public func sumInPlace(_ base: UnsafeMutablePointer<Float>, count: Int) throws {
        var done = 0
        while done < count {
            let n = Swift.min(count - done, 1 << 28)
            try Self.check(MPI_Allreduce(sensevec_mpi_in_place(), base + done, Int32(n), sensevec_mpi_float(),
                                         sensevec_mpi_sum(), world), "MPI_Allreduce")
            done += n
        }
    }

    /// Sums `count` half-precision floats at `base` over all processes, in place: each pair is added in single
    /// precision and rounded to half (a user-defined reduction on 16-bit words; MPI has no half type).
    public func sumHalfInPlace(_ base: UnsafeMutablePointer<Float16>, count: Int) throws {
        if halfSum == nil {
            var op: MPI_Op? = nil
            try Self.check(MPI_Op_create({ input, inout_, length, _ in
                guard let input, let inout_, let length else { return }
                let a = input.assumingMemoryBound(to: Float16.self), b = inout_.assumingMemoryBound(to: Float16.self)
                for i in 0..<Int(length.pointee) { b[i] = Float16(Float(a[i]) + Float(b[i])) }
            }, 1, &op), "MPI_Op_create")
            halfSum = op
        }
        var done = 0
        while done < count {
            let n = Swift.min(count - done, 1 << 28)
            try Self.check(MPI_Allreduce(sensevec_mpi_in_place(), base + done, Int32(n), sensevec_mpi_uint16(),
                                         halfSum!, world), "MPI_Allreduce")
            done += n
        }
    }

    /// Bitwise OR of `count` 64-bit words at `base` over all processes, in place.
    public func orInPlace(_ base: UnsafeMutablePointer<UInt64>, count: Int) throws {
        var done = 0
        while done < count {
            let n = Swift.min(count - done, 1 << 28)
            try Self.check(MPI_Allreduce(sensevec_mpi_in_place(), base + done, Int32(n), sensevec_mpi_uint64(),
                                         sensevec_mpi_bor(), world), "MPI_Allreduce")
            done += n
        }
    }

    /// Element-wise sum of `values` over all processes.
    public func sum(_ values: [Int64]) throws -> [Int64] { try reduce(values, sensevec_mpi_sum()) }
    /// Element-wise maximum of `values` over all processes.
    public func max(_ values: [Int64]) throws -> [Int64] { try reduce(values, sensevec_mpi_max()) }
    /// Element-wise minimum of `values` over all processes.
    public func min(_ values: [Int64]) throws -> [Int64] { try reduce(values, sensevec_mpi_min()) }

    private func reduce(_ values: [Int64], _ op: MPI_Op) throws -> [Int64] {
        var result = values
        try result.withUnsafeMutableBufferPointer { buf in
            try Self.check(MPI_Allreduce(sensevec_mpi_in_place(), buf.baseAddress, Int32(buf.count),
                                         sensevec_mpi_int64(), op, world), "MPI_Allreduce")
        }
        return result
    }

    /// Gathers every process's bytes at `root` (in rank order); other processes get an empty array.
    public func gather(_ bytes: [UInt8], root: Int = 0) throws -> [[UInt8]] {
        guard bytes.count < Int(Int32.max) else { throw SenseVecError("cannot send \(bytes.count) bytes in one MPI message") }
        var mine = Int32(bytes.count)
        var counts = [Int32](repeating: 0, count: size)
        try Self.check(MPI_Gather(&mine, 1, sensevec_mpi_int(), &counts, 1, sensevec_mpi_int(), Int32(root), world), "MPI_Gather")
        var displacements = [Int32](repeating: 0, count: size)
        var total = 0
        for i in 0..<size {
            displacements[i] = Int32(truncatingIfNeeded: total)
            total += Int(counts[i])
        }
        if rank == root && total >= Int(Int32.max) { throw SenseVecError("cannot gather \(total) bytes in one MPI message") }
        var all = [UInt8](repeating: 0, count: rank == root ? Swift.max(1, total) : 1)
        try bytes.withUnsafeBytes { send in
            try all.withUnsafeMutableBytes { recv in
                try Self.check(MPI_Gatherv(send.baseAddress, mine, sensevec_mpi_byte(), recv.baseAddress, &counts,
                                           &displacements, sensevec_mpi_byte(), Int32(root), world), "MPI_Gatherv")
            }
        }
        guard rank == root else { return [] }
        return (0..<size).map { i in Array(all[Int(displacements[i]) ..< Int(displacements[i]) + Int(counts[i])]) }
    }

    /// `bytes` of `root`, on every process.
    public func broadcast(_ bytes: [UInt8], root: Int = 0) throws -> [UInt8] {
        var length = Int64(bytes.count)
        try Self.check(MPI_Bcast(&length, 1, sensevec_mpi_int64(), Int32(root), world), "MPI_Bcast")
        guard length < Int64(Int32.max) else { throw SenseVecError("cannot broadcast \(length) bytes in one MPI message") }
        var buffer = rank == root ? bytes : [UInt8](repeating: 0, count: Int(length))
        if length > 0 {
            try buffer.withUnsafeMutableBytes { b in
                try Self.check(MPI_Bcast(b.baseAddress, Int32(length), sensevec_mpi_byte(), Int32(root), world), "MPI_Bcast")
            }
        }
        return buffer
    }

    /// Runs `body` on every process and agrees on the outcome: when any process failed, the lowest-ranked failing
    /// process throws its error (as ``AgreedFailure``) and every other process throws ``PeerFailure`` — so bad input found by any
    /// process is reported once, and all processes stop together.
    public func agree<T>(_ body: () throws -> T) throws -> T {
        var value: T?
        var failure: Error?
        do { value = try body() } catch { failure = error }
        let firstFailing = try min([failure == nil ? Int64(size) : Int64(rank)])[0]
        if firstFailing < Int64(size) {
            if firstFailing == Int64(rank), let failure { throw AgreedFailure(error: failure) }
            throw PeerFailure(rank: Int(firstFailing))
        }
        return value!
    }
}

/// Another process of the job failed (and reports its error itself).
public struct PeerFailure: Error, CustomStringConvertible {
    public let rank: Int
    public var description: String { "process \(rank) failed" }
}

/// An error of this process that every process of the job knows about (``Communicator/agree(_:)``), so all
/// can stop normally.
public struct AgreedFailure: Error, CustomStringConvertible {
    public let error: Error
    public var description: String { "\(error)" }
}
