#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AnimcBasics
import CZlib

/// How an object's *logical* bytes (what a step produced, and what its name is the SHA-256 of) are kept on
/// disk. Two forms, told apart by their first four bytes:
///
/// - **raw**: the logical bytes themselves. Encoded outputs (GIF, WebP, PNG signatures) are already
///   compressed and are always stored raw, so restoring an output stays a plain copy; so is anything zlib
///   would not make smaller, and every object of a format-1 cache.
/// - **compressed**: a 33-byte header, then a zlib stream of the logical bytes:
///
///       "ACZ1"                  magic (no logical object animc writes starts with it)
///       UInt64 little-endian    the logical size
///       UInt64 little-endian    the zlib stream's length (so a cut-off object is told from a corrupt one)
///       12 bytes                the logical bytes' first 12 (zero-padded), for the format check without inflating
///       1 byte                  the logical bytes' last one (0 when empty)
///
/// Logical bytes that happen to start with the magic are always stored compressed, so the first four
/// bytes decide the form without doubt. Whatever the form, a read inflates and then checks the digest of
/// the logical bytes against the object's name (verify on read).
public enum StoredObject {
    public static let magic: [UInt8] = Array("ACZ1".utf8)
    static let headerLength = 4 + 8 + 8 + ObjectKind.headLength + 1
    /// zlib level 1: on the benchmark's quantized frames, level 6 (zlib's default) was 4-16% smaller but took
    /// 3 times as long, which a one-frame edit that re-quantizes every frame (a new global palette) pays
    /// for every frame (see docs/cache.md).
    static let level: Int32 = 1
    /// Largest logical size a compressed header may announce (a damaged header must not make animc allocate
    /// without bound): 64 Mpixel frames of one byte per pixel, plus their palette and header.
    static let maxLogicalSize: UInt64 = 1 << 28

    /// What a stored object says about its logical bytes without reading all of it.
    public struct Summary: Sendable, Equatable {
        public var size: Int64
        public var head: [UInt8]
        public var last: UInt8?
        public var compressed: Bool
        /// A compressed object's zlib stream length (what follows the header); 0 for a raw one.
        public var streamLength: Int64 = 0
    }

    /// For a compressed object whose file is not its header plus the stream its header announces: the
    /// bytes it has and those it should have (a cut-off copy). Nil otherwise.
    public static func truncation(_ stored: [UInt8]) -> (have: Int, want: Int)? {
        guard stored.starts(with: magic), let s = summary(header: stored) else { return nil }
        let want = headerLength + Int(s.streamLength)
        return stored.count == want ? nil : (stored.count, want)
    }

    /// True for bytes that are an encoded output already (kept raw).
    static func isEncodedOutput(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(ObjectKind.headLength)
        return ObjectKind.gifMagics.contains { head.starts(with: $0) } || head.starts(with: ObjectKind.pngSignature)
            || ObjectKind.isWebP(head, size: Int64(bytes.count)).webp
    }

