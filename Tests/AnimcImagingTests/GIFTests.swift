import Foundation
import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

// MARK: - Helpers shared by the imaging tests

/// What scripts/gifcheck.py reports about a GIF decoded by Pillow.
struct GIFReport: Decodable {
    var width: Int
    var height: Int
    var frames: Int
    var durations: [Int]
    var loop: Int?
    var disposals: [Int]
    var transparency: [Int?]
}

/// Writes `bytes` to a temporary directory, runs gifcheck.py on it and returns its report and the
/// composited RGBA frames as Pillow shows them.
func gifcheck(_ bytes: [UInt8]) throws -> (report: GIFReport, frames: [[UInt8]]) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let script = root.appendingPathComponent("scripts/gifcheck.py")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-gif-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let gif = dir.appendingPathComponent("test.gif")
    try Data(bytes).write(to: gif)
    let frameDir = dir.appendingPathComponent("frames")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, gif.path, frameDir.path]
    let pipe = Pipe()
    let errPipe = Pipe()
    process.standardOutput = pipe
    process.standardError = errPipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    let errors = errPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw GIFCheckError.failed(String(decoding: errors, as: UTF8.self))
    }
    let report = try JSONDecoder().decode(GIFReport.self, from: output)
    var frames: [[UInt8]] = []
    for i in 0..<report.frames {
        let name = String(format: "frame_%04d.rgba", i)
        frames.append([UInt8](try Data(contentsOf: frameDir.appendingPathComponent(name))))
    }
    return (report, frames)
}

enum GIFCheckError: Error { case failed(String) }

/// A deterministic pseudo-random generator for test data.
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var z = state
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        return z ^ (z >> 33)
    }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next() >> 24) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

func makeImage(_ w: Int, _ h: Int, _ f: (Int, Int) -> (UInt8, UInt8, UInt8, UInt8)) -> RGBAImage {
    var px = [UInt8](repeating: 0, count: w * h * 4)
    for y in 0..<h {
        for x in 0..<w {
            let (r, g, b, a) = f(x, y)
            let o = (y * w + x) * 4
            px[o] = r; px[o + 1] = g; px[o + 2] = b; px[o + 3] = a
        }
    }
    return RGBAImage(width: w, height: h, pixels: px)
}

/// The RGBA rendering of an indexed image (transparent index → 0,0,0,0).
func render(_ image: IndexedImage) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: image.indices.count * 4)
    for (i, v) in image.indices.enumerated() where Int(v) != image.palette.transparentIndex {
        let c = image.palette.colors[Int(v)]
        out[i * 4] = c.r; out[i * 4 + 1] = c.g; out[i * 4 + 2] = c.b; out[i * 4 + 3] = 255
    }
    return out
}

/// Pillow's RGBA with transparent pixels normalised to 0,0,0,0.
func normalised(_ rgba: [UInt8]) -> [UInt8] {
    var out = rgba
    var i = 0
    while i < out.count {
        if out[i + 3] == 0 { out[i] = 0; out[i + 1] = 0; out[i + 2] = 0 }
        i += 4
    }
    return out
}

func grayPalette(_ n: Int, transparent: Bool = false) -> Palette {
    var colors = (0..<n).map { i -> RGBColor in
        let v = UInt8(n == 1 ? 0 : i * 255 / (n - 1))
        return RGBColor(r: v, g: v, b: v)
    }
    if transparent { colors.append(RGBColor(r: 0, g: 0, b: 0)) }
    return Palette(colors: colors, transparentIndex: transparent ? n : nil)
}

// MARK: - GIF encoder tests

