import AnimcColour
import AnimcGIF
import AnimcPixels

/// Binary forms of what the cache stores. Little-endian, versioned by a 4-byte magic.
enum ObjectCodec {
    static let quantizedMagic: [UInt8] = Array("AQF1".utf8)
    /// A palette step's result: the palette, then one byte, 1 when frames use their own palettes.
    static let paletteMagic: [UInt8] = Array("APL2".utf8)

    static func encode(_ p: Palette, into out: inout [UInt8]) {
        append16(&out, UInt16(p.colors.count))
        append16(&out, UInt16(bitPattern: Int16(p.transparentIndex ?? -1)))
        for c in p.colors { out += [c.r, c.g, c.b] }
    }

    static func decodePalette(_ b: [UInt8], at offset: inout Int) -> Palette? {
        guard b.count >= offset + 4 else { return nil }
        let n = Int(read16(b, offset)), t = Int(Int16(bitPattern: read16(b, offset + 2)))
        offset += 4
        guard n <= 256, b.count >= offset + 3 * n, t < n else { return nil }
        var colors: [RGBColor] = []
        colors.reserveCapacity(n)
        for i in 0..<n { colors.append(RGBColor(r: b[offset + 3 * i], g: b[offset + 3 * i + 1], b: b[offset + 3 * i + 2])) }
        offset += 3 * n
        return Palette(colors: colors, transparentIndex: t >= 0 ? t : nil)
    }

    static func encodePalette(_ c: PaletteChoice) -> [UInt8] {
        var out = paletteMagic
        encode(c.palette, into: &out)
        out.append(c.perFrame ? 1 : 0)
        return out
    }

    static func decodePalette(_ b: [UInt8]) -> PaletteChoice? {
        guard b.starts(with: paletteMagic) else { return nil }
        var o = 4
        guard let p = decodePalette(b, at: &o), b.count == o + 1, b[o] <= 1 else { return nil }
        return PaletteChoice(palette: p, perFrame: b[o] == 1)
    }

    static func encodeQuantized(_ img: IndexedImage) -> [UInt8] {
        var out = quantizedMagic
        out.reserveCapacity(16 + img.palette.colors.count * 3 + img.indices.count)
        append32(&out, UInt32(img.width))
        append32(&out, UInt32(img.height))
        encode(img.palette, into: &out)
        out += img.indices
        return out
    }

    static func decodeQuantized(_ b: [UInt8]) -> IndexedImage? {
        guard b.count >= 12, b.starts(with: quantizedMagic) else { return nil }
        let w = Int(read32(b, 4)), h = Int(read32(b, 8))
        var o = 12
        guard let palette = decodePalette(b, at: &o), b.count == o + w * h else { return nil }
        let indices = Array(b[o...])
        let n = UInt8(truncatingIfNeeded: max(palette.colors.count - 1, 0))
        guard palette.colors.count == 256 || !indices.contains(where: { $0 > n }) else { return nil }
        return IndexedImage(width: w, height: h, indices: indices, palette: palette)
    }

    private static func append16(_ out: inout [UInt8], _ v: UInt16) { out += [UInt8(v & 0xff), UInt8(v >> 8)] }
    private static func append32(_ out: inout [UInt8], _ v: UInt32) {
        out += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)]
    }
    private static func read16(_ b: [UInt8], _ o: Int) -> UInt16 { UInt16(b[o]) | UInt16(b[o + 1]) << 8 }
    private static func read32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
    }
}
