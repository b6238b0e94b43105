#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old content or the whole new content, never a part:
/// the bytes go to a temporary file beside the target, which is renamed over it only when complete.
/// An interrupted write leaves at most a `.animc-tmp-*` file, never a half-written target.
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

    /// Flushes, gives the file ordinary permissions (0644 less the umask) and renames it into place.
    public consuming func commit() throws(FileError) {
        try commit(as: path)
    }

    /// Like `commit()`, but renames to `target` (in the same folder tree, on the same file system).
    public consuming func commit(as target: String) throws(FileError) {
        let mask = umask(0); umask(mask)
        fchmod(fd, 0o644 & ~mask)
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { unlink(temporaryPath); throw FileError(path: path, errno: errno) }
        guard rename(temporaryPath, target) == 0 else {
            let e = errno
            unlink(temporaryPath)
            throw FileError(path: path, errno: e)
        }
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
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        var w = try AtomicFileWriter(path: path)
        try w.write(bytes)
        try w.commit()
    }
}
