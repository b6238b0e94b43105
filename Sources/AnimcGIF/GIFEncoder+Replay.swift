import AnimcColour
import AnimcPixels

/// What frame-block splicing needs from the encoder (see AnimcBuild's `GIFSplicer`): its whole state
/// between frames as canonical bytes (for a digest), and a way to bring an encoder up to date with
/// blocks it did not emit itself, by reading them back as a decoder does. This works because the
/// canvas model follows the bytes actually written (see `GIFEncoder+Emit.swift`): the state after a
/// block depends only on the state before it and the block's bytes.
extension GIFEncoder {
    /// Feeds the state later bytes depend on, except the pending frame (its owner names it): the
    /// settings, whether the header is out, the global palette, the canvas and the first frame's
    /// transparency. Equal feeds mean equal encoders, whatever the frames that led there.
    public func feedState(_ feed: (UnsafeRawBufferPointer) -> Void) {
        var head: [Int] = [1, width, height, lossy, started ? 1 : 0, globalBits]
        switch loop {
        case .none: head.append(-1)
        case .forever: head.append(0)
        case .count(let n): head.append(n)
        }
        head.append(global?.colors.count ?? -1)
        head.append(global?.transparentIndex ?? -1)
        head.withUnsafeBytes(feed)
        if let global {
            let rgb = global.colors.flatMap { [$0.r, $0.g, $0.b] }
            rgb.withUnsafeBytes(feed)
        }
        canvas.withUnsafeBytes(feed)
        [UInt8(firstTransparent == nil ? 0 : 1)].withUnsafeBytes(feed)
        firstTransparent?.withUnsafeBytes(feed)
    }

    /// The frame held back, as `add` left it (nil before the first frame).
    public var pendingFrame: IndexedImage? { pending }
    /// Its delay so far (merged frames add theirs).
    public var pendingDelayCentiseconds: Int { pendingDelay }

    /// Holds `frame` back with `delay` centiseconds, as the `add` that was spliced in its place did.
    public mutating func setPending(_ frame: IndexedImage?, delayCentiseconds: Int) {
        pending = frame
        pendingDelay = frame == nil ? 0 : max(0, min(65535, delayCentiseconds))
    }

    /// Applies bytes an encoder with these settings emitted (what `add` returned, whole blocks) as if
    /// this encoder had emitted them. `global` is the palette of the animation's first frame (the
    /// header's table is padded, so it cannot be read back from it). False when the bytes are not
    /// blocks this encoder could have written; the encoder is then unusable.
    public mutating func replay(_ bytes: [UInt8], global firstPalette: Palette) -> Bool {
        replay(chunks: 1, { _ in bytes }, global: firstPalette)
    }

    /// `replay` of `chunks` pieces of output in order, read through `chunk` (which may be called more
    /// than once for a piece; nil fails the replay). Pieces are not held: a first pass reads where the
    /// frames are; then frames are drawn from the last one back, each pixel taking the colour of the
    /// last frame that drew it, so the LZW data of a frame is decoded only while some pixel it covers
    /// is still open (with camera-like content, only the last few frames are decoded).
    public mutating func replay(chunks: Int, _ chunk: (Int) -> [UInt8]?, global firstPalette: Palette) -> Bool {
        var frames: [ReplayFrame] = []
        var headerChunk: Int? = nil
        for i in 0..<chunks {
            guard let bytes = chunk(i) else { return false }
            let ok = bytes.withUnsafeBufferPointer { b in
                scan(b, chunk: i, firstPalette, &frames, header: &headerChunk)
            }
            guard ok else { return false }
        }
        // Back to front: `open` marks pixels no later frame has settled.
        var open = [Bool](repeating: true, count: width * height)
        var remaining = width * height
        var decoded: [Int: [UInt8]] = [:]  // the first frame's indices, when decoded on the way
        for f in frames.reversed() where remaining > 0 && f.disposal != 3 {
            var covers = false
            for ry in 0..<f.h where !covers {
                let row = (f.y + ry) * width + f.x
                for rx in 0..<f.w where open[row + rx] { covers = true; break }
            }
            guard covers else { continue }
            var indices: [UInt8] = []
            if f.disposal != 2 {
                guard let d = decode(f, chunk) else { return false }
                indices = d
                if f.first { decoded[0] = d }
            }
            settle(f, indices, &open, &remaining)
        }
        if let h = headerChunk, let f = frames.first(where: \.first), f.chunk == h, loop != .none {
            firstTransparent = nil
            if firstPalette.transparentIndex != nil, let t = f.transparent {
                guard let indices = decoded[0] ?? decode(f, chunk) else { return false }
                if indices.contains(UInt8(t)) { firstTransparent = indices.map { $0 == UInt8(t) ? 1 : 0 } }
            }
        }
        return true
    }

