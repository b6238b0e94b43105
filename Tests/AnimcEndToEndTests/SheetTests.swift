import AnimcPixels
import Foundation
import Testing

/// Sprite sheets (issue #14): rows, starts, explicit tiles, per-tile delays, the grid check, one
/// decode per sheet, and tiles keyed by their own pixels.
@Suite struct SheetTests {
    static let tile = 16, columns = 4, rows = 3

    /// Tile k: a flat colour of its own with a small marker, so every tile differs.
    static func tileImage(_ k: Int) -> RGBAImage {
        var img = Frames.solid(UInt8(20 + k * 18), UInt8(200 - k * 15), UInt8(k * 7 % 256), width: tile, height: tile)
        let o = (k % tile) * 4
        img.pixels[o] = 255; img.pixels[o + 1] = 255; img.pixels[o + 2] = 255
        return img
    }

    /// A 4×3 sheet of 16×16 tiles with `spacing` pixels between them.
    static func sheet(spacing: Int = 0, edit: Int? = nil) -> RGBAImage {
        let w = columns * tile + (columns - 1) * spacing, h = rows * tile + (rows - 1) * spacing
        var px = [UInt8](repeating: 0, count: w * h * 4)
        for k in 0..<(columns * rows) {
            var t = tileImage(k)
            if k == edit { t.pixels[(5 * tile + 5) * 4] ^= 0x80 }
            let x0 = (k % columns) * (tile + spacing), y0 = (k / columns) * (tile + spacing)
            for y in 0..<tile {
                for x in 0..<tile {
                    let s = (y * tile + x) * 4, d = ((y0 + y) * w + x0 + x) * 4
                    px[d..<(d + 4)] = t.pixels[s..<(s + 4)]
                }
            }
        }
        return RGBAImage(width: w, height: h, pixels: px)
    }

    static let manifest = """
        version: 1
        defaults: {delay: 50ms, palette: {scope: per-frame}}
        animations:
          walk:
            output: walk.gif
            frames:
              - sheet: hero.png
                tile: {width: 16, height: 16}
                row: 1
          run:
            output: run.gif
            frames:
              - sheet: hero.png
                tile: {width: 16, height: 16}
                start: 9
                count: 3
          idle:
            output: idle.gif
            frames:
              - sheet: hero.png
                tile: {width: 16, height: 16}
                tiles: [0, 2, 0]
                delays: [100ms, 200ms, 300ms]
          blink:
            output: blink.gif
            frames:
              - sheet: hero.png
                tile: {width: 16, height: 16}
                tiles: [3, 7]
                delays: [{tile: 7, delay: 400ms}]
        """

    func sheets(_ run: Animc.Run) -> Int { (run.json["steps"] as? [String: Int])?["sheets"] ?? -1 }

    @Test func rowsStartsTilesAndDelaysGiveTheRightFrames() throws {
        let p = try Project()
        try p.write("hero.png", image: Self.sheet())
        try p.write("animc.yaml", Self.manifest)
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let expected: [String: ([Int], [Int])] = [
            "walk": ([4, 5, 6, 7], [50, 50, 50, 50]), "run": ([9, 10, 11], [50, 50, 50]),
            "idle": ([0, 2, 0], [100, 200, 300]), "blink": ([3, 7], [50, 400]),
        ]
        for (name, (tiles, durations)) in expected {
            let gif = try DecodedGIF.decode(p.url("\(name).gif"))
            #expect(gif.durations == durations, "\(name)")
            #expect(gif.frames.count == tiles.count, "\(name)")
            for (frame, k) in zip(gif.frames, tiles) {
                #expect(psnr(frame, Self.tileImage(k)) > 40, "\(name) tile \(k)")
            }
        }
        // One sheet, four animations: decoded once, to key its tiles and to cut them.
        #expect(sheets(run) == 1, "\(run.stdout)")
        #expect(run.steps.decoded == 10, "\(run.stdout)")  // each distinct tile once (7 is shared, idle's 0 twice is one step)

        let again = try p.animc("build", "--json")
        #expect(again.steps.decoded == 0 && sheets(again) == 0, "\(again.stdout)")
        try p.touchAll()
        let touched = try p.animc("build", "--json")
        #expect(touched.steps.decoded == 0 && sheets(touched) == 0 && touched.steps.quantized == 0, "\(touched.stdout)")
    }

