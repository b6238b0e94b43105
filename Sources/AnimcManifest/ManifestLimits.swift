/// The ranges the manifest accepts, where a value outside them could not make a valid GIF, or would
/// make animc overflow or allocate without bound. One home for every limit (docs/manifest.md lists them).
public enum ManifestLimits {
    /// GIF stores a frame's delay as 16-bit centiseconds: at most 655.35 s (a delay, a hold).
    public static let maxDelayMs = 655_350.0
    /// `fps` range: at least one frame every 100 s, at most 100 a second (GIF's centisecond clock).
    public static let minFps = 0.01
    public static let maxFps = 100.0
    /// The largest frame, after crop and resize (the same bounds PNG decoding applies to sources).
    public static let maxSide = 16384
    public static let maxPixels = 64 << 20
    /// `resize: {scale:}` upper bound (a 1-pixel source scaled this far is already `maxSide`).
    public static let maxScale = Double(maxSide)
    /// Numbers in a `sequence` range; the frames one `sequence` or `sheet` may list.
    public static let maxSequenceNumber = 999_999_999
    public static let maxSourceFrames = 1_000_000
    /// The manifest file itself, and the YAML nodes its aliases may add (a "billion laughs" guard).
    public static let maxManifestBytes = 16 << 20
    public static let maxAliasNodes = 1_000_000

    /// Whether a `width`×`height` frame is within `maxSide` and `maxPixels` (no overflow for any input).
    public static func fits(width: Int, height: Int) -> Bool {
        guard width >= 1, height >= 1, width <= maxSide, height <= maxSide else { return false }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        return !overflow && pixels <= maxPixels
    }
    /// A bare number (milliseconds) for a duration below this is refused as a slip for seconds (`delay: 0.08`).
    public static let smallestBareMs = 10.0
}
