import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

/// `alpha-dither`: soft alpha becomes a stable ordered pattern, checked through Pillow's decoding of the GIF.
@Suite struct AlphaDitherTests {
    static let w = 64, h = 32

    /// Alpha of the smoke in each band of 8 columns.
    static let bands: [Int] = [0, 40, 100, 200]

    /// Left half: orange "smoke" in four bands of alpha (`bands`), the same in every frame; right half: an
    /// opaque blue square that moves with `k` over a transparent background.
    static func frame(_ k: Int) -> RGBAImage {
        var px = [UInt8](repeating: 0, count: w * h * 4)
        for y in 0..<h {
            for x in 0..<w {
                let o = (y * w + x) * 4
                if x < 32 {
                    px[o] = 250; px[o + 1] = 140; px[o + 2] = 30; px[o + 3] = UInt8(Self.bands[x / 8])
                } else if x >= 36 + k * 4 && x < 44 + k * 4 && y >= 10 && y < 18 {
                    px[o] = 20; px[o + 1] = 40; px[o + 2] = 220; px[o + 3] = 255
                }
            }
        }
        return RGBAImage(width: w, height: h, pixels: px)
    }

    static let palette = Palette(colors: [RGBColor(r: 0, g: 0, b: 0), RGBColor(r: 250, g: 140, b: 30),
                                          RGBColor(r: 20, g: 40, b: 220)], transparentIndex: 0)

    func gif(alphaDither: Bool) throws -> [[UInt8]] {
        let options = QuantizeOptions(dither: .none, alphaThreshold: 128, alphaDither: alphaDither)
        let frames = (0..<3).map { (Quantizer.quantize(Self.frame($0), palette: Self.palette, options: options), 10) }
        let (report, decoded) = try gifcheck(GIFEncoder.encode(frames: frames, width: Self.w, height: Self.h, loop: .forever))
        #expect(report.frames == 3)
        return decoded
    }

    /// Opaque pixels of the smoke's column `x` in a decoded frame.
    func shown(_ rgba: [UInt8], column x: Int) -> Int {
        (0..<Self.h).filter { rgba[($0 * Self.w + x) * 4 + 3] != 0 }.count
    }

    @Test func softAlphaShowsInProportionAndStaysStill() throws {
        let frames = try gif(alphaDither: true)
        for (band, alpha) in Self.bands.enumerated() {
            // 64 thresholds 2, 6, …, 254 per 8×8 tile: alpha a shows (a - 2) / 4 + 1 of them, in each of 4 tiles.
            let expected = alpha < 2 ? 0 : 4 * ((alpha - 2) / 4 + 1)
            #expect((0..<8).map { shown(frames[0], column: band * 8 + $0) }.reduce(0, +) == expected, "alpha \(alpha)")
        }
        // Still smoke keeps exactly the same pixels while the square moves.
        let smoke = { (f: [UInt8]) in (0..<Self.h).flatMap { y in (0..<32).map { x in f[(y * Self.w + x) * 4 + 3] } } }
        #expect(smoke(frames[1]) == smoke(frames[0]))
        #expect(smoke(frames[2]) == smoke(frames[0]))
        // Shown smoke pixels carry the smoke's colour.
        for y in 0..<Self.h {
            for x in 0..<32 where frames[0][(y * Self.w + x) * 4 + 3] != 0 {
                #expect(Array(frames[0][(y * Self.w + x) * 4..<(y * Self.w + x) * 4 + 3]) == [250, 140, 30])
            }
        }
    }

    @Test func withoutItSoftAlphaIsCutAtTheThreshold() throws {
        let frames = try gif(alphaDither: false)
        for x in 0..<32 { #expect(shown(frames[0], column: x) == (Self.bands[x / 8] >= 128 ? Self.h : 0), "column \(x)") }
    }
}
