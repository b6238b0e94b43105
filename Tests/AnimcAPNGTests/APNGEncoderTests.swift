@testable import AnimcAPNG
import AnimcColour
import AnimcPixels
import AnimcTestSupport
import Foundation
import Testing

/// A transparent canvas with a soft-edged disc that moves, and a half-transparent band: full alpha.
func spriteFrame(_ i: Int, width: Int = 40, height: Int = 30) -> RGBAImage {
    var px = [UInt8](repeating: 0, count: width * height * 4)
    let cx = 8 + (i * 5) % (width - 16), cy = height / 2
    for y in 0..<height {
        for x in 0..<width {
            let o = (y * width + x) * 4
            let d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy)
            if d2 <= 36 {
                px[o] = 220; px[o + 1] = UInt8(30 + i * 17 % 200); px[o + 2] = 40
                px[o + 3] = d2 > 25 ? 128 : 255
            } else if y < 4 {
                px[o] = 10; px[o + 1] = 90; px[o + 2] = UInt8(truncatingIfNeeded: x * 6); px[o + 3] = 90
            }
        }
    }
    return RGBAImage(width: width, height: height, pixels: px)
}

func encodeAll(_ frames: [RGBAImage], delays: [Int], loop: APNGEncoder.Loop = .forever) -> [UInt8] {
    var e = APNGEncoder(width: frames[0].width, height: frames[0].height, frameCount: frames.count, loop: loop)
    var out: [UInt8] = []
    for (f, d) in zip(frames, delays) { out += e.add(f, delayMs: d) }
    return out + e.finish()
}

@Suite struct APNGEncoderTests {
    @Test func losslessFramesWithAlphaThroughPillow() throws {
        // Moving frames, a repeat (nothing changes), and a frame that only fades pixels (not opaque).
        var frames = (0..<6).map { spriteFrame($0) }
        frames.insert(frames[3], at: 4)
        var faded = frames.last!
        for i in stride(from: 3, to: faded.pixels.count, by: 4) where faded.pixels[i] == 255 { faded.pixels[i] = 200 }
        frames.append(faded)
        let delays = frames.indices.map { 40 + 10 * $0 }
        let bytes = encodeAll(frames, delays: delays)
        let (report, decoded) = try Decoders.pillow(bytes, suffix: "png")
        #expect(report.format == "PNG")
        #expect(report.frames == frames.count)
        #expect(report.durations == delays)
        #expect(report.loop == 0)
        for (k, f) in frames.enumerated() {
            let same = decoded[k] == f.pixels
            #expect(same, "frame \(k) differs")
        }
        #expect(try Decoders.ffprobeFrames(bytes, suffix: "apng") == frames.count)
    }

    @Test func paletteFramesThroughPillow() throws {
        let palette = Palette(colors: [RGBColor(r: 0, g: 0, b: 0), RGBColor(r: 255, g: 0, b: 0),
                                       RGBColor(r: 0, g: 255, b: 0), RGBColor(r: 9, g: 9, b: 200)], transparentIndex: 3)
        let w = 20, h = 10
        var frames: [IndexedImage] = []
        for i in 0..<5 {
            var idx = [UInt8](repeating: 3, count: w * h)
            for y in 2..<6 { for x in (i * 3)..<(i * 3 + 4) { idx[y * w + x] = UInt8(1 + i % 2) } }
            idx[0] = 0
            frames.append(IndexedImage(width: w, height: h, indices: idx, palette: palette))
        }
        var e = APNGEncoder(width: w, height: h, frameCount: frames.count, loop: .plays(3), palette: palette)
        var bytes: [UInt8] = []
        for f in frames { bytes += e.add(f, delayMs: 100) }
        bytes += e.finish()
        let (report, decoded) = try Decoders.pillow(bytes, suffix: "png")
        #expect(report.frames == 5)
        #expect(report.loop == 3)
        for (k, f) in frames.enumerated() {
            let want = f.indices.flatMap { i -> [UInt8] in
                i == 3 ? [0, 0, 0, 0] : [palette.colors[Int(i)].r, palette.colors[Int(i)].g, palette.colors[Int(i)].b, 255]
            }
            let same = clearTransparent(decoded[k]) == want
            #expect(same, "frame \(k) differs")
        }
    }

    @Test func onlyTheChangedRectangleIsStored() {
        let still = spriteFrame(0, width: 200, height: 150)
        var moved = still
        moved.pixels[(70 * 200 + 100) * 4] ^= 0xFF
        let two = encodeAll([still, moved], delays: [100, 100])
        let one = encodeAll([still], delays: [100])
        // The second frame is a 1×1 change: a few dozen bytes of chunks.
        #expect(two.count - one.count < 80, "\(two.count - one.count)")
    }

    @Test func delaysThatOverflowSixteenBitsUseACoarserDenominator() {
        #expect(frameDelayFraction(milliseconds: 65_535) == (65_535, 1000))
        #expect(frameDelayFraction(milliseconds: 100_000) == (10_000, 100))
        #expect(frameDelayFraction(milliseconds: 655_350) == (65_535, 100))
        #expect(frameDelayFraction(milliseconds: -5) == (0, 1000))
    }

    @Test func theSameFramesGiveTheSameBytes() {
        let frames = (0..<4).map { spriteFrame($0) }
        #expect(encodeAll(frames, delays: [50, 50, 50, 50]) == encodeAll(frames, delays: [50, 50, 50, 50]))
    }
}

/// The dispose operations written in a file's fcTL chunks, in order.
func disposeOps(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var at = 8
    while at + 8 <= bytes.count {
        let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        if bytes[(at + 4)..<(at + 8)].elementsEqual(Array("fcTL".utf8)) { out.append(bytes[at + 8 + 24]) }
        at += 12 + length
    }
    return out
}

@Suite struct APNGDisposeTests {
    /// An opaque square crossing a transparent canvas: clearing each frame's rectangle after it is shown
    /// (dispose background) spares the next frame from repainting where the square was.
    @Test func aSpriteOverTransparencyUsesBackgroundDisposeAndStaysExact() throws {
        let w = 96, h = 32
        let frames = (0..<6).map { i -> RGBAImage in
            var px = [UInt8](repeating: 0, count: w * h * 4)
            for y in 8..<24 { for x in (i * 14)..<(i * 14 + 16) { let o = (y * w + x) * 4; px[o] = 250; px[o + 1] = UInt8(40 * i); px[o + 2] = 30; px[o + 3] = 255 } }
            return RGBAImage(width: w, height: h, pixels: px)
        }
        let bytes = encodeAll(frames, delays: Array(repeating: 80, count: 6))
        #expect(disposeOps(bytes).contains(1), "\(disposeOps(bytes))")
        let (report, decoded) = try Decoders.pillow(bytes, suffix: "png")
        #expect(report.frames == 6)
        for (k, f) in frames.enumerated() {
            let same = decoded[k] == f.pixels
            #expect(same, "frame \(k)")
        }
        #expect(try Decoders.ffprobeFrames(bytes, suffix: "apng") == 6)
    }
}
