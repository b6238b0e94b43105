import AnimcPixels
import AnimcTestSupport
import Foundation
import Testing

/// `video:` sources end to end: videos made by ffmpeg from known pictures, built by the real binary,
/// the outputs read back by Pillow (a decoder animc did not write).
@Suite struct VideoSourceTests {
    /// A lossless APNG output keeps the decoded frames exactly, so Pillow's frames measure the video path.
    func project(_ frames: String, settings: String = "", outputs: String = "[out/v.gif, out/v.png]") throws -> Project {
        let p = try Project()
        try p.write("animc.yaml", """
            version: 1
            animations:
              v:
                output: \(outputs)
            \(settings.isEmpty ? "" : "    " + settings)
                frames:
            \(frames)
            """)
        return p
    }

    /// The picture index each decoded frame is closest to, and the worst PSNR to it.
    func pictures(_ frames: [[UInt8]]) -> (indices: [Int], worst: Double) {
        var worst = Double.infinity
        let idx = frames.map { f -> Int in
            let scores = (0..<40).map { psnrRGB(f, Videos.picture($0)) }
            let best = scores.indices.max { scores[$0] < scores[$1] }!
            worst = min(worst, scores[best])
            return best
        }
        return (idx, worst)
    }

    @Test(arguments: [
        ("cfr.mp4", Videos.bt709() + Videos.h264Lossless444),
        ("vp9.webm", Videos.bt709() + ["-c:v", "libvpx-vp9", "-lossless", "1"]),
        ("screen.mov", Videos.bt709(range: "pc") + Videos.h264Lossless444),
        ("sound.mp4", Videos.bt709() + Videos.h264Lossless444 + ["-c:a", "aac", "-shortest"]),
    ])
    func containersKeepTheirTiming(name: String, codec: [String]) throws {
        let p = try project("      - video: rec/\(name)")
        let audio = name.hasPrefix("sound") ? ["-f", "lavfi", "-i", "sine=frequency=440:duration=5"] : []
        try Videos.make(p.url("rec/\(name)"), count: 12, codec: codec, extraInputs: audio)
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let (gif, _) = try Decoders.pillow(p.read("out/v.gif"), suffix: "gif")
        #expect(gif.frames == 12 && gif.durations == Array(repeating: 100, count: 12), "\(gif)")
        let (apng, frames) = try Decoders.pillow(p.read("out/v.png"), suffix: "png")
        #expect(apng.frames == 12 && apng.durations == Array(repeating: 100, count: 12))
        let (idx, worst) = pictures(frames)
        #expect(idx == Array(0..<12))
        #expect(worst >= 48, "\(name): PSNR \(worst)")
    }

    @Test func variableFrameRateKeepsEveryDelay() throws {
        let durations = [120, 280, 40, 1000, 80, 40]
        let p = try project("      - video: rec/vfr.mp4")
        try Videos.makeVFR(p.url("rec/vfr.mp4"), durationsMs: durations)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        let (gif, _) = try Decoders.pillow(p.read("out/v.gif"), suffix: "gif")
        #expect(gif.durations == durations)
        let (apng, frames) = try Decoders.pillow(p.read("out/v.png"), suffix: "png")
        #expect(apng.durations == durations)
        #expect(pictures(frames).indices == Array(0..<6))
    }

