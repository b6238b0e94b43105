import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

@Suite struct HistogramTests {
    @Test func countsOpaqueColoursAndTransparency() {
        let image = makeImage(4, 4) { x, y in y == 0 ? (1, 2, 3, 10) : (UInt8(x), 0, 0, 255) }
        var h = ColorHistogram()
        #expect(!h.hasTransparency && h.distinctColorCount == 0)
        h.add(image, alphaThreshold: 128)
        #expect(h.hasTransparency)
        #expect(h.distinctColorCount == 4)
        #expect(h.pixelCount == 12)
        let exact = h.exactColors!
        #expect(exact.map(\.count) == [3, 3, 3, 3])
        // Alpha threshold 0: nothing is transparent.
        var all = ColorHistogram()
        all.add(image, alphaThreshold: 0)
        #expect(!all.hasTransparency && all.distinctColorCount == 5)
    }

    @Test func manyColoursFallBackToBins() {
        // 128 × 64 = 8192 distinct colours (over the 4096 kept exactly), in 32 × 32 bins of 8 levels a side.
        let image = makeImage(128, 64) { x, y in (UInt8(x * 2), UInt8(y * 4), 7, 255) }
        var h = ColorHistogram()
        h.add(image, alphaThreshold: 128)
        #expect(h.exactColors == nil)
        #expect(h.distinctColorCount == 1024)
    }

    @Test func mergeEqualsAdd() {
        let a = makeImage(8, 8) { x, y in (UInt8(x * 30), UInt8(y * 30), 0, 255) }
        let b = makeImage(8, 8) { x, y in (0, UInt8(x * 30), UInt8(y * 30), x == 0 ? 0 : 255) }
        var added = ColorHistogram()
        added.add(a, alphaThreshold: 128)
        added.add(b, alphaThreshold: 128)
        var ha = ColorHistogram(), hb = ColorHistogram()
        ha.add(a, alphaThreshold: 128)
        hb.add(b, alphaThreshold: 128)
        var merged = hb
        merged.merge(ha)
        #expect(merged.hasTransparency && added.hasTransparency)
        #expect(merged.distinctColorCount == added.distinctColorCount)
        #expect(merged.exactColors.map { $0.map(\.count) } == added.exactColors.map { $0.map(\.count) })
        #expect(merged.bins == added.bins)
    }

    /// Once the exact table has overflowed, frames go through the bins-only loop: the bins, the pixel
    /// count and the transparency flag must be what counting each pixel gives.
    @Test func binsAfterOverflowCountEveryPixel() {
        let many = makeImage(128, 64) { x, y in (UInt8(x * 2), UInt8(y * 4), 7, 255) }
        let next = makeImage(40, 30) { x, y in (UInt8(x * 6), UInt8(y * 8), UInt8((x * y) % 256), x == y ? 20 : 255) }
        var h = ColorHistogram()
        h.add(many, alphaThreshold: 128)
        h.add(next, alphaThreshold: 128)
        var expected = [Int](repeating: 0, count: ColorHistogram.binCount * 4)
        var opaque = 0
        for image in [many, next] {
            for i in 0..<(image.width * image.height) where image.pixels[4 * i + 3] >= 128 {
                let (r, g, b) = (Int(image.pixels[4 * i]), Int(image.pixels[4 * i + 1]), Int(image.pixels[4 * i + 2]))
                let bin = ((r >> 3) << 10 | (g >> 3) << 5 | (b >> 3)) * 4
                expected[bin] += 1; expected[bin + 1] += r; expected[bin + 2] += g; expected[bin + 3] += b
                opaque += 1
            }
        }
        #expect(h.exactColors == nil)
        #expect(h.bins == expected)
        #expect(h.pixelCount == opaque && h.hasTransparency)
    }
}

