import AnimcPixels
import Foundation
import Testing

/// `scope: auto` (the default), checked on what Pillow decodes.
@Suite struct PaletteScopeTests {
    /// Frame k: a smooth two-dimensional gradient in its own part of the colour space (reds, greens,
    /// blues, greys), hundreds of colours each, so one palette for all four is spread thin.
    func driftingFrame(_ k: Int) -> RGBAImage {
        let w = 48, h = 32
        var px = [UInt8](repeating: 255, count: w * h * 4)
        for y in 0..<h {
            for x in 0..<w {
                let o = (y * w + x) * 4
                let u = UInt8(40 + x * 4), v = UInt8(30 + y * 6)
                let c: (UInt8, UInt8, UInt8) = [(u, v / 3, 20), (v / 3, u, 30), (20, v / 3, u), (u, u / 2 + v / 2, v)][k]
                px[o] = c.0; px[o + 1] = c.1; px[o + 2] = c.2
            }
        }
        return RGBAImage(width: w, height: h, pixels: px)
    }

    /// A gradient with a small square moving over it: every frame has the same colours.
    func steadyFrame(_ k: Int) -> RGBAImage {
        let w = 48, h = 32
        var px = [UInt8](repeating: 255, count: w * h * 4)
        for y in 0..<h {
            for x in 0..<w {
                let o = (y * w + x) * 4
                let inSquare = x >= 4 + k * 8 && x < 12 + k * 8 && y >= 10 && y < 18
                px[o] = inSquare ? 240 : UInt8(30 + x * 4)
                px[o + 1] = inSquare ? 220 : UInt8(20 + y * 5)
                px[o + 2] = inSquare ? 30 : UInt8(200 - x * 3)
            }
        }
        return RGBAImage(width: w, height: h, pixels: px)
    }

    /// `driftingFrame` seen through soft alpha: a 12×8 opaque patch, and around it alpha 90, below the
    /// threshold, so GIF shows nothing there whatever the palette. On the patch alone frames' own palettes
    /// are far more faithful; on what is shown the gain is hidden by the vanished haze.
    func hazyFrame(_ k: Int) -> RGBAImage {
        var img = driftingFrame(k)
        for y in 0..<img.height {
            for x in 0..<img.width where !(x >= 18 && x < 30 && y >= 12 && y < 20) {
                img.pixels[(y * img.width + x) * 4 + 3] = 90
            }
        }
        return img
    }

