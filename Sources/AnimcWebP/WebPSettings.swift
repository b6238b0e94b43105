/// How frames are compressed in an animated WebP (libwebp's `WebPConfig` and `WebPAnimEncoderOptions`).
public struct WebPSettings: Sendable, Hashable, Codable {
    /// Lossless (VP8L) frames; otherwise lossy (VP8) with `quality`.
    public var lossless: Bool
    /// 0–100: lossy quality, or for lossless the effort spent on compression.
    public var quality: Double
    /// 0 (fast) – 6 (smallest).
    public var method: Int
    /// Lossy: RGB→YUV with libwebp's sharp (iterative) conversion, which keeps colour edges.
    public var sharpYUV: Bool
    /// Let the encoder choose lossy or lossless per frame (tries both).
    public var allowMixed: Bool
    /// Spend more time to find the smallest sub-frame encodings (slow).
    public var minimizeSize: Bool
    /// Lossy: a pixel within this many levels (every channel) of the frame before is kept equal to it,
    /// so the encoder's sub-frame diffing has less to encode. 0 keeps every pixel as it is.
    public var stillTolerance: Int

    public init(lossless: Bool = false, quality: Double = 90, method: Int = 4, sharpYUV: Bool = false,
                allowMixed: Bool = false, minimizeSize: Bool = false, stillTolerance: Int = 0) {
        self.lossless = lossless
        self.quality = quality
        self.method = method
        self.sharpYUV = sharpYUV
        self.allowMixed = allowMixed
        self.minimizeSize = minimizeSize
        self.stillTolerance = stillTolerance
    }
}
