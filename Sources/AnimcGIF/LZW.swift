import AnimcColour
import AnimcPixels
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
    /// With `below`, gives up (returns false, `out` unchanged) as soon as the data (the code size byte
    /// included) cannot come out shorter than `below` bytes: a trial that cannot win stops early.
    @discardableResult
    public static func encode(_ indices: UnsafeBufferPointer<UInt8>, minCodeSize: Int, into out: inout [UInt8],
                              below: Int = Int.max) -> Bool {
        precondition(minCodeSize >= 2 && minCodeSize <= 8)
        // Worst case: a 12-bit code per index, plus clears, sub-block lengths and the terminator.
        let worst = indices.count * 3 / 2 + indices.count / 170 + 64
        var complete = true
        let packed = [UInt8](unsafeUninitializedCapacity: worst + worst / 255 + 8) { buf, count in
            // The data is 1 + (at least the bytes written so far): stop once that reaches `below`.
            let n = compress(indices, minCodeSize: minCodeSize, into: buf.baseAddress!, limit: below == Int.max ? Int.max : below - 1)
            complete = n >= 0
            count = max(0, n)
        }
        guard complete else { return false }
        out.append(UInt8(minCodeSize))
        out.append(contentsOf: packed)
        return true
    }

    /// The LZW loop proper, writing sub-blocks straight into `dst`; returns the bytes written.
    /// Returns -1 once `limit` bytes or more are written (the result could not be shorter than that).
    private static func compress(_ indices: UnsafeBufferPointer<UInt8>, minCodeSize: Int,
                                 into dst: UnsafeMutablePointer<UInt8>, limit: Int) -> Int {
        let clear = 1 << minCodeSize
        let eoi = clear + 1
        let keys = UnsafeMutablePointer<Int32>.allocate(capacity: tableSlots)
        let codes = UnsafeMutablePointer<Int16>.allocate(capacity: tableSlots)
        defer { keys.deallocate(); codes.deallocate() }
        keys.initialize(repeating: -1, count: tableSlots)
        var w = SubBlockWriter(dst)
        var codeSize = minCodeSize + 1
        var next = eoi + 1
        w.write(clear, bits: codeSize)
        if !indices.isEmpty {
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
                w.write(prefix, bits: codeSize)
                if w.written >= limit { return -1 }
                keys[slot] = key
                codes[slot] = Int16(next)
                if next == (1 << codeSize) && codeSize < 12 { codeSize += 1 }
                next += 1
                if next > maxCode {
                    // Table full: the decoder is one entry behind, so a clear at width 12 is safe.
                    w.write(clear, bits: codeSize)
                    keys.update(repeating: -1, count: tableSlots)
                    codeSize = minCodeSize + 1
                    next = eoi + 1
                }
                prefix = c
            }
            w.write(prefix, bits: codeSize)
        }
        w.write(eoi, bits: codeSize)
        let n = w.finish()
        return n >= limit ? -1 : n
    }
}

/// Packs codes LSB-first into GIF sub-blocks (a length byte, then up to 255 bytes), in place:
/// the length byte of the open block is patched when the block closes.
struct SubBlockWriter {
    private let base: UnsafeMutablePointer<UInt8>
    private var position = 1         // byte 0 is the first block's length
    private var blockStart = 0
    private var accumulator: UInt64 = 0
    private var bitCount = 0

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    /// Bytes written so far (a lower bound of the finished length).
    var written: Int { position }

    @inline(__always) mutating func write(_ code: Int, bits: Int) {
        accumulator |= UInt64(code) << UInt64(bitCount)
        bitCount += bits
        while bitCount >= 8 {
            push(UInt8(truncatingIfNeeded: accumulator))
            accumulator >>= 8
            bitCount -= 8
        }
    }

    @inline(__always) private mutating func push(_ byte: UInt8) {
        base[position] = byte
        position += 1
        if position - blockStart == 256 {
            base[blockStart] = 255
            blockStart = position
            position += 1
        }
    }

    /// Flushes the remaining bits, closes the last block and writes the 0 terminator; returns the length.
    mutating func finish() -> Int {
        if bitCount > 0 {
            push(UInt8(truncatingIfNeeded: accumulator))
            accumulator = 0
            bitCount = 0
        }
        let open = position - blockStart - 1
        if open > 0 {
            base[blockStart] = UInt8(open)
            base[position] = 0
            return position + 1
        }
        // The open block is empty: its length byte becomes the terminator.
        base[blockStart] = 0
        return blockStart + 1
    }
}