    /// The bytes to write to disk for `logical`.
    public static func encode(_ logical: [UInt8]) -> [UInt8] {
        let startsWithMagic = logical.starts(with: magic)
        if !startsWithMagic, isEncodedOutput(logical) { return logical }
        var out = header(of: logical)
        var bound = compressBound(uLong(logical.count))
        out += [UInt8](repeating: 0, count: Int(bound))
        let status = out.withUnsafeMutableBufferPointer { dst in
            logical.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress! + headerLength, &bound, src.baseAddress, uLong(src.count), level)
            }
        }
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")  // only without memory; the bound is enough
        out.removeSubrange((headerLength + Int(bound))...)
        withUnsafeBytes(of: UInt64(bound).littleEndian) { out.replaceSubrange(12..<20, with: $0) }
        if !startsWithMagic, out.count >= logical.count { return logical }
        return out
    }

    /// Whether zlib (at `level`) would leave `logical` over `fraction` of its size, judged on an eighth of it
    /// (at least 16 KiB): four slices spread over the bytes, compressed together; true when they come out
    /// over `fraction` of their own size. Bytes under 64 KiB are not judged (false: compress them whole).
    /// An estimate, deterministic (the same bytes always get the same answer); slices compress a little
    /// worse than the whole, so a result within a few percent of the limit may be judged over it.
    static func likelyOver(_ logical: [UInt8], fraction: Double) -> Bool {
        let n = logical.count
        guard n >= 64 << 10 else { return false }
        let slice = max(4 << 10, n / 32), gap = (n - 4 * slice) / 4
        var sample = [UInt8]()
        sample.reserveCapacity(4 * slice)
        for k in 0..<4 {
            let start = gap / 2 + k * (slice + gap)
            sample += logical[start..<start + slice]
        }
        var bound = compressBound(uLong(sample.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let status = out.withUnsafeMutableBufferPointer { dst in
            sample.withUnsafeBufferPointer { src in compress2(dst.baseAddress!, &bound, src.baseAddress!, uLong(src.count), level) }
        }
        return status == Z_OK && Double(bound) > fraction * Double(sample.count)
    }

    static func header(of logical: [UInt8]) -> [UInt8] {
        var h = magic
        withUnsafeBytes(of: UInt64(logical.count).littleEndian) { h += $0 }
        h += [UInt8](repeating: 0, count: 8)  // the stream's length, filled in once known
        let head = logical.prefix(ObjectKind.headLength)
        h += head
        h += [UInt8](repeating: 0, count: ObjectKind.headLength - head.count)
        h.append(logical.last ?? 0)
        return h
    }

    /// The logical bytes of a stored object; nil when a compressed one is damaged (bad header, inflate
    /// error, or not the size its header says). The digest is the caller's to check.
    public static func decode(_ stored: [UInt8]) -> [UInt8]? {
        guard stored.starts(with: magic) else { return stored }
        guard let s = summary(header: stored), stored.count == headerLength + Int(s.streamLength) else { return nil }
        var out = [UInt8](repeating: 0, count: Int(s.size))
        var length = uLong(s.size)
        let status = out.withUnsafeMutableBufferPointer { dst in
            stored.withUnsafeBufferPointer { src in
                uncompress(dst.baseAddress, &length, src.baseAddress! + headerLength, uLong(src.count - headerLength))
            }
        }
        guard status == Z_OK, length == uLong(s.size) else { return nil }
        return out
    }

    /// The summary of a stored object from its first `headerLength` bytes (`prefix`), its file size and its
    /// last byte; nil for a compressed header that cannot be right.
    static func summary(prefix: [UInt8], fileSize: Int64, fileLast: UInt8?) -> Summary? {
        guard prefix.starts(with: magic) else {
            return Summary(size: fileSize, head: Array(prefix.prefix(ObjectKind.headLength)), last: fileLast, compressed: false)
        }
        return summary(header: prefix)
    }

    private static func summary(header h: [UInt8]) -> Summary? {
        guard h.count >= headerLength else { return nil }
        func uint64(at o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(h[o + $1]) << (8 * UInt64($1)) } }
        let size = uint64(at: 4), stream = uint64(at: 12)
        guard size <= maxLogicalSize, stream <= maxLogicalSize else { return nil }
        let head = Array(h[20..<(20 + min(ObjectKind.headLength, Int(size)))])
        return Summary(size: Int64(size), head: head, last: size > 0 ? h[headerLength - 1] : nil, compressed: true,
                       streamLength: Int64(stream))
    }

    /// The summary of the object stored at `path`, reading only its first bytes and its last one; nil when
    /// it cannot be read or its header is damaged.
    public static func summary(at path: String) -> Summary? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int64(st.st_size)
        var prefix = [UInt8](repeating: 0, count: headerLength)
        let n = prefix.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard n >= 0 else { return nil }
        prefix.removeSubrange(n...)
        var last: UInt8 = 0
        let m = size > 0 ? withUnsafeMutableBytes(of: &last) { pread(fd, $0.baseAddress!, 1, off_t(size - 1)) } : 0
        return summary(prefix: prefix, fileSize: size, fileLast: m == 1 ? last : nil)
    }
}
