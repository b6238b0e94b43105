/// PNG and APNG chunks, written into a byte buffer: big-endian fields, a CRC-32 over type and data.
struct PNGChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    var bytes: [UInt8] = []

    mutating func chunk(_ type: String, _ data: [UInt8]) {
        precondition(type.utf8.count == 4 && data.count <= Int(Int32.max))
        put32(UInt32(data.count))
        let start = bytes.count
        bytes += Array(type.utf8)
        bytes += data
        let crc = bytes.withUnsafeBytes { Zlib.crc(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        put32(crc)
    }

    private mutating func put32(_ v: UInt32) {
        bytes += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }
}

/// Big-endian field builders for chunk data.
extension Array where Element == UInt8 {
    mutating func be32(_ v: Int) {
        precondition(v >= 0 && v <= Int(UInt32.max))
        let u = UInt32(v)
        self += [UInt8(u >> 24), UInt8(u >> 16 & 0xFF), UInt8(u >> 8 & 0xFF), UInt8(u & 0xFF)]
    }

    mutating func be16(_ v: Int) {
        precondition(v >= 0 && v <= 0xFFFF)
        self += [UInt8(v >> 8), UInt8(v & 0xFF)]
    }
}

/// `fcTL`'s dispose and blend operations (APNG 1.0).
enum DisposeOp: UInt8 { case none = 0, background = 1, previous = 2 }
enum BlendOp: UInt8 { case source = 0, over = 1 }

/// A frame's delay as the fraction `fcTL` holds: milliseconds while they fit in 16 bits, then coarser.
func frameDelayFraction(milliseconds ms: Int) -> (numerator: Int, denominator: Int) {
    let ms = max(0, ms)
    if ms <= 0xFFFF { return (ms, 1000) }
    if ms / 10 <= 0xFFFF { return ((ms + 5) / 10, 100) }
    return (min(0xFFFF, (ms + 50) / 100), 10)
}
