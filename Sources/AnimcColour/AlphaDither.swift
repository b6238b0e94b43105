import AnimcPixels

/// Ordered dither of alpha for GIF's one-bit transparency: a pixel of alpha `a` is made opaque where `a`
/// reaches the 8×8 Bayer threshold of its position, else transparent, so about a/255 of a soft region shows
/// (fading smoke and glows stay visible instead of vanishing under a cut at 128). Thresholds depend only on
/// (x mod 8, y mod 8): the same alpha at the same place always gives the same pixel, so still smoke does not
/// crawl from frame to frame. Alpha 0 stays transparent and 255 opaque.
public enum AlphaDither {
    /// Threshold of each of the 64 positions, spread over 2...254.
    static let thresholds: [UInt8] = Quantizer.bayer8.map { UInt8($0 * 4 + 2) }

    /// The image with every alpha made 0 or 255 as above (colours unchanged).
    public static func apply(_ image: RGBAImage) -> RGBAImage {
        var out = image.pixels
        let w = image.width, h = image.height
        thresholds.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { px in
                for y in 0..<h {
                    let row = (y & 7) << 3
                    for x in 0..<w {
                        let o = (y * w + x) * 4 + 3
                        let a = px[o]
                        if a != 0 && a != 255 { px[o] = a >= t[row | (x & 7)] ? 255 : 0 }
                    }
                }
            }
        }
        return RGBAImage(width: w, height: h, pixels: out)
    }
}
