import AnimcPixels
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// `animc cache …` on real caches made by real builds.
@Suite struct CacheCommandTests {
    /// `walk` (8 frames, per-frame palettes) and `glow` (6 frames, one global palette): 14 quantized frames,
    /// 1 palette and 2 GIFs in the cache after a build.
    func project(extra: String = "") throws -> Project {
        let p = try Project()
        for i in 0..<8 { try p.write("walk/w\(i).png", image: Frames.moving(i)) }
        for i in 0..<6 { try p.write("glow/g\(i).png", image: Frames.moving(i * 5, width: 40, height: 40, square: 12)) }
        try p.write("animc.yaml", """
            version: 1
            \(extra)
            animations:
              walk:
                output: out/walk.gif
                frames: [{glob: "walk/*.png"}]
                palette: {scope: per-frame, colors: 64}
              glow:
                output: out/glow.gif
                frames: [{glob: "glow/*.png"}]
                palette: {scope: global, colors: 32}
            """)
        return p
    }

    func entries(_ p: Project, _ args: String...) throws -> [[String: Any]] {
        let run = try Animc.run(["cache", "ls", "--json"] + args, in: p.root)
        #expect(run.status == 0, "\(run.stderr)")
        return run.json["entries"] as? [[String: Any]] ?? []
    }

    func stats(_ p: Project) throws -> [String: Any] {
        let run = try p.animc("cache", "stats", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        return run.json
    }

    func objectPath(_ p: Project, _ digest: String) -> String {
        ".animc-cache/objects/\(digest.prefix(2))/\(digest)"
    }

    @Test func statsMatchWhatTheBuildsDid() throws {
        let p = try project()
        let first = try p.animc("build", "--json")
        let second = try p.animc("build", "--json")
        #expect(second.steps == (0, 0, 0))
        let use1 = first.json["cache"] as? [String: Int] ?? [:], use2 = second.json["cache"] as? [String: Int] ?? [:]
        #expect(use2["misses"] == 0 && (use2["hits"] ?? 0) > 0)

        let s = try stats(p)
        #expect(s["entries"] as? Int == 19)  // 14 frames, 1 palette, 2 GIFs and their 2 splice indexes
        let kinds = Dictionary(uniqueKeysWithValues: (s["kinds"] as? [[String: Any]] ?? []).map { ($0["kind"] as! String, $0["entries"] as! Int) })
        #expect(kinds == ["quantized": 14, "palette": 1, "gif": 2, "gif-splice": 2])
        let last = s["lastBuild"] as? [String: Any] ?? [:]
        #expect(last["hits"] as? Int == use2["hits"] && last["misses"] as? Int == 0)
        #expect(last["hitRate"] as? Double == 1)
        let life = s["lifetime"] as? [String: Any] ?? [:]
        #expect(life["builds"] as? Int == 2)
        #expect(life["hits"] as? Int == (use1["hits"] ?? 0) + (use2["hits"] ?? 0))
        #expect(life["misses"] as? Int == use1["misses"])
        #expect((s["size"] as? Int ?? 0) > (s["objectBytes"] as? Int ?? .max))
        #expect(s["oldestEntry"] is Int && s["newestEntry"] is Int)

        let human = try p.animc("cache", "stats")
        #expect(human.status == 0)
        #expect(human.stdout.contains("quantized frames") && human.stdout.contains("KiB") && human.stdout.contains("hit rate 100.0%"))
    }

    @Test func lsFiltersByKindAndAnimation() throws {
        let p = try project()
        try p.animc("build")
        #expect(try entries(p).count == 19)
        #expect(try entries(p, "--kind", "palette").count == 1)
        #expect(try entries(p, "--animation", "walk").count == 10)
        let glowGIF = try entries(p, "--kind", "gif", "--animation", "glow")
        #expect(glowGIF.count == 1)
        #expect((glowGIF.first?["description"] as? String)?.hasPrefix("glow") == true)
        let human = try p.animc("cache", "ls", "--kind", "quantized", "--animation", "walk")
        let lines = human.stdout.split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines.allSatisfy { $0.contains("quantized") && $0.contains("walk frame") && $0.contains("64 colours") })
        #expect(try p.animc("cache", "ls", "--kind", "frames").status == 2)
    }

    @Test func showByPrefixAndWriteThePNG() throws {
        let p = try project()
        try p.animc("build")
        let frame = try entries(p, "--kind", "quantized", "--animation", "walk")[0]
        let key = frame["key"] as! String
        let run = try p.animc("cache", "show", String(key.prefix(10)), "--json", "--png", "frame.png")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json["key"] as? String == key)
        #expect(run.json["objectIntact"] as? Bool == true)
        #expect((run.json["frame"] as? [String: Int]) == ["width": 48, "height": 32])
        let colours = (run.json["palette"] as? [String: Any])?["colors"] as? [String] ?? []
        #expect(!colours.isEmpty && colours.count <= 64)
        #expect((run.json["inputs"] as? [String: String])?["frame"] != nil)
        let png = try PNGCodec.decode(try p.read("frame.png"))
        #expect(png.width == 48 && png.height == 32)

