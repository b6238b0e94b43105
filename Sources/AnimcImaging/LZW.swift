/// GIF's variable-length-code LZW compressor.
public enum LZW {
    /// The smallest valid GIF LZW minimum code size for a colour table of `tableSize` entries.
    public static func minCodeSize(forTableSize tableSize: Int) -> Int {
        var bits = 1
        while (1 << bits) < tableSize { bits += 1 }
        return max(2, bits)
    }

    private static let tableSlots = 1 << 13  // 4096 codes at most: load ≤ 1/2
    private static let maxCode = 4095

    /// Appends GIF "table-based image data": the LZW minimum code size byte, then the compressed
    /// codes packed LSB-first into sub-blocks of at most 255 bytes, then a 0 terminator.
    /// Starts with a clear code; the code width grows when code 2^n is assigned; when code 4095 has
    /// been assigned a clear code is emitted and the table restarts; ends with end-of-information.
    /// Every index must be < 2^minCodeSize.
    public static func encode(_ indices: UnsafeBufferPointer<UInt8>, minCodeSize: Int, into out: inout [UInt8]) {
        precondition(minCodeSize >= 2 && minCodeSize <= 8)
        out.append(UInt8(minCodeSize))
        let clear = 1 << minCodeSize
        let eoi = clear + 1
        var writer = LZWBitWriter()
        writer.reserve(&out, estimate: indices.count / 2 + 16)
        var keys = [Int32](repeating: -1, count: tableSlots)
        var codes = [Int16](repeating: 0, count: tableSlots)
        var codeSize = minCodeSize + 1
        var next = eoi + 1
        writer.write(clear, bits: codeSize, to: &out)
        if indices.isEmpty {
            writer.write(eoi, bits: codeSize, to: &out)
            writer.finish(&out)
            return
        }
        keys.withUnsafeMutableBufferPointer { keys in
            codes.withUnsafeMutableBufferPointer { codes in
                var prefix = Int(indices[0])
                for p in 1..<indices.count {
                    let c = Int(indices[p])
                    let key = Int32(prefix << 8 | c)
                    var slot = Int((UInt32(bitPattern: key) &* 0x9E37_79B1) >> 19)
                    var found = false
                    while keys[slot] >= 0 {
                        if keys[slot] == key { found = true; break }
                        slot = (slot + 1) & (tableSlots - 1)
                    }
                    if found {
                        prefix = Int(codes[slot])
                        continue
                    }
                    writer.write(prefix, bits: codeSize, to: &out)
                    keys[slot] = key
                    codes[slot] = Int16(next)
                    if next == (1 << codeSize) && codeSize < 12 { codeSize += 1 }
                    next += 1
                    if next > maxCode {
                        // Table full: the decoder is one entry behind, so a clear at width 12 is safe.
                        writer.write(clear, bits: codeSize, to: &out)
                        for k in 0..<keys.count { keys[k] = -1 }
                        codeSize = minCodeSize + 1
                        next = eoi + 1
                    }
                    prefix = c
                }
                writer.write(prefix, bits: codeSize, to: &out)
            }
        }
        writer.write(eoi, bits: codeSize, to: &out)
        writer.finish(&out)
    }
}

/// Packs codes LSB-first into GIF sub-blocks, appended straight to the output.
struct LZWBitWriter {
    private var accumulator: UInt64 = 0
    private var bitCount = 0
    private var block = [UInt8](repeating: 0, count: 255)
    private var blockLength = 0

    func reserve(_ out: inout [UInt8], estimate: Int) {
        out.reserveCapacity(out.count + estimate)
    }

    @inline(__always) mutating func write(_ code: Int, bits: Int, to out: inout [UInt8]) {
        accumulator |= UInt64(code) << UInt64(bitCount)
        bitCount += bits
        while bitCount >= 8 {
            push(UInt8(truncatingIfNeeded: accumulator), &out)
            accumulator >>= 8
            bitCount -= 8
        }
    }

    @inline(__always) private mutating func push(_ byte: UInt8, _ out: inout [UInt8]) {
        block[blockLength] = byte
        blockLength += 1
        if blockLength == 255 { flushBlock(&out) }
    }

    private mutating func flushBlock(_ out: inout [UInt8]) {
        if blockLength == 0 { return }
        out.append(UInt8(blockLength))
        out.append(contentsOf: block[0..<blockLength])
        blockLength = 0
    }

    /// Flushes remaining bits, the last sub-block and the 0 terminator.
    mutating func finish(_ out: inout [UInt8]) {
        if bitCount > 0 {
            push(UInt8(truncatingIfNeeded: accumulator), &out)
            accumulator = 0
            bitCount = 0
        }
        flushBlock(&out)
        out.append(0)
    }
}
