import AnimcCache
import AnimcPixels

extension ObjectCodec {
    /// A frame's RGBA: magic, width and height (little-endian 32-bit), then the pixels.
    static func encodeRGBA(_ img: RGBAImage) -> [UInt8] {
        var out = ObjectKind.rgbaMagic
        out.reserveCapacity(12 + img.pixels.count)
        for v in [UInt32(img.width), UInt32(img.height)] {
            out += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)]
        }
        out += img.pixels
        return out
    }

    static func decodeRGBA(_ b: [UInt8]) -> RGBAImage? {
        guard b.count >= 12, b.starts(with: ObjectKind.rgbaMagic) else { return nil }
        func read32(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 | Int(b[o + 2]) << 16 | Int(b[o + 3]) << 24 }
        let w = read32(4), h = read32(8)
        guard let n = RGBAImage.byteCount(width: w, height: h), b.count == 12 + n else { return nil }
        return RGBAImage(width: w, height: h, pixels: Array(b[12...]))
    }
}
