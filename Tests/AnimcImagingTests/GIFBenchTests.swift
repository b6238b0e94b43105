import Foundation
import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

/// A manual benchmark, skipped unless ANIMC_GIF_BENCH names a raw RGBA file of concatenated frames,
/// with ANIMC_GIF_BENCH_SIZE = "WxH" (and optionally ANIMC_GIF_BENCH_DITHER, ANIMC_GIF_BENCH_COLORS).
/// Writes the GIF next to the input as <input>.animc.gif and prints timing.
@Suite struct GIFBenchTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ANIMC_GIF_BENCH"] != nil))
    func encodeRawFrames() throws {
        let env = ProcessInfo.processInfo.environment
        let path = env["ANIMC_GIF_BENCH"]!
        let size = (env["ANIMC_GIF_BENCH_SIZE"] ?? "320x240").split(separator: "x").map { Int($0)! }
        let (w, h) = (size[0], size[1])
        let dither = DitherMethod(rawValue: env["ANIMC_GIF_BENCH_DITHER"] ?? "floyd-steinberg")!
        let maxColors = Int(env["ANIMC_GIF_BENCH_COLORS"] ?? "256")!
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let frameBytes = w * h * 4
        let count = data.count / frameBytes
        func frame(_ k: Int) -> RGBAImage {
            RGBAImage(width: w, height: h, pixels: [UInt8](data[(k * frameBytes)..<((k + 1) * frameBytes)]))
        }
        let clock = ContinuousClock()
        var histogram = ColorHistogram()
        let t0 = clock.now
        for k in 0..<count { histogram.add(frame(k), alphaThreshold: 128) }
        let t1 = clock.now
        let palette = PaletteBuilder.build(from: histogram, maxColors: maxColors)
        let t2 = clock.now
        var encoder = GIFEncoder(width: w, height: h, loop: .forever)
        var out: [UInt8] = []
        var quantizeTime = Duration.zero, encodeTime = Duration.zero
        for k in 0..<count {
            let q0 = clock.now
            let q = Quantizer.quantize(frame(k), palette: palette, options: QuantizeOptions(dither: dither))
            let q1 = clock.now
            out += encoder.add(q, delayCentiseconds: 10)
            quantizeTime += q1 - q0
            encodeTime += clock.now - q1
        }
        out += encoder.finish()
        try Data(out).write(to: URL(fileURLWithPath: path + ".animc.gif"))
        print("bench: \(count) frames, \(out.count) bytes; histogram \(t1 - t0), palette \(t2 - t1) (\(palette.colors.count) colours), quantize \(quantizeTime), encode \(encodeTime)")
    }
}
