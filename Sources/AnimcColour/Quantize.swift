import AnimcPixels
public enum DitherMethod: String, Sendable, CaseIterable {
    case none
    case floydSteinberg = "floyd-steinberg"
    case ordered
}

public struct QuantizeOptions: Sendable, Hashable {
    public var dither: DitherMethod
    /// 0...1: scales the diffused error (Floyd–Steinberg) or the threshold amplitude (ordered).
    public var strength: Double
    /// Pixels with alpha below this are transparent.
    public var alphaThreshold: UInt8
    /// Soft alpha becomes an ordered pattern first (`AlphaDither`), instead of a cut at the threshold.
    public var alphaDither: Bool

    public init(dither: DitherMethod = .floydSteinberg, strength: Double = 1, alphaThreshold: UInt8 = 128,
                alphaDither: Bool = false) {
        self.dither = dither
        self.strength = strength
        self.alphaThreshold = alphaThreshold
        self.alphaDither = alphaDither
    }
}

public enum Quantizer {
    /// Maps every pixel to the palette: alpha < threshold → `transparentIndex` (when the palette has
    /// none, the pixel is mapped by colour); otherwise the nearest opaque colour, optionally dithered.
    /// The result depends only on this image, the palette and the options.
    /// `sharedPalette`: the palette maps many images (a global palette), so each thread keeps its lookup
    /// table and memo for the next image; otherwise (a palette of this image alone) they are dropped.
    /// Either way the table builds only the cells the image's colours fall in.
    public static func quantize(_ image: RGBAImage, palette: Palette, options: QuantizeOptions,
                                sharedPalette: Bool = true) -> IndexedImage {
        let image = options.alphaDither ? AlphaDither.apply(image) : image
        let w = image.width, h = image.height
        var out = [UInt8](repeating: 0, count: w * h)
        let memo = sharedPalette
            ? NearestMemo.forThread(colors: palette.colors, excluding: palette.transparentIndex)
            : NearestMemo(colors: palette.colors, excluding: palette.transparentIndex)
        var cache = NearestColorCache(memo)
        let search = memo.table
        let strength = max(0, min(1, options.strength.isNaN ? 0 : options.strength))
        let transparent = palette.transparentIndex.map { UInt8($0) }
        let method = search.isEmpty || strength == 0 ? DitherMethod.none : options.dither
        image.pixels.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { dst in
                switch method {
                case .none:
                    mapPlain(px, dst, count: w * h, threshold: options.alphaThreshold, transparent: transparent, cache: &cache)
                case .ordered:
                    let amplitude = orderedAmplitude(palette) * strength
                    mapOrdered(px, dst, width: w, height: h, threshold: options.alphaThreshold,
                               transparent: transparent, amplitude: amplitude, cache: &cache)
                case .floydSteinberg:
                    FloydSteinberg.run(px, dst, width: w, height: h, colors: palette.colors, threshold: options.alphaThreshold,
                                       transparent: transparent, strength: strength, cache: &cache)
                }
            }
        }
        return IndexedImage(width: w, height: h, indices: out, palette: palette)
    }

    static func mapPlain(_ px: UnsafeBufferPointer<UInt8>, _ dst: UnsafeMutableBufferPointer<UInt8>, count: Int,
                         threshold: UInt8, transparent: UInt8?, cache: inout NearestColorCache) {
        let ti = transparent ?? 0
        let hasT = transparent != nil
        for i in 0..<count {
            let o = i * 4
            if hasT && px[o + 3] < threshold { dst[i] = ti; continue }
            dst[i] = cache.lookup(Int(px[o]), Int(px[o + 1]), Int(px[o + 2]))
        }
    }

    /// 8×8 Bayer matrix, values 0...63.
    static let bayer8: [Int] = [
        0, 32, 8, 40, 2, 34, 10, 42,
        48, 16, 56, 24, 50, 18, 58, 26,
        12, 44, 4, 36, 14, 46, 6, 38,
        60, 28, 52, 20, 62, 30, 54, 22,
        3, 35, 11, 43, 1, 33, 9, 41,
        51, 19, 59, 27, 49, 17, 57, 25,
        15, 47, 7, 39, 13, 45, 5, 37,
        63, 31, 55, 23, 61, 29, 53, 21,
    ]

    /// The palette's spread: the mean distance from each opaque colour to its nearest other colour,
    /// divided by √3 because the same offset is added to all three channels (a shift along the grey
    /// diagonal of length √3 × offset); a two-colour black/white palette gets the full ±127. Ordered dither offsets span about this much, so a coarse palette
    /// gets strong patterns and a fine one only gentle ones.
    static func orderedAmplitude(_ palette: Palette) -> Double {
        let cs = palette.colors.enumerated().filter { $0.offset != palette.transparentIndex }.map(\.element)
        if cs.count < 2 { return 0 }
        var total = 0.0
        for (i, a) in cs.enumerated() {
            var best = Int.max
            for (j, b) in cs.enumerated() where j != i {
                let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
                let d = dr * dr + dg * dg + db * db
                if d > 0 && d < best { best = d }
            }
            if best != Int.max { total += Double(best).squareRoot() }
        }
        return min(255, total / Double(cs.count) / 3.0.squareRoot())
    }

    static func mapOrdered(_ px: UnsafeBufferPointer<UInt8>, _ dst: UnsafeMutableBufferPointer<UInt8>,
                           width w: Int, height h: Int, threshold: UInt8, transparent: UInt8?,
                           amplitude: Double, cache: inout NearestColorCache) {
        // Offsets depend only on (x mod 8, y mod 8): identical pixels at identical positions always
        // get identical indices, so unchanged regions of an animation never crawl.
        var offsets = [Int](repeating: 0, count: 64)
        for k in 0..<64 { offsets[k] = Int(((Double(bayer8[k]) + 0.5) / 64 - 0.5) * amplitude) }
        let ti = transparent ?? 0
        let hasT = transparent != nil
        offsets.withUnsafeBufferPointer { off in
            for y in 0..<h {
                let row = (y & 7) << 3
                for x in 0..<w {
                    let i = y * w + x
                    let o = i * 4
                    if hasT && px[o + 3] < threshold { dst[i] = ti; continue }
                    let t = off[row | (x & 7)]
                    let r = min(255, max(0, Int(px[o]) + t))
                    let g = min(255, max(0, Int(px[o + 1]) + t))
                    let b = min(255, max(0, Int(px[o + 2]) + t))
                    dst[i] = cache.lookup(r, g, b)
                }
            }
        }
    }
}
