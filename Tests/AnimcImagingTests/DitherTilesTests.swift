import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

/// Floyd–Steinberg keeps its error inside fixed tiles, so a change in one tile changes nothing else.
@Suite struct DitherTilesTests {
    let tile = FloydSteinberg.tileSize
    let options = QuantizeOptions(dither: .floydSteinberg)

    /// A smooth gradient (no edges, so nothing else stops the error) with partial tiles on the right and bottom.
    func gradient(_ w: Int, _ h: Int) -> RGBAImage {
        makeImage(w, h) { x, y in (UInt8(40 + x * 2), UInt8(60 + y * 2), UInt8(220 - x - y), 255) }
    }

    /// Sixteen colours around the gradient's range, none exactly on it, so every pixel carries error.
    var palette: Palette {
        var colors: [RGBColor] = []
        for i in 0..<16 {
            let r = 37 + (i & 3) * 60, g = 53 + (i >> 2) * 60, b = 70 + (i % 5) * 35
            colors.append(RGBColor(r: UInt8(r), g: UInt8(g), b: UInt8(b)))
        }
        return Palette(colors: colors)
    }

    @Test func changingOneTileChangesIndicesOnlyInsideIt() {
        let w = 5 * tile + 3, h = 4 * tile + 5
        let before = gradient(w, h)
        // Brighten a 5×5 block inside the tile in column 1, row 1, gently (72 in all: not an edge,
        // so without tiles its error would flow on to the right and down through the gradient).
        var after = before
        let tx = 1, ty = 1
        for y in (tile + 5)..<(tile + 10) {
            for x in (tile + 6)..<(tile + 11) {
                let o = (y * w + x) * 4
                for c in 0..<3 { after.pixels[o + c] += 24 }
            }
        }
        let a = Quantizer.quantize(before, palette: palette, options: options)
        let b = Quantizer.quantize(after, palette: palette, options: options)
        var inside = 0, outside = 0
        for y in 0..<h {
            for x in 0..<w where a.indices[y * w + x] != b.indices[y * w + x] {
                if x / tile == tx && y / tile == ty { inside += 1 } else { outside += 1 }
            }
        }
        #expect(outside == 0)
        // The change did reach the indices (the test would prove nothing otherwise).
        #expect(inside > 0)
    }

    @Test func aTileDithersTheSameWhereverItSits() {
        // Tiles start on even rows, so the serpentine direction is the same in every tile: the same
        // pixels in another tile give the same indices.
        let w = 3 * tile, h = 3 * tile
        let src = gradient(tile, tile)
        let image = makeImage(w, h) { x, y in
            let o = ((y % tile) * tile + x % tile) * 4
            return (src.pixels[o], src.pixels[o + 1], src.pixels[o + 2], 255)
        }
        let q = Quantizer.quantize(image, palette: palette, options: options)
        var differing = 0
        for y in 0..<h {
            for x in 0..<w where q.indices[y * w + x] != q.indices[(y % tile) * w + x % tile] { differing += 1 }
        }
        #expect(differing == 0)
    }

    @Test func tileEdgesKeepTheMeanOfAFlatArea() {
        // A flat 25% grey with only black and white: the error a row's last pixel cannot pass ahead
        // goes down instead, so no column of a tile comes out much darker or lighter than the grey.
        // (Dropping it gave 0 in each tile's first column and 15 in its last; passing it down gives
        // 31...79 over all columns, FS's own texture.)
        let w = 4 * tile, h = 4 * tile
        let image = makeImage(w, h) { _, _ in (64, 64, 64, 255) }
        let palette = Palette(colors: [RGBColor(r: 0, g: 0, b: 0), RGBColor(r: 255, g: 255, b: 255)])
        let q = Quantizer.quantize(image, palette: palette, options: options)
        for column in 0..<tile {
            var sum = 0, n = 0
            for y in 0..<h {
                for x in stride(from: column, to: w, by: tile) { sum += Int(q.indices[y * w + x]) * 255; n += 1 }
            }
            let mean = Double(sum) / Double(n)
            #expect(abs(mean - 64) < 40, "column \(column) of each tile averages \(mean)")
        }
    }
}
