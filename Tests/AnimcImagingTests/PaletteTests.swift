import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

@Suite struct PaletteTests {
    func gradient(_ k: Int) -> RGBAImage {
        makeImage(64, 64) { x, y in (UInt8(x * 4), UInt8(y * 4), UInt8((x + y + k * 16) & 255), 255) }
    }

    @Test func respectsMaxColors() {
        var h = ColorHistogram()
        h.add(gradient(0), alphaThreshold: 128)
        #expect(h.distinctColorCount > 256)
        for max in [2, 16, 64, 256] {
            let p = PaletteBuilder.build(from: h, maxColors: max)
            #expect(p.colors.count <= max)
            #expect(p.colors.count >= max / 2)
            #expect(p.transparentIndex == nil)
        }
        h.add(RGBAImage(width: 2, height: 2), alphaThreshold: 128)  // transparent pixels
        let p = PaletteBuilder.build(from: h, maxColors: 32)
        #expect(p.colors.count <= 32)
        #expect(p.transparentIndex == p.colors.count - 1)
    }

    @Test func exactWhenFewColours() {
        let colors: [(UInt8, UInt8, UInt8)] = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (10, 20, 30), (250, 250, 250)]
        let image = makeImage(10, 10) { x, y in
            if x == 0 && y == 0 { return (9, 9, 9, 0) }
            let c = colors[(x + y) % 5]; return (c.0, c.1, c.2, 255)
        }
        var h = ColorHistogram()
        h.add(image, alphaThreshold: 128)
        #expect(h.distinctColorCount == 5)
        let p = PaletteBuilder.build(from: h, maxColors: 6)
        #expect(p.colors.count == 6)
        #expect(p.transparentIndex == 5)
        let opaque = Set(p.colors.prefix(5))
        #expect(opaque == Set(colors.map { RGBColor(r: $0.0, g: $0.1, b: $0.2) }))
        // One slot short: the palette reduces instead.
        let q = PaletteBuilder.build(from: h, maxColors: 5)
        #expect(q.colors.count <= 5)
    }

    @Test func deterministicAcrossRunsAndMergeOrders() {
        let images = (0..<4).map(gradient)
        var parts: [ColorHistogram] = []
        for im in images {
            var h = ColorHistogram()
            h.add(im, alphaThreshold: 128)
            parts.append(h)
        }
        var forward = ColorHistogram()
        for p in parts { forward.merge(p) }
        var backward = ColorHistogram()
        for p in parts.reversed() { backward.merge(p) }
        var streamed = ColorHistogram()
        for im in images { streamed.add(im, alphaThreshold: 128) }
        let a = PaletteBuilder.build(from: forward, maxColors: 64)
        #expect(a == PaletteBuilder.build(from: backward, maxColors: 64))
        #expect(a == PaletteBuilder.build(from: streamed, maxColors: 64))
        #expect(a == PaletteBuilder.build(from: forward, maxColors: 64))
        #expect(forward.distinctColorCount == backward.distinctColorCount)

        // Small colour sets too: the exact table must not depend on insertion order.
        let small = (0..<3).map { k in makeImage(8, 8) { x, _ in (UInt8(x * 30 + k), 0, 0, 255) } }
        var s1 = ColorHistogram(), s2 = ColorHistogram()
        for im in small { var h = ColorHistogram(); h.add(im, alphaThreshold: 128); s1.merge(h) }
        for im in small.reversed() { var h = ColorHistogram(); h.add(im, alphaThreshold: 128); s2.merge(h) }
        #expect(PaletteBuilder.build(from: s1, maxColors: 256) == PaletteBuilder.build(from: s2, maxColors: 256))
    }

    @Test func reducedPaletteIsFaithful() {
        // Mean squared error of mapping a smooth image to 64 colours stays small.
        let image = gradient(1)
        var h = ColorHistogram()
        h.add(image, alphaThreshold: 128)
        let p = PaletteBuilder.build(from: h, maxColors: 64)
        let q = Quantizer.quantize(image, palette: p, options: QuantizeOptions(dither: .none))
        var se = 0.0
        for i in 0..<(64 * 64) {
            let c = p.colors[Int(q.indices[i])]
            for (k, v) in [c.r, c.g, c.b].enumerated() {
                let d = Double(v) - Double(image.pixels[i * 4 + k])
                se += d * d
            }
        }
        let mse = se / Double(64 * 64 * 3)
        #expect(mse < 60)  // PSNR > 30 dB
    }

    @Test func toleranceStopsThePaletteWhenColoursAreReproduced() {
        // 40 tight clusters of 8 colours each (one level apart): 320 colours, so the palette must be
        // reduced. Within tolerance 1 one entry per cluster is enough; with 0 every slot is used.
        var px: [UInt8] = []
        for c in 0..<40 {
            let base = (UInt8(c * 6), UInt8(250 - c * 5), UInt8((c * 37) % 250))
            for k in 0..<8 {
                let d = (UInt8(k & 1), UInt8(k >> 1 & 1), UInt8(k >> 2 & 1))
                for _ in 0..<(1 + k) { px += [base.0 + d.0, base.1 + d.1, base.2 + d.2, 255] }
            }
        }
        let image = RGBAImage(width: px.count / 4, height: 1, pixels: px)
        var h = ColorHistogram()
        h.add(image, alphaThreshold: 128)
        let loose = PaletteBuilder.build(from: h, maxColors: 256, tolerance: 1)
        let full = PaletteBuilder.build(from: h, maxColors: 256, tolerance: 0)
        #expect(full.colors.count == 256)
        #expect(loose.colors.count >= 40 && loose.colors.count < 64)
        // And the reduced palette is within the tolerance: RMS error per channel at most 1 level.
        let q = Quantizer.quantize(image, palette: loose, options: QuantizeOptions(dither: .none))
        var se = 0.0
        for i in 0..<(image.width) {
            let c = loose.colors[Int(q.indices[i])]
            for (k, v) in [c.r, c.g, c.b].enumerated() {
                let d = Double(v) - Double(px[i * 4 + k])
                se += d * d
            }
        }
        #expect((se / Double(image.width * 3)).squareRoot() <= 1)
    }

    @Test func fixedPalettes() {
        let colors = [RGBColor(r: 1, g: 2, b: 3), RGBColor(r: 4, g: 5, b: 6)]
        #expect(PaletteBuilder.fixed(colors, transparency: false) == Palette(colors: colors))
        let t = PaletteBuilder.fixed(colors, transparency: true)
        #expect(t.colors.count == 3 && t.transparentIndex == 2)
        let full = (0..<256).map { RGBColor(r: UInt8($0), g: 0, b: 0) }
        #expect(PaletteBuilder.fixed(full, transparency: true).transparentIndex == nil)
    }

    @Test func emptyAndAllTransparentHistograms() {
        let empty = PaletteBuilder.build(from: ColorHistogram(), maxColors: 16)
        #expect(empty.colors.count >= 1)
        var h = ColorHistogram()
        h.add(RGBAImage(width: 3, height: 3), alphaThreshold: 128)
        #expect(h.hasTransparency && h.distinctColorCount == 0)
        let p = PaletteBuilder.build(from: h, maxColors: 16)
        #expect(p.transparentIndex != nil)
    }
}
