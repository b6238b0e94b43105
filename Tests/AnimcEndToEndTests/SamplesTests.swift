import AnimcPixels
import Foundation
import Testing

/// The README's promise: the samples build, and any decoder plays them right.
@Suite struct SamplesTests {
    /// Copies samples/ into a temporary project so the test never writes into the repository.
    func samplesProject() throws -> Project {
        let p = try Project()
        let src = Animc.repositoryRoot.appendingPathComponent("samples")
        for name in try FileManager.default.contentsOfDirectory(atPath: src.path) where name != "out" && !name.hasPrefix(".") {
            try FileManager.default.copyItem(at: src.appendingPathComponent(name), to: p.url(name))
        }
        return p
    }

    func source(_ p: Project, _ path: String) throws -> RGBAImage { try PNGCodec.decode(p.read(path)) }

    @Test func samplesBuildAndDecode() throws {
        let p = try samplesProject()
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.statuses == ["bounce": "built", "hero-walk": "built", "spinner": "built"])

        // bounce: 24 frames at 25 fps (4 cs), looping forever, faithful to the sources.
        let bounce = try DecodedGIF.decode(p.url("out/bounce.gif"))
        #expect(bounce.frameCount == 24)
        #expect(bounce.durations == Array(repeating: 40, count: 24))
        #expect(bounce.loop == 0)
        #expect((bounce.width, bounce.height) == (120, 80))
        for i in 0..<24 {
            let db = psnr(try source(p, "bounce/frame\(i + 1).png"), bounce.frames[i])
            #expect(db > 30, "bounce frame \(i + 1): \(db) dB")
        }

        // hero-walk: 8 tiles, pingpong → 14 frames, ×3 nearest, transparency kept (alpha threshold 64).
        let hero = try DecodedGIF.decode(p.url("out/hero-walk.gif"))
        #expect((hero.width, hero.height) == (72, 72))
        #expect(hero.frameCount == 14)
        #expect(hero.durations == Array(repeating: 100, count: 14))
        let sheet = try source(p, "sprites/hero.png")
        let order = [0, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
        for (i, t) in order.enumerated() {
            let tile = sheet.cropped(x: t * 25, y: 0, width: 24, height: 24).resized(width: 72, height: 72, filter: .nearest)
            var expected = tile
            for px in 0..<(72 * 72) where expected.pixels[px * 4 + 3] < 64 {
                expected.pixels.replaceSubrange(px * 4..<px * 4 + 4, with: [0, 0, 0, 0])
            }
            for px in 0..<(72 * 72) where expected.pixels[px * 4 + 3] >= 64 { expected.pixels[px * 4 + 3] = 255 }
            let got = hero.frames[i]
            let transparentWhereExpected = (0..<(72 * 72)).allSatisfy { (expected.pixels[$0 * 4 + 3] == 0) == (got.pixels[$0 * 4 + 3] == 0) }
            #expect(transparentWhereExpected, "hero frame \(i): transparency differs (ghosting or lost alpha)")
            #expect(psnr(expected, got) > 30, "hero frame \(i)")
        }

        // spinner: a numbered sequence flattened on white, 60 ms frames and a 300 ms hold on the last.
        let spin = try DecodedGIF.decode(p.url("out/spinner.gif"))
        #expect(spin.frameCount == 12)
        #expect(spin.durations == Array(repeating: 60, count: 11) + [360])
        for (i, f) in spin.frames.enumerated() {
            #expect((0..<(48 * 48)).allSatisfy { f.pixels[$0 * 4 + 3] == 255 }, "flattened frames are opaque")
            let src = try source(p, String(format: "spinner/spin_%03d.png", i)).flattened(onto: RGBColor(r: 255, g: 255, b: 255))
            #expect(psnr(src, f) > 26, "spinner frame \(i)")
        }
    }

    @Test func samplesValidateAgainstTheSchema() throws {
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.validate(yaml.safe_load(open(sys.argv[2])), schema)
            print("ok")
            """
        let root = Animc.repositoryRoot
        let run = try Animc.execute(URL(fileURLWithPath: "/usr/bin/env"),
                                    ["python3", "-c", script, root.appendingPathComponent("schema/animc.schema.json").path,
                                     root.appendingPathComponent("samples/animc.yaml").path], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "ok\n")
    }
}
