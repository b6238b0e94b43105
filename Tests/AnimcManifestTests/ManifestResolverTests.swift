import AnimcBasics
import Foundation
import Testing
@testable import AnimcManifest

struct FakeSizeError: Error, CustomStringConvertible {
    var description: String { "not a PNG file" }
}

/// Parses `body` (animations only) in `dir` and resolves it; `sizes` answers `imageSize` by relative path.
func resolveIn(_ dir: TempDir, _ text: String, sizes: [String: (Int, Int)] = [:])
    -> (animations: [ResolvedAnimation], diagnostics: [Diagnostic])
{
    let (m, diags) = parseManifest(text, directory: dir.path)
    guard let m else {
        Issue.record("manifest refused:\n\(render(diags))")
        return ([], diags)
    }
    return ManifestResolver.resolve(m) { absolute in
        let rel = String(absolute.dropFirst(dir.path.count + 1))
        guard let s = sizes[rel] else { throw FakeSizeError() }
        return (s.0, s.1)
    }
}

@Suite struct ManifestResolverTests {
    @Test func naturalOrder() {
        let names = ["f10.png", "f2.png", "f1.png", "f01.png", "f001.png", "g.png", "f.png", "f2b.png", "f2a.png", "F3.png"]
        let sorted = names.sorted(by: naturalLess)
        #expect(sorted == ["F3.png", "f.png", "f001.png", "f01.png", "f1.png", "f2.png", "f2a.png", "f2b.png", "f10.png", "g.png"])
        #expect(naturalLess("frame_9", "frame_10"))
        #expect(!naturalLess("frame_10", "frame_9"))
        #expect(naturalLess("a99999999999999999999999", "a100000000000000000000000"))
    }

    @Test func segmentMatching() {
        #expect(Glob.matchSegment("*.png", "a.png"))
        #expect(!Glob.matchSegment("*.png", "a.gif"))
        #expect(Glob.matchSegment("f?.png", "f1.png"))
        #expect(!Glob.matchSegment("f?.png", "f10.png"))
        #expect(Glob.matchSegment("[abc]x", "bx"))
        #expect(Glob.matchSegment("[a-c]x", "cx"))
        #expect(!Glob.matchSegment("[a-c]x", "dx"))
        #expect(Glob.matchSegment("[!a]x", "bx"))
        #expect(!Glob.matchSegment("[!a]x", "ax"))
        #expect(Glob.matchSegment("*a*b*", "xxaxxbxx"))
    }

    @Test func globsSortNaturallyAndSkipHiddenAndFolders() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        for f in ["frames/f10.png", "frames/f2.png", "frames/f1.png", "frames/.hidden.png", "frames/notes.txt"] { try dir.touch(f) }
        try dir.mkdir("frames/dir.png")
        let (anims, diags) = resolveIn(dir, "version: 1\nanimations:\n  a:\n    output: out/a.gif\n    frames:\n      - glob: ./frames/*.png\n")
        #expect(diags.isEmpty, "\(render(diags))")
        #expect(anims.first?.frames.map(\.path) == ["frames/f1.png", "frames/f2.png", "frames/f10.png"])
        #expect(anims.first?.frames.first?.sourceLocation == SourceLocation(file: "animc.yaml", line: 6, column: 9))

