import AnimcPixels
import Foundation
import Testing

/// Visual behaviours, checked on what Pillow decodes: static regions stay still when something else moves.
@Suite struct PictureTests {
    static let width = 128, height = 96
    /// Columns where the flat panel starts (behind an edge from the gradient).
    static let panel = 96
    /// Rows the moving square covers.
    static let squareRows = 36..<44

    /// The square's columns in frame `i`: it moves 6 pixels a frame through the gradient.
    static func squareColumns(_ i: Int) -> Range<Int> { (20 + i * 6)..<(28 + i * 6) }

    /// A smooth gradient with a flat panel on the right; a square moves in the gradient. The image is
    /// big enough for whole 16×16 tiles of gradient to the right of and below the square.
    func frame(_ i: Int) -> RGBAImage {
        let w = Self.width, h = Self.height
        var px = [UInt8](repeating: 255, count: w * h * 4)
        for y in 0..<h {
            for x in 0..<w {
                let o = (y * w + x) * 4
                if Self.squareRows.contains(y) && Self.squareColumns(i).contains(x) {
                    px[o] = 250; px[o + 1] = 30; px[o + 2] = 30
                } else if x >= Self.panel {
                    px[o] = 40; px[o + 1] = 40; px[o + 2] = 48  // flat panel behind an edge
                } else {
                    px[o] = UInt8(60 + x * 2); px[o + 1] = UInt8(60 + y * 2); px[o + 2] = UInt8(220 - x * 2)
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
    func changedOutsideTheSquare(_ a: RGBAImage, _ b: RGBAImage) -> Int {
        var n = 0
        for y in 0..<a.height where !Self.squareRows.contains(y) {
            for x in 0..<a.width {
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
        // Floyd–Steinberg keeps its error inside fixed 16×16 tiles, so with one palette a tile whose
        // source pixels did not change dithers the same: outside the tiles the square touches in
        // either frame, nothing changes, including the gradient below and to the right of it.
        let gif = try build(dither: "floyd-steinberg")
        #expect(gif.frameCount == 3)
        let tile = 16
        for k in 1..<3 {
            let rows = Self.squareRows.lowerBound / tile...(Self.squareRows.upperBound - 1) / tile
            let columns = Self.squareColumns(k - 1).lowerBound / tile...(Self.squareColumns(k).upperBound - 1) / tile
            var changed = 0, checkedBelow = 0, checkedRight = 0
            for y in 0..<Self.height {
                for x in 0..<Self.width where !(rows.contains(y / tile) && columns.contains(x / tile)) {
                    if x < Self.panel && y / tile > rows.upperBound { checkedBelow += 1 }
                    if x < Self.panel && x / tile > columns.upperBound && rows.contains(y / tile) { checkedRight += 1 }
                    let o = (y * Self.width + x) * 4
                    if gif.frames[k - 1].pixels[o..<o + 4] != gif.frames[k].pixels[o..<o + 4] { changed += 1 }
                }
            }
            #expect(changed == 0, "frame \(k): \(changed) static pixels changed outside the square's tiles")
            // The gradient does continue below and to the right of the square's tiles.
            #expect(checkedBelow >= 16 * 16 && checkedRight >= 16 * 16)
        }
    }
}