    func build(_ frame: (Int) -> RGBAImage, scope: String?) throws -> (gif: [UInt8], decoded: DecodedGIF, stdout: String) {
        let p = try Project()
        for k in 0..<4 { try p.write("f/\(k).png", image: frame(k)) }
        let palette = scope.map { "\n    palette: {colors: 32, scope: \($0)}" } ?? "\n    palette: {colors: 32}"
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: a.gif
                frames: [{glob: "f/*.png"}]\(palette)
            """)
        let run = try p.animc("build", "--explain")
        #expect(run.status == 0, "\(run.stderr)")
        return (try p.read("a.gif"), try DecodedGIF.decode(p.url("a.gif")), run.stdout + run.stderr)
    }

    func meanPSNR(_ gif: DecodedGIF, _ frame: (Int) -> RGBAImage) -> Double {
        (0..<4).map { psnr(gif.frames[$0], frame($0)) }.reduce(0, +) / 4
    }

    @Test func autoGivesFramesTheirOwnPalettesWhenColoursDrift() throws {
        let auto = try build(driftingFrame, scope: nil)
        let global = try build(driftingFrame, scope: "global")
        #expect(auto.decoded.frameCount == 4)
        // Clearly more faithful than one palette for all, and the GIF carries local colour tables.
        #expect(meanPSNR(auto.decoded, driftingFrame) > meanPSNR(global.decoded, driftingFrame) + 3)
        #expect(GIFStructure.localColorTables(auto.gif) == 3)
        #expect(GIFStructure.localColorTables(global.gif) == 0)
        #expect(auto.stdout.contains("per-frame palettes"), "\(auto.stdout)")
    }

    @Test func autoWithOwnPalettesRequantizesOnlyTheChangedFrame() throws {
        let p = try Project()
        for k in 0..<4 { try p.write("f/\(k).png", image: driftingFrame(k)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: a.gif
                frames: [{glob: "f/*.png"}]
                palette: {colors: 32}
            """)
        #expect(try p.animc("build", "--json").steps.quantized == 4)
        // Frame 2 becomes frame 1 mirrored: the palette step runs again (it decides from every frame),
        // chooses per-frame palettes again, and the three other frames come from the cache.
        var img = driftingFrame(1)
        for y in 0..<img.height {
            for x in 0..<(img.width / 2) {
                for c in 0..<4 { img.pixels.swapAt((y * img.width + x) * 4 + c, (y * img.width + img.width - 1 - x) * 4 + c) }
            }
        }
        try p.write("f/2.png", image: img)
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.steps.quantized == 1)
        #expect(run.steps.encoded == 1)
        // The same bytes as a cold build of the same frames.
        let warm = try p.read("a.gif")
        try p.remove(".animc-cache")
        #expect(try p.animc("build", "--json").steps.quantized == 4)
        #expect(try p.read("a.gif") == warm)
    }

    @Test func autoDecidesTheSameWhateverTheJobs() throws {
        let p = try Project()
        for k in 0..<12 { try p.write("f/\(k).png", image: driftingFrame(k % 4)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: a.gif
                frames: [{glob: "f/*.png"}]
            """)
        var outputs: [[UInt8]] = []
        for jobs in ["1", "3"] {
            let run = try p.animc("build", "--jobs", jobs, "--cache-dir", "cache-\(jobs)")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("chose per-frame palettes"))
            outputs.append(try p.read("a.gif"))
            try p.remove("a.gif")
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test func autoKeepsOnePaletteWhenSoftAlphaHidesTheGain() throws {
        let auto = try build(hazyFrame, scope: nil)
        let global = try build(hazyFrame, scope: "global")
        #expect(auto.gif == global.gif)
        #expect(GIFStructure.localColorTables(auto.gif) == 0)
        #expect(!auto.stdout.contains("per-frame palettes"), "\(auto.stdout)")
        // Pillow shows the patch close to the source and the haze transparent.
        for k in 0..<4 {
            let shown = auto.decoded.frames[k], source = hazyFrame(k)
            #expect(shown.pixels[(0 * shown.width + 0) * 4 + 3] == 0)
            let o = (15 * shown.width + 24) * 4
            #expect(shown.pixels[o + 3] == 255)
            for c in 0..<3 { #expect(abs(Int(shown.pixels[o + c]) - Int(source.pixels[o + c])) <= 24) }
        }
    }

    @Test func autoKeepsOnePaletteWhenFramesShareTheirColours() throws {
        let auto = try build(steadyFrame, scope: "auto")
        let global = try build(steadyFrame, scope: "global")
        #expect(auto.gif == global.gif)
        #expect(GIFStructure.localColorTables(auto.gif) == 0)
    }
}

/// Reads a GIF's block structure (not its pixels: Pillow decodes those).
enum GIFStructure {
    /// How many image descriptors carry a local colour table.
    static func localColorTables(_ d: [UInt8]) -> Int? {
        guard d.count >= 13 else { return nil }
        var p = 13
        if d[10] & 0x80 != 0 { p += 3 << (Int(d[10] & 7) + 1) }
        var count = 0
        func skipSubBlocks() { while p < d.count && d[p] != 0 { p += Int(d[p]) + 1 }; p += 1 }
        while p < d.count {
            switch d[p] {
            case 0x3B: return count
            case 0x21: p += 2; skipSubBlocks()
            case 0x2C:
                guard p + 10 <= d.count else { return nil }
                let flags = d[p + 9]
                p += 10
                if flags & 0x80 != 0 { count += 1; p += 3 << (Int(flags & 7) + 1) }
                p += 1  // LZW minimum code size
                skipSubBlocks()
            default: return nil
            }
        }
        return nil
    }
}