@Suite struct GIFEncoderTests {
    func frame(_ w: Int, _ h: Int, palette: Palette, _ f: (Int, Int) -> Int) -> IndexedImage {
        var idx = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { idx[y * w + x] = UInt8(f(x, y)) } }
        return IndexedImage(width: w, height: h, indices: idx, palette: palette)
    }

    @Test func delaysFrameCountAndLoop() throws {
        let p = grayPalette(4)
        let frames = (0..<3).map { k in (frame(8, 8, palette: p) { x, _ in (x + k) % 4 }, (k + 1) * 10) }
        for (loop, expected) in [(GIFLoop.forever, Optional(0)), (.count(2), 2), (.none, nil), (.count(0), nil)] {
            let gif = GIFEncoder.encode(frames: frames, width: 8, height: 8, loop: loop)
            let (report, decoded) = try gifcheck(gif)
            #expect(report.width == 8 && report.height == 8)
            #expect(report.frames == 3)
            #expect(report.durations == [100, 200, 300])
            #expect(report.loop == expected)
            for (k, d) in decoded.enumerated() { #expect(normalised(d) == render(frames[k].0)) }
        }
    }

    @Test func identicalFramesMerge() throws {
        let p = grayPalette(4)
        let a = frame(8, 8, palette: p) { x, y in (x + y) % 4 }
        let b = frame(8, 8, palette: p) { x, _ in x % 4 }
        // Same look through a different palette order still counts as identical.
        let reversed = Palette(colors: p.colors.reversed())
        let a2 = IndexedImage(width: 8, height: 8, indices: a.indices.map { 3 - $0 }, palette: reversed)
        let gif = GIFEncoder.encode(frames: [(a, 10), (a, 10), (a2, 5), (b, 7)], width: 8, height: 8, loop: .forever)
        let (report, decoded) = try gifcheck(gif)
        #expect(report.frames == 2)
        #expect(report.durations == [250, 70])
        #expect(normalised(decoded[1]) == render(b))
    }

    @Test func streamingMatchesConvenienceAndIsDeterministic() throws {
        let p = grayPalette(16)
        let frames = (0..<5).map { k in (frame(20, 10, palette: p) { x, y in (x * y + k) % 16 }, 4) }
        var encoder = GIFEncoder(width: 20, height: 10, loop: .forever)
        var streamed: [UInt8] = []
        var chunks = 0
        for (f, d) in frames {
            let bytes = encoder.add(f, delayCentiseconds: d)
            if !bytes.isEmpty { chunks += 1 }
            streamed += bytes
        }
        streamed += encoder.finish()
        #expect(chunks == 4)  // one frame is always held back
        let whole = GIFEncoder.encode(frames: frames, width: 20, height: 10, loop: .forever)
        #expect(streamed == whole)
        #expect(whole == GIFEncoder.encode(frames: frames, width: 20, height: 10, loop: .forever))
    }

    @Test func quantizedFramesDecodeExactly() throws {
        // 40 colours, moving content, global palette from a histogram, no dither: lossless.
        let colors: [RGBColor] = (0..<40).map { (i: Int) -> RGBColor in
            let r = UInt8(i * 6), g = UInt8(255 - i * 5), b = UInt8((i * 37) % 256)
            return RGBColor(r: r, g: g, b: b)
        }
        var sources: [RGBAImage] = []
        for k in 0..<4 {
            sources.append(makeImage(24, 16) { (x: Int, y: Int) -> (UInt8, UInt8, UInt8, UInt8) in
                let c = colors[(x + y * 5 + k * 3) % 40]
                return (c.r, c.g, c.b, 255)
            })
        }
        var histogram = ColorHistogram()
        for s in sources { histogram.add(s, alphaThreshold: 128) }
        let palette = PaletteBuilder.build(from: histogram, maxColors: 256)
        #expect(palette.colors.count == 40)
        let options = QuantizeOptions(dither: .none)
        let frames = sources.map { (Quantizer.quantize($0, palette: palette, options: options), 5) }
        let (report, decoded) = try gifcheck(GIFEncoder.encode(frames: frames, width: 24, height: 16, loop: .forever))
        #expect(report.frames == 4)
        for k in 0..<4 { #expect(decoded[k] == sources[k].pixels) }
    }

    @Test func perFramePalettesDecodeExactly() throws {
        let p1 = grayPalette(8)
        let p2 = Palette(colors: [RGBColor(r: 255, g: 0, b: 0), RGBColor(r: 0, g: 0, b: 255), RGBColor(r: 0, g: 0, b: 0)])
        let frames = [
            (frame(16, 16, palette: p1) { x, y in (x + y) % 8 }, 10),
            (frame(16, 16, palette: p2) { x, y in x < 8 && y < 8 ? 0 : (x < 8 ? 2 : 1) }, 10),
            (frame(16, 16, palette: p1) { x, _ in x % 8 }, 10),
        ]
        let (report, decoded) = try gifcheck(GIFEncoder.encode(frames: frames, width: 16, height: 16, loop: .forever))
        #expect(report.frames == 3)
        for k in 0..<3 { #expect(normalised(decoded[k]) == render(frames[k].0)) }
    }

    @Test func smallDifferencesStayOnScreen() throws {
        // Frame 2 uses a palette one level brighter (as per-frame palettes often are) and draws a
        // white square; frame 3 is three levels brighter than frame 1 everywhere.
        let base = grayPalette(8).colors.map { RGBColor(r: min($0.r, 250), g: min($0.g, 250), b: min($0.b, 250)) }
        func shifted(_ d: UInt8) -> Palette {
            Palette(colors: base.map { RGBColor(r: $0.r + d, g: $0.g + d, b: $0.b + d) } + [RGBColor(r: 255, g: 255, b: 255)])
        }
        let pattern: (Int, Int) -> Int = { x, y in (x * 3 + y) % 8 }
        let f1 = frame(16, 16, palette: shifted(0), pattern)
        let f2 = frame(16, 16, palette: shifted(1)) { x, y in (4..<8).contains(x) && (4..<8).contains(y) ? 8 : pattern(x, y) }
        let f3 = frame(16, 16, palette: shifted(3), pattern)
        // The same square drawn over frame 1 with frame 1's own palette: the cost to match.
        let square = frame(16, 16, palette: shifted(0)) { x, y in (4..<8).contains(x) && (4..<8).contains(y) ? 8 : pattern(x, y) }
        let reference = GIFEncoder.encode(frames: [(f1, 10), (square, 10), (f3, 10)], width: 16, height: 16, loop: .forever)
        let gif = GIFEncoder.encode(frames: [(f1, 10), (f2, 10), (f3, 10)], width: 16, height: 16, loop: .forever)
        let (report, decoded) = try gifcheck(gif)
        #expect(report.frames == 3)
        // Outside the square, frame 2 keeps frame 1's pixels; the square is drawn.
        var expected2 = render(f1)
        let r2 = render(f2)
        for y in 4..<8 { for x in 4..<8 { let o = (y * 16 + x) * 4; for c in 0..<4 { expected2[o + c] = r2[o + c] } } }
        #expect(normalised(decoded[1]) == expected2)
        // Three levels is a change (the default allows two): frame 3 is drawn exactly.
        #expect(normalised(decoded[2]) == render(f3))
        // Frame 2 costs what drawing the square alone costs, plus its local colour table (16 × 3 bytes).
        #expect(gif.count <= reference.count + 48)
        // lossy 0: every changed colour is redrawn exactly.
        let exact = try gifcheck(GIFEncoder.encode(frames: [(f1, 10), (f2, 10), (f3, 10)], width: 16, height: 16,
                                                   loop: .forever, lossy: 0)).frames
        #expect(normalised(exact[1]) == render(f2))
        // lossy 3: frame 3, three levels brighter than what is on screen, leaves it there.
        let loose = try gifcheck(GIFEncoder.encode(frames: [(f1, 10), (f3, 10)], width: 16, height: 16,
                                                   loop: .forever, lossy: 3)).frames
        #expect(normalised(loose[1]) == render(f1))
    }

    @Test func transparencyNeverGhosts() throws {
        // A square moving over a transparent background, then an almost empty frame, then a full one.
        let w = 32, h = 24
        let palette = grayPalette(8, transparent: true)
        let t = 8
        func square(_ x0: Int, _ y0: Int, size: Int) -> IndexedImage {
            frame(w, h, palette: palette) { x, y in
                x >= x0 && x < x0 + size && y >= y0 && y < y0 + size ? 1 + (x + y) % 7 : t
            }
        }
        let frames: [(IndexedImage, Int)] = [
            (square(0, 0, size: 12), 5), (square(4, 2, size: 12), 5), (square(18, 10, size: 6), 5),
            (frame(w, h, palette: palette) { x, y in x == 31 && y == 23 ? 3 : t }, 5),
            (frame(w, h, palette: palette) { x, y in (x + y) % 8 }, 5),  // fully opaque
            (square(10, 10, size: 4), 5),
        ]
        for loop in [GIFLoop.forever, .none] {
            let (report, decoded) = try gifcheck(GIFEncoder.encode(frames: frames, width: w, height: h, loop: loop))
            #expect(report.frames == frames.count)
            for k in 0..<frames.count {
                #expect(normalised(decoded[k]) == render(frames[k].0), "frame \(k)")
            }
            #expect(report.disposals.contains(2))
        }
    }

    @Test func rgbaSourceWithAlphaRoundTrips() throws {
        // Through the whole pipeline: histogram with transparency, palette, quantize, encode.
        let sources = (0..<5).map { k in
            makeImage(20, 20) { x, y in
                let inside = abs(x - 4 - k * 3) < 4 && abs(y - 10) < 6
                return inside ? (200, UInt8(40 * k), 30, 255) : (0, 0, 0, 0)
            }
        }
        var histogram = ColorHistogram()
        for s in sources { histogram.add(s, alphaThreshold: 128) }
        #expect(histogram.hasTransparency)
        let palette = PaletteBuilder.build(from: histogram, maxColors: 16)
        let frames = sources.map { (Quantizer.quantize($0, palette: palette, options: QuantizeOptions(dither: .none)), 3) }
        let (_, decoded) = try gifcheck(GIFEncoder.encode(frames: frames, width: 20, height: 20, loop: .forever))
        for k in 0..<5 { #expect(normalised(decoded[k]) == normalised(sources[k].pixels)) }
    }

    @Test func movingSquareIsMuchSmallerThanFullFrames() throws {
        let w = 128, h = 96
        let palette = grayPalette(16)
        var rng = TestRandom(seed: 7)
        let background = (0..<(w * h)).map { _ in UInt8(rng.below(12)) }
        let frames: [(IndexedImage, Int)] = (0..<20).map { k in
            var idx = background
            for y in 40..<48 { for x in (k * 5)..<(k * 5 + 8) { idx[y * w + x] = 15 } }
            return (IndexedImage(width: w, height: h, indices: idx, palette: palette), 4)
        }
        let optimised = GIFEncoder.encode(frames: frames, width: w, height: h, loop: .forever)
        var full = 0
        for f in frames { full += GIFEncoder.encode(frames: [f], width: w, height: h, loop: .none).count }
        #expect(optimised.count * 5 < full)
        let (report, decoded) = try gifcheck(optimised)
        #expect(report.frames == 20)
        for k in [0, 7, 19] { #expect(normalised(decoded[k]) == render(frames[k].0)) }
    }

    @Test func emptyAnimationIsAValidFile() {
        var encoder = GIFEncoder(width: 4, height: 4, loop: .none)
        let bytes = encoder.finish()
        #expect(Array(bytes.prefix(6)) == Array("GIF89a".utf8))
        #expect(bytes.last == 0x3B)
    }
}
