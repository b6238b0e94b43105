import AnimcPixels
import Foundation
import Testing

/// An animation only an atlas takes needs no `output:` and writes no GIF; frames that feed both a GIF
/// and an atlas are decoded once on a cold build (the atlas reads the RGBA the GIF's pass kept).
@Suite struct AtlasOnlyTests {
    static func manifest(runOutput: Bool = false, atlas: Bool = true, scope: String = "per-frame") -> String {
        var text = """
            version: 1
            defaults: {delay: 80ms, palette: {scope: \(scope)}}
            animations:
              walk:
                output: out/walk.gif
                frames: [{sheet: hero.png, tile: {width: 16, height: 16}, row: 0}]
              run:\(runOutput ? "\n    output: out/run.gif" : "")
                frames: [{sheet: hero.png, tile: {width: 16, height: 16}, tiles: [4, 6, 7, 6]}]

            """
        if atlas {
            text += """
                atlases:
                  hero:
                    image: out/hero.png
                    data: out/hero.json
                    animations: [walk, run]
                    trim: true

                """
        }
        return text
    }

    func project(_ manifest: String) throws -> Project {
        let p = try Project()
        try p.write("hero.png", image: AtlasTests.sheet())
        try p.write("animc.yaml", manifest)
        return p
    }

    @Test func anAnimationOnlyAnAtlasTakesWritesNoGIF() throws {
        let p = try project(Self.manifest())
        let build = try p.animc("build", "--json")
        #expect(build.status == 0, "\(build.stderr)")
        let paths = (build.json["outputs"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }.sorted()
        #expect(paths == ["out/hero.json", "out/hero.png", "out/walk.gif"], "\(build.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: p.url("out").path).sorted() == ["hero.json", "hero.png", "walk.gif"])
        let atlas = try DecodedAtlas.decode(p.url("out/hero.json"))
        #expect(atlas.names == ["walk/0", "walk/1", "walk/2", "walk/3", "run/0", "run/1", "run/2", "run/3"])
        #expect(atlas.tags == [["walk", "0", "3", "forward"], ["run", "4", "7", "forward"]])
        for (i, (got, want)) in zip(atlas.frames, [0, 1, 2, 3, 4, 6, 7, 6].map { AtlasTests.tile($0) }).enumerated() {
            #expect(got == want, "frame \(atlas.names[i]) differs")
        }
        // No palette or quantize step for it: the plan has its frames and the atlas only.
        let graph = try p.animc("graph", "--format", "json")
        #expect(graph.status == 0 && !graph.stdout.contains("palette run") && !graph.stdout.contains("quantize run"), "\(graph.stdout)")
        // Named alone, it builds nothing, and says so; named with walk, the atlas is built.
        try p.remove("out/hero.json")
        let alone = try p.animc("build", "animc.yaml", "run")
        #expect(alone.status == 0 && !p.exists("out/hero.json"))
        #expect(alone.stderr.contains("warning: animation 'run' has no output and its atlas takes other animations too: nothing is built for it; name them all (walk run) to build the atlas"), "\(alone.stderr)")
        #expect(try p.animc("build", "animc.yaml", "run", "walk").status == 0 && p.exists("out/hero.json"))
        let noop = try p.animc("build", "--json")
        #expect(noop.status == 0 && noop.steps.decoded == 0 && noop.steps.encoded == 0, "\(noop.stdout)")
        #expect(try p.animc("check").status == 0)
        #expect(try p.animc("build", "--dry-run").status == 0)
        try p.remove("out/hero.json")
        let check = try p.animc("check")
        #expect(check.status == 1 && (check.stdout + check.stderr).contains("out/hero.json"), "\(check.stdout)\(check.stderr)")
        #expect(try p.animc("build").status == 0 && p.exists("out/hero.json"))
        let clean = try p.animc("clean")
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: p.url("out").path).isEmpty)
    }

    @Test func withoutAnAtlasItIsALocatedError() throws {
        let p = try project(Self.manifest(atlas: false))
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:7:3: error: animation 'run' has no 'output:' and no atlas takes it; add 'output:' (a .gif, .webp or .png path) or list it in an atlas's 'animations:'"), "\(run.stderr)")
        #expect(!p.exists("out"))
    }

    /// A cold build decodes each frame as often with the atlas as without it: the atlas reads the
    /// RGBA the GIF's pass kept. With a global palette too (frames decoded by the palette pass).
    @Test func framesFeedingAGIFAndAnAtlasAreDecodedOnce() throws {
        for scope in ["per-frame", "global"] {
            for force in [false, true] {
                let with = try project(Self.manifest(runOutput: true, scope: scope))
                let without = try project(Self.manifest(runOutput: true, atlas: false, scope: scope))
                var args = ["build", "--json", "--jobs", "2"]
                if force {
                    #expect(try with.animc("build").status == 0 && without.animc("build").status == 0)
                    args.append("--force")
                }
                let a = try Animc.run(args, in: with.root), b = try Animc.run(args, in: without.root)
                #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
                #expect(a.steps.decoded == b.steps.decoded && a.steps.decoded > 0,
                        "\(scope) force=\(force): \(a.steps.decoded) decodes with the atlas, \(b.steps.decoded) without")
                #expect(a.steps.encoded == b.steps.encoded + 1)
                let atlas = try DecodedAtlas.decode(with.url("out/hero.json"))
                #expect(atlas.frames[5] == AtlasTests.tile(6))
            }
        }
        // The frame alone (no GIF takes it) is still decoded for the atlas, once.
        let p = try project(Self.manifest())
        let alone = try p.animc("build", "--json")
        let q = try project(Self.manifest(runOutput: true, atlas: false))
        let gifs = try q.animc("build", "--json")
        // walk's 4 tiles for its GIF; run's distinct tiles 4, 6, 7 for the atlas only.
        #expect(alone.steps.decoded == 4 + 3 && gifs.steps.decoded == 4 + 3, "\(alone.stdout)\(gifs.stdout)")
    }
}
