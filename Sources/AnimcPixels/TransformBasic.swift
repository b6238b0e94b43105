extension RGBAImage {
    /// The sub-image at (`x`, `y`) of size `width`×`height`; the rectangle must lie inside the image.
    public func cropped(x: Int, y: Int, width: Int, height: Int) -> RGBAImage {
        precondition(x >= 0 && y >= 0 && width >= 0 && height >= 0, "crop rectangle is negative")
        precondition(x <= self.width && y <= self.height && width <= self.width - x && height <= self.height - y,
                     "crop rectangle is outside the image")
        if x == 0 && y == 0 && width == self.width && height == self.height { return self }
        let count = width * height * 4  // at most the source's byte count, which fits
        let srcStride = self.width * 4
        let rowBytes = width * 4
        let out = [UInt8](unsafeUninitializedCapacity: count) { dst, initialized in
            pixels.withUnsafeBufferPointer { src in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for row in 0..<height {
                    (d + row * rowBytes).initialize(from: s + (y + row) * srcStride + x * 4, count: rowBytes)
                }
            }
            initialized = count
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }

    /// Composites the image over an opaque `background`; every result pixel has alpha 255.
    public func flattened(onto background: RGBColor) -> RGBAImage {
        let count = pixels.count
        let br = Int(background.r), bg = Int(background.g), bb = Int(background.b)
        let out = [UInt8](unsafeUninitializedCapacity: count) { dst, initialized in
            pixels.withUnsafeBufferPointer { src in
                var i = 0
                while i < count {
                    let a = Int(src[i + 3])
                    let ia = 255 - a
                    // Rounded (c·a + bg·(255 − a)) / 255, exact in integers.
                    dst[i] = UInt8((Int(src[i]) * a + br * ia + 127) / 255)
                    dst[i + 1] = UInt8((Int(src[i + 1]) * a + bg * ia + 127) / 255)
                    dst[i + 2] = UInt8((Int(src[i + 2]) * a + bb * ia + 127) / 255)
                    dst[i + 3] = 255
                    i += 4
                }
            }
            initialized = count
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }
}
