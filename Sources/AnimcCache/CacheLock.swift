#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AnimcBasics

/// An advisory lock on `<cache>/lock` (flock(2)). Builds hold it shared for their whole run, so several
/// builds can share a cache; `gc`, `clear` and `verify --repair` hold it exclusive, so they never delete
/// what a running build is writing. Released when the value is released (or the process exits).
public final class CacheLock: @unchecked Sendable {
    public enum Mode: Sendable { case shared, exclusive }

    public let mode: Mode
    private var fd: Int32

    /// Waits up to `timeout` seconds for the lock. Throws when it is still held by another process then
    /// (for an exclusive lock: a build is running), or when the lock file cannot be opened.
    public init(directory: String, mode: Mode, timeout: Double) throws(CacheError) {
        self.mode = mode
        let path = Paths.join(directory, "lock")
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        // A cache that cannot be written (read-only file system) can still be locked through an existing lock file.
        if fd < 0 { fd = open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            throw CacheError("cannot open the cache lock \(path): \(String(cString: strerror(errno)))")
        }
        let op = (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB
        let deadline = FileSystem.nowNs() + Int64(timeout * 1e9)
        while flock(fd, op) != 0 {
            let e = errno
            guard e == EWOULDBLOCK || e == EINTR, FileSystem.nowNs() < deadline else {
                close(fd)
                fd = -1
                if e == EWOULDBLOCK {
                    throw CacheError(mode == .exclusive
                        ? "the cache at \(directory) is in use by a running build (waited \(Int(timeout))s); try again when it has finished"
                        : "the cache at \(directory) is locked by `animc cache gc`, `clear` or `verify --repair` (waited \(Int(timeout))s)")
                }
                throw CacheError("cannot lock the cache \(path): \(String(cString: strerror(e)))")
            }
            usleep(50_000)
        }
    }

    /// Releases the lock now.
    public func release() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
