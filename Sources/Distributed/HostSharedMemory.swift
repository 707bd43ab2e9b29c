#if canImport(Glibc)
import Glibc
#endif
import SenseVecCore

/// Memory shared by the processes of one host: a POSIX shared-memory object (`shm_open`) that the host's first
/// process creates and sizes, every process of the host maps (`MAP_SHARED`), and the first process unlinks as soon
/// as all have mapped it, so that the kernel frees it when the last process unmaps it or exits, however it ends.
///
/// Open MPI's shared windows (`MPI_Win_allocate_shared`) would do the same, but need Open MPI to know which
/// processes share a node, which it does not for processes started through `plm_rsh_agent` ("memory cannot be
/// shared"). Every step is agreed over all processes (``Communicator/agree(_:)``), so a failure on one host stops
/// every process with one error.
final class HostSharedMemory {
    let base: UnsafeMutableRawPointer
    let bytes: Int

    /// Collective over `world`; `host` holds this host's processes (``Communicator/splitByHost()``). The memory
    /// starts zeroed.
    init(world: Communicator, host: Communicator, bytes: Int) throws {
        let size = max(1, bytes)
        var name = ""
        // 1. The host's first process creates the object and reserves its pages (an error now, not SIGBUS later).
        var fd: Int32 = -1
        try world.agree {
            guard host.rank == 0 else { return }
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            name = "/sensevec-\(getpid())-\(ts.tv_sec)-\(ts.tv_nsec)"
            fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0o600)
            guard fd >= 0 else { throw SenseVecError("cannot create shared memory '\(name)': \(String(cString: strerror(errno)))") }
            let rc = posix_fallocate(fd, 0, off_t(size))
            if rc != 0 {
                close(fd); shm_unlink(name)
                throw SenseVecError("cannot reserve \(size >> 20) MiB of shared memory (/dev/shm): \(String(cString: strerror(rc))); use --host-memory separate")
            }
        }
        // 2. Every other process of the host opens it by name.
        name = String(decoding: try host.broadcast(Array(name.utf8)), as: UTF8.self)
        try world.agree {
            guard host.rank != 0 else { return }
            fd = shm_open(name, O_RDWR, 0)
            guard fd >= 0 else { throw SenseVecError("cannot open the host's shared memory '\(name)': \(String(cString: strerror(errno)))") }
        }
        // 3. Everyone maps it; then the first process unlinks the name.
        var mapped: UnsafeMutableRawPointer? = nil
        try world.agree {
            defer { if fd >= 0 { close(fd) } }
            let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
            guard let p, p != MAP_FAILED else {
                throw SenseVecError("cannot map \(size >> 20) MiB of shared memory: \(String(cString: strerror(errno)))")
            }
            #if os(Linux)
            _ = madvise(p, size, 14 /* MADV_HUGEPAGE */)
            #endif
            mapped = p
        }
        if host.rank == 0 { shm_unlink(name) }
        base = mapped!
        self.bytes = size
    }

    deinit { munmap(base, bytes) }
}
