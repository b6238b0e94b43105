/// Little-endian reads from a window of the file's bytes; every read is bounds-checked and a short
/// read is an `AsepriteError` at the offset where the data ran out.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int
    /// What is being read, for the error ("layer chunk", "frame 3 header").
    let what: String

    init(_ bytes: [UInt8], from start: Int, to end: Int, what: String) {
        self.bytes = bytes
        offset = start
        self.end = end
        self.what = what
    }

    var remaining: Int { end - offset }

    func short(_ needed: Int) -> AsepriteError {
        AsepriteError("\(what) is cut short (needs \(needed) more bytes, has \(max(0, remaining)))", at: offset)
    }

    mutating func skip(_ n: Int) throws(AsepriteError) {
        guard n >= 0, n <= remaining else { throw short(n) }
        offset += n
    }

    mutating func u8() throws(AsepriteError) -> Int {
        guard remaining >= 1 else { throw short(1) }
        defer { offset += 1 }
        return Int(bytes[offset])
    }

    mutating func u16() throws(AsepriteError) -> Int {
        guard remaining >= 2 else { throw short(2) }
        defer { offset += 2 }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    mutating func i16() throws(AsepriteError) -> Int { Int(Int16(truncatingIfNeeded: try u16())) }

    mutating func u32() throws(AsepriteError) -> UInt32 {
        guard remaining >= 4 else { throw short(4) }
        defer { offset += 4 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    mutating func string() throws(AsepriteError) -> String {
        let n = try u16()
        guard n <= remaining else { throw short(n) }
        defer { offset += n }
        return String(decoding: bytes[offset..<offset + n], as: UTF8.self)
    }

    /// The rest of the window, as a range of the file.
    mutating func rest() -> Range<Int> {
        defer { offset = end }
        return offset..<end
    }
}
