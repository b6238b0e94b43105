import AnimcBasics
import Foundation
import Testing
@testable import AnimcManifest

let fullExample = """
version: 1
allow-outputs-outside: false
cache: {max-size: 500MiB}
defaults:
  fps: 12
  loop: forever
  palette: {colors: 256, dither: floyd-steinberg, strength: 1.0, scope: global, fixed: ["#000", "#ffffff"]}
  crop: {x: 0, y: 0, width: 64, height: 64}
  resize: {width: 32, height: 32, filter: nearest}
  playback: forward
  hold: 2s
  background: "#ffffff"
  alpha-threshold: 128
animations:
  walk:
    output: out/walk.gif
    frames:
      - glob: frames/walk/*.png
      - files: [a.png, b.png]
      - file: end.png
        delay: 1s
      - sequence: frames/run_%03d.png
        range: [1, 24]
        step: 1
      - sheet: hero.png
        tile: {width: 32, height: 48}
        count: 8
  run:
    output: out/run.gif
    delay: 80ms
    palette: {colors: 64}
    playback: pingpong
    frames:
      - glob: frames/run/*.png
"""

@Suite struct ManifestParserTests {
    @Test func fullExampleParses() throws {
        let (m, diags) = parseManifest(fullExample)
        #expect(diags.isEmpty, "\(render(diags))")
        let manifest = try #require(m)
        #expect(manifest.version == 1)
        #expect(manifest.directory == "/proj")
        #expect(manifest.cacheMaxSize == Int64(524_288_000))
        #expect(manifest.source != nil)
        #expect(manifest.animations.map(\.name) == ["walk", "run"])
        let walk = manifest.animations[0]
        #expect(walk.outputs.map(\.path) == ["out/walk.gif"] && walk.outputs[0].format == .gif)
        #expect(walk.location == SourceLocation(file: "animc.yaml", line: 15, column: 3))
        #expect(walk.outputLocation == SourceLocation(file: "animc.yaml", line: 16, column: 13))
        #expect(walk.sources.count == 5)
        #expect(walk.sources[0].kind == .glob("frames/walk/*.png"))
        #expect(walk.sources[0].location == SourceLocation(file: "animc.yaml", line: 18, column: 9))
        #expect(walk.sources[1].kind == .files(["a.png", "b.png"]))
        #expect(walk.sources[2].kind == .file("end.png"))
        #expect(walk.sources[2].delayMs == 1000)
        #expect(walk.sources[3].kind == .sequence(pattern: "frames/run_%03d.png", first: 1, last: 24, step: 1))
        #expect(walk.sources[4].kind == .sheet(SheetSpec(path: "hero.png", tileWidth: 32, tileHeight: 48, count: 8)))
        let s = walk.settings
        #expect(s.timing == .fps(12))
        #expect(s.loop == .forever)
        #expect(s.palette == PaletteSettings(colors: 256, dither: .floydSteinberg, ditherStrength: 1, scope: .global,
                                             fixed: [RGBHex(r: 0, g: 0, b: 0), RGBHex(r: 255, g: 255, b: 255)]))
        #expect(s.crop == CropRect(x: 0, y: 0, width: 64, height: 64))
        #expect(s.resize == ResizeSpec(width: 32, height: 32, filter: .nearest))
        #expect(s.holdMs == 2000)
        #expect(s.background == RGBHex(r: 255, g: 255, b: 255))
        #expect(s.alphaThreshold == 128)
    }

    @Test func defaultsMergeWithPartialPalette() throws {
        let (m, diags) = parseManifest(fullExample)
        #expect(diags.isEmpty)
        let run = try #require(m?.animations[1])
        // Timing replaced as a whole; palette merged key by key.
        #expect(run.settings.timing == .delayMs(80))
        #expect(run.settings.palette.colors == 64)
        #expect(run.settings.palette.dither == .floydSteinberg)
        #expect(run.settings.palette.fixed?.count == 2)
        #expect(run.settings.playback == .pingpong)
        #expect(run.settings.holdMs == 2000)
        #expect(run.settings.crop == CropRect(x: 0, y: 0, width: 64, height: 64))
    }

    @Test func builtInDefaultsWithoutDefaultsSection() throws {
        let (m, diags) = parseManifest("version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n")
        #expect(diags.isEmpty)
        #expect(m?.animations.first?.settings == Settings.builtIn)
    }

    @Test(arguments: [
        ("delay: 80", 80.0), ("delay: 80ms", 80), ("delay: 1.5s", 1500), ("delay: 2s", 2000),
        ("delay: 0.5ms", 0.5), ("delay: 12.5ms", 12.5), ("fps: 25", 40), ("fps: 0.5", 2000),
    ])
    func durations(_ line: String, _ expectedMs: Double) throws {
        let (m, diags) = parseManifest("version: 1\nanimations:\n  a:\n    output: a.gif\n    \(line)\n    frames: [{file: a.png}]\n")
        #expect(diags.isEmpty, "\(render(diags))")
        #expect(m?.animations.first?.settings.timing.frameDelayMs == expectedMs)
    }

    @Test func unitParsers() {
        #expect(ManifestUnits.parseDuration("80ms") == 80)
        #expect(ManifestUnits.parseDuration("1.5s") == 1500)
        #expect(ManifestUnits.parseDuration("80") == nil)
        #expect(ManifestUnits.parseDuration("fast") == nil)
        #expect(ManifestUnits.parseDuration("1.5m") == nil)
        #expect(ByteSize.parse("500MiB") == 524_288_000)
        #expect(ByteSize.parse("2G") == 2_147_483_648)
        #expect(ByteSize.parse("1.5GB") == 1_500_000_000)
        #expect(ByteSize.parse("10KB") == 10_000)
        #expect(ByteSize.parse("10KiB") == 10_240)
        #expect(ByteSize.parse("10K") == 10_240)
        #expect(ByteSize.parse("123B") == 123)
        #expect(ByteSize.parse("1024") == 1024)
        #expect(ByteSize.parse("12 parsecs") == nil)
    }

    @Test(arguments: [("loop: forever", LoopMode.forever), ("loop: once", .once), ("loop: 1", .count(1)), ("loop: 3", .count(3))])
    func loops(_ line: String, _ expected: LoopMode) {
        let (m, diags) = parseManifest("version: 1\ndefaults:\n  \(line)\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n")
        #expect(diags.isEmpty, "\(render(diags))")
        #expect(m?.animations.first?.settings.loop == expected)
    }

    @Test func resizeScaleAndSequenceStepAndSheetOptions() throws {
        let (m, diags) = parseManifest("""
        version: 1
        animations:
          a:
            output: a.gif
            resize: {scale: 0.5}
            frames:
              - sequence: f_%d.png
                range: [0, 10]
                step: 2
              - sheet: s.png
                tile: {width: 8, height: 8}
                columns: 4
                margin: 1
                spacing: 2
        """)
        #expect(diags.isEmpty, "\(render(diags))")
        let a = try #require(m?.animations.first)
        #expect(a.settings.resize == ResizeSpec(scale: 0.5))
        #expect(a.sources[0].kind == .sequence(pattern: "f_%d.png", first: 0, last: 10, step: 2))
        #expect(a.sources[1].kind == .sheet(SheetSpec(path: "s.png", tileWidth: 8, tileHeight: 8, columns: 4, margin: 1, spacing: 2)))
    }

    @Test func outputFormatsFollowTheExtension() {
        let (m, diags) = parseManifest("version: 1\nanimations:\n  a:\n    output: [a.png, b.WEBP, c.gif, d.apng]\n    frames: [{file: b.png}]\n")
        #expect(diags.isEmpty, "\(render(diags))")
        #expect(m?.animations[0].outputs.map(\.format) == [.apng, .webp, .gif, .apng])
        let (bad, errors) = parseManifest("version: 1\nanimations:\n  a:\n    output: a.webm\n    frames: [{file: b.png}]\n")
        #expect(bad == nil)
        #expect(render(errors) == """
        animc.yaml:4:13: error: output 'a.webm' has an extension animc does not write; use .gif, .webp, .png, .apng (GIF, animated WebP, APNG)
            output: a.webm
                    ^
        """)
    }

    @Test func perFormatOutputSettingsAreChecked() {
        let (m, diags) = parseManifest("""
            version: 1
            animations:
              a:
                output: [{path: a.webp, quality: 80, method: 6}, {path: a.png, colors: 64}, {path: b.webp, lossless: true}]
                frames: [{file: b.png}]
            """)
        #expect(diags.isEmpty, "\(render(diags))")
        let outs = m?.animations[0].outputs ?? []
        #expect(outs.count == 3 && outs[0].quality == 80 && outs[0].method == 6 && outs[1].colors == 64 && outs[2].lossless == true)
        let (_, errors) = parseManifest("""
            version: 1
            animations:
              a:
                output: [{path: a.gif, quality: 80}, {path: a.webp, colors: 4}, {path: a.png, colors: 300}, {path: c.webp, qualty: 1}, []]
                frames: [{file: b.png}]
            """)
        let text = render(errors)
        #expect(text.contains("animc.yaml:4:28: error: 'quality' applies to .webp outputs, not to 'a.gif'"), "\(text)")
        #expect(text.contains("error: 'colors' applies to .png outputs, not to 'a.webp'"), "\(text)")
        #expect(text.contains("error: 'colors' must be between 2 and 256, got 300"), "\(text)")
        #expect(text.contains("error: unknown key 'qualty' in an output; did you mean 'quality'?"), "\(text)")
        #expect(text.contains("animc.yaml:4:124: error: an output must be a path, or a mapping with 'path:' and its format's settings, not a list"), "\(text)")
    }

    @Test func sequencePatterns() {
        #expect(SequencePattern("run_%03d.png")?.path(for: 7) == "run_007.png")
        #expect(SequencePattern("run_%d.png")?.path(for: 1234) == "run_1234.png")
        #expect(SequencePattern("100%%_%02d.png")?.path(for: 3) == "100%_03.png")
        #expect(SequencePattern("run.png") == nil)
        #expect(SequencePattern("%d_%d.png") == nil)
        #expect(SequencePattern("%s.png") == nil)
        #expect(SequencePattern("%3d.png") == nil)
    }

    @Test func pathNormalisation() {
        #expect(ManifestPaths.normalize("./a/../b/./c.png") == "b/c.png")
        #expect(ManifestPaths.normalize("out/../../x.gif") == "../x.gif")
        #expect(ManifestPaths.normalize("/a/b/../c") == "/a/c")
        #expect(ManifestPaths.leavesFolder("../x.gif"))
        #expect(!ManifestPaths.leavesFolder("..x/y.gif"))
        #expect(ManifestPaths.relativeIfInside("/proj/a/b.png", directory: "/proj") == "a/b.png")
    }
}
