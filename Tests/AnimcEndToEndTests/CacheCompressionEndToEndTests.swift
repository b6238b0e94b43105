import AnimcPixels
import AnimcTestSupport
import Foundation
import Testing

/// Issue 16, "a smaller cache": quantized frames are stored compressed, outputs raw, and a cache an older
/// animc made (format 1, every object raw) is still read. Real builds of the real binary.
@Suite struct CacheCompressionEndToEndTests {
    /// Screen-like frames: flat areas and a moving square, 12 frames of 160×120.
    func project() throws -> Project {
        let p = try Project()
        for i in 0..<12 { try p.write("f/\(i).png", image: Frames.moving(i * 3, width: 160, height: 120, square: 24)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              ui:
                output: out/ui.gif
                fps: 10
                frames: [{glob: "f/*.png"}]
            """)
        return p
    }

    func entries(_ p: Project) throws -> [[String: Any]] {
        let run = try p.animc("cache", "ls", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        return run.json["entries"] as? [[String: Any]] ?? []
    }

    func objectPath(_ digest: String) -> String { ".animc-cache/objects/\(digest.prefix(2))/\(digest)" }

    @Test func quantizedFramesAreStoredCompressedAndOutputsRaw() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        let all = try entries(p)
        let quantized = all.filter { $0["kind"] as? String == "quantized" }
        #expect(quantized.count == 12)
        var onDisk = 0
        for e in quantized {
            let stored = try p.read(objectPath(e["object"] as! String))
            #expect(stored.starts(with: Array("ACZ1".utf8)))
            #expect(e["size"] as? Int == stored.count)  // `ls` gives bytes on disk
            onDisk += stored.count
        }
        // 12 frames of 160×120 one-byte indices (plus palettes) take under a quarter of that on disk.
        #expect(onDisk * 4 < 12 * 160 * 120, "\(onDisk) bytes on disk")
        let show = try p.animc("cache", "show", quantized[0]["key"] as! String, "--json")
        #expect(show.json["size"] as? Int ?? 0 > 160 * 120)  // `show` gives the logical size
        let gif = try #require(all.first { $0["kind"] as? String == "gif" })
        let gifBytes = try p.read("out/ui.gif")
        #expect(try p.read(objectPath(gif["object"] as! String)) == gifBytes)
        #expect(try p.animc("cache", "verify").status == 0)

        // A delay change re-encodes from the compressed frames: same pixels, nothing quantized.
        let before = try Decoders.pillow(gifBytes, suffix: "gif").frames
        let text = String(decoding: try p.read("animc.yaml"), as: UTF8.self)
        try p.write("animc.yaml", text.replacingOccurrences(of: "fps: 10", with: "fps: 5"))
        let rebuild = try p.animc("build", "--json")
        #expect(rebuild.status == 0 && rebuild.steps.quantized == 0 && rebuild.steps.encoded == 1, "\(rebuild.stderr)")
        #expect(try Decoders.pillow(p.read("out/ui.gif"), suffix: "gif").frames == before)

        // A deleted output comes back from the cache as the same bytes.
        let now = try p.read("out/ui.gif")
        try p.remove("out/ui.gif")
        let restore = try p.animc("build", "--json")
        #expect(restore.steps.encoded == 0 && restore.steps.quantized == 0)
        #expect(try p.read("out/ui.gif") == now)
    }

    @Test func aCacheOfFormatOneIsReadAndMarkedFormatTwo() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        // Turn the cache into what animc of format 1 left: every object raw, the marker saying 1.
        let inflate = """
            import os, sys, zlib
            root = sys.argv[1]
            for d, _, fs in os.walk(root):
                for f in fs:
                    path = os.path.join(d, f)
                    data = open(path, "rb").read()
                    if data[:4] == b"ACZ1":
                        open(path, "wb").write(zlib.decompress(data[33:]))
            """
        _ = try Decoders.run(["python3", "-c", inflate, p.url(".animc-cache/objects").path])
        try p.write(".animc-cache/animc-cache.json", "{\"format\":1}\n")
        #expect(try p.animc("cache", "verify").status == 0)
        // `check` reads it without marking it.
        #expect(try p.animc("check").status == 0)
        #expect(String(decoding: try p.read(".animc-cache/animc-cache.json"), as: UTF8.self).contains("\"format\":1"))

        let text = String(decoding: try p.read("animc.yaml"), as: UTF8.self)
        try p.write("animc.yaml", text.replacingOccurrences(of: "fps: 10", with: "fps: 4"))
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.steps.quantized == 0 && run.steps.encoded == 1)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(String(decoding: try p.read(".animc-cache/animc-cache.json"), as: UTF8.self).contains("\"format\":2"))
        #expect(try p.animc("cache", "verify").status == 0)
    }

    /// Footage-like frames: a fixed scene under sensor noise that changes every frame, 16 frames of 160×120.
    static func footage(_ index: Int) -> RGBAImage {
        var img = Frames.moving(index, width: 160, height: 120, square: 24)
        var x = UInt32(truncatingIfNeeded: 2_654_435_761 &* UInt32(index + 1))
        for o in stride(from: 0, to: img.pixels.count, by: 4) {
            for c in 0..<3 {
                x = x &* 1_664_525 &+ 1_013_904_223
                img.pixels[o + c] = UInt8(clamping: Int(img.pixels[o + c]) + Int(x >> 28) - 8)
            }
        }
        return img
    }

    func cacheBytes(_ p: Project) throws -> Int {
        let root = p.url(".animc-cache")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey])!
        return try files.reduce(0) { sum, f in
            sum + (try (f as! URL).resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0)
        }
    }

    @Test func aFootageCacheIsAtMostTwoAndAHalfTimesItsOutput() throws {
        let p = try Project()
        for i in 0..<16 { try p.write("f/\(i).png", image: Self.footage(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              cam:
                output: out/cam.gif
                fps: 10
                frames: [{glob: "f/*.png"}]
            """)
        let cold = try p.animc("build", "--json")
        #expect(cold.status == 0 && cold.steps.quantized == 16, "\(cold.stderr)")
        let gif = try p.read("out/cam.gif")
        let cache = try cacheBytes(p)
        #expect(Double(cache) <= 2.5 * Double(gif.count), "cache \(cache) bytes for a GIF of \(gif.count)")
        // Its noisy frames on one palette were not kept; the palette and the GIF were.
        let kinds = try entries(p).compactMap { $0["kind"] as? String }
        #expect(!kinds.contains("quantized") && kinds.contains("palette") && kinds.contains("gif"), "\(kinds)")
        #expect(try p.animc("cache", "verify").status == 0)
        // A no-op build is one hit; a delay change quantizes again and gives the same pixels as a cold build.
        let noop = try p.animc("build", "--json")
        #expect(noop.status == 0 && noop.steps.quantized == 0 && noop.steps.encoded == 0)
        let text = String(decoding: try p.read("animc.yaml"), as: UTF8.self)
        try p.write("animc.yaml", text.replacingOccurrences(of: "fps: 10", with: "fps: 5"))
        let slower = try p.animc("build", "--json")
        #expect(slower.status == 0 && slower.steps.quantized == 16 && slower.steps.encoded == 1, "\(slower.stderr)")
        let warm = try p.read("out/cam.gif")
        try p.remove(".animc-cache")
        #expect(try p.animc("build").status == 0)
        #expect(try p.read("out/cam.gif") == warm)
        #expect(try Decoders.pillow(warm, suffix: "gif").frames == Decoders.pillow(gif, suffix: "gif").frames)
    }
}
