import AnimcPixels
import Foundation
import Testing

/// Texture atlases (issue #14), read back with Pillow: every frame exact, durations and tags right,
/// the JSON valid against schema/atlas.schema.json, identical frames packed once, same bytes however built.
@Suite struct AtlasTests {
    /// Tile k of a 4×2 sheet of 16×16: a disc on transparency, off-centre so trimming moves it;
    /// tile 5 is the same picture as tile 0.
    static func tile(_ k: Int, edit: Bool = false) -> RGBAImage {
        let k = k == 5 ? 0 : k
        var img = RGBAImage(width: 16, height: 16)
        let cx = 4 + k, cy = 5 + k % 3
        for y in 0..<16 {
            for x in 0..<16 where (x - cx) * (x - cx) + (y - cy) * (y - cy) <= 9 + k {
                let o = (y * 16 + x) * 4
                img.pixels[o] = UInt8(30 * k + 10); img.pixels[o + 1] = UInt8(200 - 20 * k); img.pixels[o + 2] = UInt8(x * 15)
                img.pixels[o + 3] = x == cx ? 128 : 255
            }
        }
        if edit { img.pixels[(cy * 16 + cx) * 4] ^= 0x55 }
        return img
    }

    static func sheet(edit: Int? = nil) -> RGBAImage {
        var px = [UInt8](repeating: 0, count: 64 * 32 * 4)
        for k in 0..<8 {
            let t = tile(k, edit: k == edit)
            for y in 0..<16 {
                let d = (((k / 4) * 16 + y) * 64 + (k % 4) * 16) * 4
                px[d..<(d + 64)] = t.pixels[(y * 64)..<(y * 64 + 64)]
            }
        }
        return RGBAImage(width: 64, height: 32, pixels: px)
    }

    static func manifest(_ extra: String = "trim: true\n    padding: 2\n    extrude: 1") -> String {
        """
        version: 1
        defaults: {delay: 80ms, palette: {scope: per-frame}}
        animations:
          walk:
            output: out/walk.gif
            frames: [{sheet: hero.png, tile: {width: 16, height: 16}, row: 0}]
          idle:
            output: out/idle.gif
            frames: [{sheet: hero.png, tile: {width: 16, height: 16}, tiles: [5, 6, 5], delays: [100ms, 250ms, 100ms]}]
          wave:
            output: out/wave.gif
            frames: [{file: wave.png}]
            playback: pingpong
        atlases:
          hero:
            image: out/atlas/hero.png
            data: out/hero.json
            animations: [walk, idle, wave]
            \(extra)
        """
    }

    func project(_ extra: String? = nil) throws -> Project {
        let p = try Project()
        try p.write("hero.png", image: Self.sheet())
        try p.write("wave.png", image: Self.tile(7))
        try p.write("animc.yaml", extra.map { Self.manifest($0) } ?? Self.manifest())
        return p
    }

    @Test func everyFrameComesBackExactlyWithItsDurationAndTag() throws {
        let p = try project()
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let atlas = try DecodedAtlas.decode(p.url("out/hero.json"))
        #expect(atlas.names == ["walk/0", "walk/1", "walk/2", "walk/3", "idle/0", "idle/1", "idle/2", "wave/0"])
        #expect(atlas.durations == [80, 80, 80, 80, 100, 250, 100, 80])
        #expect(atlas.tags == [["walk", "0", "3", "forward"], ["idle", "4", "6", "forward"], ["wave", "7", "7", "pingpong"]])
        let expected = [0, 1, 2, 3, 5, 6, 5, 7].map { Self.tile($0) }
        for (i, (got, want)) in zip(atlas.frames, expected).enumerated() {
            #expect(got == want, "frame \(atlas.names[i]) differs")
        }
        // Identical pictures share one rectangle: tile 5 is tile 0's picture, shown three times.
        #expect(atlas.rects[4] == atlas.rects[0] && atlas.rects[6] == atlas.rects[0])
        #expect(Set(atlas.rects.map { $0.description }).count == 6)
        // Trimmed: no rectangle is the whole 16×16 tile.
        #expect(atlas.rects.allSatisfy { $0[2] < 16 && $0[3] < 16 })
    }

