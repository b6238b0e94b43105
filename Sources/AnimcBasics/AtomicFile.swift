#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes a file so that readers see either the old content or the whole new content, never a part.
///
/// On Linux the bytes go to an anonymous file (`O_TMPFILE`) in the target's folder, which gets a name
/// only when complete: linked straight to the target when there is none yet, else linked to a
/// temporary name and renamed over it. So a writer killed while writing leaves nothing behind, and one
/// killed in the instant between that link and the rename leaves a `.NAME.animc-tmp-XXXXXX` file.
/// Elsewhere (or where the file system has no anonymous files) the bytes go to such a named file from
/// the start, made 0600 by `mkstemp`. Either way the named file is held under `flock(LOCK_EX)` for as
/// long as its writer lives, so a later build can remove an unlocked one at once: it was abandoned.
public struct AtomicFileWriter: ~Copyable {
    public let path: String
    /// The temporary file's name, or a description of the anonymous file.
    public let temporaryPath: String
    private var fd: Int32
    /// Written through an anonymous file (no name until commit).
    private let anonymous: Bool

    public init(path: String) throws(FileError) {
        self.path = path
        let dir = Paths.directory(of: path)
        try FileSystem.makeDirectory(dir)
        (fd, anonymous, temporaryPath) = try AtomicFileWriter.openFile(for: path)
    }

    private static func openFile(for path: String) throws(FileError) -> (Int32, Bool, String) {
        let dir = Paths.directory(of: path)
        #if os(Linux)
        if canLinkAnonymous {
            let fd = Glibc.open(dir, oTmpfile | O_RDWR | O_CLOEXEC, 0o600)
            if fd >= 0 {
                _ = flock(fd, LOCK_EX | LOCK_NB)
                return (fd, true, Paths.join(dir, "(unnamed file for \(Paths.fileName(of: path)))"))
            }
            // EOPNOTSUPP, EISDIR (an old kernel), EINVAL: a named temporary file instead.
        }
        #endif
        let (fd, name) = try lockedTemporary(for: path)
        return (fd, false, name)
    }

