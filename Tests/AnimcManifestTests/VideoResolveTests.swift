import AnimcBasics
import AnimcManifest
import Foundation
import Testing

/// Which frames of a video a `video:` source lists, and for how long each shows: the timeline comes
/// from the inspector (no decoder), in a 1/1000 time base so timestamps read as milliseconds.
@Suite struct VideoResolveTests {
    /// Frames at 0, 100, 250, 300, 1000 ms; the last lasts 500 ms (the video is 1.5 s long).
    static let timeline = VideoTimeline(width: 32, height: 24, timeBaseNum: 1, timeBaseDen: 1000,
                                        timestamps: [0, 100, 250, 300, 1000], lastDuration: 500, decoder: "ffmpeg version t")

    func resolve(_ source: String, settings: String = "") throws -> (frames: [(Int, Double)], errors: String) {
        let dir = try TempDir(); defer { dir.cleanup() }
        try Data().write(to: URL(fileURLWithPath: dir.path + "/v.mp4"))
        let text = "version: 1\nanimations:\n  a:\n    output: a.gif\n\(settings.isEmpty ? "" : "    \(settings)\n")    frames:\n      - \(source)\n"
        let (m, parseDiags) = parseManifest(text, directory: dir.path)
        let manifest = try #require(m, "\(render(parseDiags))")
        let inspector = SourceInspector(imageSize: { _ in (1, 1) }, video: { _ in Self.timeline })
        let (anims, diags) = ManifestResolver.resolve(manifest, inspector: inspector)
        let frames = anims.first?.frames.map { f -> (Int, Double) in
            guard case .video(let v) = f.origin else { return (-1, f.delayMs) }
            return (v.index, f.delayMs)
        } ?? []
        return (frames, render(diags))
    }

    @Test func theVideosOwnTimingEvenWithDefaultsBuiltIn() throws {
        let r = try resolve("video: v.mp4")
        #expect(r.frames.map(\.0) == [0, 1, 2, 3, 4])
        #expect(r.frames.map(\.1) == [100, 150, 50, 700, 500])
    }

    @Test func trimsStartAtTheFrameOnScreen() throws {
        let r = try resolve("{video: v.mp4, start: 120ms, end: 1.2s}")
        #expect(r.frames.map(\.0) == [1, 2, 3, 4])
        #expect(r.frames.map(\.1) == [130, 50, 700, 200])
    }

    @Test func fpsPicksTheFrameOnScreenAtEachTick() throws {
        let r = try resolve("video: v.mp4", settings: "fps: 5")
        // Ticks at 0, 200, ..., 1400 ms.
        #expect(r.frames.map(\.0) == [0, 1, 3, 3, 3, 4, 4, 4])
        #expect(r.frames.allSatisfy { $0.1 == 200 })
    }

    @Test func aDelayShowsEveryFrameThatLong() throws {
        #expect(try resolve("video: v.mp4", settings: "delay: 80ms").frames.map(\.1) == Array(repeating: 80, count: 5))
        #expect(try resolve("{video: v.mp4, delay: 1s}", settings: "fps: 5").frames.count == 5)
    }

    @Test func trimsPastTheEndAreLocatedErrors() throws {
        let late = try resolve("{video: v.mp4, start: 2s}")
        #expect(late.frames.isEmpty && late.errors.contains("animc.yaml:6:9: error: 'start' (2s) is past the end of video 'v.mp4' (1.5s long)"), "\(late.errors)")
        let long = try resolve("{video: v.mp4, end: 3s}")
        #expect(long.errors.contains("'end' (3s) is past the end of video 'v.mp4'"), "\(long.errors)")
        #expect(try resolve("{video: v.mp4, end: 1.5s}").errors.isEmpty)
    }

    @Test func emptyTrimsAndMisplacedKeysAreRefusedByTheParser() {
        let zero = parseManifest("version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - {video: v.mp4, start: 2s, end: 2s}\n")
        #expect(render(zero.diagnostics).contains("'end' (2s) must come after 'start' (2s)"))
        let misplaced = parseManifest("version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - {file: a.png, start: 2s}\n")
        #expect(render(misplaced.diagnostics).contains("only applies to a 'sheet' or 'video' frame source"), "\(render(misplaced.diagnostics))")
    }
}
