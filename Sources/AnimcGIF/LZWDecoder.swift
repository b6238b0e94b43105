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

    /// Every code's string is somewhere in the output already (a code's string is the string output
    /// for the code before it plus one byte), so a code is kept as the offset and length of one of its
    /// occurrences, and emitting it is one copy from earlier output.
    private static func decompress(_ src: UnsafeBufferPointer<UInt8>, minCodeSize: Int,
                                   into dst: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let clear = 1 << minCodeSize, eoi = clear + 1
        let start = UnsafeMutablePointer<Int32>.allocate(capacity: 4096)
        let length = UnsafeMutablePointer<Int32>.allocate(capacity: 4096)
        defer { start.deallocate(); length.deallocate() }
        var codeSize = minCodeSize + 1
        var next = eoi + 1
        var previous = -1, previousStart = 0, previousLength = 0
        var bitBuffer = 0, bitCount = 0, pos = 0, written = 0
        let out = dst.baseAddress!, capacity = dst.count
        while true {
            while bitCount < codeSize {
                guard pos < src.count else { return written == capacity }  // no end code: accept a full frame
                bitBuffer |= Int(src[pos]) << bitCount
                pos += 1; bitCount += 8
            }
            let code = bitBuffer & ((1 << codeSize) - 1)
            bitBuffer >>= codeSize; bitCount -= codeSize
            if code == clear {
                codeSize = minCodeSize + 1; next = eoi + 1; previous = -1
                continue
            }
            if code == eoi { return written == capacity }
            let at = written
            if code < clear {
                guard written < capacity else { return false }
                out[written] = UInt8(code)
                written += 1
            } else if code < next && code > eoi {
                let n = Int(length[code])
                guard written + n <= capacity else { return false }
                let from = Int(start[code])
                if n <= 24 {  // most strings are short: a loop beats a call to memmove
                    for k in 0..<n { out[written + k] = out[from + k] }
                } else {
                    (out + written).update(from: out + from, count: n)  // earlier output: no overlap
                }
                written += n
            } else if code == next && previous >= 0 {
                // The code being defined: the previous string and its own first byte.
                guard written + previousLength + 1 <= capacity else { return false }
                (out + written).update(from: out + previousStart, count: previousLength)
                out[written + previousLength] = out[previousStart]
                written += previousLength + 1
            } else {
                return false
            }
            if previous >= 0 && next < 4096 {
                start[next] = Int32(previousStart)
                length[next] = Int32(previousLength + 1)
                next += 1
                if next == (1 << codeSize) && codeSize < 12 { codeSize += 1 }
            }
            previous = code
            previousStart = at
            previousLength = written - at
        }
    }
}
