import AnimcColour
import AnimcPixels
@testable import AnimcWebP
import AnimcTestSupport
import Foundation
import Testing

func movingFrame(_ i: Int, width: Int = 64, height: Int = 48, alpha: Bool = true) -> RGBAImage {
    var px = [UInt8](repeating: 0, count: width * height * 4)
    let sx = 4 + (i * 6) % (width - 20)
    for y in 0..<height {
        for x in 0..<width {
            let o = (y * width + x) * 4
            let inSquare = x >= sx && x < sx + 14 && y >= 10 && y < 30
            px[o] = inSquare ? 240 : UInt8(x * 3); px[o + 1] = inSquare ? 30 : UInt8(y * 4); px[o + 2] = UInt8(100 + i * 10)
            px[o + 3] = alpha && !inSquare && y > 40 ? 0 : (alpha && x < 3 ? 128 : 255)
        }
    }
    return RGBAImage(width: width, height: height, pixels: px)
}

func encode(_ frames: [RGBAImage], durations: [Int], loop: Int = 0, settings: WebPSettings) throws -> [UInt8] {
    let e = try WebPAnimationEncoder(width: frames[0].width, height: frames[0].height, loop: loop, settings: settings)
    for (f, d) in zip(frames, durations) { try e.add(f, durationMs: d) }
    return try e.finishFile()
}

@Suite struct WebPEncoderTests {
    @Test func losslessFramesComeBackExactlyWithAlpha() throws {
        let frames = (0..<5).map { movingFrame($0) }
        let durations = [100, 50, 250, 40, 1000]
        let bytes = try encode(frames, durations: durations, loop: 0, settings: WebPSettings(lossless: true))
        let (report, decoded) = try Decoders.pillow(bytes, suffix: "webp")
        #expect(report.format == "WEBP")
        #expect(report.frames == 5)
        #expect(report.durations == durations)
        #expect(report.loop == 0)
        for (k, f) in frames.enumerated() {
            let same = decoded[k] == f.pixels
            #expect(same, "frame \(k) differs")
        }
    }

    @Test func webpmuxSeesFramesDurationsAndLoop() throws {
        let frames = (0..<4).map { movingFrame($0, alpha: false) }
        let bytes = try encode(frames, durations: [80, 80, 80, 300], loop: 3, settings: WebPSettings())
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-webp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.webp")
        try Data(bytes).write(to: file)
        let info = try Decoders.run(["webpmux", "-info", file.path])
        #expect(info.contains("Number of frames: 4"), "\(info)")
        #expect(info.contains("Loop Count : 3"), "\(info)")
        #expect(info.contains("Canvas size: 64 x 48"), "\(info)")
        // webpinfo validates the chunk structure and exits 0 on a well-formed file.
        let check = try Decoders.run(["webpinfo", "-quiet", file.path])
        #expect(!check.contains("Errors detected"), "\(check)")
    }

    @Test func lossyIsFaithfulAndSmallerThanLossless() throws {
        // Photo-like: smooth shading with fine grain, where lossless pays for every grain.
        var state: UInt32 = 12345
        let frames = (0..<6).map { i -> RGBAImage in
            var f = movingFrame(i, alpha: false)
            for p in stride(from: 0, to: f.pixels.count, by: 4) {
                state = state &* 1_103_515_245 &+ 12345
                let n = Int(state >> 28) - 8
                for c in 0..<3 { f.pixels[p + c] = UInt8(clamping: Int(f.pixels[p + c]) + n) }
            }
            return f
        }
        let lossy = try encode(frames, durations: Array(repeating: 100, count: 6), settings: WebPSettings(quality: 90))
        let lossless = try encode(frames, durations: Array(repeating: 100, count: 6), settings: WebPSettings(lossless: true))
        let (report, decoded) = try Decoders.pillow(lossy, suffix: "webp")
        #expect(report.frames == 6)
        for (k, f) in frames.enumerated() { #expect(psnr(decoded[k], f.pixels) > 30, "frame \(k)") }
        #expect(lossy.count < lossless.count)
    }

    @Test func stillToleranceKeepsNearEqualPixels() {
        var cur: [UInt8] = [10, 20, 30, 255, 100, 100, 100, 255, 50, 50, 50, 0]
        let old: [UInt8] = [12, 19, 30, 255, 110, 100, 100, 255, 51, 50, 50, 255]
        WebPAnimationEncoder.keepStill(&cur, previous: old, tolerance: 2)
        #expect(cur == [12, 19, 30, 255, 100, 100, 100, 255, 50, 50, 50, 0])
    }

    @Test func theSameFramesGiveTheSameBytes() throws {
        let frames = (0..<3).map { movingFrame($0) }
        let a = try encode(frames, durations: [100, 100, 100], settings: WebPSettings())
        let b = try encode(frames, durations: [100, 100, 100], settings: WebPSettings())
        #expect(a == b)
        #expect(WebPAnimationEncoder.libraryVersion.split(separator: ".").count == 3)
    }
}

@Suite struct WebPChoosingEncoderTests {
    func choose(_ frames: [RGBAImage]) throws -> [UInt8] {
        let e = try WebPChoosingEncoder { lossless throws(WebPError) in
            try WebPAnimationEncoder(width: frames[0].width, height: frames[0].height, loop: 0,
                                     settings: WebPSettings(lossless: lossless, allowMixed: !lossless, stillTolerance: lossless ? 0 : 2))
        }
        for f in frames { _ = try e.add(.rgba(f), delay: 100) }
        return try e.finish()
    }

    /// Flat, few-colour frames (more of them than the probe): lossless wins and is exact.
    @Test func flatContentComesOutLosslessAndExact() throws {
        let frames = (0..<12).map { movingFrame($0) }
        let bytes = try choose(frames)
        let (report, decoded) = try Decoders.pillow(bytes, suffix: "webp")
        #expect(report.frames == 12)
        for (k, f) in frames.enumerated() { let same = decoded[k] == f.pixels; #expect(same, "frame \(k)") }
    }

    /// Grainy, photo-like frames: lossy wins (the file is not exact, and far smaller than lossless).
    @Test func grainyContentComesOutLossy() throws {
        var state: UInt32 = 99
        let frames = (0..<12).map { i -> RGBAImage in
            var f = movingFrame(i, alpha: false)
            for p in stride(from: 0, to: f.pixels.count, by: 4) {
                state = state &* 1_103_515_245 &+ 12345
                for c in 0..<3 { f.pixels[p + c] = UInt8(clamping: Int(f.pixels[p + c]) + Int(state >> 27) - 16) }
            }
            return f
        }
        let bytes = try choose(frames)
        let exact = try encode(frames, durations: Array(repeating: 100, count: 12), settings: WebPSettings(lossless: true))
        #expect(bytes.count < exact.count / 2)
        let (_, decoded) = try Decoders.pillow(bytes, suffix: "webp")
        #expect(decoded[5] != frames[5].pixels)
        #expect(psnr(decoded[5], frames[5].pixels) > 28)
    }
}
