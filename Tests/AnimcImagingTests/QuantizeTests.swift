import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

@Suite struct QuantizeTests {
    func weighted(_ c: RGBColor, _ r: Int, _ g: Int, _ b: Int) -> Int {
        ColorMetric.distance(Int(c.r), Int(c.g), Int(c.b), r, g, b)
    }

    @Test func noDitherMapsToNearest() {
        var rng = TestRandom(seed: 11)
        let palette = Palette(colors: (0..<37).map { _ in RGBColor(r: rng.byte(), g: rng.byte(), b: rng.byte()) } + [RGBColor(r: 0, g: 0, b: 0)],
                              transparentIndex: 37)
        let image = makeImage(50, 50) { _, _ in (rng.byte(), rng.byte(), rng.byte(), rng.byte()) }
        let q = Quantizer.quantize(image, palette: palette, options: QuantizeOptions(dither: .none))
        for i in 0..<2500 {
            let px = image.pixels[(i * 4)..<(i * 4 + 4)].map(Int.init)
            if px[3] < 128 { #expect(q.indices[i] == 37); continue }
            let best = palette.colors.prefix(37).map { weighted($0, px[0], px[1], px[2]) }.min()!
            #expect(Int(q.indices[i]) != 37)
            #expect(weighted(palette.colors[Int(q.indices[i])], px[0], px[1], px[2]) == best)
        }
    }

    @Test func floydSteinbergPreservesGradientMean() {
        let image = makeImage(256, 16) { x, _ in (UInt8(x), UInt8(x), UInt8(x), 255) }
        let palette = grayPalette(4)
        let q = Quantizer.quantize(image, palette: palette, options: QuantizeOptions(dither: .floydSteinberg))
        let plain = Quantizer.quantize(image, palette: palette, options: QuantizeOptions(dither: .none))
        // Mean over 32-pixel column bands stays close to the source (undithered mapping does not).
        var worstDithered = 0.0, worstPlain = 0.0
        for band in 0..<8 {
            var s = 0.0, d = 0.0, p = 0.0
            for y in 0..<16 {
                for x in (band * 32)..<(band * 32 + 32) {
                    s += Double(x)
                    d += Double(palette.colors[Int(q.indices[y * 256 + x])].r)
                    p += Double(palette.colors[Int(plain.indices[y * 256 + x])].r)
                }
            }
            worstDithered = max(worstDithered, abs(d - s) / 512)
            worstPlain = max(worstPlain, abs(p - s) / 512)
        }
        #expect(worstDithered < 6)
        #expect(worstPlain > worstDithered)
    }

    @Test func floydSteinbergIsAPureFunctionOfTheFrame() {
        var rng = TestRandom(seed: 5)
        let image = makeImage(40, 30) { _, _ in (rng.byte(), rng.byte(), rng.byte(), 255) }
        let palette = Palette(colors: (0..<16).map { i in RGBColor(r: UInt8(i * 17), g: UInt8(255 - i * 17), b: 128) })
        let options = QuantizeOptions(dither: .floydSteinberg, strength: 0.8)
        #expect(Quantizer.quantize(image, palette: palette, options: options)
                == Quantizer.quantize(image, palette: palette, options: options))
    }

    @Test func floydSteinbergIsolatesRegionsAcrossEdges() {
        // Left half: a flat colour exactly in the palette. Right half: noise that changes between frames.
        // The left half must come out the same in both frames.
        let palette = Palette(colors: [RGBColor(r: 0, g: 0, b: 0), RGBColor(r: 255, g: 255, b: 255),
                                       RGBColor(r: 0, g: 0, b: 200), RGBColor(r: 200, g: 0, b: 0)])
        func frame(_ seed: UInt64) -> RGBAImage {
            var rng = TestRandom(seed: seed)
            return makeImage(32, 32) { x, _ in x < 16 ? (0, 0, 200, 255) : (rng.byte(), rng.byte(), rng.byte(), 255) }
        }
        let options = QuantizeOptions(dither: .floydSteinberg)
        let a = Quantizer.quantize(frame(1), palette: palette, options: options)
        let b = Quantizer.quantize(frame(2), palette: palette, options: options)
        for y in 0..<32 { for x in 0..<16 { #expect(a.indices[y * 32 + x] == 2 && b.indices[y * 32 + x] == 2) } }
    }

    @Test func orderedDitherIsStable() {
        let palette = grayPalette(6)
        let image = makeImage(64, 64) { x, y in (UInt8(x * 4), UInt8(y * 4), UInt8(x + y), 255) }
        let options = QuantizeOptions(dither: .ordered)
        let a = Quantizer.quantize(image, palette: palette, options: options)
        #expect(a == Quantizer.quantize(image, palette: palette, options: options))
        // Same pixels elsewhere in another frame get the same indices where the frames agree.
        var changed = image
        for i in 0..<(64 * 20 * 4) { changed.pixels[i] = 255 - changed.pixels[i] }
        let b = Quantizer.quantize(changed, palette: palette, options: options)
        #expect(Array(a.indices[(64 * 20)...]) == Array(b.indices[(64 * 20)...]))
        // And it actually dithers: more than the undithered levels appear in a smooth ramp region.
        let plain = Quantizer.quantize(image, palette: palette, options: QuantizeOptions(dither: .none))
        #expect(a.indices != plain.indices)
    }

    @Test func transparentPixelsUseTheTransparentIndex() {
        let palette = grayPalette(4, transparent: true)
        let image = makeImage(16, 16) { x, y in (UInt8(x * 16), UInt8(x * 16), UInt8(x * 16), y < 8 ? 0 : 255) }
        for dither in DitherMethod.allCases {
            let q = Quantizer.quantize(image, palette: palette, options: QuantizeOptions(dither: dither))
            for i in 0..<256 { #expect((q.indices[i] == 4) == (i < 128)) }
        }
    }

    @Test func strengthZeroEqualsNoDither() {
        let image = makeImage(32, 8) { x, _ in (UInt8(x * 8), 100, 50, 255) }
        let palette = grayPalette(5)
        let none = Quantizer.quantize(image, palette: palette, options: QuantizeOptions(dither: .none))
        for d in [DitherMethod.floydSteinberg, .ordered] {
            #expect(Quantizer.quantize(image, palette: palette, options: QuantizeOptions(dither: d, strength: 0)) == none)
        }
    }
}
