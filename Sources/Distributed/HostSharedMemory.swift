#if canImport(Glibc)
import Glibc
#endif
import SenseVecCore

/// Memory shared by the processes of one host: a System V shared-memory segment (`shmget`) that the host's first
/// process creates, every process of the host attaches (`shmat`), and the first process marks for removal
/// (`IPC_RMID`) as soon as all have attached, so that the kernel frees it when the last process detaches or
/// exits, however it ends.
///
/// The segment is advised `MADV_HUGEPAGE`: where the kernel's `transparent_hugepage/shmem_enabled` is `advise`
/// (or `within_size`, `always`) its rows get 2 MiB pages as a single process's private matrices do; at `never`
/// they stay on 4 KiB pages. (A `shm_open` object lives on the `/dev/shm` mount, whose huge pages only its mount
/// options or `force` give.) Open MPI's shared windows (`MPI_Win_allocate_shared`) are not used: they need Open
/// MPI to know which processes share a node, which it does not for processes started through `plm_rsh_agent`
/// ("memory cannot be shared"). Every step is agreed over all processes (``Communicator/agree(_:)``), so a
/// failure on one host stops every process with one error.
final class HostSharedMemory {
    let base: UnsafeMutableRawPointer
    let bytes: Int

    /// Collective over `world`; `host` holds this host's processes (``Communicator/splitByHost()``). The memory
    /// starts zeroed.
    init(world: Communicator, host: Communicator, bytes: Int) throws {
        let size = max(1, bytes)
        // 1. The host's first process creates the segment.
        var id: Int32 = -1
        try world.agree {
            guard host.rank == 0 else { return }
            id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0o600)
            guard id >= 0 else {
                throw SenseVecError("cannot create \(size >> 20) MiB of shared memory: \(String(cString: strerror(errno))); use --host-memory separate")
            }
        }
        // 2. Every process of the host attaches it; then the first process marks it for removal.
        let shared = try host.broadcast(withUnsafeBytes(of: id.littleEndian) { Array($0) })
        id = Int32(littleEndian: shared.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
        var attached: UnsafeMutableRawPointer? = nil
        let outcome = Result { try world.agree {
            guard let p = shmat(id, nil, 0), p != UnsafeMutableRawPointer(bitPattern: -1) else {
                throw SenseVecError("cannot attach the host's shared memory: \(String(cString: strerror(errno)))")
            }
            attached = p
        } }
        if host.rank == 0 { _ = shmctl(id, IPC_RMID, nil) }
        do { try outcome.get() } catch {
            if let attached { _ = shmdt(attached) }
            throw error
        }
        #if os(Linux)
        _ = madvise(attached, size, 14 /* MADV_HUGEPAGE */)
        #endif
        base = attached!
        self.bytes = size
    }

    deinit { _ = shmdt(base) }
}
