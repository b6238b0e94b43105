import AnimcBasics
@testable import AnimcBuild
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import Foundation
import Testing

/// Splicing against full encodes on many random animations and edits, without processes: every spliced
/// file must be byte for byte the full encode of the edited frames.
@Suite struct GIFSplicerTests {
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 { s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return s >> 29 }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// A frame: a still striped background, a moving block, per-frame palettes placing the same colours a
    /// level apart, sometimes transparent holes; `style` varies which.
    static func frame(_ i: Int, style: Int, variant: Int, _ r: inout Rng, w: Int = 21, h: Int = 13) -> IndexedImage {
        let transparent = style % 2 == 1
        var colors: [RGBColor] = []
        for k in 0..<10 {
            let red = UInt8(k * 25), green = UInt8(255 - k * 20), blue = UInt8((k * 70) % 256)
            colors.append(RGBColor(r: red, g: green, b: blue))
        }
        if style >= 2 {
            for k in colors.indices where r.below(3) == 0 { colors[k].r = colors[k].r &+ UInt8(r.below(3)) }
        }
        if transparent { colors.append(RGBColor(r: 0, g: 0, b: 0)) }
        var idx = [UInt8](repeating: 0, count: w * h)
        let bx = (i * 3 + variant * 5) % w, by = (i * 2 + variant) % h
        for y in 0..<h {
            for x in 0..<w {
                var v = (x / 4 + y / 3) % 5
                if x >= bx && x < bx + 5 && y >= by && y < by + 4 { v = 5 + (i + variant) % 5 }
                if transparent && (x * 7 + y * 3 + i + variant) % 13 == 0 { v = 10 }
                idx[y * w + x] = UInt8(v)
            }
        }
        return IndexedImage(width: w, height: h, indices: idx, palette: Palette(colors: colors, transparentIndex: transparent ? 10 : nil))
    }

    static func key(_ f: IndexedImage) -> Digest {
        var bytes = f.indices
        for c in f.palette.colors { bytes += [c.r, c.g, c.b] }
        bytes.append(UInt8(truncatingIfNeeded: f.palette.transparentIndex ?? 255))
        return Digest.of(bytes)
    }

    /// Encodes `frames` through a splicer (from `previous` when given); returns the bytes and the index.
    static func encode(_ frames: [IndexedImage], delays: [Int], loop: GIFLoop,
                       previous: (index: SpliceIndex, reader: ObjectRangeReader)?) throws -> ([UInt8], GIFSplicer) {
        let s = GIFSplicer(loop: loop, lossy: 2, outputPath: "t.gif", previous: previous)
        var out: [UInt8] = []
        for (i, f) in frames.enumerated() {
            out += try s.add(i, key: key(f), delay: delays[i]) { frames[$0] }
        }
        out += try s.finish { frames[$0] }
        return (out, s)
    }

    @Test(arguments: 0..<24)
    func splicedEqualsFull(seed: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-splicer-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = try Cache(directory: dir)
        var r = Rng(s: UInt64(seed) &* 7919 &+ 17)
        let style = seed % 4
        let n = 6 + r.below(14)
        var frames: [IndexedImage] = []
        for i in 0..<n {
            // Some frames repeat the one before (the encoder merges them, adding their delays).
            if i > 0, r.below(5) == 0 { frames.append(frames[i - 1]) } else { frames.append(Self.frame(i, style: style, variant: 0, &r)) }
        }
        let delays = (0..<n).map { _ in 2 + r.below(8) }
        let loop: GIFLoop = seed % 3 == 0 ? .none : .forever
        var (bytes, splicer) = try Self.encode(frames, delays: delays, loop: loop, previous: nil)
        // Three rounds of edits, each splicing from the encoding before.
        for round in 0..<3 {
            let object = try cache.putObject(bytes)
            let index = try #require(SpliceIndex.decode(splicer.index(object: object)))
            #expect(index.encoded() == splicer.index(object: object))
            let reader = try #require(ObjectRangeReader(cache: cache, object: object))
            var firstEdit = n
            for _ in 0...r.below(2) {
                let k = r.below(n)
                firstEdit = min(firstEdit, k)
                frames[k] = r.below(4) == 0 && k > 0 ? frames[k - 1] : Self.frame(k, style: style, variant: 1 + round, &r)
            }
            let (spliced, s) = try Self.encode(frames, delays: delays, loop: loop, previous: (index, reader))
            let (full, fresh) = try Self.encode(frames, delays: delays, loop: loop, previous: nil)
            #expect(spliced == full, "seed \(seed), round \(round)")
            #expect(s.spliced + s.encoded == n + 1 && fresh.spliced == 0)
            // Adding frames 0 and 1 (which writes frame 0) are copied when the first edit comes later.
            if firstEdit >= 2 { #expect(s.spliced >= 2, "seed \(seed), round \(round)") }
            bytes = spliced
            splicer = s
        }
    }
}
