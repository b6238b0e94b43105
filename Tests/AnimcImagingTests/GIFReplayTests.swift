import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

/// What GIF frame-block splicing stands on: the encoder's state can be rebuilt from the bytes it wrote.
@Suite struct GIFReplayTests {
    /// Frames with a still background and a moving block; per-frame palettes place the same colours a
    /// level or two apart (what `lossy` absorbs); with transparency, the block leaves holes behind.
    func frames(seed: UInt64, count: Int, transparent: Bool, perFrame: Bool, w: Int = 37, h: Int = 23) -> [IndexedImage] {
        var r = TestRandom(seed: seed)
        let base = (0..<12).map { _ in RGBColor(r: r.byte(), g: r.byte(), b: r.byte()) }
        var shared = base
        if transparent { shared.append(RGBColor(r: 0, g: 0, b: 0)) }
        return (0..<count).map { f in
            var colors = shared
            if perFrame {
                for i in 0..<base.count where r.below(2) == 0 {
                    let j = { (v: UInt8) in UInt8(clamping: Int(v) + r.below(5) - 2) }
                    colors[i] = RGBColor(r: j(base[i].r), g: j(base[i].g), b: j(base[i].b))
                }
            }
            let palette = Palette(colors: colors, transparentIndex: transparent ? base.count : nil)
            var idx = [UInt8](repeating: 0, count: w * h)
            let bx = (f * 5) % w, by = (f * 3) % h
            for y in 0..<h {
                for x in 0..<w {
                    var v = (x / 6 + y / 5) % 6
                    if x >= bx && x < bx + 9 && y >= by && y < by + 7 { v = 6 + f % 6 }
                    if transparent && (x + f) % 11 == 0 && y > h / 2 { v = base.count }
                    idx[y * w + x] = UInt8(v)
                }
            }
            // Some frames repeat the previous one (merged by the encoder).
            return IndexedImage(width: w, height: h, indices: idx, palette: palette)
        }
    }

    func state(_ e: GIFEncoder) -> [UInt8] {
        var out: [UInt8] = []
        e.feedState { out.append(contentsOf: $0) }
        return out
    }

    @Test(arguments: [(false, false, 0), (false, true, 2), (true, false, 0), (true, true, 2), (true, true, 6)])
    func replayingTheBytesGivesTheEncodersState(transparent: Bool, perFrame: Bool, lossy: Int) throws {
        let fs = frames(seed: 7, count: 24, transparent: transparent, perFrame: perFrame)
        var real = GIFEncoder(width: fs[0].width, height: fs[0].height, loop: .forever, lossy: lossy)
        var copy = GIFEncoder(width: fs[0].width, height: fs[0].height, loop: .forever, lossy: lossy)
        var file: [UInt8] = []
        var pieces: [[UInt8]] = []
        var midway: GIFEncoder?, midwayPieces = 0
        for (i, f) in fs.enumerated() {
            // Every fifth frame is added twice: the encoder merges it into the pending one.
            for _ in 0..<(i % 5 == 0 ? 2 : 1) {
                let bytes = real.add(f, delayCentiseconds: 4)
                file += bytes
                if !bytes.isEmpty { let ok = copy.replay(bytes, global: fs[0].palette); #expect(ok); pieces.append(bytes) }
                #expect(state(copy) == state(real), "after frame \(i)")
            }
            if i == 9 { midway = real; midwayPieces = pieces.count }
        }
        // All pieces at once (drawn back to front), and the pieces after frame 9 onto the encoder as it was then.
        var whole = GIFEncoder(width: fs[0].width, height: fs[0].height, loop: .forever, lossy: lossy)
        let all = whole.replay(chunks: pieces.count, { pieces[$0] }, global: fs[0].palette)
        #expect(all)
        #expect(state(whole) == state(real))
        var rest = midway!
        let tail9 = rest.replay(chunks: pieces.count - midwayPieces, { pieces[midwayPieces + $0] }, global: fs[0].palette)
        #expect(tail9)
        #expect(state(rest) == state(real))
        let tail = real.finish()
        file += tail
        let ok = copy.replay(tail, global: fs[0].palette)
        #expect(ok)
        #expect(state(copy) == state(real))
        // And Pillow reads the file the replayed blocks came from.
        let decoded = try gifcheck(file)
        #expect(decoded.report.frames >= 20)
    }

    @Test func stateDiffersWhenTheCanvasDoes() {
        let fs = frames(seed: 3, count: 3, transparent: false, perFrame: false)
        var a = GIFEncoder(width: fs[0].width, height: fs[0].height, loop: .forever)
        var b = a
        _ = a.add(fs[0], delayCentiseconds: 4); _ = a.add(fs[1], delayCentiseconds: 4)
        _ = b.add(fs[0], delayCentiseconds: 4); _ = b.add(fs[2], delayCentiseconds: 4)
        #expect(state(a) == state(b))  // frame 0 is out in both; the pending frames differ (not state)
        _ = a.add(fs[2], delayCentiseconds: 4); _ = b.add(fs[1], delayCentiseconds: 4)
        #expect(state(a) != state(b))
    }

    @Test func refusesBytesItCouldNotHaveWritten() {
        let fs = frames(seed: 5, count: 2, transparent: false, perFrame: false)
        var e = GIFEncoder(width: fs[0].width, height: fs[0].height, loop: .forever)
        var bytes = e.add(fs[0], delayCentiseconds: 4) + e.add(fs[1], delayCentiseconds: 4)
        var other = GIFEncoder(width: fs[0].width + 1, height: fs[0].height, loop: .forever)
        let otherSize = other.replay(bytes, global: fs[0].palette)
        #expect(!otherSize)  // another size
        bytes[bytes.count - 3] ^= 0xFF
        var same = GIFEncoder(width: fs[0].width, height: fs[0].height, loop: .forever)
        let cutOff = same.replay(Array(bytes.prefix(bytes.count - 9)), global: fs[0].palette)
        #expect(!cutOff)
    }

    @Test(arguments: [2, 4, 8])
    func lzwDecodesWhatItEncodes(minCodeSize: Int) {
        var r = TestRandom(seed: UInt64(minCodeSize))
        for n in [1, 2, 300, 9000, 70000] {
            // Runs and noise, so the table fills and resets.
            var idx = [UInt8](repeating: 0, count: n)
            var v = 0
            for i in 0..<n {
                if r.below(4) == 0 { v = r.below(1 << minCodeSize) }
                idx[i] = UInt8(v)
            }
            var data: [UInt8] = []
            idx.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: minCodeSize, into: &data) }
            let back = data.withUnsafeBufferPointer { LZWDecoder.decode($0, at: 0, count: n) }
            #expect(back?.indices == idx, "\(n) indices, code size \(minCodeSize)")
            #expect(back?.end == data.count)
        }
    }
}