        let (hidden, _) = resolveIn(dir, "version: 1\nanimations:\n  a:\n    output: out/a.gif\n    frames:\n      - glob: frames/.*.png\n")
        #expect(hidden.first?.frames.map(\.path) == ["frames/.hidden.png"])
    }

    @Test func doubleStarMatchesAnyDepth() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        for f in ["art/a.png", "art/x/b.png", "art/x/y/c.png", "art/x/y/c.txt", "art/.git/d.png", "other/e.png"] { try dir.touch(f) }
        let (anims, diags) = resolveIn(dir, "version: 1\nanimations:\n  a:\n    output: out/a.gif\n    frames:\n      - glob: art/**/*.png\n  b:\n    output: out/b.gif\n    frames:\n      - glob: '**'\n")
        #expect(diags.isEmpty, "\(render(diags))")
        #expect(anims.first?.frames.map(\.path) == ["art/a.png", "art/x/b.png", "art/x/y/c.png"])
        #expect(anims.last?.frames.map(\.path) == ["art/a.png", "art/x/b.png", "art/x/y/c.png", "art/x/y/c.txt", "other/e.png"])
    }

    @Test func globMatchingNothingAndMissingFiles() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("frames/run_001.png")
        try dir.touch("frames/run_002.png")
        try dir.mkdir("folder.png")
        let text = """
        version: 1
        animations:
          a:
            output: out/a.gif
            frames:
              - glob: frames/*.gif
              - file: nope.png
              - files: [frames/run_001.png, folder.png]
              - sequence: frames/run_%03d.png
                range: [1, 3]
          b:
            output: out/b.gif
            frames:
              - file: frames/run_001.png
        """
        let (anims, diags) = resolveIn(dir, text)
        let out = render(diags)
        #expect(out.contains("animc.yaml:6:9: error: glob 'frames/*.gif' matches no files\n      - glob: frames/*.gif\n        ^"), "\(out)")
        #expect(out.contains("animc.yaml:7:9: error: frame file 'nope.png' does not exist"))
        #expect(out.contains("animc.yaml:8:9: error: frame file 'folder.png' is a directory, not a file"))
        #expect(out.contains("animc.yaml:9:9: error: frame file 'frames/run_003.png' does not exist"))
        #expect(!out.contains("run_002.png' does not exist"))
        #expect(anims.map(\.animation.name) == ["b"])
    }

    @Test func sequenceWithStepAndNormalisedPaths() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        for i in [1, 3, 5] { try dir.touch(String(format: "f/run_%02d.png", i)) }
        let (anims, diags) = resolveIn(dir, "version: 1\nanimations:\n  a:\n    output: out/a.gif\n    frames:\n      - sequence: x/../f/run_%02d.png\n        range: [1, 5]\n        step: 2\n      - file: ./f/./run_01.png\n")
        #expect(diags.isEmpty, "\(render(diags))")
        #expect(anims.first?.frames.map(\.path) == ["f/run_01.png", "f/run_03.png", "f/run_05.png", "f/run_01.png"])
    }

    @Test func sourcesMayNotLeaveTheFolder() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("inner/a.png")
        try dir.touch("outside.png")
        let sub = dir.path + "/inner"
        let text = "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - file: ../outside.png\n"
        let (m, _) = parseManifest(text, directory: sub)
        let (anims, diags) = ManifestResolver.resolve(try #require(m)) { _ in (1, 1) }
        #expect(anims.isEmpty)
        #expect(render(diags).contains("animc.yaml:6:9: error: frame path '../outside.png' leaves the manifest's folder"))

        let (m2, _) = parseManifest("version: 1\nallow-outputs-outside: true\n" + text.dropFirst("version: 1\n".count), directory: sub)
        let (anims2, diags2) = ManifestResolver.resolve(try #require(m2)) { _ in (1, 1) }
        #expect(diags2.isEmpty, "\(render(diags2))")
        #expect(anims2.first?.frames.map(\.path) == ["../outside.png"])
    }

    @Test func delaysPlaybackAndHold() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        for f in ["1.png", "2.png", "3.png"] { try dir.touch(f) }
        let text = """
        version: 1
        defaults: {delay: 100ms}
        animations:
          fwd:
            output: fwd.gif
            hold: 1s
            frames:
              - files: [1.png, 2.png]
              - file: 3.png
                delay: 50
          rev:
            output: rev.gif
            playback: reverse
            hold: 500ms
            frames: [{files: [1.png, 2.png, 3.png]}]
          ping:
            output: ping.gif
            fps: 10
            playback: pingpong
            frames: [{glob: '*.png'}]
          ping2:
            output: ping2.gif
            playback: pingpong
            frames: [{files: [1.png, 2.png]}]
        """
        let (anims, diags) = resolveIn(dir, text)
        #expect(diags.isEmpty, "\(render(diags))")
        let byName = Dictionary(uniqueKeysWithValues: anims.map { ($0.animation.name, $0.frames) })
        #expect(byName["fwd"]?.map(\.path) == ["1.png", "2.png", "3.png"])
        #expect(byName["fwd"]?.map(\.delayMs) == [100, 100, 1050])
        #expect(byName["rev"]?.map(\.path) == ["3.png", "2.png", "1.png"])
        #expect(byName["rev"]?.map(\.delayMs) == [100, 100, 600])
        #expect(byName["ping"]?.map(\.path) == ["1.png", "2.png", "3.png", "2.png"])
        #expect(byName["ping"]?.map(\.delayMs) == [100, 100, 100, 100])
        #expect(byName["ping2"]?.map(\.path) == ["1.png", "2.png"])
    }

    @Test func sheetTilingWithMarginAndSpacing() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("hero.png")
        // 2px margin, 1px spacing, 10×8 tiles: width 2+10+1+10+1+10+2 = 36 → 3 columns; height 2+8+1+8+2 = 21 → 2 rows.
        let text = """
        version: 1
        animations:
          all:
            output: all.gif
            frames:
              - sheet: hero.png
                tile: {width: 10, height: 8}
                margin: 2
                spacing: 1
          some:
            output: some.gif
            frames:
              - sheet: hero.png
                tile: {width: 10, height: 8}
                margin: 2
                spacing: 1
                columns: 2
                count: 3
        """
        let (anims, diags) = resolveIn(dir, text, sizes: ["hero.png": (36, 21)])
        #expect(diags.isEmpty, "\(render(diags))")
        let all = try #require(anims.first { $0.animation.name == "all" })
        #expect(all.frames.count == 6)
        #expect(all.frames.allSatisfy { $0.path == "hero.png" })
        #expect(all.frames.map(\.tile) == [
            TileRect(x: 2, y: 2, width: 10, height: 8), TileRect(x: 13, y: 2, width: 10, height: 8),
            TileRect(x: 24, y: 2, width: 10, height: 8), TileRect(x: 2, y: 11, width: 10, height: 8),
            TileRect(x: 13, y: 11, width: 10, height: 8), TileRect(x: 24, y: 11, width: 10, height: 8),
        ])
        let some = try #require(anims.first { $0.animation.name == "some" })
        #expect(some.frames.map(\.tile) == [
            TileRect(x: 2, y: 2, width: 10, height: 8), TileRect(x: 13, y: 2, width: 10, height: 8),
            TileRect(x: 2, y: 11, width: 10, height: 8),
        ])
    }

    @Test func sheetErrors() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("small.png")
        try dir.touch("four.png")
        try dir.touch("broken.png")
        let text = """
        version: 1
        animations:
          a:
            output: a.gif
            frames:
              - sheet: small.png
                tile: {width: 32, height: 32}
          b:
            output: b.gif
            frames:
              - sheet: four.png
                tile: {width: 16, height: 16}
                count: 5
          c:
            output: c.gif
            frames:
              - sheet: broken.png
                tile: {width: 16, height: 16}
        """
        let (anims, diags) = resolveIn(dir, text, sizes: ["small.png": (16, 16), "four.png": (32, 32)])
        let out = render(diags)
        #expect(anims.isEmpty)
        #expect(out.contains("animc.yaml:6:9: error: sprite sheet 'small.png' (16×16) is smaller than one 32×32 tile"), "\(out)")
        #expect(out.contains("animc.yaml:11:9: error: 'count' is 5 but sprite sheet 'four.png' (32×32) holds only 4 tiles of 16×16"))
        #expect(out.contains("animc.yaml:17:9: error: cannot read sprite sheet 'broken.png': not a PNG file"))
    }

    /// Issue #10, item 10: a sheet header may claim any size; its tiles are never listed by the billion.
    @Test func hugeSheetsAreRefusedBeforeListingTiles() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("claims.png")
        try dir.touch("dust.png")
        let text = """
        version: 1
        animations:
          a:
            output: a.gif
            frames:
              - sheet: claims.png
                tile: {width: 1, height: 1}
          b:
            output: b.gif
            frames:
              - sheet: dust.png
                tile: {width: 1, height: 1}
        """
        let (anims, diags) = resolveIn(dir, text, sizes: ["claims.png": (2_000_000_000, 2_000_000_000), "dust.png": (4096, 4096)])
        let out = render(diags)
        #expect(anims.isEmpty)
        #expect(out.contains("animc.yaml:6:9: error: sprite sheet 'claims.png' is 2000000000×2000000000 pixels, over animc's limit of 16384 on a side"), "\(out)")
        #expect(out.contains("animc.yaml:11:9: error: a sprite sheet may give at most 1000000 frames, but 'dust.png' (4096×4096) gives 16777216 tiles of 1×1; set 'count'"), "\(out)")
    }

    @Test func outputOverwritingASourceFrame() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("x.png")
        try dir.touch("y.png")
        let text = "version: 1\nanimations:\n  a:\n    output: x.png\n    frames: [{file: y.png}]\n  b:\n    output: b.gif\n    frames: [{file: ./x.png}]\n"
        let (anims, diags) = resolveIn(dir, text)
        let out = render(diags)
        #expect(out.contains("animc.yaml:4:13: error: output 'x.png' would overwrite a source frame of animation 'b'\n    output: x.png\n            ^"), "\(out)")
        #expect(out.contains("warning: output 'x.png' does not end in .gif") == false)  // parser warnings are not repeated
        #expect(anims.map(\.animation.name) == ["b"])
    }

    @Test func loadFromDisk() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("a.png")
        let path = dir.path + "/animc.yaml"
        try "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let (m, warnings) = try ManifestLoader.load(path: path)
        #expect(warnings.isEmpty)
        #expect(m.directory == dir.path)
        #expect(m.path == path)
        let (anims, diags) = ManifestResolver.resolve(m) { _ in (1, 1) }
        #expect(diags.isEmpty)
        #expect(anims.first?.frames.map(\.path) == ["a.png"])
        #expect(anims.first?.frames.first?.delayMs == 1000.0 / 12)
    }
}
