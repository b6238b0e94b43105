import AnimcColour
import AnimcGIF
import AnimcPixels

/// What the cache's objects hold, for `animc cache show`: a small public face of `ObjectCodec`.
public enum CachedObjects {
    /// A quantized frame ("AQF1"), or nil when the bytes are something else.
    public static func quantizedFrame(_ bytes: [UInt8]) -> IndexedImage? { ObjectCodec.decodeQuantized(bytes) }

    /// A palette step's palette ("APL2"), or nil.
    public static func palette(_ bytes: [UInt8]) -> Palette? { ObjectCodec.decodePalette(bytes)?.palette }

    /// The frame as RGBA: each index's colour, alpha 0 at the transparent index.
    public static func rgba(_ img: IndexedImage) -> RGBAImage {
        var px = [UInt8](repeating: 0, count: img.width * img.height * 4)
        let colors = img.palette.colors, t = img.palette.transparentIndex
        for (i, index) in img.indices.enumerated() {
            let k = Int(index)
            guard k < colors.count, k != t else { continue }
            px[4 * i] = colors[k].r; px[4 * i + 1] = colors[k].g; px[4 * i + 2] = colors[k].b; px[4 * i + 3] = 255
        }
        return RGBAImage(width: img.width, height: img.height, pixels: px)
    }
}
