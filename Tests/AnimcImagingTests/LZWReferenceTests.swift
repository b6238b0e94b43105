import Testing
@testable import AnimcGIF

/// The LZW encoder's bytes must not depend on how its string table is stored: it is compared, byte for
/// byte, with a plain reference (a Swift dictionary for the table, the same code stream rules), over
/// inputs that exercise code-width growth, table restarts and every minimum code size.
@Suite struct LZWReferenceTests {
    /// GIF LZW the obvious way: clear first, width grows when code 2^n is assigned, clear after 4095.
    static func reference(_ indices: [UInt8], minCodeSize: Int) -> [UInt8] {
        let clear = 1 << minCodeSize, eoi = clear + 1
        var table: [Int: Int] = [:]
        var codes: [(Int, Int)] = []
        var codeSize = minCodeSize + 1, next = eoi + 1
        codes.append((clear, codeSize))
        if !indices.isEmpty {
            var prefix = Int(indices[0])
            for c in indices.dropFirst().map(Int.init) {
                if let code = table[prefix << 8 | c] { prefix = code; continue }
                codes.append((prefix, codeSize))
                table[prefix << 8 | c] = next
                if next == 1 << codeSize && codeSize < 12 { codeSize += 1 }
                next += 1
                if next > 4095 {
                    codes.append((clear, codeSize))
                    table = [:]
                    codeSize = minCodeSize + 1
                    next = eoi + 1
                }
                prefix = c
            }
            codes.append((prefix, codeSize))
        }
        codes.append((eoi, codeSize))
        var bytes: [UInt8] = [], acc = 0, bits = 0
        for (code, width) in codes {
            acc |= code << bits
            bits += width
            while bits >= 8 { bytes.append(UInt8(acc & 255)); acc >>= 8; bits -= 8 }
        }
        if bits > 0 { bytes.append(UInt8(acc & 255)) }
        var out: [UInt8] = [UInt8(minCodeSize)]
        var i = 0
        while i < bytes.count {
            let n = min(255, bytes.count - i)
            out.append(UInt8(n))
            out += bytes[i..<i + n]
            i += n
        }
        out.append(0)
        return out
    }

    @Test(arguments: [2, 3, 5, 8])
    func encoderMatchesTheReference(minCodeSize: Int) {
        var rng = TestRandom(seed: UInt64(minCodeSize))
        let symbols = 1 << minCodeSize
        for length in [0, 1, 2, 254, 1000, 30_000, 120_000] {
            // Noise (many restarts), runs (long strings) and a mix of the two.
            let noise = (0..<length).map { _ in UInt8(rng.below(symbols)) }
            let runs = (0..<length).map { UInt8(($0 / 37) % symbols) }
            let mixed = (0..<length).map { i in i % 1000 < 500 ? noise[i] : runs[i] }
            for input in [noise, runs, mixed] {
                var out: [UInt8] = []
                input.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: minCodeSize, into: &out) }
                #expect(out == Self.reference(input, minCodeSize: minCodeSize), "length \(length)")
            }
        }
    }
}
