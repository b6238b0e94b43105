#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An I/O failure, with the path and the system's reason.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public init(path: String, errno code: Int32) { self.init(path: path, reason: String(cString: strerror(code))) }
    public var description: String { "\(path): \(reason)" }
}

/// What `stat` says of a file, enough to tell whether it may have changed since it was hashed.
public struct FileStatus: Sendable, Hashable, Codable {
    public var size: Int64
    public var mtimeNs: Int64
    public var ctimeNs: Int64
    public var inode: UInt64
    public var isRegular: Bool
    public var isDirectory: Bool

    public init(size: Int64, mtimeNs: Int64, ctimeNs: Int64, inode: UInt64, isRegular: Bool, isDirectory: Bool) {
        self.size = size; self.mtimeNs = mtimeNs; self.ctimeNs = ctimeNs; self.inode = inode
        self.isRegular = isRegular; self.isDirectory = isDirectory
    }
}

public enum FileSystem {
    public static func status(_ path: String) -> FileStatus? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
        let m = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        let c = Int64(st.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(st.st_ctimespec.tv_nsec)
        #else
        let m = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        let c = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
        #endif
        let type = st.st_mode & S_IFMT
        return FileStatus(size: Int64(st.st_size), mtimeNs: m, ctimeNs: c, inode: UInt64(st.st_ino),
                          isRegular: type == S_IFREG, isDirectory: type == S_IFDIR)
    }

    public static func exists(_ path: String) -> Bool { status(path) != nil }

    /// Reads a whole file with plain `read(2)` calls.
    public static func read(_ path: String) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(path: path, errno: errno) }
        if st.st_mode & S_IFMT == S_IFDIR { throw FileError(path: path, reason: "is a directory") }
        // One spare byte, so that reaching the end of a file whose size did not change needs no reallocation.
        var out = [UInt8](repeating: 0, count: max(0, Int(st.st_size)) + 1)
        var filled = 0
        while true {
            if filled == out.count { out.append(contentsOf: [UInt8](repeating: 0, count: max(4096, out.count / 2))) }
            let n = out.withUnsafeMutableBytes { buf in
                Glibc.read(fd, buf.baseAddress! + filled, buf.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, errno: errno)
            }
            if n == 0 { break }
            filled += n
        }
        out.removeSubrange(filled...)
        return out
    }

    /// SHA-256 of a file's content, read in chunks so that a large file is never held in memory.
    public static func digest(_ path: String) throws(FileError) -> Digest {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        defer { close(fd) }
        var hasher = StreamingDigest()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, errno: errno)
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hasher.finalize()
    }

    /// Creates `path` and its parents.
    public static func makeDirectory(_ path: String) throws(FileError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: path, reason: "cannot create directory (\(error.localizedDescription))")
        }
    }

    public static func remove(_ path: String) { unlink(path) }

    /// Sets a file's modification time to now (marks cache entries as recently used).
    public static func touch(_ path: String) { utimensat(AT_FDCWD, path, nil, 0) }

    /// The current wall-clock time in nanoseconds since the epoch.
    public static func nowNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

/// Path helpers on plain strings ("/"-separated).
public enum Paths {
    /// `base` joined with `path` unless `path` is absolute.
    public static func join(_ base: String, _ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if base.isEmpty || base == "." { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// Removes `.` and resolves `..` lexically; keeps leading `..` of relative paths.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    public static func absolute(_ path: String) -> String {
        normalize(join(FileManager.default.currentDirectoryPath, path))
    }

    public static func directory(of path: String) -> String {
        guard let i = path.lastIndex(of: "/") else { return "." }
        return i == path.startIndex ? "/" : String(path[..<i])
    }

    public static func fileName(of path: String) -> String {
        guard let i = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: i)...])
    }
}
