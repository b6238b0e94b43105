import CZlib

enum Inflate {
    /// The zlib stream at `range` of `bytes`, which must inflate to exactly `count` bytes.
    static func exact(_ bytes: [UInt8], _ range: Range<Int>, count: Int, what: String) throws(AsepriteError) -> [UInt8] {
        guard count > 0 else { return [] }
        // Deflate expands at most 1032:1, so a size no stream of this length can reach is refused
        // before the buffer is allocated.
        guard count / 1032 <= range.count else {
            throw AsepriteError("\(what) claims \(count) bytes of pixels, more than its \(range.count) compressed bytes can hold", at: range.lowerBound)
        }
        var out = [UInt8](repeating: 0, count: count)
        // One byte of room more than expected tells "too much data" apart from "exactly right".
        out.append(0)
        var length = uLong(out.count)
        let status = bytes.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                uncompress(dst.baseAddress, &length, src.baseAddress! + range.lowerBound, uLong(range.count))
            }
        }
        switch status {
        case Z_OK:
            guard Int(length) == count else {
                throw AsepriteError("\(what) holds \(length) bytes of pixels, expected \(count)", at: range.lowerBound)
            }
            out.removeLast()
            return out
        case Z_BUF_ERROR:
            // Either the stream is longer than the cel's size allows, or it is truncated.
            throw AsepriteError(Int(length) == count + 1 ? "\(what) holds more pixel data than its size (\(count) bytes)"
                                                         : "\(what): compressed data is cut short", at: range.lowerBound)
        case Z_MEM_ERROR:
            throw AsepriteError("\(what): out of memory while decompressing", at: range.lowerBound)
        default:
            throw AsepriteError("\(what): compressed data is damaged (zlib error \(status))", at: range.lowerBound)
        }
    }
}
