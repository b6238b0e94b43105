import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

/// LZW round trips through Pillow's decoder, plus structural checks of the code stream.
@Suite struct LZWTests {
    func roundTrip(_ w: Int, _ h: Int, palette: Palette, _ indices: [UInt8]) throws {
        let image = IndexedImage(width: w, height: h, indices: indices, palette: palette)
        let gif = GIFEncoder.encode(frames: [(image, 0)], width: w, height: h, loop: .none)
        let (report, frames) = try gifcheck(gif)
        #expect(report.frames == 1)
        #expect(normalised(frames[0]) == render(image))
    }

    func palette(_ n: Int) -> Palette {
        var colors: [RGBColor] = []
        for i in 0..<n {
            let r = UInt8(i), g = UInt8(255 - i), b = UInt8((i * 7) & 255)
            colors.append(RGBColor(r: r, g: g, b: b))
        }
        return Palette(colors: colors)
    }

    @Test func randomIndices() throws {
        var rng = TestRandom(seed: 1)
        try roundTrip(97, 61, palette: palette(256), (0..<(97 * 61)).map { _ in rng.byte() })
        try roundTrip(50, 40, palette: palette(5), (0..<2000).map { _ in UInt8(rng.below(5)) })
    }

    @Test func flatImage() throws {
        try roundTrip(300, 200, palette: palette(16), [UInt8](repeating: 9, count: 60000))
    }

    @Test func singleColourPalette() throws {
        try roundTrip(33, 7, palette: palette(1), [UInt8](repeating: 0, count: 231))
        try roundTrip(1, 1, palette: palette(2), [1])
    }

    @Test func all256Colours() throws {
        try roundTrip(256, 3, palette: palette(256), (0..<768).map { UInt8($0 & 255) })
    }

    @Test func tableResetsBeyond4096Codes() throws {
        // Random data needs about one code per pixel or two: far more than 4096 codes, several clears.
        var rng = TestRandom(seed: 2)
        let n = 200 * 150
        let indices = (0..<n).map { _ in UInt8(rng.below(4)) }
        var out: [UInt8] = []
        indices.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: 2, into: &out) }
        #expect(countClearCodes(out) >= 2)  // the initial clear and at least one reset
        try roundTrip(200, 150, palette: palette(4), indices)
        let wide = (0..<n).map { _ in rng.byte() }
        var wideOut: [UInt8] = []
        wide.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: 8, into: &wideOut) }
        #expect(countClearCodes(wideOut) >= 6)
        try roundTrip(200, 150, palette: palette(256), wide)
    }

    @Test func subBlocksAreWellFormed() {
        var rng = TestRandom(seed: 3)
        let indices = (0..<5000).map { _ in rng.byte() }
        var out: [UInt8] = []
        indices.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: 8, into: &out) }
        #expect(out[0] == 8)
        var pos = 1
        while out[pos] != 0 {
            #expect(out[pos] <= 255)
            pos += Int(out[pos]) + 1
        }
        #expect(pos == out.count - 1)
    }

    @Test func minCodeSize() {
        #expect(LZW.minCodeSize(forTableSize: 2) == 2)
        #expect(LZW.minCodeSize(forTableSize: 4) == 2)
        #expect(LZW.minCodeSize(forTableSize: 8) == 3)
        #expect(LZW.minCodeSize(forTableSize: 256) == 8)
    }

    /// Decodes the code stream (a reference decoder for the test) and counts clear codes.
    func countClearCodes(_ data: [UInt8]) -> Int {
        let minCodeSize = Int(data[0])
        var bytes: [UInt8] = []
        var pos = 1
        while data[pos] != 0 { bytes += data[(pos + 1)...(pos + Int(data[pos]))]; pos += Int(data[pos]) + 1 }
        let clear = 1 << minCodeSize
        var size = minCodeSize + 1, next = clear + 2, bit = 0, clears = 0, first = true
        while bit + size <= bytes.count * 8 {
            var code = 0
            for k in 0..<size where bytes[(bit + k) >> 3] & UInt8(1 << ((bit + k) & 7)) != 0 { code |= 1 << k }
            bit += size
            if code == clear { clears += 1; size = minCodeSize + 1; next = clear + 2; first = true; continue }
            if code == clear + 1 { break }
            if first { first = false; continue }
            if next < 4096 { next += 1 }
            if next == (1 << size) && size < 12 { size += 1 }
        }
        return clears
    }
}

/// A trial LZW encode given a bound gives up exactly when its data could not be shorter than the bound,
/// and otherwise writes the same bytes as an unbounded encode.
@Test func lzwGivesUpOnlyWhenItCannotWin() {
    var rng = TestRandom(seed: 7)
    for n in [1, 40, 3000, 20_000] {
        let indices = (0..<n).map { _ in UInt8(rng.below(n > 1000 ? 9 : 200)) }
        var full: [UInt8] = []
        indices.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: 8, into: &full) }
        var same: [UInt8] = []
        let kept = indices.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: 8, into: &same, below: full.count + 1) }
        #expect(kept && same == full)
        var none: [UInt8] = [42]
        let gaveUp = !indices.withUnsafeBufferPointer { LZW.encode($0, minCodeSize: 8, into: &none, below: full.count) }
        #expect(gaveUp && none == [42])
    }
}
