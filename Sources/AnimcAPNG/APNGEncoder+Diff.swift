extension APNGEncoder {
    struct Rect: Sendable { var x: Int, y: Int, w: Int, h: Int }

    /// The rectangle where `frame` differs from `base` (what is on screen before it), and its smallest
    /// exact encoding.
    func bestFrame(_ frame: UnsafeBufferPointer<UInt8>, over base: [UInt8]) -> (Rect, [UInt8], BlendOp) {
        let clear: [UInt8] = palette == nil ? [0, 0, 0, 0] : palette!.transparentIndex.map { [UInt8($0)] } ?? []
        guard let r = changedRect(frame, base) else {
            // Nothing changed: one pixel that leaves the canvas as it is.
            if !clear.isEmpty { return (Rect(x: 0, y: 0, w: 1, h: 1), clear.withUnsafeBufferPointer { compressed($0, stride: 1, x: 0, y: 0, w: 1, h: 1) }, .over) }
            return (Rect(x: 0, y: 0, w: 1, h: 1), compressed(frame, stride: width, x: 0, y: 0, w: 1, h: 1), .source)
        }
        let source = compressed(frame, stride: width, x: r.x, y: r.y, w: r.w, h: r.h)
        guard !clear.isEmpty, let masked = overPlane(frame, base, r, clear: clear) else { return (r, source, .source) }
        let over = masked.withUnsafeBufferPointer { compressed($0, stride: r.w, x: 0, y: 0, w: r.w, h: r.h) }
        return over.count < source.count ? (r, over, .over) : (r, source, .source)
    }

    /// The bounding box of the pixels that differ from `base`; nil when none do.
    func changedRect(_ frame: UnsafeBufferPointer<UInt8>, _ base: [UInt8]) -> Rect? {
        var x0 = width, y0 = height, x1 = -1, y1 = -1
        base.withUnsafeBufferPointer { old in
            for y in 0..<height {
                let row = y * width * bpp
                var first = -1, last = -1
                var x = 0
                while x < width {
                    let o = row + x * bpp
                    var same = true
                    for k in 0..<bpp where old[o + k] != frame[o + k] { same = false; break }
                    if !same {
                        if first < 0 { first = x }
                        last = x
                    }
                    x += 1
                }
                if first >= 0 {
                    if y < y0 { y0 = y }
                    y1 = y
                    if first < x0 { x0 = first }
                    if last > x1 { x1 = last }
                }
            }
        }
        guard x1 >= 0 else { return nil }
        return Rect(x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1)
    }

    /// The rectangle with unchanged pixels made transparent, for `blend_op` over; nil when some changed
    /// pixel is not opaque (over would blend it with what is below instead of replacing it).
    func overPlane(_ frame: UnsafeBufferPointer<UInt8>, _ base: [UInt8], _ r: Rect, clear: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: r.w * r.h * bpp)
        let ok = base.withUnsafeBufferPointer { old in
            out.withUnsafeMutableBufferPointer { dst -> Bool in
                for y in 0..<r.h {
                    for x in 0..<r.w {
                        let o = ((r.y + y) * width + r.x + x) * bpp, d = (y * r.w + x) * bpp
                        var same = true
                        for k in 0..<bpp where old[o + k] != frame[o + k] { same = false; break }
                        if same {
                            for k in 0..<bpp { dst[d + k] = clear[k] }
                        } else {
                            if bpp == 4 ? frame[o + 3] != 255 : frame[o] == clear[0] { return false }
                            for k in 0..<bpp { dst[d + k] = frame[o + k] }
                        }
                    }
                }
                return true
            }
        }
        return ok ? out : nil
    }
}
