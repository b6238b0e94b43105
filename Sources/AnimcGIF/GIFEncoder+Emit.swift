import AnimcColour
import AnimcPixels
/// Writing one frame: rectangle, transparency substitution, disposal.
///
/// Invariant: wherever a frame is transparent, the canvas it is drawn on is already transparent.
/// The first frame starts on an empty canvas; for later frames the previous frame guarantees it:
/// if the next frame is transparent anywhere the canvas would show opaque after this frame, this
/// frame's rectangle is widened to cover those pixels and it is disposed with "restore to
/// background" (2), which every decoder turns into transparency over the rectangle; the canvas
/// model is cleared likewise, so the next frame redraws whatever else it needs there. Otherwise a
/// frame is "do not dispose" (1). Hence no ghosting, in any decoder that honours disposal 2.
/// At the end of a looping animation the first frame plays the role of the next frame.
///
/// "Unchanged" allows `lossy` levels per channel (default 2): a pixel whose new colour is within
/// ±lossy of every channel of the colour on screen may stay as it is (transparent in the frame). Two
/// levels of 255 are invisible, but it is common when palettes differ per frame (each frame's palette
/// places its entries slightly differently), where exact comparison would redraw every static region.
/// What stays on screen is always within `lossy` of the frame's own quantized colour.
/// The canvas model follows the bytes actually written, so it always matches what decoders show.
///
/// Index economy: a frame's transparent index is the lowest table slot no changed pixel uses (the
/// palette's transparent entry, usually its last, is written as that slot), and its LZW minimum code
/// size fits the largest index it writes rather than the whole table, so a frame using only the first
/// 128 entries of a 130-colour table codes in 7 bits instead of 8 (what gifsicle -O3 gets by reordering
/// the colour map). Which index stands for "transparent" changes no pixel a decoder shows.
extension GIFEncoder {
    /// Whether on-screen colour `screen` may stand for `color` (both 0 = transparent, or 0xFF000000 | rgb).
    @inline(__always) static func looksUnchanged(_ color: UInt32, _ screen: UInt32, within t: Int) -> Bool {
        if color == screen { return true }
        if color == 0 || screen == 0 { return false }
        let dr = Int(color >> 16 & 0xFF) - Int(screen >> 16 & 0xFF)
        let dg = Int(color >> 8 & 0xFF) - Int(screen >> 8 & 0xFF)
        let db = Int(color & 0xFF) - Int(screen & 0xFF)
        return dr >= -t && dr <= t && dg >= -t && dg <= t && db >= -t && db <= t
    }

    /// The largest byte (a loop the compiler vectorises).
    static func largest(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var m: UInt8 = 0
        for x in b { m = max(m, x) }
        return Int(m)
    }

    struct Rect {
        var x0 = Int.max, y0 = Int.max, x1 = -1, y1 = -1  // inclusive bounds
        var isEmpty: Bool { x1 < x0 }
        @inline(__always) mutating func include(_ x: Int, _ y: Int) {
            if x < x0 { x0 = x }
            if x > x1 { x1 = x }
            if y < y0 { y0 = y }
            if y > y1 { y1 = y }
        }
        mutating func formUnion(_ o: Rect) {
            if o.isEmpty { return }
            include(o.x0, o.y0)
            include(o.x1, o.y1)
        }
    }

