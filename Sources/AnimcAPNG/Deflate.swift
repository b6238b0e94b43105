import CZlib

/// zlib's deflate and CRC-32, as PNG uses them.
enum Zlib {
    /// The zlib stream (header, deflate data, Adler-32) of `bytes` at `level` (0–9).
    static func compress(_ bytes: UnsafeBufferPointer<UInt8>, level: Int32) -> [UInt8] {
        var bound = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let status = out.withUnsafeMutableBufferPointer { dst in
            compress2(dst.baseAddress, &bound, bytes.baseAddress, uLong(bytes.count), level)
        }
        // compress2 fails only without memory or with a bound too small, which compressBound rules out.
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        out.removeSubrange(Int(bound)...)
        return out
    }

    static func crc(_ bytes: UnsafeRawBufferPointer, _ start: UInt32 = 0) -> UInt32 {
        UInt32(crc32(uLong(start), bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }

    /// zlib's version: part of the keys of what it encodes, since another version may compress differently.
    static var version: String { String(cString: zlibVersion()) }
}
