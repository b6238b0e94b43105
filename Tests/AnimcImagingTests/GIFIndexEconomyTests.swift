import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

/// Index economy of the GIF encoder (`GIFEncoder+Emit.swift`): each frame's transparent index is the
/// lowest slot it does not draw with, and its LZW code size fits the largest index it writes. Checked
/// on the file's blocks and through Pillow's decoding.
@Suite struct GIFIndexEconomyTests {
    /// LZW minimum code size of each image in a GIF, read from its blocks.
    static func codeSizes(_ d: [UInt8]) -> [Int] {
        var p = 13
        if d[10] & 0x80 != 0 { p += 3 << (Int(d[10] & 7) + 1) }
        var sizes: [Int] = []
        func skipSubBlocks() { while p < d.count && d[p] != 0 { p += Int(d[p]) + 1 }; p += 1 }
        while p < d.count {
            switch d[p] {
            case 0x21: p += 2; skipSubBlocks()
            case 0x2C:
                let flags = d[p + 9]
                p += 10
                if flags & 0x80 != 0 { p += 3 << (Int(flags & 7) + 1) }
                sizes.append(Int(d[p]))
                p += 1
                skipSubBlocks()
            default: return sizes
            }
        }
        return sizes
    }

    /// A 200-colour palette (8-bit table) with its transparent entry last (index 200). A square of
    /// colours 0...39 moves over transparency; in frame 2 one pixel uses colour 150.
    func frames() -> [(IndexedImage, Int)] {
        var colors: [RGBColor] = (0..<200).map { (i: Int) -> RGBColor in
            RGBColor(r: UInt8(i), g: UInt8(255 - i), b: UInt8((i * 7) % 256))
        }
        colors.append(RGBColor(r: 0, g: 0, b: 0))
        let palette = Palette(colors: colors, transparentIndex: 200)
        return (0..<4).map { k in
            var idx = [UInt8](repeating: 200, count: 32 * 24)
            for y in 4..<14 { for x in (2 + k * 5)..<(12 + k * 5) { idx[y * 32 + x] = UInt8((x + y * 3) % 40) } }
            if k == 2 { idx[5 * 32 + 13] = 150 }
            return (IndexedImage(width: 32, height: 24, indices: idx, palette: palette), 10)
        }
    }

    @Test func framesCodeWithTheBitsTheirIndicesNeed() throws {
        let gif = GIFEncoder.encode(frames: frames(), width: 32, height: 24, loop: .forever, lossy: 0)
        let sizes = Self.codeSizes(gif)
        #expect(sizes.count == 4)
        // Colours 0...39 and a transparent slot at 40 at most: 6 bits, not the table's 8; frame 2 needs 8.
        #expect(sizes[0] == 6 && sizes[1] == 6 && sizes[3] == 6, "\(sizes)")
        #expect(sizes[2] == 8, "\(sizes)")
    }

    @Test func pillowShowsTheSameFrames() throws {
        let frames = frames()
        for loop in [GIFLoop.forever, .none] {
            let (report, decoded) = try gifcheck(GIFEncoder.encode(frames: frames, width: 32, height: 24, loop: loop))
            #expect(report.frames == 4)
            for k in 0..<4 { #expect(normalised(decoded[k]) == render(frames[k].0), "frame \(k)") }
        }
    }
}
