#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes a file so that readers see either the old content or the whole new content, never a part:
/// the bytes go to a temporary file beside the target, which is renamed over it only when complete.
/// An interrupted write leaves at most a `.NAME.animc-tmp-XXXXXX` file, never a half-written target.
/// The temporary file is created 0600 by `mkstemp` and held under `flock(LOCK_EX)` while it is written, so
/// a later build can tell an abandoned one (unlocked) from one another process is still writing.
public struct AtomicFileWriter: ~Copyable {
    public let path: String
    public let temporaryPath: String
    private var fd: Int32

    public init(path: String) throws(FileError) {
        self.path = path
        let dir = Paths.directory(of: path)
        try FileSystem.makeDirectory(dir)
        var template = Array((Paths.join(dir, ".\(Paths.fileName(of: path)).animc-tmp-XXXXXX")).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        _ = flock(fd, LOCK_EX | LOCK_NB)  // best effort: a file system without locks still gets the age rule
        self.fd = fd
        self.temporaryPath = String(cString: template.map { UInt8(bitPattern: $0) })
    }

    public mutating func write(_ bytes: [UInt8]) throws(FileError) {
        let fd = self.fd
        if let e = bytes.withUnsafeBytes({ Self.writeAll(fd, $0) }) { throw FileError(path: path, errno: e) }
    }

    public mutating func write(_ bytes: ArraySlice<UInt8>) throws(FileError) {
        let fd = self.fd
        if let e = bytes.withUnsafeBytes({ Self.writeAll(fd, $0) }) { throw FileError(path: path, errno: e) }
    }

    /// Writes everything; returns errno on failure.
    private static func writeAll(_ fd: Int32, _ buf: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < buf.count {
            let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }

    /// Gives the file ordinary permissions (0644 less the umask) and renames it into place.
    /// With `durable`, the bytes are fsync'd before the rename and the folder after it, so that even a
    /// power loss leaves the old file or the whole new one under the name, never an empty or partial one.
    public consuming func commit(durable: Bool = false) throws(FileError) {
        try commit(as: path, durable: durable)
    }

    /// Like `commit()`, but renames to `target` (in the same folder tree, on the same file system).
    public consuming func commit(as target: String, durable: Bool = false) throws(FileError) {
        // The umask is read once per process (`ProcessUmask`): changing it here, on worker threads, once
        // left it at 0 when two commits interleaved, and folders came out world-writable.
        fchmod(fd, 0o644 & ~ProcessUmask.value)
        if durable, let e = Self.sync(fd) {
            close(fd); fd = -1
            unlink(temporaryPath)
            throw FileError(path: path, errno: e)
        }
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { unlink(temporaryPath); throw FileError(path: path, errno: errno) }
        guard rename(temporaryPath, target) == 0 else {
            let e = errno
            unlink(temporaryPath)
            throw FileError(path: path, errno: e)
        }
        if durable {
            // The rename itself is durable once the folder is: best effort, the new file is already in place.
            let dir = open(Paths.directory(of: target), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dir >= 0 { _ = Self.sync(dir); close(dir) }
        }
    }

    /// fsync, retried on EINTR; nil when done or when the file system cannot sync this kind of file.
    private static func sync(_ fd: Int32) -> Int32? {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            if errno == EINVAL || errno == ENOTSUP || errno == EROFS { return nil }
            return errno
        }
        return nil
    }

    deinit {
        // Not committed: drop the temporary file.
        if fd >= 0 {
            close(fd)
            unlink(temporaryPath)
        }
    }
}

public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = false) throws(FileError) {
        var w = try AtomicFileWriter(path: path)
        try w.write(bytes)
        try w.commit(durable: durable)
    }

    /// The name pattern of the temporary files `AtomicFileWriter` makes for `fileName`: a dot, the name,
    /// `.animc-tmp-` and mkstemp's six letters or digits. True when `candidate` is exactly such a name.
    public static func isTemporaryName(_ candidate: String, for fileName: String) -> Bool {
        let prefix = ".\(fileName).animc-tmp-"
        guard candidate.hasPrefix(prefix) else { return false }
        let suffix = candidate.utf8.dropFirst(prefix.utf8.count)
        return suffix.count == 6 && suffix.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }
}

/// The process's file-creation mask, read once. On Linux it comes from `/proc/self/status` (`Umask:`),
/// which changes nothing; elsewhere `umask(0)` then `umask(old)`, once, from whichever thread first asks
/// (the loader asks on the main thread before any worker starts).
public enum ProcessUmask {
    public static let value: mode_t = {
        if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
           let mask = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8) {
            return mask
        }
        let mask = umask(0)
        umask(mask)
        return mask
    }()
}