    @Test func editingOneTileRequantizesOnlyThatTile() throws {
        let p = try Project()
        try p.write("hero.png", image: Self.sheet())
        try p.write("animc.yaml", Self.manifest)
        #expect(try p.animc("build", "--json").status == 0)
        try p.write("hero.png", image: Self.sheet(edit: 5))
        let run = try p.animc("build", "--json", "--explain")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.steps.quantized == 1, "\(run.stdout)")
        #expect(run.steps.decoded == 1, "\(run.stdout)")
        #expect(run.steps.encoded == 1, "\(run.stdout)")  // walk only
        #expect(sheets(run) == 1, "\(run.stdout)")
        // Without the memory to keep the sheet from planning to cutting, it is decoded once for each.
        try p.write("hero.png", image: Self.sheet(edit: 6))
        let tight = try p.animc("build", "--json", "--memory-budget", "8KiB")
        #expect(tight.status == 0 && tight.steps.quantized == 1 && sheets(tight) == 2, "\(tight.stdout)")
        try p.write("hero.png", image: Self.sheet(edit: 5))
        #expect(try p.animc("build").status == 0)
        let walk = try DecodedGIF.decode(p.url("walk.gif"))
        var edited = Self.tileImage(5)
        edited.pixels[(5 * Self.tile + 5) * 4] ^= 0x80
        #expect(psnr(walk.frames[1], edited) > 40)
    }

    @Test func aSheetThatDoesNotFitItsGridSaysWhatWould() throws {
        let p = try Project()
        try p.write("hero.png", image: Self.sheet(spacing: 2))
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: a.gif
                frames:
                  - sheet: hero.png
                    tile: {width: 16, height: 16}
            """)
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:6:9: error: sprite sheet 'hero.png' (70×52) does not fit its grid: 4 columns of 16 px take 64 of its 70 pixels across, leaving 6 over, and 3 rows of 16 px take 48 of its 52 pixels down, leaving 4 over (margin 0, spacing 0); spacing: 2 would fit exactly"), "\(run.stderr)")
    }

    @Test func misusesAreLocatedErrors() throws {
        let p = try Project()
        try p.write("hero.png", image: Self.sheet())
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: a.gif
                frames:
                  - sheet: hero.png
                    tile: {width: 16, height: 16}
                    row: 1
                    tiles: [1, 2]
              b:
                output: b.gif
                frames:
                  - sheet: hero.png
                    tile: {width: 16, height: 16}
                    tiles: [1, 2]
                    delays: [10ms]
              c:
                output: c.gif
                frames:
                  - sheet: hero.png
                    tile: {width: 16, height: 16}
                    tiles: [1, 12]
                    delay: 10ms
                    delays: [{tile: 1, delay: 20ms}]
            """)
        let run = try p.animc("build")
        #expect(run.status == 2)
        let e = run.stderr
        #expect(e.contains("animc.yaml:9:9: error: 'row' and 'tiles' cannot be used together"), "\(e)")
        #expect(e.contains("animc.yaml:16:17: error: 'delays' lists 1 delay but 'tiles' lists 2 tiles; give one delay per tile"), "\(e)")
        #expect(e.contains("animc.yaml:23:9: error: 'delay' and 'delays' cannot be used together"), "\(e)")

        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: a.gif
                frames:
                  - sheet: hero.png
                    tile: {width: 16, height: 16}
                    tiles: [1, 12]
              d:
                output: d.gif
                frames:
                  - sheet: hero.png
                    tile: {width: 16, height: 16}
                    tiles: [1, 2]
                    delays: [{tile: 5, delay: 20ms}]
              b:
                output: b.gif
                frames:
                  - sheet: hero.png
                    tile: {width: 16, height: 16}
                    row: 3
              c:
                output: c.gif
                frames:
                  - sheet: hero.png
                    tile: {width: 16, height: 16}
                    row: 0
                    delays: [10ms, 20ms]
            """)
        let resolved = try p.animc("build")
        let r = resolved.stderr
        #expect(resolved.status == 2)
        #expect(r.contains("animc.yaml:8:20: error: tile 12 is past the end of sprite sheet 'hero.png' (64×48), which holds tiles 0…11 of 16×16 (4 to a row)"), "\(r)")
        #expect(r.contains("animc.yaml:15:25: error: 'delays' gives tile 5 a delay, but this source does not take that tile"), "\(r)")
        #expect(r.contains("animc.yaml:21:9: error: 'row' is 3 but sprite sheet 'hero.png' (64×48) has 3 rows of 16×16 tiles (0…2)"), "\(r)")
        #expect(r.contains("animc.yaml:28:9: error: 'delays' lists 2 delays but this sheet source gives 4 frames; give one delay per frame"), "\(r)")
    }
}
