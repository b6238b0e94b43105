/// GIF's LZW decompressor, for reading back blocks animc wrote (`GIFEncoder.replay`). Strict: any
/// malformed stream is refused (nil), never trusted.
enum LZWDecoder {
    /// Decodes "table-based image data" (minimum code size byte, sub-blocks, 0 terminator) starting at
    /// `start` into exactly `count` indices. Returns the indices and the offset just past the terminator.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, count: Int) -> (indices: [UInt8], end: Int)? {
        guard start < bytes.count else { return nil }
        let minCodeSize = Int(bytes[start])
        guard minCodeSize >= 2 && minCodeSize <= 8 else { return nil }
        // Gather the sub-blocks' payload.
        var data: [UInt8] = []
        var p = start + 1
        while true {
            guard p < bytes.count else { return nil }
            let n = Int(bytes[p]); p += 1
            if n == 0 { break }
            guard p + n <= bytes.count else { return nil }
            data.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[p..<(p + n)]))
            p += n
        }
        var out = [UInt8](repeating: 0, count: count)
        let ok = data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in decompress(src, minCodeSize: minCodeSize, into: dst) }
        }
        return ok ? (out, p) : nil
    }

    private static func decompress(_ src: UnsafeBufferPointer<UInt8>, minCodeSize: Int,
                                   into dst: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let clear = 1 << minCodeSize, eoi = clear + 1
        // prefix[c], suffix[c], length[c] for codes above the roots.
        var prefix = [Int16](repeating: -1, count: 4096)
        var suffix = [UInt8](repeating: 0, count: 4096)
        var length = [Int32](repeating: 1, count: 4096)
        for i in 0..<clear { suffix[i] = UInt8(truncatingIfNeeded: i) }
        var codeSize = minCodeSize + 1
        var next = eoi + 1
        var previous = -1
        var bitBuffer = 0, bitCount = 0, pos = 0, written = 0
        return prefix.withUnsafeMutableBufferPointer { prefix in
            suffix.withUnsafeMutableBufferPointer { suffix in
                length.withUnsafeMutableBufferPointer { length in
                    while true {
                        while bitCount < codeSize {
                            guard pos < src.count else { return written == dst.count }  // no end code: accept a full frame
                            bitBuffer |= Int(src[pos]) << bitCount
                            pos += 1; bitCount += 8
                        }
                        let code = bitBuffer & ((1 << codeSize) - 1)
                        bitBuffer >>= codeSize; bitCount -= codeSize
                        if code == clear {
                            codeSize = minCodeSize + 1; next = eoi + 1; previous = -1
                            continue
                        }
                        if code == eoi { return written == dst.count }
                        var first: UInt8
                        if previous < 0 {
                            guard code < clear, written < dst.count else { return false }
                            dst[written] = UInt8(code); written += 1
                            previous = code
                            continue
                        }
                        let known = code < next
                        guard known || code == next else { return false }
                        // Emit the string of `code` (or previous + first(previous) for the KwKwK case).
                        let c = known ? code : previous
                        let n = Int(length[c])
                        let total = known ? n : n + 1
                        guard written + total <= dst.count else { return false }
                        var k = c, at = written + n - 1
                        while k >= clear { dst[at] = suffix[k]; at -= 1; k = Int(prefix[k]) }
                        dst[at] = UInt8(k)
                        first = UInt8(k)
                        if !known { dst[written + n] = first }
                        written += total
                        if next < 4096 {
                            prefix[next] = Int16(previous); suffix[next] = first; length[next] = length[previous] + 1
                            next += 1
                            if next == (1 << codeSize) && codeSize < 12 { codeSize += 1 }
                        }
                        previous = code
                    }
                }
            }
        }
    }
}
