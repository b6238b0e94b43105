import AnimcTestSupport
import AnimcVideo
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The ffmpeg/ffprobe children: listings, frames against the pictures the video was made from (PSNR),
/// seeking, and that no child outlives its stream.
@Suite struct VideoStreamTests {
    let dir: URL
    let tools: FFmpegTools

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-video-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        tools = try FFmpegTools.locate()
    }

    /// Decodes every frame and returns the lowest PSNR against the source pictures.
    func worstPSNR(_ name: String, count: Int, codec: [String]) throws -> (VideoProbe, Double) {
        let url = dir.appendingPathComponent(name)
        try Videos.make(url, count: count, codec: codec)
        let probe = try VideoProbe.probe(url.path, tools: tools)
        #expect(probe.timestamps.count == count)
        let stream = try VideoStream(path: url.path, probe: probe, tools: tools, from: 0)
        var worst = Double.infinity
        for i in 0..<count { worst = min(worst, psnrRGB(try stream.next().pixels, Videos.picture(i))) }
        try stream.finish()
        return (probe, worst)
    }

    @Test func bt709LimitedLossless444() throws {
        let (probe, worst) = try worstPSNR("a.mp4", count: 12, codec: Videos.bt709() + Videos.h264Lossless444)
        #expect(probe.width == 64 && probe.height == 48)
        #expect(probe.colour.contains("bt709") && probe.colour.contains("tv"))
        // 1/10 s at the MP4's time base: exact integer steps.
        let step = probe.timestamps[1] - probe.timestamps[0]
        #expect(probe.timestamps == (0..<12).map { probe.timestamps[0] + Int64($0) * step })
        #expect(step * 10 * probe.timeBaseNum == probe.timeBaseDen)
        #expect(worst >= 48, "BT.709 limited 4:4:4 PSNR \(worst)")
    }

    @Test func bt709FullRange() throws {
        let (probe, worst) = try worstPSNR("f.mp4", count: 6, codec: Videos.bt709(range: "pc") + Videos.h264Lossless444)
        #expect(probe.colour.contains("pc"))
        #expect(worst >= 48, "BT.709 full 4:4:4 PSNR \(worst)")
    }

    @Test func bt601AndSubsampled() throws {
        let (_, w601) = try worstPSNR("s.mp4", count: 6, codec: Videos.bt601() + Videos.h264Lossless444)
        #expect(w601 >= 48, "BT.601 4:4:4 PSNR \(w601)")
        let (_, w420) = try worstPSNR("c.mp4", count: 6, codec: Videos.bt709(pixFmt: "yuv420p") + ["-c:v", "libx264", "-crf", "4"])
        #expect(w420 >= 28, "BT.709 4:2:0 crf 4 PSNR \(w420)")
    }

    @Test func vp9WebMAndMOV() throws {
        let (p1, w1) = try worstPSNR("v.webm", count: 8, codec: Videos.bt709() + ["-c:v", "libvpx-vp9", "-lossless", "1"])
        #expect(w1 >= 48 && p1.timestamps.count == 8, "VP9 PSNR \(w1)")
        let (p2, w2) = try worstPSNR("q.mov", count: 8, codec: Videos.bt709() + Videos.h264Lossless444)
        #expect(w2 >= 48 && p2.timestamps.count == 8, "MOV PSNR \(w2)")
    }

    @Test func seekingLandsOnTheFrame() throws {
        let url = dir.appendingPathComponent("seek.mp4")
        try Videos.make(url, count: 30, codec: Videos.bt709() + Videos.h264Lossless444 + ["-g", "10"])
        let probe = try VideoProbe.probe(url.path, tools: tools)
        for start in [1, 9, 10, 11, 29] {
            let s = try VideoStream(path: url.path, probe: probe, tools: tools, from: start)
            let got = try s.next().pixels
            let best = (0..<30).max { psnrRGB(got, Videos.picture($0)) < psnrRGB(got, Videos.picture($1)) }
            #expect(best == start, "seek to \(start) gave picture \(best ?? -1)")
        }
    }

    @Test func variableFrameRateTimestamps() throws {
        let url = dir.appendingPathComponent("vfr.mp4")
        let durations = [120, 280, 40, 1000, 80, 40]
        try Videos.makeVFR(url, durationsMs: durations)
        let probe = try VideoProbe.probe(url.path, tools: tools)
        let ms = probe.timestamps.map { Double($0 - probe.timestamps[0]) * Double(probe.timeBaseNum) * 1000 / Double(probe.timeBaseDen) }
        var at = 0.0
        #expect(ms == durations.map { d in defer { at += Double(d) }; return at })
        #expect(probe.lastDuration * 1000 * probe.timeBaseNum == 40 * probe.timeBaseDen)
        #expect(VideoProbe(serialized: probe.serialized) == probe)
    }

    @Test func badFiles() throws {
        let text = dir.appendingPathComponent("notes.mp4")
        try Data("not a video\n".utf8).write(to: text)
        #expect(throws: VideoError.self) { try VideoProbe.probe(text.path, tools: tools) }

        let audio = dir.appendingPathComponent("audio.m4a")
        try Videos.ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.5", "-c:a", "aac", audio.path])
        do {
            _ = try VideoProbe.probe(audio.path, tools: tools)
            Issue.record("an audio file was listed as a video")
        } catch {
            #expect(error.message.contains("no video stream"), "\(error.message)")
        }
        #expect(throws: VideoError.self) { try FFmpegTools.locate(path: dir.path) }
    }

    @Test func noChildOutlivesItsStream() throws {
        let url = dir.appendingPathComponent("long.mp4")
        try Videos.make(url, count: 40, codec: Videos.bt709() + Videos.h264Lossless444)
        let probe = try VideoProbe.probe(url.path, tools: tools)
        var pid: pid_t = 0
        do {
            let s = try VideoStream(path: url.path, probe: probe, tools: tools, from: 0)
            _ = try s.next()
            pid = try #require(s.childPID)
            #expect(kill(pid, 0) == 0)
        }  // released mid-stream: killed and reaped
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }
}
