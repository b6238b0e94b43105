import AnimcPixels
import Foundation
import Testing

/// The build system's story, told through the real binary and its `--json` report.
@Suite struct IncrementalTests {
    /// Two animations: `walk` (8 frames, per-frame palettes) and `glow` (6 frames, one global palette).
    func project() throws -> Project {
        let p = try Project()
        for i in 0..<8 { try p.write("walk/w\(i).png", image: Frames.moving(i)) }
        for i in 0..<6 { try p.write("glow/g\(i).png", image: Frames.moving(i * 5, width: 40, height: 40, square: 12)) }
        try p.write("animc.yaml", manifest(walkFPS: 10))
        return p
    }

    func manifest(walkFPS: Int) -> String {
        """
        version: 1
        animations:
          walk:
            output: out/walk.gif
            frames: [{glob: "walk/*.png"}]
            fps: \(walkFPS)
            palette: {scope: per-frame, colors: 64}
          glow:
            output: out/glow.gif
            frames: [{glob: "glow/*.png"}]
            palette: {scope: global, colors: 32}
        """
    }

    @Test func buildThenNothingToDo() throws {
        let p = try project()
        let first = try p.animc("build", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.statuses == ["walk": "built", "glow": "built"])
        #expect(first.steps.quantized == 14)
        #expect(first.steps.encoded == 2)
        #expect(first.steps.decoded >= 14)

        let second = try p.animc("build", "--json")
        #expect(second.statuses == ["walk": "up-to-date", "glow": "up-to-date"])
        #expect(second.steps == (0, 0, 0))
    }

