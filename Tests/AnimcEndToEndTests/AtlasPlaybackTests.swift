import AnimcPixels
import Foundation
import Testing

/// An atlas lists each animation's frames once, in source order, and its tag carries the direction
/// (`playback`) as game engines expect: read back with Pillow and checked against the schema.
@Suite struct AtlasPlaybackTests {
    static let manifest = """
        version: 1
        defaults: {palette: {scope: per-frame}}
        animations:
          walk:
            output: out/walk.gif
            frames: [{sheet: hero.png, tile: {width: 16, height: 16}, row: 0, delays: [50ms, 60ms, 70ms, 80ms]}]
          back:
            output: out/back.gif
            frames: [{sheet: hero.png, tile: {width: 16, height: 16}, row: 0, delays: [50ms, 60ms, 70ms, 80ms]}]
            playback: reverse
            hold: 100ms
          bounce:
            output: out/bounce.gif
            frames: [{sheet: hero.png, tile: {width: 16, height: 16}, tiles: [4, 6, 7], delays: [40ms, 90ms, 120ms]}]
            playback: pingpong
        atlases:
          hero:
            image: out/hero.png
            data: out/hero.json
            animations: [walk, back, bounce]
            trim: true
        """

    @Test func framesOnceInSourceOrderAndTheTagSaysTheDirection() throws {
        let p = try Project()
        try p.write("hero.png", image: AtlasTests.sheet())
        try p.write("animc.yaml", Self.manifest)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        let atlas = try DecodedAtlas.decode(p.url("out/hero.json"))
        #expect(atlas.names == ["walk/0", "walk/1", "walk/2", "walk/3", "back/0", "back/1", "back/2", "back/3",
                                "bounce/0", "bounce/1", "bounce/2"])
        #expect(atlas.tags == [["walk", "0", "3", "forward"], ["back", "4", "7", "reverse"], ["bounce", "8", "10", "pingpong"]])
        // `back` plays 3 2 1 0 and holds its last-played frame, tile 0, listed first.
        #expect(atlas.durations == [50, 60, 70, 80, 150, 60, 70, 80, 40, 90, 120])
        let expected = [0, 1, 2, 3, 0, 1, 2, 3, 4, 6, 7].map { AtlasTests.tile($0) }
        for (i, (got, want)) in zip(atlas.frames, expected).enumerated() {
            #expect(got == want, "frame \(atlas.names[i]) differs")
        }
        // The GIFs still play as before: backwards, and forward then back.
        let back = try DecodedGIF.decode(p.url("out/back.gif"))
        #expect(back.durations == [80, 70, 60, 150])
        let bounce = try DecodedGIF.decode(p.url("out/bounce.gif"))
        #expect(bounce.frameCount == 4 && bounce.durations == [40, 90, 120, 90])

        // Changing only the direction re-packs (the JSON changes), decoding nothing.
        try p.write("animc.yaml", Self.manifest.replacingOccurrences(of: "playback: pingpong", with: "playback: reverse"))
        let again = try p.animc("build", "--json")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.steps.decoded == 0, "\(again.stdout)")
        let turned = try DecodedAtlas.decode(p.url("out/hero.json"))
        #expect(turned.tags.last == ["bounce", "8", "10", "reverse"])
        #expect(turned.durations.suffix(3) == [40, 90, 120])
    }
}