    @Test func sameBytesWhateverTheJobsAndTheCache() throws {
        let a = try project("format: json-array\n    power-of-two: true")
        #expect(try a.animc("build", "--jobs", "1").status == 0)
        let b = try project("format: json-array\n    power-of-two: true")
        #expect(try b.animc("build", "--jobs", "3").status == 0)
        for f in ["out/atlas/hero.png", "out/hero.json"] { #expect(try a.read(f) == b.read(f), "\(f)") }
        try b.remove("out/hero.json")
        try b.remove("out/atlas/hero.png")
        #expect(try b.animc("build", "--force").status == 0)
        for f in ["out/atlas/hero.png", "out/hero.json"] { #expect(try a.read(f) == b.read(f), "\(f)") }
        let atlas = try DecodedAtlas.decode(b.url("out/hero.json"))
        #expect(atlas.size[0] & (atlas.size[0] - 1) == 0 && atlas.size[1] & (atlas.size[1] - 1) == 0)
        #expect(atlas.frames[7] == Self.tile(7))
    }

    @Test func anEditedFrameRepacksWithoutDecodingTheRest() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        let noop = try p.animc("build", "--json")
        #expect(noop.steps.decoded == 0 && noop.steps.encoded == 0, "\(noop.stdout)")
        try p.write("hero.png", image: Self.sheet(edit: 2))
        let run = try p.animc("build", "--json", "--explain")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"step\" : \"atlas hero\"") && run.stdout.contains("input changed: frame walk/2"), "\(run.stdout)")
        // Tile 2 once, for walk's GIF (which keeps its RGBA for the atlas); every other frame's pixels
        // come from the cache.
        #expect(run.steps.decoded == 1, "\(run.stdout)")
        #expect(run.steps.encoded == 2, "\(run.stdout)")  // walk.gif and the atlas
        let atlas = try DecodedAtlas.decode(p.url("out/hero.json"))
        #expect(atlas.frames[2] == Self.tile(2, edit: true))
        #expect(atlas.frames[3] == Self.tile(3))
    }

    @Test func atlasFilesFollowTheOutputRules() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        #expect(try p.animc("check").status == 0)
        try p.remove("out/hero.json")
        let check = try p.animc("check")
        #expect(check.status == 1 && (check.stdout + check.stderr).contains("out/hero.json"), "\(check.stdout)\(check.stderr)")
        let dry = try p.animc("build", "--dry-run")
        #expect((dry.stdout + dry.stderr).contains("write out/hero.json: output missing") && !p.exists("out/hero.json"), "\(dry.stdout)\(dry.stderr)")
        let restore = try p.animc("build", "--json")
        #expect(restore.json.description.contains("restored") && restore.steps.decoded == 0, "\(restore.stdout)")
        let clean = try p.animc("clean")
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(!p.exists("out/hero.json") && !p.exists("out/atlas/hero.png"))

        // A file animc did not write is never replaced.
        let q = try project()
        try q.write("out/hero.json", "{\"mine\": true}\n")
        let refused = try q.animc("build")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("animc.yaml:17:11: error: atlas file 'out/hero.json' would replace a file that animc did not write"), "\(refused.stderr)")
        #expect(try q.read("out/hero.json") == Array("{\"mine\": true}\n".utf8))

        // Nor a source frame.
        try q.remove("out/hero.json")
        try q.write("animc.yaml", Self.manifest().replacingOccurrences(of: "image: out/atlas/hero.png", with: "image: ./wave.png"))
        let source = try q.animc("build")
        #expect(source.status == 2)
        #expect(source.stderr.contains("animc.yaml:16:12: error: atlas file './wave.png' is the source frame 'wave.png'; the build would overwrite it"), "\(source.stderr)")
        #expect(try q.read("wave.png") == PNGCodec.encode(Self.tile(7)))
    }

    @Test func misusesAreLocatedErrors() throws {
        let p = try project("max-size: 20")
        let big = try p.animc("build")
        #expect(big.status == 1)
        #expect(big.stderr.contains("animc.yaml:16:12: error: atlas 'hero':"), "\(big.stderr)")
        #expect(big.stderr.contains("do not fit in max-size 20×20"), "\(big.stderr)")
        try p.write("animc.yaml", Self.manifest().replacingOccurrences(of: "[walk, idle, wave]", with: "[walk, idel]")
            .replacingOccurrences(of: "data: out/hero.json", with: "data: out/walk.gif"))
        let bad = try p.animc("build")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("error: 'data' of atlas 'hero' must end in .json, got 'out/walk.gif'"), "\(bad.stderr)")
        #expect(bad.stderr.contains("error: atlas 'hero' lists animation 'idel', which the manifest does not define; did you mean 'idle'?"), "\(bad.stderr)")
    }
}
