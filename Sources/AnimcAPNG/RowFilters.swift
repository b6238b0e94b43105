/// PNG row filtering (filter method 0): each row gets the filter byte and filtered bytes, the filter
/// chosen per row by the usual heuristic, the smallest sum of absolute values of the filtered bytes
/// read as signed. Palette images use no filter, as the PNG specification recommends.
enum RowFilters {
    /// The filtered scanlines of `rect` (x, y, width, height in pixels) of a `stride`-pixel-wide plane
    /// of `bpp` bytes per pixel, ready for deflate.
    static func filtered(_ plane: UnsafeBufferPointer<UInt8>, stride: Int, bpp: Int,
                         x: Int, y: Int, width: Int, height: Int, adaptive: Bool) -> [UInt8] {
        let rowBytes = width * bpp
        var out = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        let zeros = [UInt8](repeating: 0, count: rowBytes)
        out.withUnsafeMutableBufferPointer { dst in
            candidate.withUnsafeMutableBufferPointer { cand in
                zeros.withUnsafeBufferPointer { zero in
                    for r in 0..<height {
                        let cur = UnsafeBufferPointer(rebasing: plane[((y + r) * stride + x) * bpp ..< ((y + r) * stride + x) * bpp + rowBytes])
                        let prev = r == 0 ? zero : UnsafeBufferPointer(rebasing: plane[((y + r - 1) * stride + x) * bpp ..< ((y + r - 1) * stride + x) * bpp + rowBytes])
                        let o = r * (rowBytes + 1)
                        let row = UnsafeMutableBufferPointer(rebasing: dst[(o + 1)...(o + rowBytes)])
                        guard adaptive else {
                            dst[o] = 0
                            for i in 0..<rowBytes { row[i] = cur[i] }
                            continue
                        }
                        var best = Int.max
                        for f in 0..<5 {
                            let cost = apply(UInt8(f), cur, prev, bpp, into: cand, limit: best)
                            if cost < best {
                                best = cost
                                dst[o] = UInt8(f)
                                for i in 0..<rowBytes { row[i] = cand[i] }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Filters one row with `f`; returns the heuristic cost, stopping early once it reaches `limit`.
    @inline(__always)
    static func apply(_ f: UInt8, _ cur: UnsafeBufferPointer<UInt8>, _ prev: UnsafeBufferPointer<UInt8>, _ bpp: Int,
                      into out: UnsafeMutableBufferPointer<UInt8>, limit: Int) -> Int {
        var cost = 0
        for i in 0..<cur.count {
            let a = i >= bpp ? Int(cur[i - bpp]) : 0
            let b = Int(prev[i])
            let c = i >= bpp ? Int(prev[i - bpp]) : 0
            let predictor: Int
            switch f {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) >> 1
            default: predictor = paeth(a, b, c)
            }
            let v = UInt8(truncatingIfNeeded: Int(cur[i]) - predictor)
            out[i] = v
            cost += v < 128 ? Int(v) : 256 - Int(v)
            if cost >= limit { return cost }
        }
        return cost
    }

    @inline(__always)
    static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }
}
