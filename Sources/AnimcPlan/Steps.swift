import AnimcBasics
import AnimcManifest

/// Decode one source image and transform it: cut a sprite-sheet tile, crop, resize, flatten onto a background.
public struct FrameStep: Sendable {
    public var signature: StepSignature
    public var key: Digest { signature.key }
    /// Path relative to the manifest's folder.
    public var path: String
    public var sourceDigest: Digest
    public var tile: TileRect?
    public var crop: CropRect?
    public var resize: ResizeSpec?
    public var background: RGBHex?
}

/// One palette for a whole animation, from a streaming histogram of all its frames.
public struct PaletteStep: Sendable {
    public var signature: StepSignature
    public var key: Digest { signature.key }
    public var animation: String
    /// Distinct frames in first-appearance order.
    public var frameKeys: [Digest]
    public var colors: Int
    public var tolerance: Double
    public var fixed: [RGBHex]?
    public var alphaThreshold: Int
    /// `scope: auto`: the step also decides whether frames use their own palettes instead.
    public var decidesScope: Bool
}

/// Map one frame onto its palette: the animation's palette (global scope) or one built from the frame alone.
public struct QuantizeStep: Sendable {
    public var signature: StepSignature
    public var key: Digest { signature.key }
    public var frameKey: Digest
    /// The global palette's step; nil for a per-frame palette built from this frame.
    public var paletteKey: Digest?
    /// With `scope: auto`: the key this frame's quantize step has when the palette step chooses
    /// palettes of the frames' own (the key `scope: per-frame` gives it). That result does not depend
    /// on the other frames, so after an edit elsewhere it is found under this key and reused.
    /// (Only the key is kept, to keep plans small; `Planner.ownPaletteSignature` rebuilds the rest.)
    public var ownPaletteKey: Digest? = nil
    public var colors: Int
    public var tolerance: Double
    public var fixed: [RGBHex]?
    public var dither: DitherMode
    public var ditherStrength: Double
    public var alphaThreshold: Int
}

/// Encode an animation's quantized frames, in play order with their delays, into GIF bytes.
public struct EncodeStep: Sendable {
    public var signature: StepSignature
    public var key: Digest { signature.key }
    public var animation: String
    public var frames: [EncodedFrame]
    public var loop: LoopMode
}

public struct EncodedFrame: Sendable, Hashable, Codable {
    public var quantizeKey: Digest
    public var delayCentiseconds: Int
}

/// Everything the executor needs to build one animation.
public struct AnimationPlan: Sendable {
    public var name: String
    /// Output path relative to the manifest's folder.
    public var output: String
    public var outputLocation: SourceLocation
    /// Per play-order frame: the frame step, its quantize step and where it came from.
    public var frames: [PlannedFrame]
    /// The palette step's key, when the palette scope is global or auto.
    public var paletteKey: Digest?
    public var encode: EncodeStep
    public var settings: Settings
}

public struct PlannedFrame: Sendable, Hashable {
    public var frameKey: Digest
    public var quantizeKey: Digest
    public var path: String
    public var tile: TileRect?
    public var sourceLocation: SourceLocation
}