        let human = try p.animc("cache", "show", String(key.prefix(12)))
        #expect(human.stdout.contains("palette:") && human.stdout.contains("inputs:") && human.stdout.contains("48×32"))

        // A palette has no picture; an unknown or ambiguous key is an error.
        let palette = try entries(p, "--kind", "palette")[0]["key"] as! String
        #expect(try p.animc("cache", "show", palette, "--png", "x.png").status == 2)
        let keys = try entries(p).map { $0["key"] as! String }
        let unused = "0123456789abcdef".map(String.init).first { c in !keys.contains { $0.hasPrefix(c) } }
        if let unused { #expect(try p.animc("cache", "show", unused).status == 2) }
        let shared = "0123456789abcdef".map(String.init).first { c in keys.filter { $0.hasPrefix(c) }.count > 1 }!
        let ambiguous = try p.animc("cache", "show", shared)
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("matches"))
        #expect(try p.animc("cache", "show", "not-a-key").status == 2)
    }

    @Test func verifyFindsAFlippedByteAndATruncatedObject() throws {
        let p = try project()
        try p.animc("build")
        #expect(try p.animc("cache", "verify").status == 0)
        let gif = try entries(p, "--kind", "gif", "--animation", "walk")[0]["object"] as! String
        let frame = try entries(p, "--kind", "quantized", "--animation", "walk")[3]["object"] as! String
        var bytes = try p.read(objectPath(p, gif))
        bytes[bytes.count / 2] ^= 0x40
        try p.write(objectPath(p, gif), bytes: bytes)
        try p.write(objectPath(p, frame), bytes: Array(try p.read(objectPath(p, frame)).prefix(100)))

        let run = try p.animc("cache", "verify", "--json")
        #expect(run.status == 1)
        #expect(run.json["ok"] as? Bool == false)
        let problems = run.json["problems"] as? [[String: Any]] ?? []
        #expect(Set(problems.map { $0["kind"] as? String ?? "" }) == ["corrupt", "truncated"])
        #expect(p.exists(objectPath(p, gif)))

        let repair = try p.animc("cache", "verify", "--repair")
        #expect(repair.status == 1)
        #expect(repair.stdout.contains("removed"))
        #expect(!p.exists(objectPath(p, gif)) && !p.exists(objectPath(p, frame)))
        #expect(try p.animc("cache", "verify").status == 0)
        // The next build re-quantizes the cut-off frame and re-encodes walk; glow is untouched.
        let rebuilt = try p.animc("build", "--json")
        #expect(rebuilt.steps == (1, 1, 1))
        #expect(try p.animc("cache", "verify").status == 0)
    }

    @Test func gcUnderALimitKeepsTheKeptManifestUpToDate() throws {
        let p = try project()
        try p.animc("build")
        let kept = try stats(p)["size"] as! Int
        // A second manifest sharing the cache, with bigger frames.
        for i in 0..<6 { try p.write("big/b\(i).png", image: Frames.moving(i * 7, width: 96, height: 96, square: 20)) }
        try p.write("other.yaml", """
            version: 1
            animations:
              big:
                output: out/big.gif
                frames: [{glob: "big/*.png"}]
                palette: {scope: per-frame, colors: 128}
            """)
        #expect(try p.animc("build", "other.yaml").status == 0)
        let both = try stats(p)["size"] as! Int
        let limit = kept + (both - kept) / 2

        let gc = try p.animc("cache", "gc", "--max-size", "\(limit)", "--keep", "animc.yaml", "--json")
        #expect(gc.status == 0, "\(gc.stderr)")
        #expect(gc.json["limitMet"] as? Bool == true)
        #expect((gc.json["sizeAfter"] as? Int ?? .max) <= limit)
        #expect((gc.json["freedBytes"] as? Int ?? 0) > 0)
        let evicted = gc.json["evicted"] as? [[String: Any]] ?? []
        #expect(!evicted.isEmpty && evicted.allSatisfy { ($0["description"] as? String)?.hasPrefix("big") == true })
        #expect((try stats(p)["size"] as! Int) <= limit)

        let next = try p.animc("build", "--json")
        #expect(next.steps == (0, 0, 0))
        #expect(next.statuses == ["walk": "up-to-date", "glow": "up-to-date"])
        #expect(try p.animc("cache", "verify").status == 0)
    }

    @Test func gcKeepsWhatAKeptManifestNeedsEvenOverTheLimit() throws {
        let p = try project()
        try p.animc("build")
        let gc = try p.animc("cache", "gc", "--max-size", "1KiB", "--keep", "animc.yaml")
        #expect(gc.status == 1)
        #expect(gc.stderr.contains("kept manifests need"))
        let next = try p.animc("build", "--json")
        #expect(next.steps == (0, 0, 0))
        #expect(next.statuses == ["walk": "up-to-date", "glow": "up-to-date"])
        // Without --keep everything goes.
        #expect(try p.animc("cache", "gc", "--max-size", "1KiB").status == 1)
        #expect(try entries(p).isEmpty)
    }

    @Test func gcByAge() throws {
        let p = try project()
        try p.animc("build")
        // Make every entry 40 days old.
        let old = Date().addingTimeInterval(-40 * 86_400)
        let e = FileManager.default.enumerator(atPath: p.url(".animc-cache/entries").path)!
        while let rel = e.nextObject() as? String {
            guard rel.hasSuffix(".json") else { continue }
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: p.url(".animc-cache/entries/\(rel)").path)
        }
        let lenient = try p.animc("cache", "gc", "--max-age", "8w", "--json")
        #expect((lenient.json["evicted"] as? [Any])?.count == 0)
        let strict = try p.animc("cache", "gc", "--max-age", "30d", "--json")
        #expect(strict.status == 0)
        #expect((strict.json["evicted"] as? [Any])?.count == 19)
        #expect(try entries(p).isEmpty)
        #expect(try p.animc("build", "--json").steps.quantized == 14)
    }

    @Test func clearAndPath() throws {
        let p = try project()
        let path = try p.animc("cache", "path")
        #expect(path.status == 0)
        #expect(path.stdout.trimmingCharacters(in: .newlines).hasSuffix("/.animc-cache"))
        #expect(try p.animc("cache", "path", "--json").json["exists"] as? Bool == false)
        try p.animc("build")
        #expect(try p.animc("cache", "path", "--json").json["exists"] as? Bool == true)
        let clear = try p.animc("cache", "clear", "--json")
        #expect(clear.status == 0)
        #expect((clear.json["freedBytes"] as? Int ?? 0) > 0)
        #expect(try stats(p)["entries"] as? Int == 0)
        #expect(try p.animc("build", "--json").steps.quantized == 14)
    }

    @Test func badInputIsRefusedAndDeletesNothing() throws {
        let p = try project()
        try p.animc("build")
        let before = try stats(p)["size"] as! Int
        let bad: [[String]] = [
            ["cache", "gc", "--max-size", "500XB"],
            ["cache", "gc", "--max-size", "0x10"],
            ["cache", "gc", "--max-age", "-3d"],
            ["cache", "gc", "--max-age=-3d"],
            ["cache", "gc", "--max-age", "30"],
            ["cache", "gc", "--max-size", "1", "--keep", "missing.yaml"],
            ["cache", "stats", "--cache-dir", "nowhere"],
            ["cache", "clear", "--cache-dir", "walk"],
            ["cache", "verify", "--repair", "--cache-dir", "walk"],
            ["cache", "show", "abcdef0123", "--cache-dir", "nowhere"],
            ["build", "--cache-max-size", "-3"],
        ]
        for args in bad {
            let run = try Animc.run(args, in: p.root)
            #expect(run.status == 2, "\(args): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("error"), "\(args)")
        }
        #expect(try stats(p)["size"] as! Int == before)
        #expect(try entries(p).count == 19)
        #expect(p.exists("walk/w0.png"))
    }

    @Test func buildHonoursTheManifestsSizeLimit() throws {
        // The size of one build's cache, measured without a limit.
        let measure = try project()
        try measure.animc("build")
        let one = try stats(measure)["size"] as! Int
        let limit = one + one / 2

        let p = try project(extra: "cache: {max-size: \(limit)}")
        for round in 0..<3 {
            // New frames each round, as a CI cache sees new commits.
            for i in 0..<8 { try p.write("walk/w\(i).png", image: Frames.moving(i + 10 * round)) }
            for i in 0..<6 { try p.write("glow/g\(i).png", image: Frames.moving(i * 5 + round, width: 40, height: 40, square: 12)) }
            let run = try p.animc("build", "--json")
            #expect(run.status == 0, "\(run.stderr)")
            #expect((try stats(p)["size"] as! Int) <= limit, "round \(round)")
        }
        #expect(try p.animc("build", "--json").steps == (0, 0, 0))
        // The flag overrides the manifest.
        let flagged = try p.animc("build", "--cache-max-size", "1", "--json")
        #expect(flagged.status == 0)
        #expect(flagged.stderr.contains("over its limit"))
    }

    @Test func gcAndClearWaitForARunningBuild() throws {
        let p = try project()
        try p.animc("build")
        // Hold the lock as a running build does: shared.
        let fd = open(p.url(".animc-cache/lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_SH) == 0)
        let gc = try p.animc("cache", "gc", "--max-size", "1", "--wait", "0.3")
        #expect(gc.status == 1)
        #expect(gc.stderr.contains("in use by a running build"))
        #expect(try p.animc("cache", "clear", "--wait", "0.3").status == 1)
        #expect(try entries(p).count == 19)
        // Reading needs no lock; a second build shares it.
        #expect(try p.animc("cache", "stats").status == 0)
        #expect(try p.animc("build", "--json").steps == (0, 0, 0))
        flock(fd, LOCK_UN)
        close(fd)
        #expect(try p.animc("cache", "gc", "--max-size", "1", "--wait", "0.3").status == 1)
        #expect(try entries(p).isEmpty)
    }
}
