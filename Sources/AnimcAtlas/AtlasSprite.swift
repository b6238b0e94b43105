import AnimcPixels

/// One frame as it goes into the atlas: its pixels after trimming and where they sat in the frame.
public struct AtlasSprite: Sendable, Equatable {
    public var image: RGBAImage
    /// The trimmed pixels' rectangle inside the frame (the whole frame when not trimmed).
    public var x: Int
    public var y: Int
    /// The frame's size before trimming.
    public var sourceWidth: Int
    public var sourceHeight: Int
    public var trimmed: Bool { image.width != sourceWidth || image.height != sourceHeight }

    /// `frame`, trimmed to its pixels with alpha above 0 when `trim` is set (a wholly transparent frame
    /// keeps one transparent pixel).
    public init(_ frame: RGBAImage, trim: Bool) {
        sourceWidth = frame.width; sourceHeight = frame.height
        guard trim else { image = frame; x = 0; y = 0; return }
        var minX = frame.width, minY = frame.height, maxX = -1, maxY = -1
        frame.pixels.withUnsafeBufferPointer { px in
            for row in 0..<frame.height {
                for col in 0..<frame.width where px[(row * frame.width + col) * 4 + 3] != 0 {
                    minX = min(minX, col); maxX = max(maxX, col); minY = min(minY, row); maxY = max(maxY, row)
                }
            }
        }
        if maxX < 0 {
            image = RGBAImage(width: 1, height: 1); x = 0; y = 0
        } else {
            image = frame.cropped(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
            x = minX; y = minY
        }
    }
}

/// Draws the atlas: each sprite at its placement, its edge pixels repeated `extrude` pixels outward.
public enum AtlasImage {
    public static func compose(_ sprites: [AtlasSprite], _ packing: AtlasPacker.Packing, extrude: Int) -> RGBAImage {
        var out = RGBAImage(width: packing.width, height: packing.height)
        let W = packing.width
        out.pixels.withUnsafeMutableBufferPointer { dst in
            for (s, p) in zip(sprites, packing.placements) {
                let img = s.image, e = max(0, extrude)
                img.pixels.withUnsafeBufferPointer { src in
                    for row in -e..<(img.height + e) {
                        let sy = min(max(row, 0), img.height - 1)
                        for col in -e..<(img.width + e) {
                            let sx = min(max(col, 0), img.width - 1)
                            let d = ((p.y + row) * W + p.x + col) * 4, o = (sy * img.width + sx) * 4
                            dst[d] = src[o]; dst[d + 1] = src[o + 1]; dst[d + 2] = src[o + 2]; dst[d + 3] = src[o + 3]
                        }
                    }
                }
            }
        }
        return out
    }
}
