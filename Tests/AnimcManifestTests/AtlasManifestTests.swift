import AnimcBasics
import Foundation
import Testing
@testable import AnimcManifest

@Suite struct AtlasManifestTests {
    static let head = "version: 1\nanimations:\n  walk:\n    output: out/walk.gif\n    frames: [{file: a.png}]\n  run:\n    output: out/run.gif\n    frames: [{file: b.png}]\n"

    @Test func aFullAtlasParses() throws {
        let (m, diags) = parseManifest(Self.head + """
            atlases:
              hero:
                image: out/hero.png
                data: out/hero.json
                animations: [run, walk]
                format: json-array
                padding: 2
                extrude: 1
                trim: true
                max-size: 1024
                power-of-two: true
            """)
        #expect(diags.isEmpty, "\(render(diags))")
        let a = try #require(m?.atlases.first)
        #expect(a.name == "hero" && a.image == "out/hero.png" && a.data == "out/hero.json" && a.animations == ["run", "walk"])
        #expect(a.format == .jsonArray && a.padding == 2 && a.extrude == 1 && a.trim && a.maxSize == 1024 && a.powerOfTwo)
        #expect(a.imageLocation == SourceLocation(file: "animc.yaml", line: 11, column: 12))
    }

    @Test func everyMisuseIsLocated() {
        let out = render(parseManifest(Self.head + """
            atlases:
              hero:
                image: out/walk.gif
                data: out/run.gif
                animations: [walk, walk, jump]
                format: xml
                padding: 100
                rotate: true
              small:
                image: out/walk.png
                animations: []
            """).diagnostics)
        #expect(out.contains("animc.yaml:11:12: error: 'image' of atlas 'hero' must end in .png, got 'out/walk.gif'"), "\(out)")
        #expect(out.contains("animc.yaml:12:11: error: 'data' of atlas 'hero' must end in .json, got 'out/run.gif'"), "\(out)")
        #expect(out.contains("animc.yaml:13:24: error: atlas 'hero' lists animation 'walk' twice"), "\(out)")
        #expect(out.contains("animc.yaml:13:30: error: atlas 'hero' lists animation 'jump', which the manifest does not define"), "\(out)")
        #expect(out.contains("animc.yaml:14:13: error: 'format' must be one of json-hash, json-array, got 'xml'"), "\(out)")
        #expect(out.contains("animc.yaml:15:14: error: 'padding'"), "\(out)")
        #expect(out.contains("animc.yaml:16:5: error: unknown key 'rotate' in atlas 'hero'"), "\(out)")
        #expect(out.contains("animc.yaml:18:5: error: atlas 'small' is missing required key 'data'"), "\(out)")
        #expect(out.contains("animc.yaml:19:17: error: 'animations' of atlas 'small' must list at least one animation"), "\(out)")
    }

    @Test func atlasFilesMayNotBeAnotherOutput() {
        let out = render(parseManifest(Self.head + """
            atlases:
              a: {image: out/a.png, data: out/a.json, animations: [walk]}
              b: {image: out/a.png, data: out/b.json, animations: [walk]}
              c: {image: ../c.png, data: out/c.json, animations: [walk]}
            """).diagnostics)
        #expect(out.contains("animc.yaml:11:14: error: 'out/a.png' is also written by another output"), "\(out)")
        #expect(out.contains("animc.yaml:12:14: error: output '../c.png' leaves the manifest's folder"), "\(out)")
    }

    /// An animation only an atlas takes needs no `output:`; one nothing takes is a located error.
    @Test func anAnimationWithoutOutputMustBeTakenByAnAtlas() throws {
        let head = "version: 1\nanimations:\n  walk:\n    output: out/walk.gif\n    frames: [{file: a.png}]\n  run:\n    frames: [{file: b.png}]\n"
        let (m, diags) = parseManifest(head + "atlases:\n  hero: {image: out/hero.png, data: out/hero.json, animations: [walk, run]}\n")
        #expect(diags.isEmpty, "\(render(diags))")
        let run = try #require(m?.animations.last)
        #expect(run.name == "run" && run.outputs.isEmpty && run.outputLocation == SourceLocation(file: "animc.yaml", line: 6, column: 3))

        for tail in ["", "atlases:\n  hero: {image: out/hero.png, data: out/hero.json, animations: [walk]}\n"] {
            let (none, bad) = parseManifest(head + tail)
            let out = render(bad)
            #expect(none == nil)
            #expect(out.contains("animc.yaml:6:3: error: animation 'run' has no 'output:' and no atlas takes it; add 'output:' (a .gif, .webp or .png path) or list it in an atlas's 'animations:'"), "\(out)")
        }
        // An atlas with errors of its own that names it does not add this error.
        let out = render(parseManifest(head + "atlases:\n  hero: {image: out/hero.gif, data: out/hero.json, animations: [run]}\n").diagnostics)
        #expect(!out.contains("has no 'output:'") && out.contains("must end in .png"), "\(out)")
    }

    /// The README's game-developer example parses: an atlas-only animation, a ping-pong one.
    @Test func theReadmeGameExampleParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## For game developers").dropFirst().first)
        let yaml = try #require(section.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let (m, diags) = parseManifest(yaml)
        #expect(diags.isEmpty, "\(render(diags))")
        #expect(m?.animations.first { $0.name == "idle" }?.outputs.isEmpty == true)
        #expect(m?.atlases.first?.animations == ["walk", "run", "idle"])
    }
}