    /// Where one frame of a replayed piece is, and how it is drawn.
    struct ReplayFrame {
        var chunk: Int, data: Int
        var x: Int, y: Int, w: Int, h: Int
        var table: [RGBColor]
        var transparent: Int?
        var disposal: Int
        var first: Bool
    }

    /// Reads the structure of one piece: the header (taking the global palette), and its frames.
    private mutating func scan(_ b: UnsafeBufferPointer<UInt8>, chunk: Int, _ firstPalette: Palette,
                               _ frames: inout [ReplayFrame], header: inout Int?) -> Bool {
        var p = 0
        var firstBlock = false  // the header and the first frame always come out together
        func u16(_ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
        if b.count >= 6, Array(b[0..<6]) == Array("GIF89a".utf8) {
            guard !started, b.count >= 13, u16(6) == width, u16(8) == height else { return false }
            let flags = b[10]
            p = 13
            guard flags & 0x80 != 0 else { return false }
            let bits = Int(flags & 7) + 1
            p += 3 * (1 << bits)
            global = firstPalette
            globalBits = bits
            started = true
            firstBlock = true
            header = chunk
        }
        guard started else { return false }
        var disposal = 0, transparent: Int? = nil
        while p < b.count {
            switch b[p] {
            case 0x21:  // extension: label, then sub-blocks
                guard p + 2 < b.count else { return false }
                let label = b[p + 1]
                var q = p + 2
                if label == 0xF9 {
                    guard q + 5 < b.count, b[q] == 4 else { return false }
                    disposal = Int(b[q + 1] >> 2 & 7)
                    transparent = b[q + 1] & 1 != 0 ? Int(b[q + 4]) : nil
                }
                guard let end = Self.skipSubBlocks(b, from: q) else { return false }
                q = end
                p = q
            case 0x2C:
                guard p + 10 <= b.count else { return false }
                let x = u16(p + 1), y = u16(p + 3), w = u16(p + 5), h = u16(p + 7), flags = b[p + 9]
                guard w >= 1, h >= 1, x + w <= width, y + h <= height, flags & 0x40 == 0 else { return false }
                p += 10
                var table: [RGBColor]
                if flags & 0x80 != 0 {
                    let n = 1 << (Int(flags & 7) + 1)
                    guard p + 3 * n <= b.count else { return false }
                    table = (0..<n).map { RGBColor(r: b[p + 3 * $0], g: b[p + 3 * $0 + 1], b: b[p + 3 * $0 + 2]) }
                    p += 3 * n
                } else {
                    table = global!.colors
                }
                guard p < b.count, let end = Self.skipSubBlocks(b, from: p + 1) else { return false }
                frames.append(ReplayFrame(chunk: chunk, data: p, x: x, y: y, w: w, h: h, table: table,
                                          transparent: transparent, disposal: disposal, first: firstBlock))
                p = end
                disposal = 0; transparent = nil; firstBlock = false
            case 0x3B:
                p += 1
            default:
                return false
            }
        }
        return true
    }

    /// The offset just past a run of sub-blocks and its terminator.
    private static func skipSubBlocks(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var q = start
        while true {
            guard q < b.count else { return nil }
            let n = Int(b[q]); q += 1 + n
            if n == 0 { return q }
        }
    }

    private func decode(_ f: ReplayFrame, _ chunk: (Int) -> [UInt8]?) -> [UInt8]? {
        guard let bytes = chunk(f.chunk) else { return nil }
        return bytes.withUnsafeBufferPointer { LZWDecoder.decode($0, at: f.data, count: f.w * f.h)?.indices }
    }

    /// Gives the open pixels a frame covers their final colour: transparent where it is disposed to the
    /// background, its colour where it draws; pixels it leaves as they were stay open.
    private mutating func settle(_ f: ReplayFrame, _ indices: [UInt8], _ open: inout [Bool], _ remaining: inout Int) {
        var lut = [UInt32](repeating: 0xFF00_0000, count: 256)
        for (i, c) in f.table.prefix(256).enumerated() { lut[i] = 0xFF00_0000 | UInt32(c.r) << 16 | UInt32(c.g) << 8 | UInt32(c.b) }
        let fw = width, clear = f.disposal == 2
        let t = f.transparent ?? 256  // no index is 256
        var settled = 0
        lut.withUnsafeBufferPointer { lut in
            indices.withUnsafeBufferPointer { idx in
                open.withUnsafeMutableBufferPointer { open in
                    canvas.withUnsafeMutableBufferPointer { canvas in
                        for ry in 0..<f.h {
                            let row = (f.y + ry) * fw + f.x, src = ry * f.w
                            for rx in 0..<f.w where open[row + rx] {
                                if clear {
                                    canvas[row + rx] = 0
                                } else {
                                    let v = Int(idx[src + rx])
                                    if v == t { continue }
                                    canvas[row + rx] = lut[v]
                                }
                                open[row + rx] = false
                                settled += 1
                            }
                        }
                    }
                }
            }
        }
        remaining -= settled
    }
}
