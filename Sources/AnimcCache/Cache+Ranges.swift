#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AnimcBasics

/// Reading parts of a raw object (an encoded output) without reading or holding all of it: GIF frame
/// splicing copies single frame blocks out of an earlier encoding. Whoever reads a part checks it
/// against a digest of its own; a part that does not match is not used.
public final class ObjectRangeReader {
    private let fd: Int32
    public let size: Int64

    /// Nil when the object is missing or stored compressed (only raw objects have stable offsets).
    public init?(cache: Cache, object d: Digest) {
        let fd = open(cache.objectPath(d), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var st = stat()
        var head = [UInt8](repeating: 0, count: 4)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, 4, 0) }
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, n == 4, head != StoredObject.magic else {
            close(fd)
            return nil
        }
        self.fd = fd
        size = Int64(st.st_size)
    }

    deinit { close(fd) }

    /// `count` bytes from `offset`, or nil when the object is shorter or cannot be read.
    public func read(offset: Int64, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset + Int64(count) <= size else { return nil }
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            filled += n
        }
        return out
    }
}