    @Test func fpsResamplesToTheFrameOnScreenAtEachTick() throws {
        // Frames start at 0, 120, 400, 440, 1440, 1480 ms (ffprobe's timestamps); the video ends at 1520.
        let durations = [120, 280, 40, 1000, 40, 40]
        let p = try project("      - video: rec/vfr.mp4", settings: "fps: 10")
        try Videos.makeVFR(p.url("rec/vfr.mp4"), durationsMs: durations)
        let starts = try Videos.timestampsMs(p.url("rec/vfr.mp4"))
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        let ticks = (0..<16).map { Double($0) * 100 }
        let expected = ticks.map { t in starts.lastIndex { $0 <= t + 1e-6 }! }
        let (apng, frames) = try Decoders.pillow(p.read("out/v.png"), suffix: "png")
        #expect(apng.durations.reduce(0, +) == 1600)
        // Pillow merges nothing: one frame per tick, each the picture on screen then.
        #expect(apng.frames == 16 && pictures(frames).indices == expected, "\(apng) \(expected)")
        // The same frames as ffmpeg's fps filter picks with round=up (matched by their decoded digests).
        func md5s(_ filter: [String]) throws -> [String] {
            try Decoders.run(["ffmpeg", "-v", "error", "-i", p.url("rec/vfr.mp4").path] + filter + ["-f", "framemd5", "-"])
                .split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } }
        }
        let all = try md5s(["-fps_mode", "passthrough"]), picked = try md5s(["-vf", "fps=10:round=up"])
        #expect(picked.compactMap { all.firstIndex(of: $0) } == expected)
    }

    @Test func trimsCutAtTheFrameOnScreen() throws {
        let p = try project("      - video: rec/t.mp4\n        start: 0.45s\n        end: 1.2s")
        try Videos.make(p.url("rec/t.mp4"), count: 20, codec: Videos.bt709() + Videos.h264Lossless444)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        let (apng, frames) = try Decoders.pillow(p.read("out/v.png"), suffix: "png")
        // On screen at 450 ms: frame 4 (400 ms), shown until 500; frames before 1200 ms: up to 11.
        #expect(pictures(frames).indices == Array(4...11))
        #expect(apng.durations == [50] + Array(repeating: 100, count: 7))
    }

    @Test func noOpAndTouchedBuildsRunNoFFmpeg() throws {
        let p = try project("      - video: rec/a.mp4\n        end: 1s", settings: "palette: {scope: per-frame}", outputs: "out/v.gif")
        try Videos.make(p.url("rec/a.mp4"), count: 20, codec: Videos.bt709() + Videos.h264Lossless444)
        let first = try p.animc("build", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.steps.decoded >= 10)
        // No ffmpeg or ffprobe on PATH: a no-op build and a build after touching every file still succeed,
        // decoding nothing.
        let empty = p.url("no-ffmpeg")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let noop = try p.animc("build", "--json", environment: ["PATH": empty.path])
        #expect(noop.status == 0 && noop.steps.decoded == 0, "\(noop.stderr)")
        try p.touchAll()
        let touched = try p.animc("build", "--json", environment: ["PATH": empty.path])
        #expect(touched.status == 0 && touched.steps.decoded == 0 && touched.steps.encoded == 0,
                "\(touched.stderr) \(touched.statuses)")
        // A later end keeps the frames it kept: only the five new frames are quantized.
        try p.write("animc.yaml", try String(contentsOf: p.url("animc.yaml"), encoding: .utf8).replacingOccurrences(of: "end: 1s", with: "end: 1.5s"))
        let longer = try p.animc("build", "--json")
        #expect(longer.status == 0 && longer.steps.quantized == 5, "\(longer.stdout)")
        // A frame that must be decoded without ffmpeg says what to install, for that animation only.
        try p.write("animc.yaml", try String(contentsOf: p.url("animc.yaml"), encoding: .utf8).replacingOccurrences(of: "end: 1.5s", with: "end: 1.9s"))
        let missing = try p.animc("build", environment: ["PATH": empty.path])
        #expect(missing.status != 0 && missing.stderr.contains("install ffmpeg"), "\(missing.stderr)")
    }

    @Test func badVideosAreLocatedErrors() throws {
        let p = try Project()
        try Videos.make(p.url("rec/good.mp4"), count: 10, codec: Videos.bt709() + Videos.h264Lossless444 + ["-movflags", "+faststart"])
        let good = try p.read("rec/good.mp4")
        try p.write("rec/cut.mp4", bytes: Array(good.prefix(good.count / 2)))
        try p.write("rec/notes.mp4", "not a video\n")
        try Videos.ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.5", "-c:a", "aac", p.url("rec/audio.m4a").path])
        let bad = ["missing.mp4", "notes.mp4", "cut.mp4", "audio.m4a"]
        var yaml = "version: 1\nanimations:\n"
        for (i, name) in bad.enumerated() { yaml += "  a\(i):\n    output: out/a\(i).gif\n    frames:\n      - video: rec/\(name)\n" }
        yaml += "  late:\n    output: out/late.gif\n    frames:\n      - video: rec/good.mp4\n        start: 5s\n"
        yaml += "  fine:\n    output: out/fine.gif\n    frames:\n      - video: rec/good.mp4\n"
        try p.write("animc.yaml", yaml)
        let run = try p.animc("build", "--keep-going")
        #expect(run.status != 0)
        for (i, name) in bad.enumerated() {
            #expect(run.stderr.contains("animc.yaml:\(4 * i + 6):9: error:") && run.stderr.contains("rec/\(name)"), "\(name): \(run.stderr)")
            #expect(!p.exists("out/a\(i).gif"))
        }
        #expect(run.stderr.contains("does not exist") && run.stderr.contains("no video stream") && run.stderr.contains("truncated"))
        #expect(run.stderr.contains("'start' (5s) is past the end of video 'rec/good.mp4' (1s long)"), "\(run.stderr)")
        #expect(p.exists("out/fine.gif") && !p.exists("out/late.gif"))

        // start >= end is refused when the manifest is read.
        try p.write("animc.yaml", "version: 1\nanimations:\n  v:\n    output: out/v.gif\n    frames:\n      - video: rec/good.mp4\n        start: 2s\n        end: 1s\n")
        let zero = try p.animc("build")
        #expect(zero.status == 2 && zero.stderr.contains("animc.yaml:8:14: error: 'end' (1s) must come after 'start' (2s)"), "\(zero.stderr)")

        // No ffmpeg at all, and nothing recorded of the video: the error says what to install.
        try p.remove(".animc-cache")
        try p.write("animc.yaml", "version: 1\nanimations:\n  v:\n    output: out/v.gif\n    frames:\n      - video: rec/good.mp4\n")
        let empty = p.url("bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try p.animc("build", environment: ["PATH": empty.path])
        #expect(none.status != 0 && none.stderr.contains("animc.yaml:6:9") && none.stderr.contains("apt-get install ffmpeg"), "\(none.stderr)")
        #expect(!p.exists("out/v.gif"))
    }

    /// A decoder that crashes, or hangs, on a file: animc reports it at the entry, writes nothing, and
    /// leaves no child behind. (A stand-in `ffmpeg` that answers `-version` as the real one and then
    /// writes half a frame before it dies of SIGSEGV or sleeps.)
    @Test(arguments: ["kill -SEGV $$", "sleep 600"])
    func aCrashingOrHungDecoderStaysOutside(_ ending: String) throws {
        let p = try project("      - video: rec/a.mp4")
        try Videos.make(p.url("rec/a.mp4"), count: 4, codec: Videos.bt709() + Videos.h264Lossless444)
        let bin = p.url("fakebin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let real = try Decoders.run(["sh", "-c", "command -v ffmpeg"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let probe = try Decoders.run(["sh", "-c", "command -v ffprobe"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try p.write("fakebin/ffmpeg", "#!/bin/sh\ncase \"$*\" in *-version*) exec \(real) \"$@\";; esac\nhead -c 6000 /dev/zero\n\(ending)\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: p.url("fakebin/ffmpeg").path)
        try FileManager.default.createSymbolicLink(atPath: p.url("fakebin/ffprobe").path, withDestinationPath: probe)
        let run = try p.animc("build", environment: ["PATH": bin.path + ":/usr/bin:/bin", "ANIMC_DECODER_STALL_SECONDS": "2"])
        #expect(run.status == 1 && run.stderr.contains("rec/a.mp4") && run.stderr.contains("animc.yaml:7:9: note: frame listed here"), "\(run.stderr)")
        #expect(run.stderr.contains(ending.hasPrefix("kill") ? "ffmpeg failed at frame 1" : "wrote nothing for 2 s"), "\(run.stderr)")
        #expect(!p.exists("out/v.gif") && !p.exists("out/v.png"))
        // No process still runs the stand-in decoder.
        let left = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.filter { pid in
            let cmd = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return String(decoding: cmd, as: UTF8.self).contains(bin.path)
        }
        #expect(left.isEmpty, "still running: \(left)")
    }

    @Test func aVideoMixesWithPNGsAndTransformsApply() throws {
        let p = try project("      - {file: title.png, delay: 200ms}\n      - {video: rec/m.mp4, end: 300ms}",
                            settings: "resize: {width: 32}")
        try p.write("title.png", bytes: try pngBytes(Videos.picture(39)))
        try Videos.make(p.url("rec/m.mp4"), count: 6, codec: Videos.bt709() + Videos.h264Lossless444)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        let (apng, _) = try Decoders.pillow(p.read("out/v.png"), suffix: "png")
        #expect(apng.width == 32 && apng.height == 24 && apng.frames == 4 && apng.durations == [200, 100, 100, 100], "\(apng)")
    }

    func pngBytes(_ rgba: [UInt8]) throws -> [UInt8] {
        try PNGCodec.encode(RGBAImage(width: 64, height: 48, pixels: rgba))
    }

    @Test func reverseAndPingpongSeekBack() throws {
        let p = try project("      - video: rec/r.mp4", settings: "playback: pingpong")
        try Videos.make(p.url("rec/r.mp4"), count: 16, codec: Videos.bt709() + Videos.h264Lossless444 + ["-g", "4"])
        let run = try p.animc("build", "--jobs", "2")
        #expect(run.status == 0, "\(run.stderr)")
        let (_, frames) = try Decoders.pillow(p.read("out/v.png"), suffix: "png")
        let (idx, worst) = pictures(frames)
        #expect(idx == Array(0..<16) + Array((1..<15).reversed()))
        #expect(worst >= 48)
    }
}