    mutating func emit(_ frame: IndexedImage, delay: Int, nextTransparent: [UInt8]?) -> [UInt8] {
        var out: [UInt8] = []
        let lut = Self.lookupTable(frame.palette)
        let first = !started
        var local: Int? = nil
        if first {
            global = frame.palette
            globalBits = GIFBlocks.tableBits(max(2, frame.palette.colors.count))
            GIFBlocks.appendHeader(width: width, height: height, global: frame.palette.colors, globalBits: globalBits,
                                   loop: loop, &out)
            started = true
        } else if frame.palette != global {
            local = GIFBlocks.tableBits(max(2, frame.palette.colors.count))
        }
        let bits = local ?? globalBits
        let w = width, h = height

        // Pass 1: what changed against the canvas, which indices the changed pixels use, and what
        // the next frame needs cleared (opaque after this frame, transparent in the next).
        var changed = Rect(), clear = Rect()
        var used = [Bool](repeating: false, count: 256)
        let lossy = self.lossy
        lut.withUnsafeBufferPointer { lut in
            frame.indices.withUnsafeBufferPointer { idx in
                canvas.withUnsafeBufferPointer { canvas in
                    used.withUnsafeMutableBufferPointer { used in
                        for y in 0..<h {
                            let row = y * w
                            var first = -1, last = -1
                            for x in 0..<w {
                                let c = Int(idx[row + x])
                                if !Self.looksUnchanged(lut[c], canvas[row + x], within: lossy) {
                                    if first < 0 { first = x }
                                    last = x
                                    used[c] = true
                                }
                            }
                            if first >= 0 { changed.include(first, y); changed.include(last, y) }
                        }
                    }
                }
                if let next = nextTransparent {
                    for y in 0..<h {
                        for x in 0..<w {
                            let i = y * w + x
                            if next[i] != 0 && lut[Int(idx[i])] != 0 { clear.include(x, y) }
                        }
                    }
                }
            }
        }
        var rect = changed
        rect.formUnion(clear)
        if first { rect = Rect(x0: 0, y0: 0, x1: w - 1, y1: h - 1) }
        if rect.isEmpty { rect = Rect(x0: 0, y0: 0, x1: 0, y1: 0) }

        // The frame's transparent index: the lowest table slot no changed pixel uses, when the palette
        // has a transparent entry or a slot to spare. The palette's own transparent entry is written as
        // that slot (it is never a changed pixel: the canvas under a transparent pixel is transparent).
        let paletteTransparent = frame.palette.transparentIndex.flatMap { $0 >= 0 && $0 < 256 ? $0 : nil }
        var transparent: Int? = nil
        for i in 0..<(1 << bits) where !used[i] { transparent = i; break }  // always found with a transparent entry
        let hasT0 = paletteTransparent != nil, t0 = UInt8(paletteTransparent ?? 0)

        // Candidate encodings of the rectangle: plain indices, and (when there is a transparent index)
        // with pixels unchanged from the canvas made transparent; the smaller one is written.
        let rw = rect.x1 - rect.x0 + 1, rh = rect.y1 - rect.y0 + 1
        var plain = [UInt8](repeating: 0, count: rw * rh)
        var masked = plain
        var mixed = plain
        var anyUnchanged = false
        let ti = UInt8(transparent ?? 0)
        lut.withUnsafeBufferPointer { lut in
            frame.indices.withUnsafeBufferPointer { idx in
                canvas.withUnsafeBufferPointer { canvas in
                    plain.withUnsafeMutableBufferPointer { plain in
                        masked.withUnsafeMutableBufferPointer { masked in
                            mixed.withUnsafeMutableBufferPointer { mixed in
                                var previous: UInt8 = ti
                                for ry in 0..<rh {
                                    let row = (rect.y0 + ry) * w + rect.x0
                                    for rx in 0..<rw {
                                        let v0 = idx[row + rx]
                                        let v = hasT0 && v0 == t0 ? ti : v0
                                        let o = ry * rw + rx
                                        plain[o] = v
                                        if Self.looksUnchanged(lut[Int(v0)], canvas[row + rx], within: lossy) {
                                            masked[o] = ti
                                            // Mixed: an unchanged pixel continues the current run, whichever it is.
                                            let m = previous == v ? v : ti
                                            mixed[o] = m
                                            previous = m
                                            if v != ti { anyUnchanged = true }
                                        } else {
                                            masked[o] = v
                                            mixed[o] = v
                                            previous = v
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Each candidate codes with the smallest code size its largest index allows.
        // Plain writes the frame's indices (the palette's transparent one as `ti`); masked writes the
        // changed pixels' indices (`used`) and `ti`; mixed writes a mix of the two, so plain's bound holds.
        func codeSize(_ largest: Int) -> Int { LZW.minCodeSize(forTableSize: largest + 1) }
        let hiPlain = plain.withUnsafeBufferPointer { Self.largest($0) }
        let hiChanged = used.lastIndex(of: true) ?? 0
        let plainSize = codeSize(hiPlain)
        let maskedSize = codeSize(max(hiChanged, Int(ti)))
        let mixedSize = codeSize(max(hiPlain, Int(ti)))
        // The smallest wins, ties going to plain, then masked. Trials run mixed, masked, plain (the
        // likeliest winner first), each giving up once it cannot win, so a losing trial stops early.
        var data: [UInt8] = []
        var written = plain
        if transparent != nil && anyUnchanged && !first {
            mixed.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: mixedSize, into: &data) }
            written = mixed
            var alt: [UInt8] = []
            if masked.withUnsafeBufferPointer({ LZW.encode($0, minCodeSize: maskedSize, into: &alt, below: data.count + 1) }) {
                data = alt; written = masked
            }
            alt = []
            if plain.withUnsafeBufferPointer({ LZW.encode($0, minCodeSize: plainSize, into: &alt, below: data.count + 1) }) {
                data = alt; written = plain
            }
        } else {
            plain.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: plainSize, into: &data) }
        }

        let disposal: GIFDisposal = clear.isEmpty ? .doNotDispose : .restoreToBackground
        GIFBlocks.appendGraphicControl(delay: delay, disposal: disposal, transparentIndex: transparent, &out)
        GIFBlocks.appendImageDescriptor(x: rect.x0, y: rect.y0, width: rw, height: rh, localBits: local, &out)
        if let local { GIFBlocks.appendColorTable(frame.palette.colors, bits: local, &out) }
        out += data

        // Update the canvas model from the indices written (a transparent index leaves the pixel
        // as it was), then dispose.
        let hasTransparent = transparent != nil
        lut.withUnsafeBufferPointer { lut in
            written.withUnsafeBufferPointer { written in
                canvas.withUnsafeMutableBufferPointer { canvas in
                    for ry in 0..<rh {
                        let row = (rect.y0 + ry) * w + rect.x0
                        for rx in 0..<rw {
                            let v = written[ry * rw + rx]
                            if disposal == .restoreToBackground {
                                canvas[row + rx] = 0
                            } else if !(hasTransparent && v == ti) {
                                canvas[row + rx] = lut[Int(v)]
                            }
                        }
                    }
                }
            }
        }
        if first && loop != .none { firstTransparent = Self.transparencyMask(frame) }
        return out
    }
}
