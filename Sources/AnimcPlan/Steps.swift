import AnimcBasics
import AnimcManifest

/// Decode one source image and transform it: cut a sprite-sheet tile, crop, resize, flatten onto a background.
public struct FrameStep: Sendable {
    public var signature: StepSignature
    public var key: Digest { signature.key }
    /// Path relative to the manifest's folder.
    public var path: String
    public var sourceDigest: Digest
    /// Which picture of the source file.
    public var origin: FrameOrigin
    public var tile: TileRect? { origin.tile }
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
    /// `alpha-dither: true`: colours are counted where the dithered alpha shows them.
    public var alphaDither = false
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
    /// `alpha-dither: true` (see `PaletteSettings.alphaDither`).
    public var alphaDither = false
}

/// Encode an animation's frames, in play order with their delays, into one output's bytes.
public struct EncodeStep: Sendable {
    public var signature: StepSignature
    public var key: Digest { signature.key }
    public var animation: String
    public var format: OutputFormat
    /// What each play-order frame feeds the encoder (see `input`), with its delay in the format's unit.
    public var frames: [EncodedFrame]
    public var loop: LoopMode
    public var options: EncodeOptions

    /// GIF and palette APNG take quantized frames (`EncodedFrame.input` is a quantize step's key);
    /// WebP and lossless APNG take the frames' RGBA (a frame step's key).
    public var input: EncodeInput { format == .gif || options.paletteColors != nil ? .quantized : .rgba }
}

public enum EncodeInput: Sendable, Equatable { case quantized, rgba }

public struct EncodedFrame: Sendable, Hashable, Codable {
    /// A quantize step's key, or a frame step's key (see `EncodeStep.input`).
    public var input: Digest
    /// GIF: centiseconds. WebP and APNG: milliseconds.
    public var delay: Int
}

/// A container's settings, as plain data (the executor hands them to the format's encoder).
public struct EncodeOptions: Sendable, Hashable, Codable {
    /// GIF: a pixel within this many levels of what is on screen stays (`lossy:`).
    public var lossy = 0
    public var webp: WebPOptions?
    /// APNG: one palette of this many colours instead of lossless RGBA.
    public var paletteColors: Int?
    public init(lossy: Int = 0, webp: WebPOptions? = nil, paletteColors: Int? = nil) {
        self.lossy = lossy; self.webp = webp; self.paletteColors = paletteColors
    }
}

/// An animated WebP's settings (libwebp's), resolved from the manifest and animc's defaults.
public struct WebPOptions: Sendable, Hashable, Codable {
    public var lossless: Bool
    public var quality: Double
    public var method: Int
    /// animc's default: the animation is encoded both lossless and lossy (libwebp choosing per frame)
    /// and the lossless file is kept when it is at most 5% larger.
    public var choose: Bool
    /// Lossy: a pixel within this many levels of the frame before keeps that frame's value.
    public var stillTolerance: Int
    /// Lossy: libwebp's sharp (iterative) RGB→YUV conversion.
    public var sharpYUV: Bool
    public init(lossless: Bool, quality: Double, method: Int, choose: Bool, stillTolerance: Int, sharpYUV: Bool = false) {
        self.lossless = lossless; self.quality = quality; self.method = method; self.choose = choose
        self.stillTolerance = stillTolerance; self.sharpYUV = sharpYUV
    }
}

/// One file an animation writes, and the step that encodes it.
public struct OutputPlan: Sendable {
    /// Relative to the manifest's folder, normalised.
    public var path: String
    public var location: SourceLocation
    public var format: OutputFormat
    public var encode: EncodeStep
    /// The palette step behind quantized input (GIF with a global or auto palette, palette APNG).
    public var paletteKey: Digest?
}

/// Everything the executor needs to build one animation.
public struct AnimationPlan: Sendable {
    public var name: String
    /// The files it writes, each with its encode step; none for an animation only an atlas takes.
    public var outputs: [OutputPlan]
    /// Per play-order frame: the frame step, its (GIF) quantize step and where it came from (without
    /// outputs, the quantize key is not a step of the plan).
    public var frames: [PlannedFrame]
    /// The palette step's key, when the palette scope is global or auto.
    public var paletteKey: Digest?
    public var settings: Settings

    /// Where the first output is written (else its first frame's entry): what messages about the
    /// animation as a whole point at.
    public var outputLocation: SourceLocation { outputs.first?.location ?? frames.first?.sourceLocation ?? SourceLocation(file: "") }
}

public struct PlannedFrame: Sendable, Hashable {
    public var frameKey: Digest
    public var quantizeKey: Digest
    public var path: String
    public var origin: FrameOrigin
    public var tile: TileRect? { origin.tile }
    public var sourceLocation: SourceLocation
}
