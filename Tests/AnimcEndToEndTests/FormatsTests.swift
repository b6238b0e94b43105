import AnimcPixels
import AnimcTestSupport
import Foundation
import Testing

/// WebP and APNG outputs from one manifest, checked by decoders animc did not write: Pillow (pixels,
/// timing, loop), webpmux (WebP structure) and ffprobe (APNG frame count).
@Suite struct FormatsTests {
    /// Soft alpha: a disc with a feathered edge over a half-transparent band, moving.
    static func softFrame(_ i: Int, width: Int = 40, height: Int = 32) -> RGBAImage {
        var px = [UInt8](repeating: 0, count: width * height * 4)
        let cx = 10 + i * 4, cy = 16
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 4
                let d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy)
                if d2 <= 49 {
                    px[o] = 230; px[o + 1] = UInt8(40 + i * 30); px[o + 2] = 60; px[o + 3] = d2 > 30 ? 140 : 255
                } else if y >= 26 {
                    px[o] = UInt8(x * 6); px[o + 1] = 90; px[o + 2] = 200; px[o + 3] = 100
                }
            }
        }
        return RGBAImage(width: width, height: height, pixels: px)
    }

    func project(_ outputs: String, frames: Int = 5) throws -> Project {
        let p = try Project()
        for i in 0..<frames { try p.write("f/\(i).png", image: FormatsTests.softFrame(i)) }
        try p.write("animc.yaml", """
            version: 1
            defaults: {fps: 10}
            animations:
              hero:
                output: \(outputs)
                frames: [{glob: "f/*.png"}]
                hold: 300ms
            """)
        return p
    }

    func source(_ p: Project, _ i: Int) throws -> [UInt8] { FormatsTests.softFrame(i).pixels }

    @Test func everyOutputOfOneAnimation() throws {
        let p = try project("[out/hero.gif, out/hero.webp, out/hero.png, {path: out/pal.png, colors: 16}, {path: out/exact.webp, lossless: true}]")
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.statuses.count == 1)
        #expect(((run.json["outputs"] as? [[String: Any]]) ?? []).count == 5)
        // RGBA outputs add no decodes: each frame is decoded once in the encode pass for every output.
        let gifOnly = try project("out/hero.gif")
        let alone = try gifOnly.animc("build", "--json")
        let palOnly = try project("[out/hero.gif, {path: out/pal.png, colors: 16}]")
        #expect(run.steps.decoded == (try palOnly.animc("build", "--json")).steps.decoded, "\(run.stdout)")
        #expect(alone.steps.decoded > 0)
        let delays = [100, 100, 100, 100, 400]

        // APNG: lossless, alpha included; timing; ffprobe counts the frames.
        let (apng, apngFrames) = try Decoders.pillow(p.read("out/hero.png"), suffix: "png")
        #expect(apng.frames == 5 && apng.durations == delays && apng.loop == 0)
        for i in 0..<5 { let same = try apngFrames[i] == source(p, i); #expect(same, "APNG frame \(i)") }
        #expect(try Decoders.ffprobeFrames(p.read("out/hero.png"), suffix: "apng") == 5)

        // Lossless WebP: exact, alpha included.
        let (exact, exactFrames) = try Decoders.pillow(p.read("out/exact.webp"), suffix: "webp")
        #expect(exact.frames == 5 && exact.durations == delays && exact.loop == 0)
        for i in 0..<5 { let same = try exactFrames[i] == source(p, i); #expect(same, "lossless WebP frame \(i)") }

        // Default WebP: structure by webpmux, pixels close by Pillow.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(p.read("out/hero.webp")).write(to: dir.appendingPathComponent("a.webp"))
        let info = try Decoders.run(["webpmux", "-info", dir.appendingPathComponent("a.webp").path])
        #expect(info.contains("Number of frames: 5") && info.contains("Loop Count : 0"), "\(info)")
        let (webp, webpFrames) = try Decoders.pillow(p.read("out/hero.webp"), suffix: "webp")
        #expect(webp.durations == delays)
        for i in 0..<5 { #expect(try psnr(webpFrames[i], source(p, i)) > 30, "WebP frame \(i)") }

        // Palette APNG: one palette of at most 16 colours (alpha is one bit, as in GIF).
        let (pal, palFrames) = try Decoders.pillow(p.read("out/pal.png"), suffix: "png")
        #expect(pal.frames == 5)
        let colours = Set(stride(from: 0, to: palFrames[0].count, by: 4).map { Array(palFrames[0][$0..<($0 + 4)]) })
        #expect(colours.count <= 16)
        #expect(try DecodedGIF.decode(p.url("out/hero.gif")).frameCount == 5)
    }

    /// A palette APNG of the GIF's own (global) palette shares its palette and quantize steps: the same
    /// pixels, quantized once.
    @Test func aPaletteAPNGSharesTheGIFsSteps() throws {
        let p = try Project()
        for i in 0..<5 { try p.write("f/\(i).png", image: FormatsTests.softFrame(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              hero:
                output: [out/a.gif, {path: out/a.png, colors: 32}]
                frames: [{glob: "f/*.png"}]
                palette: {colors: 32, scope: global}
                lossy: 0
            """)
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.steps.quantized == 5, "\(run.stdout)")
        let gif = try DecodedGIF.decode(p.url("out/a.gif"))
        let (_, png) = try Decoders.pillow(p.read("out/a.png"), suffix: "png")
        for i in 0..<5 {
            let same = clearTransparent(gif.frames[i].pixels) == clearTransparent(png[i])
            #expect(same, "frame \(i)")
        }
    }

    @Test func aChangedWebPSettingReencodesOnlyTheWebP() throws {
        let p = try project("[out/a.gif, {path: out/a.webp, quality: 90, lossless: false}, out/a.png]")
        #expect(try p.animc("build").status == 0)
        let gif = try p.read("out/a.gif"), png = try p.read("out/a.png"), webp = try p.read("out/a.webp")
        let text = try String(decoding: p.read("animc.yaml"), as: UTF8.self)
        try p.write("animc.yaml", text.replacingOccurrences(of: "quality: 90", with: "quality: 60"))
        let run = try p.animc("build", "--json", "--explain")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.steps.quantized == 0 && run.steps.encoded == 1, "\(run.stdout)")
        #expect(run.json["outputs"].map { "\($0)" }?.contains("up-to-date") == true)
        let explained = (run.json["explain"] as? [[String: String]] ?? []).map { $0["step"] ?? "" }
        #expect(explained.contains("encode hero (out/a.webp)"), "\(explained)")
        #expect(!explained.contains { $0.hasPrefix("encode hero (out/a.gif)") || $0.hasPrefix("encode hero (out/a.png)") })
        #expect(try p.read("out/a.gif") == gif && p.read("out/a.png") == png)
        #expect(try p.read("out/a.webp") != webp)
    }

    @Test func deletedOutputsAreRestoredFromTheCache() throws {
        let p = try project("[out/a.webp, out/a.png]")
        #expect(try p.animc("build").status == 0)
        let webp = try p.read("out/a.webp"), png = try p.read("out/a.png")
        try p.remove("out/a.webp")
        try p.remove("out/a.png")
        let run = try p.animc("build", "--json")
        #expect(run.status == 0)
        #expect(run.steps.decoded == 0 && run.steps.encoded == 0, "\(run.stdout)")
        let statuses = (run.json["outputs"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
        #expect(statuses == ["restored", "restored"])
        #expect(try p.read("out/a.webp") == webp && p.read("out/a.png") == png)
        let noop = try p.animc("build", "--json")
        #expect(noop.steps.decoded == 0 && noop.steps.encoded == 0)
    }

    @Test func anUnknownExtensionIsRefusedBeforeAnythingRuns() throws {
        let p = try project("[out/a.gif, out/a.webm]")
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:5:25: error: output 'out/a.webm' has an extension animc does not write"), "\(run.stderr)")
        #expect(!p.exists("out"))
    }

    @Test func outputsAreTheSameWhateverTheJobs() throws {
        let a = try project("[out/a.webp, out/a.png, {path: out/p.png, colors: 32}]")
        let b = try project("[out/a.webp, out/a.png, {path: out/p.png, colors: 32}]")
        #expect(try a.animc("build", "--jobs", "1").status == 0)
        #expect(try b.animc("build", "--jobs", "3").status == 0)
        for f in ["out/a.webp", "out/a.png", "out/p.png"] { #expect(try a.read(f) == b.read(f), "\(f)") }
    }

    @Test func aStillPNGAtAnOutputPathIsNotReplaced() throws {
        let p = try project("out/a.png")
        try p.write("out/a.png", image: Frames.solid(1, 2, 3))
        let before = try p.read("out/a.png")
        let run = try p.animc("build")
        #expect(run.status == 1)
        #expect(run.stderr.contains("would replace a file that is not an animated PNG"), "\(run.stderr)")
        #expect(try p.read("out/a.png") == before)
    }
}

