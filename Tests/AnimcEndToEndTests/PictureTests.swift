import AnimcImaging
import Foundation
import Testing

/// Visual behaviours, checked on what Pillow decodes: static regions stay still when something else moves.
@Suite struct PictureTests {
    /// A smooth gradient with a flat panel on the right; a square moves in the left half.
    func frame(_ i: Int) -> RGBAImage {
        let w = 64, h = 48
        var px = [UInt8](repeating: 255, count: w * h * 4)
        for y in 0..<h {
            for x in 0..<w {
                let o = (y * w + x) * 4
                let inSquare = x >= 4 + i * 6 && x < 12 + i * 6 && y >= 20 && y < 28
                if inSquare {
                    px[o] = 250; px[o + 1] = 30; px[o + 2] = 30
                } else if x >= 40 {
                    px[o] = 40; px[o + 1] = 40; px[o + 2] = 48  // flat panel behind an edge
                } else {
                    px[o] = UInt8(60 + x * 3); px[o + 1] = UInt8(80 + y * 2); px[o + 2] = UInt8(200 - x * 2)
                }
            }
        }
        return RGBAImage(width: w, height: h, pixels: px)
    }

    func build(dither: String) throws -> DecodedGIF {
        let p = try Project()
        for i in 0..<3 { try p.write("f/\(i).png", image: frame(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: a.gif
                frames: [{glob: "f/*.png"}]
                palette: {colors: 16, dither: \(dither)}
            """)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        return try DecodedGIF.decode(p.url("a.gif"))
    }

    /// Pixels that differ between two decoded frames, outside the band of rows the square moves in.
    func changedOutsideTheSquare(_ a: RGBAImage, _ b: RGBAImage, fromColumn x0: Int = 0) -> Int {
        var n = 0
        for y in 0..<a.height where !(20..<28).contains(y) {
            for x in x0..<a.width {
                let o = (y * a.width + x) * 4
                if a.pixels[o..<o + 4] != b.pixels[o..<o + 4] { n += 1 }
            }
        }
        return n
    }

    @Test(arguments: ["none", "ordered"])
    func staticRegionsAreIdenticalAcrossFrames(dither: String) throws {
        let gif = try build(dither: dither)
        #expect(gif.frameCount == 3)
        for k in 1..<3 { #expect(changedOutsideTheSquare(gif.frames[k - 1], gif.frames[k]) == 0) }
    }

    @Test func floydSteinbergKeepsStaticRegionsStill() throws {
        let gif = try build(dither: "floyd-steinberg")
        for k in 1..<3 {
            // Behind an edge (the flat panel) nothing moves, and rows above the moving square never
            // change (error flows only right and down). Below it, inside the same smooth gradient,
            // error diffusion still shimmers: that is the known cost of Floyd–Steinberg, and why
            // animc's default is no dithering.
            #expect(changedOutsideTheSquare(gif.frames[k - 1], gif.frames[k], fromColumn: 40) == 0)
            let above = (0..<20).flatMap { y in (0..<64).map { (y * 64 + $0) * 4 } }
                .filter { gif.frames[k - 1].pixels[$0..<$0 + 4] != gif.frames[k].pixels[$0..<$0 + 4] }
            #expect(above.isEmpty)
        }
    }
}
