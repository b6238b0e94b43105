import AnimcPixels
import Foundation
import Testing

/// `palette: {alpha-dither: true}` through the real binary, checked with Pillow.
@Suite struct AlphaDitherEndToEndTests {
    /// A glow of alpha 80 (under the default threshold of 128) that stays still, and a moving opaque dot.
    static func frame(_ k: Int) -> RGBAImage {
        let w = 32, h = 16
        var px = [UInt8](repeating: 0, count: w * h * 4)
        for y in 0..<h {
            for x in 0..<w {
                let o = (y * w + x) * 4
                if x < 16 {
                    px[o] = 255; px[o + 1] = 200; px[o + 2] = 60; px[o + 3] = 80
                } else if x == 18 + k * 3, y == 8 {
                    px[o] = 30; px[o + 1] = 30; px[o + 2] = 200; px[o + 3] = 255
                }
            }
        }
        return RGBAImage(width: w, height: h, pixels: px)
    }

    func build(_ palette: String) throws -> DecodedGIF {
        let p = try Project()
        for k in 0..<4 { try p.write("f/\(k).png", image: Self.frame(k)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              glow:
                output: glow.gif
                frames: [{glob: "f/*.png"}]
                palette: \(palette)
            """)
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        return try DecodedGIF.decode(p.url("glow.gif"))
    }

    func glowShown(_ f: RGBAImage) -> [Bool] {
        (0..<16).flatMap { y in (0..<16).map { x in f.pixels[(y * 32 + x) * 4 + 3] != 0 } }
    }

    @Test func aFaintGlowStaysVisibleAndStill() throws {
        let gif = try build("{alpha-dither: true, scope: global}")
        #expect(gif.frameCount == 4)
        let first = glowShown(gif.frames[0])
        // Alpha 80 against thresholds 2, 6, …, 254: 20 of every 64 pixels show.
        #expect(first.filter { $0 }.count == 4 * 20)
        for f in gif.frames.dropFirst() { #expect(glowShown(f) == first) }
        // The glow's colour is in the palette: shown glow pixels are within a level or two of it.
        for (i, on) in first.enumerated() where on {
            let (y, x) = (i / 16, i % 16)
            let px = gif.frames[0].pixels[(y * 32 + x) * 4..<(y * 32 + x) * 4 + 3].map(Int.init)
            #expect(abs(px[0] - 255) + abs(px[1] - 200) + abs(px[2] - 60) <= 6)
        }
        let plain = try build("{scope: global}")
        #expect(glowShown(plain.frames[0]).allSatisfy { !$0 })
    }

    @Test func aBadValueIsALocatedError() throws {
        let p = try Project()
        try p.write("f/0.png", image: Self.frame(0))
        try p.write("animc.yaml", """
            version: 1
            animations:
              glow:
                output: glow.gif
                frames: [{glob: "f/*.png"}]
                palette: {alpha-dither: maybe}
            """)
        let run = try p.animc("build")
        #expect(run.status != 0)
        #expect(run.stderr.contains("animc.yaml:6:"))
        #expect(run.stderr.contains("alpha-dither"))
    }
}
