import AnimcPixels
import Foundation

/// `scope: auto`: whether one palette per frame is clearly better than one palette for the whole
/// animation, judged on a few sample frames quantized both ways (no dithering): each with a palette
/// of its own, and all with one palette built from the samples together.
///
/// Per-frame palettes win when the shared palette's squared error over the samples is at least
/// `thresholdDB` (1.5 dB, a factor of about 1.4) above the frames' own palettes, and the global palette
/// is not already within `tolerance` anyway. Screen recordings whose colours drift across the whole
/// spectrum over time land far above (about 3 dB on the benchmark's synthetic sets); video and
/// footage, whose colours stay alike from frame to frame, land below 1 dB.
public enum PaletteScopeChoice {
    public static let thresholdDB = 1.5
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

    /// How much more faithful (PSNR, dB) the samples' own palettes are than the global one.
    public static func gainDB(globalError: Double, ownError: Double) -> Double {
        if globalError <= 0 { return 0 }
        if ownError <= 0 { return .infinity }
        return 10 * log10(globalError / ownError)
    }

    /// The decision from the summed errors of the samples under the global palette and under their own.
    public static func prefersPerFrame(globalError: Double, ownError: Double, count: Int, tolerance: Double) -> Bool {
        guard count > 0 else { return false }
        let globalMSE = globalError / Double(count), ownMSE = ownError / Double(count)
        if globalMSE <= tolerance * tolerance { return false }
        return globalMSE >= ownMSE * pow(10, thresholdDB / 10)
    }
}
