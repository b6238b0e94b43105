/// How `RGBAImage.resized` samples the source.
public enum ResampleFilter: String, Sendable, CaseIterable {
    /// The source pixel whose centre is nearest.
    case nearest
    /// Triangle filter (linear interpolation; averages when downscaling).
    case bilinear
    /// Lanczos with three lobes.
    case lanczos
}

extension RGBAImage {
    /// Resamples to `width`×`height`. Filtering is done on premultiplied alpha, so the
    /// colour of transparent pixels does not bleed into their neighbours.
    public func resized(width: Int, height: Int, filter: ResampleFilter) -> RGBAImage {
        // Checked before any allocation: the output and the filter's intermediate (width × source
        // height, 16 bytes a pixel) must be representable.
        precondition(RGBAImage.byteCount(width: width, height: height) != nil
                     && RGBAImage.byteCount(width: width, height: self.height, bytesPerPixel: 16) != nil,
                     "resize size overflows")
        if width == self.width && height == self.height { return self }
        if width == 0 || height == 0 || self.width == 0 || self.height == 0 {
            return RGBAImage(width: width, height: height)
        }
        switch filter {
        case .nearest: return resizedNearest(width: width, height: height)
        case .bilinear, .lanczos: return resizedFiltered(width: width, height: height, filter: filter)
        }
    }

    private func resizedNearest(width: Int, height: Int) -> RGBAImage {
        // Pixel centres: src = floor((dst + 0.5) · srcSize / dstSize), in exact integers.
        let xs = (0..<width).map { min(self.width - 1, (2 * $0 + 1) * self.width / (2 * width)) }
        let ys = (0..<height).map { min(self.height - 1, (2 * $0 + 1) * self.height / (2 * height)) }
        let count = width * height * 4
        let srcW = self.width
        let out = [UInt8](unsafeUninitializedCapacity: count) { dst, initialized in
            guard let d = UnsafeMutableRawPointer(dst.baseAddress) else { return }
            pixels.withUnsafeBytes { src in
                guard let s = src.baseAddress else { return }
                xs.withUnsafeBufferPointer { xs in
                    for y in 0..<height {
                        let srcRow = ys[y] * srcW * 4
                        let dstRow = y * width * 4
                        for x in 0..<width {  // one RGBA pixel as a 32-bit word
                            let px = s.loadUnaligned(fromByteOffset: srcRow + xs[x] * 4, as: UInt32.self)
                            d.storeBytes(of: px, toByteOffset: dstRow + x * 4, as: UInt32.self)
                        }
                    }
                }
            }
            initialized = count
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }

    private func resizedFiltered(width: Int, height: Int, filter: ResampleFilter) -> RGBAImage {
        let srcW = self.width, srcH = self.height
        let hTable = ResampleWeights(source: srcW, destination: width, filter: filter)
        let vTable = ResampleWeights(source: srcH, destination: height, filter: filter)

        // Pass 1: horizontal, premultiplying each source row into a reused scratch row.
        var mid = [Float](repeating: 0, count: width * srcH * 4)
        var row = [Float](repeating: 0, count: srcW * 4)
        pixels.withUnsafeBufferPointer { src in
            mid.withUnsafeMutableBufferPointer { mid in
                row.withUnsafeMutableBufferPointer { row in
                    for y in 0..<srcH {
                        premultiplyRow(src, offset: y * srcW * 4, count: srcW, into: row)
                        hTable.apply(row, into: mid, offset: y * width * 4)
                    }
                }
            }
        }

        // Pass 2: vertical, accumulating whole rows (contiguous, vectorisable), then un-premultiply.
        var acc = [Float](repeating: 0, count: width * 4)
        let count = width * height * 4
        let out = [UInt8](unsafeUninitializedCapacity: count) { dst, initialized in
            mid.withUnsafeBufferPointer { mid in
                acc.withUnsafeMutableBufferPointer { acc in
                    vTable.withTables { starts, counts, weights, stride in
                        let rowLen = width * 4
                        for y in 0..<height {
                            for i in 0..<rowLen { acc[i] = 0 }
                            let start = starts[y], taps = counts[y]
                            for k in 0..<taps {
                                let w = weights[y * stride + k]
                                // Rows of `mid` lie inside it (start + k < source height), so the
                                // inner loop indexes from the row's start without index arithmetic.
                                let row = mid.baseAddress! + (start + k) * rowLen
                                for i in 0..<rowLen { acc[i] += w * row[i] }
                            }
                            unpremultiplyRow(acc, into: dst, offset: y * rowLen, count: width)
                        }
                    }
                }
            }
            initialized = count
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }
}

@inline(__always)
private func premultiplyRow(
    _ src: UnsafeBufferPointer<UInt8>, offset: Int, count: Int, into row: UnsafeMutableBufferPointer<Float>
) {
    for x in 0..<count {
        let p = offset + x * 4
        let a = Float(src[p + 3])
        let f = a / 255
        row[x * 4] = Float(src[p]) * f
        row[x * 4 + 1] = Float(src[p + 1]) * f
        row[x * 4 + 2] = Float(src[p + 2]) * f
        row[x * 4 + 3] = a
    }
}

@inline(__always)
private func unpremultiplyRow(
    _ acc: UnsafeMutableBufferPointer<Float>, into dst: UnsafeMutableBufferPointer<UInt8>, offset: Int, count: Int
) {
    for x in 0..<count {
        let i = x * 4
        let a = min(max(acc[i + 3], 0), 255)
        let alpha = UInt8(a + 0.5)
        if alpha == 0 {
            dst[offset + i] = 0; dst[offset + i + 1] = 0; dst[offset + i + 2] = 0; dst[offset + i + 3] = 0
            continue
        }
        let scale = 255 / a
        dst[offset + i] = clampToByte(acc[i] * scale)
        dst[offset + i + 1] = clampToByte(acc[i + 1] * scale)
        dst[offset + i + 2] = clampToByte(acc[i + 2] * scale)
        dst[offset + i + 3] = alpha
    }
}

@inline(__always)
private func clampToByte(_ v: Float) -> UInt8 {
    UInt8(min(max(v, 0), 255) + 0.5)
}