    /// A new `.NAME.animc-tmp-XXXXXX` beside `path`, open and locked. A cleaner may remove an unlocked one
    /// between `mkstemp` and `flock`, so the name is checked to still be this file once locked.
    private static func lockedTemporary(for path: String) throws(FileError) -> (Int32, String) {
        let dir = Paths.directory(of: path)
        for _ in 0..<8 {
            var template = Array((Paths.join(dir, ".\(Paths.fileName(of: path)).animc-tmp-XXXXXX")).utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw FileError(path: path, errno: errno) }
            let name = String(cString: template.map { UInt8(bitPattern: $0) })
            _ = flock(fd, LOCK_EX | LOCK_NB)  // best effort: a file system without locks still works
            var mine = stat(), named = stat()
            if fstat(fd, &mine) == 0, stat(name, &named) == 0, mine.st_ino == named.st_ino, mine.st_dev == named.st_dev {
                return (fd, name)
            }
            close(fd)  // removed by a cleaner before we locked it: make another
        }
        throw FileError(path: path, reason: "cannot make a temporary file that stays in place")
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

    /// Gives the file ordinary permissions (0644 less the umask) and puts it in place.
    /// With `durable`, the bytes are fsync'd before and the folder after, so that even a power loss
    /// leaves the old file or the whole new one under the name, never an empty or partial one.
    public consuming func commit(durable: Bool = false) throws(FileError) {
        try commit(as: path, durable: durable)
    }

    /// Like `commit()`, but to `target` (in the same folder). With `replacing: false` an existing
    /// `target` is left as it is (content-addressed files: it holds the same bytes).
    public consuming func commit(as target: String, durable: Bool = false, replacing: Bool = true) throws(FileError) {
        // The umask is read once per process (`ProcessUmask`): changing it here, on worker threads, once
        // left it at 0 when two commits interleaved, and folders came out world-writable.
        fchmod(fd, 0o644 & ~ProcessUmask.value)
        if durable, let e = Self.sync(fd) { throw fail(e) }
        if anonymous {
            try link(to: target, replacing: replacing)
        } else {
            if !replacing, FileSystem.exists(target) {
                close(fd); fd = -1
                unlink(temporaryPath)
                return
            }
            guard rename(temporaryPath, target) == 0 else { throw fail(errno) }
            close(fd); fd = -1
        }
        if durable {
            // The new name is durable once the folder is: best effort, the new file is already in place.
            let dir = open(Paths.directory(of: target), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dir >= 0 { _ = Self.sync(dir); close(dir) }
        }
    }

    /// Names the anonymous file `target`: a link when `target` does not exist, else a link to a
    /// temporary name (locked, like the file) renamed over it.
    private mutating func link(to target: String, replacing: Bool) throws(FileError) {
        let proc = "/proc/self/fd/\(fd)"
        if linkat(AT_FDCWD, proc, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0 {
            close(fd); fd = -1
            return
        }
        guard errno == EEXIST else { throw fail(errno) }
        if !replacing { close(fd); fd = -1; return }
        let dir = Paths.directory(of: target), base = Paths.fileName(of: target)
        for _ in 0..<8 {
            let name = Paths.join(dir, ".\(base).animc-tmp-\(AtomicFileWriter.randomSuffix())")
            guard linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 else {
                if errno == EEXIST { continue }
                throw fail(errno)
            }
            guard rename(name, target) == 0 else {
                let e = errno
                unlink(name)
                throw fail(e)
            }
            close(fd); fd = -1
            return
        }
        throw fail(EEXIST)
    }

    private mutating func fail(_ e: Int32) -> FileError {
        if fd >= 0 { close(fd); fd = -1 }
        if !anonymous { unlink(temporaryPath) }
        return FileError(path: path, errno: e)
    }

    /// Six letters or digits, as mkstemp makes them.
    private static func randomSuffix() -> String {
        let chars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var g = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in chars[Int(g.next() % UInt64(chars.count))] })
    }

    #if os(Linux)
    /// Linux's O_TMPFILE (`__O_TMPFILE | O_DIRECTORY`), which Swift does not import.
    static let oTmpfile: Int32 = 0o20000000 | O_DIRECTORY
    /// Linking an anonymous file needs /proc (or a capability ordinary users lack).
    static let canLinkAnonymous: Bool = access("/proc/self/fd", X_OK) == 0
    #endif

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
        // Not committed: an anonymous file vanishes with its descriptor; a named one is removed.
        if fd >= 0 {
            close(fd)
            if !anonymous { unlink(temporaryPath) }
        }
    }
}

public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = false) throws(FileError) {
        var w = try AtomicFileWriter(path: path)
        try w.write(bytes)
        try w.commit(durable: durable)
    }

    /// Removes the named temporary file at `path` if its writer is gone: a live writer holds its lock
    /// (and, once locked, checks that the name is still its file), so one we can lock was abandoned.
    /// Where the file system has no locks, only a file older than `graceNs` is removed.
    @discardableResult
    public static func removeIfAbandoned(_ path: String, now: Int64 = FileSystem.nowNs(), graceNs: Int64 = 600_000_000_000) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return false }
        // Opened for writing, as NFS needs for an exclusive lock (and as only the owner of the file can).
        let fd = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return unlink(path) == 0 }
        if errno == EWOULDBLOCK || errno == EINTR { return false }
        guard let status = FileSystem.status(path), status.mtimeNs < now - graceNs else { return false }
        return unlink(path) == 0
    }

    /// Abandoned temporary files (`.NAME.animc-tmp-XXXXXX`, see `removeIfAbandoned`) directly in `folder`.
    @discardableResult
    public static func removeAbandonedTemporaries(in folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix("."), let r = name.range(of: ".animc-tmp-"),
               isTemporaryName(name, for: String(name[name.index(after: name.startIndex)..<r.lowerBound])) {
                names.append(name)
            }
        }
        closedir(dir)
        let now = FileSystem.nowNs()
        return names.map { Paths.join(folder, $0) }.filter { removeIfAbandoned($0, now: now) }
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