    @Test func oneChangedFrameWithPerFramePalettes() throws {
        let p = try project()
        try p.animc("build")
        let glowBefore = try p.read("out/glow.gif")
        try p.write("walk/w3.png", image: Frames.solid(10, 200, 90, width: 48, height: 32))
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.statuses == ["walk": "built", "glow": "up-to-date"])
        // Only that frame is decoded and quantized again; the encoder re-runs once.
        #expect(run.steps == (1, 1, 1))
        #expect(try p.read("out/glow.gif") == glowBefore)
    }

    @Test func oneChangedFrameWithAGlobalPalette() throws {
        let p = try project()
        try p.animc("build")
        let walkBefore = try p.read("out/walk.gif")
        try p.write("glow/g2.png", image: Frames.solid(250, 250, 10, width: 40, height: 40))
        let run = try p.animc("build", "--json")
        #expect(run.statuses == ["walk": "up-to-date", "glow": "built"])
        // The palette depends on every frame of glow: glow re-quantizes, walk is untouched.
        #expect(run.steps.quantized == 6)
        #expect(run.steps.encoded == 1)
        #expect(try p.read("out/walk.gif") == walkBefore)
    }

    @Test func changingOnlyADelayQuantizesNothing() throws {
        let p = try project()
        try p.animc("build")
        try p.write("animc.yaml", manifest(walkFPS: 20))
        let run = try p.animc("build", "--json", "--explain")
        #expect(run.steps == (0, 0, 1))
        #expect(run.statuses == ["walk": "built", "glow": "up-to-date"])
        let explained = (run.json["explain"] as? [[String: String]]) ?? []
        #expect(explained.map { $0["step"] } == ["encode walk"])
        #expect(explained.first?["reason"] == "parameters changed: delays")
        #expect(try DecodedGIF.decode(p.url("out/walk.gif")).durations == Array(repeating: 50, count: 8))
    }

    @Test func touchingEveryFileRunsNothing() throws {
        let p = try project()
        try p.animc("build")
        try p.touchAll()
        let run = try p.animc("build", "--json")
        #expect(run.steps == (0, 0, 0))
        #expect(run.statuses == ["walk": "up-to-date", "glow": "up-to-date"])
    }

    @Test func cloneAndRestoreRunsNothing() throws {
        // A CI: a fresh checkout somewhere else (new mtimes, new inodes) and the cache folder restored beside it.
        let p = try project()
        try p.animc("build")
        let clone = try Project()
        for name in try FileManager.default.contentsOfDirectory(atPath: p.root.path) {
            try FileManager.default.copyItem(at: p.url(name), to: clone.url(name))
        }
        try clone.touchAll()
        let run = try clone.animc("build", "--json")
        #expect(run.steps == (0, 0, 0))
        #expect(run.statuses == ["walk": "up-to-date", "glow": "up-to-date"])
        // And with the cache elsewhere, named by the environment.
        let moved = try Project()
        try FileManager.default.moveItem(at: clone.url(".animc-cache"), to: moved.url("ci-cache"))
        let run2 = try clone.animc("build", "--json", environment: ["ANIMC_CACHE_DIR": moved.url("ci-cache").path])
        #expect(run2.steps == (0, 0, 0))
    }

    @Test func aDeletedOutputIsRestoredFromTheCache() throws {
        let p = try project()
        try p.animc("build")
        let before = try p.read("out/walk.gif")
        try p.remove("out/walk.gif")
        let run = try p.animc("build", "--json")
        #expect(run.statuses == ["walk": "restored", "glow": "up-to-date"])
        #expect(run.steps == (0, 0, 0))
        #expect(try p.read("out/walk.gif") == before)
    }

    @Test func anEditedOutputIsRestored() throws {
        let p = try project()
        try p.animc("build")
        let before = try p.read("out/glow.gif")
        try p.write("out/glow.gif", bytes: Array(before.dropLast(10)))
        let run = try p.animc("build", "--json")
        #expect(run.statuses["glow"] == "restored")
        #expect(try p.read("out/glow.gif") == before)
    }

    @Test func aCorruptCacheObjectIsDetectedAndRebuilt() throws {
        let p = try project()
        try p.animc("build")
        let good = try p.read("out/walk.gif")
        // Flip a byte in every quantized frame and every GIF the cache holds.
        var flipped = 0
        let objects = p.url(".animc-cache/objects")
        for case let u as URL in FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)! {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: u.path, isDirectory: &isDir), !isDir.boolValue else { continue }
            var b = Array(try Data(contentsOf: u))
            b[b.count / 2] ^= 0x55
            try Data(b).write(to: u)
            flipped += 1
        }
        #expect(flipped > 0)
        try p.remove("out/walk.gif")
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("corrupt") || (run.json["diagnostics"] as? [[String: Any]] ?? []).contains {
            ($0["message"] as? String ?? "").contains("corrupt")
        })
        #expect(run.statuses["walk"] == "built")
        #expect(run.steps.quantized >= 8)
        #expect(try p.read("out/walk.gif") == good)
    }

    @Test func outputsAreIdenticalWhateverTheJobCountAndCache() throws {
        let a = try project(), b = try project()
        #expect(try a.animc("build", "--jobs", "1").status == 0)
        #expect(try b.animc("build", "--jobs", "4").status == 0)
        #expect(try a.read("out/walk.gif") == b.read("out/walk.gif"))
        #expect(try a.read("out/glow.gif") == b.read("out/glow.gif"))
        // Warm cache, forced rebuild: same bytes again.
        try b.remove("out/walk.gif")
        #expect(try b.animc("build", "--force", "--jobs", "3").status == 0)
        #expect(try a.read("out/walk.gif") == b.read("out/walk.gif"))
    }

    @Test func dryRunWritesNothingAndExplains() throws {
        let p = try project()
        let run = try p.animc("build", "--dry-run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!p.exists("out/walk.gif"))
        #expect(!p.exists(".animc-cache"))
        #expect(run.stdout.contains("would run: quantize walk#0: never built"))
        #expect(run.stdout.contains("would run: encode glow: never built"))
    }

    @Test func explainNamesTheChangedFile() throws {
        let p = try project()
        try p.animc("build")
        try p.write("walk/w5.png", image: Frames.solid(1, 2, 3, width: 48, height: 32))
        let run = try p.animc("build", "--explain")
        #expect(run.stdout.contains("run: frame walk/w5.png: input changed: source walk/w5.png"), "\(run.stdout)")
        #expect(run.stdout.contains("run: quantize walk#5: input changed: frame walk/w5.png"), "\(run.stdout)")
    }

    @Test func buildingOneAnimationByName() throws {
        let p = try project()
        let run = try p.animc("build", "animc.yaml", "glow", "--json")
        #expect(run.statuses == ["glow": "built"])
        #expect(!p.exists("out/walk.gif"))
        let bad = try p.animc("build", "animc.yaml", "glwo")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("no animation named 'glwo'"))
        #expect(bad.stderr.contains("did you mean 'glow'?"))
    }

    @Test func twoBuildsAtOnceOnOneCache() throws {
        let p = try project()
        let group = DispatchGroup()
        nonisolated(unsafe) var statuses: [Int32] = [0, 0]
        for i in 0..<2 {
            group.enter()
            DispatchQueue.global().async {
                statuses[i] = (try? Animc.run(["build", "--quiet"], in: p.root).status) ?? -1
                group.leave()
            }
        }
        group.wait()
        #expect(statuses == [0, 0])
        let reference = try project()
        try reference.animc("build")
        #expect(try p.read("out/walk.gif") == reference.read("out/walk.gif"))
        #expect(try p.read("out/glow.gif") == reference.read("out/glow.gif"))
    }

    @Test func aKilledBuildLeavesNothingTrustedWrongly() throws {
        let p = try Project()
        for i in 0..<120 { try p.write("f/\(i).png", image: Frames.moving(i, width: 200, height: 150, square: 30)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              long:
                output: long.gif
                frames: [{glob: "f/*.png"}]
                palette: {scope: per-frame}
            """)
        let proc = Process()
        proc.executableURL = Animc.binary
        proc.arguments = ["build", "--quiet"]
        proc.currentDirectoryURL = p.root
        try proc.run()
        usleep(400_000)
        kill(proc.processIdentifier, SIGKILL)
        proc.waitUntilExit()
        // Either no output, or (if it finished first) a whole one; never a partial file under the output's name.
        if p.exists("long.gif") {
            #expect(try DecodedGIF.decode(p.url("long.gif")).frameCount == 120)
        }
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let reference = try Project()
        for i in 0..<120 { try reference.write("f/\(i).png", image: Frames.moving(i, width: 200, height: 150, square: 30)) }
        try reference.write("animc.yaml", try String(decoding: p.read("animc.yaml"), as: UTF8.self))
        try reference.animc("build")
        #expect(try p.read("long.gif") == reference.read("long.gif"))
    }
}
