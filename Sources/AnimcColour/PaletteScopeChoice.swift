import AnimcPixels
import Foundation

/// `scope: auto`: whether one palette per frame is clearly better than one palette for the whole
/// animation, judged on a few sample frames quantized both ways (no dithering): each with a palette
/// of its own, and all with one palette built from the samples together.
///
/// Fidelity is measured on what is shown (`shownError`): every pixel, with soft alpha composited over
/// mid grey on both sides, so a gain that GIF's one bit of alpha hides anyway (fading smoke, glows)
/// does not count. Per-frame palettes win when the shared palette's squared error over the samples is
/// at least `thresholdDB` (0.5 dB, a factor of about 1.12) above the frames' own palettes, the global
/// palette is not already within `tolerance` anyway, and the gain pays for its bytes (`paysForBytes`):
/// each frame then carries a colour table of its own (3 × 2^bits bytes) and its LZW codes, estimated by
/// compressing the samples' indices both ways. On the bench, screen recordings whose colours drift
/// across the spectrum gain 2.8 dB for 1.2–1.3× the bytes, video-like frames 0.75 dB for 1.1×, CG
/// animation 1 dB for 1.07× (all per-frame); real footage 0.05 dB and soft-alpha effects 0.02 dB for
/// 1.76× (one palette).
public enum PaletteScopeChoice {
    public static let thresholdDB = 0.5
    /// dB of gain that per-frame palettes must bring for each doubling of the bytes (`paysForBytes`).
    /// Set so that the bench's screen-like sets (2.8 dB for 1.2–1.3× the bytes) and colours drifting
    /// across the spectrum (5.3 dB for 2.1×) keep per-frame palettes, while under 1 dB never pays for
    /// a fifth more bytes.
    public static let dbPerDoubling = 4.0
    /// Frames sampled, evenly spaced over the animation's distinct frames.
    public static let sampleCount = 8

    /// Positions of the sample frames among `count` frames: evenly spaced, first and last included.
    public static func samples(among count: Int) -> [Int] {
        if count <= sampleCount { return Array(0..<count) }
        return (0..<sampleCount).map { $0 * (count - 1) / (sampleCount - 1) }
    }

    /// Sum of squared channel differences between `image`'s opaque pixels and their quantized
    /// colours, and the number of channel values summed.
    public static func squaredError(_ image: RGBAImage, _ q: IndexedImage, alphaThreshold: UInt8) -> (sum: Double, count: Int) {
        var sum = 0
        var count = 0
        let colors = q.palette.colors
        image.pixels.withUnsafeBufferPointer { px in
            q.indices.withUnsafeBufferPointer { idx in
                for i in 0..<idx.count where px[i * 4 + 3] >= alphaThreshold {
                    let k = Int(idx[i])
                    if k >= colors.count || k == q.palette.transparentIndex { continue }
                    let c = colors[k]
                    let dr = Int(px[i * 4]) - Int(c.r), dg = Int(px[i * 4 + 1]) - Int(c.g), db = Int(px[i * 4 + 2]) - Int(c.b)
                    sum += dr * dr + dg * dg + db * db
                    count += 3
                }
            }
        }
        return (Double(sum), count)
    }

    /// Sum of squared channel differences between what `q` shows and what `image` shows, both over a
    /// flat grey `background` (each pixel's colour blended by its alpha; a transparent index shows the
    /// background), over every pixel; and the number of channel values summed.
    public static func shownError(_ image: RGBAImage, _ q: IndexedImage, background: Int = 128) -> (sum: Double, count: Int) {
        // In integers scaled by 255 (exact, so sums never depend on their order): the source shows
        // c × a + bg × (255 − a), the quantized pixel 255 × its colour, or 255 × bg where transparent.
        var sum = 0
        var lut = [Int](repeating: 0, count: 256 * 3)  // shown colour of each index, × 255
        for k in 0..<256 {
            let c = k < q.palette.colors.count ? q.palette.colors[k] : RGBColor(r: 0, g: 0, b: 0)
            let t = k == q.palette.transparentIndex
            lut[k * 3] = 255 * (t ? background : Int(c.r))
            lut[k * 3 + 1] = 255 * (t ? background : Int(c.g))
            lut[k * 3 + 2] = 255 * (t ? background : Int(c.b))
        }
        let t = q.palette.transparentIndex ?? -1
        image.pixels.withUnsafeBufferPointer { px in
            q.indices.withUnsafeBufferPointer { idx in
                lut.withUnsafeBufferPointer { lut in
                    for i in 0..<idx.count {
                        let a = Int(px[i * 4 + 3])
                        let k = Int(idx[i])
                        if a == 0 && k == t { continue }  // transparent on both sides
                        let under = background * (255 - a)
                        let dr = lut[k * 3] - (Int(px[i * 4]) * a + under)
                        let dg = lut[k * 3 + 1] - (Int(px[i * 4 + 1]) * a + under)
                        let db = lut[k * 3 + 2] - (Int(px[i * 4 + 2]) * a + under)
                        sum += dr * dr + dg * dg + db * db
                    }
                }
            }
        }
        return (Double(sum) / (255 * 255), q.indices.count * 3)
    }

    /// Whether a gain of `gainDB` is worth `ownBytes` instead of `globalBytes`: at least `dbPerDoubling`
    /// dB for each doubling of the bytes. Fewer bytes always pay.
    public static func paysForBytes(gainDB: Double, globalBytes: Int, ownBytes: Int) -> Bool {
        guard globalBytes > 0, ownBytes > globalBytes else { return true }
        return gainDB >= dbPerDoubling * log2(Double(ownBytes) / Double(globalBytes))
    }

    /// How much more faithful (PSNR, dB) the samples' own palettes are than the global one.
    public static func gainDB(globalError: Double, ownError: Double) -> Double {
        if globalError <= 0 { return 0 }
        if ownError <= 0 { return .infinity }
        return 10 * log10(globalError / ownError)
    }

    /// The decision from the summed errors of the samples under the global palette and under their own.
    /// With `globalBytes` and `ownBytes` (estimated sizes of the samples each way), the gain must also
    /// pay for its bytes.
    public static func prefersPerFrame(globalError: Double, ownError: Double, count: Int, tolerance: Double,
                                       globalBytes: Int = 0, ownBytes: Int = 0) -> Bool {
        guard count > 0 else { return false }
        let globalMSE = globalError / Double(count), ownMSE = ownError / Double(count)
        if globalMSE <= tolerance * tolerance { return false }
        guard globalMSE >= ownMSE * pow(10, thresholdDB / 10) else { return false }
        return paysForBytes(gainDB: gainDB(globalError: globalError, ownError: ownError),
                            globalBytes: globalBytes, ownBytes: ownBytes)
    }
}
