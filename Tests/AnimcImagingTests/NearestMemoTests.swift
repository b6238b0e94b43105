import Testing
@testable import AnimcColour
@testable import AnimcPixels

/// The nearest-colour memo and the per-thread tables of shared palettes (`NearestMemo.forThread`) must
/// answer exactly what a full search of the palette answers, for every colour, whichever palette the
/// thread mapped before and whatever its memo remembers from earlier images.
@Suite struct NearestMemoTests {
    static func palette(_ seed: UInt64, count: Int, transparent: Int?) -> Palette {
        var rng = SplitMix(seed: seed)
        var colors = (0..<count).map { _ in
            RGBColor(r: UInt8(truncatingIfNeeded: rng.next()), g: UInt8(truncatingIfNeeded: rng.next()),
                     b: UInt8(truncatingIfNeeded: rng.next()))
        }
        if count > 8 { colors[count - 1] = colors[3] }  // a tie: the lower index must win
        return Palette(colors: colors, transparentIndex: transparent)
    }

    /// The full search: the lowest index among the nearest opaque entries.
    static func exhaustive(_ p: Palette, _ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        var best = Int.max, index = 0
        for (i, c) in p.colors.enumerated() where i != p.transparentIndex {
            let d = ColorMetric.distance(Int(c.r), Int(c.g), Int(c.b), r, g, b)
            if d < best { best = d; index = i }
        }
        return UInt8(index)
    }

    /// An opaque image of `count` pseudo-random colours (noise: many distinct colours, some repeated).
    static func noise(_ seed: UInt64, width: Int, height: Int) -> RGBAImage {
        var rng = SplitMix(seed: seed)
        var px = [UInt8](repeating: 255, count: width * height * 4)
        for i in 0..<(width * height) {
            let v = rng.next()
            // A quarter of the pixels repeat a few colours, so the memo is hit as well as missed.
            let c = i % 4 == 0 ? (v % 7) &* 0x2F_1D_0B : v
            px[4 * i] = UInt8(truncatingIfNeeded: c); px[4 * i + 1] = UInt8(truncatingIfNeeded: c >> 8)
            px[4 * i + 2] = UInt8(truncatingIfNeeded: c >> 16)
        }
        return RGBAImage(width: width, height: height, pixels: px)
    }

    @Test(arguments: [(2, nil), (17, 0), (200, nil), (256, 5)] as [(Int, Int?)])
    func memoGivesTheFullSearchsIndexForEveryColour(count: Int, transparent: Int?) {
        let p = Self.palette(UInt64(count), count: count, transparent: transparent)
        let other = Self.palette(UInt64(count) + 1000, count: count, transparent: transparent)
        let plain = QuantizeOptions(dither: .none)
        // Shared palette: the thread's table and memo are kept from image to image, and replaced when
        // another palette comes between.
        for (k, palette) in [p, p, other, p].enumerated() {
            let image = Self.noise(UInt64(k % 2), width: 160, height: 120)
            let shared = Quantizer.quantize(image, palette: palette, options: plain, sharedPalette: true)
            let own = Quantizer.quantize(image, palette: palette, options: plain, sharedPalette: false)
            #expect(shared.indices == own.indices)
            var mismatches = 0
            for i in 0..<(image.width * image.height) {
                let (r, g, b) = (Int(image.pixels[4 * i]), Int(image.pixels[4 * i + 1]), Int(image.pixels[4 * i + 2]))
                if shared.indices[i] != Self.exhaustive(palette, r, g, b) { mismatches += 1 }
            }
            #expect(mismatches == 0, "image \(k)")
        }
    }

    /// Every colour of a 5-bit lattice of the cube (32,768 colours, mapped twice so the second pass is
    /// answered from the memo) against the full search, through a shared palette's memo.
    @Test func everyLatticeColourMatchesTheFullSearch() {
        let p = Self.palette(7, count: 256, transparent: nil)
        var px: [UInt8] = []
        px.reserveCapacity(32 * 32 * 32 * 4)
        for r in 0..<32 { for g in 0..<32 { for b in 0..<32 { px += [UInt8(r * 8 + 1), UInt8(g * 8 + 6), UInt8(b * 8 + 3), 255] } } }
        let image = RGBAImage(width: 256, height: 128, pixels: px)
        let expected = (0..<(256 * 128)).map { Self.exhaustive(p, Int(px[4 * $0]), Int(px[4 * $0 + 1]), Int(px[4 * $0 + 2])) }
        for _ in 0..<2 {
            let q = Quantizer.quantize(image, palette: p, options: QuantizeOptions(dither: .none), sharedPalette: true)
            #expect(q.indices == expected)
        }
    }
}
