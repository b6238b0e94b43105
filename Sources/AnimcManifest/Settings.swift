import AnimcBasics

/// Everything that `defaults:` may set and an animation may override. All fields are resolved
/// (no optionals for "inherit"): the parser merges animation values over defaults over built-in defaults.
public struct Settings: Sendable, Hashable, Codable {
    public var timing: Timing
    public var loop: LoopMode
    public var palette: PaletteSettings
    public var crop: CropRect?
    public var resize: ResizeSpec?
    public var playback: Playback
    /// `hold: 2s`: extra time on the last frame, in milliseconds.
    public var holdMs: Double?
    /// `background: "#ffffff"`: flatten alpha onto this colour. Without it, alpha below the threshold is transparency.
    public var background: RGBHex?
    /// `alpha-threshold: 128`: pixels with alpha below this become transparent (0...255).
    public var alphaThreshold: Int
    /// `lossy: 2`: how far (levels of 0…255, per channel) a pixel may differ from what is already on
    /// screen and still be left as it is (0...32; 0 = exact).
    public var lossy: Int
    /// `max-size: 2MB`: the largest an output may be; a larger one fails the build (a CI guard).
    public var maxSizeBytes: Int64?
    /// Where the timing, `hold` and `max-size` were set, for messages about what they give.
    public var origins = SettingOrigins()

    public init(timing: Timing = .fps(12), loop: LoopMode = .forever, palette: PaletteSettings = PaletteSettings(),
                crop: CropRect? = nil, resize: ResizeSpec? = nil, playback: Playback = .forward,
                holdMs: Double? = nil, background: RGBHex? = nil, alphaThreshold: Int = 128,
                lossy: Int = 2) {
        self.timing = timing
        self.loop = loop
        self.palette = palette
        self.crop = crop
        self.resize = resize
        self.playback = playback
        self.holdMs = holdMs
        self.background = background
        self.alphaThreshold = alphaThreshold
        self.lossy = lossy
    }

    /// Built-in defaults, used where neither `defaults:` nor the animation says otherwise.
    public static let builtIn = Settings()
}

/// Where settings were written. Not part of the settings' identity: two animations with the same values
/// written in different places have equal settings, and none of it is encoded.
public struct SettingOrigins: Sendable, Hashable, Codable {
    /// The `fps:` or `delay:` value that set the timing (in `defaults:` or the animation); nil for the built-in one.
    public var timing: SourceLocation?
    /// The `hold:` value.
    public var hold: SourceLocation?
    /// The `max-size:` value.
    public var maxSize: SourceLocation?
    public init() {}
    public static func == (_: SettingOrigins, _: SettingOrigins) -> Bool { true }
    public func hash(into _: inout Hasher) {}
    public init(from _: Decoder) throws {}
    public func encode(to _: Encoder) throws {}
}

/// `fps: 12` or `delay: 80ms` (a number alone is milliseconds; `1.5s` and `80ms` also parse).
public enum Timing: Sendable, Hashable, Codable {
    case fps(Double)
    case delayMs(Double)

    public var frameDelayMs: Double {
        switch self {
        case .fps(let f): return 1000 / f
        case .delayMs(let d): return d
        }
    }
}

/// `loop: forever | once | N` (N extra plays after the first; GIF's NETSCAPE2.0 count).
public enum LoopMode: Sendable, Hashable, Codable {
    case forever
    case once
    case count(Int)
}

public enum Playback: String, Sendable, Hashable, Codable, CaseIterable {
    case forward, reverse, pingpong
}

public enum DitherMode: String, Sendable, Hashable, Codable, CaseIterable {
    case floydSteinberg = "floyd-steinberg"
    case ordered
    case none
}

public enum PaletteScope: String, Sendable, Hashable, Codable, CaseIterable {
    case global
    case perFrame = "per-frame"
    /// animc picks per-frame where one global palette is clearly worse.
    case auto
}

/// `palette: {colors: 64, dither: none, scope: global, strength: 1.0, tolerance: 1.0, fixed: ["#000000", ...]}`.
/// A partial `palette:` on an animation merges key by key over the defaults.
public struct PaletteSettings: Sendable, Hashable, Codable {
    /// 2...256
    public var colors: Int
    public var dither: DitherMode
    /// 0...1, scales the diffused error or the ordered threshold.
    public var ditherStrength: Double
    public var scope: PaletteScope
    /// RMS colour error (levels of 0…255) at which the palette stops adding colours; 0 = use all `colors`.
    public var tolerance: Double
    /// A fixed palette given as hex colours (2...256 entries); replaces palette building when set.
    public var fixed: [RGBHex]?
    /// `alpha-dither: true`: soft alpha becomes a stable ordered pattern of opaque and transparent pixels
    /// (the share of opaque ones follows alpha) instead of a cut at `alpha-threshold`.
    public var alphaDither = false

    public init(colors: Int = 256, dither: DitherMode = .none, ditherStrength: Double = 1.0,
                scope: PaletteScope = .auto, tolerance: Double = 1.0, fixed: [RGBHex]? = nil) {
        self.colors = colors
        self.dither = dither
        self.ditherStrength = ditherStrength
        self.scope = scope
        self.tolerance = tolerance
        self.fixed = fixed
    }
}

/// A colour written as hex in the manifest, kept as its 24-bit value.
public struct RGBHex: Sendable, Hashable, Codable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(r: UInt8, g: UInt8, b: UInt8) { self.r = r; self.g = g; self.b = b }

    /// `#rgb` or `#rrggbb`, the `#` optional.
    public init?(_ text: String) {
        var s = Substring(text)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.allSatisfy(\.isHexDigit) else { return nil }
        if s.count == 3 {
            let v = s.map { UInt8(String([$0, $0]), radix: 16)! }
            self.init(r: v[0], g: v[1], b: v[2])
        } else if s.count == 6, let v = UInt32(s, radix: 16) {
            self.init(r: UInt8(v >> 16 & 0xff), g: UInt8(v >> 8 & 0xff), b: UInt8(v & 0xff))
        } else {
            return nil
        }
    }
}

/// `crop: {x, y, width, height}` in source pixels, applied before resize.
public struct CropRect: Sendable, Hashable, Codable {
    public var x: Int, y: Int, width: Int, height: Int
    public var location: SourceLocation?
    public init(x: Int, y: Int, width: Int, height: Int, location: SourceLocation? = nil) {
        self.x = x; self.y = y; self.width = width; self.height = height; self.location = location
    }
    // Where it was written does not change what it does.
    public static func == (a: CropRect, b: CropRect) -> Bool {
        a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height
    }
    public func hash(into h: inout Hasher) { h.combine(x); h.combine(y); h.combine(width); h.combine(height) }
    enum CodingKeys: String, CodingKey { case x, y, width, height }
}

public enum ResizeFilter: String, Sendable, Hashable, Codable, CaseIterable {
    case nearest
    case bilinear
    case lanczos
}

/// `resize: {width: 32, filter: nearest}`; a missing side follows the aspect ratio. Or `resize: {scale: 0.5}`.
public struct ResizeSpec: Sendable, Hashable, Codable {
    public var width: Int?
    public var height: Int?
    public var scale: Double?
    public var filter: ResizeFilter
    /// Where `resize:` was written (for errors about the size it gives); not part of its identity.
    public var location: SourceLocation?

    public init(width: Int? = nil, height: Int? = nil, scale: Double? = nil, filter: ResizeFilter = .lanczos,
                location: SourceLocation? = nil) {
        self.width = width; self.height = height; self.scale = scale; self.filter = filter; self.location = location
    }

    public static func == (a: ResizeSpec, b: ResizeSpec) -> Bool {
        a.width == b.width && a.height == b.height && a.scale == b.scale && a.filter == b.filter
    }
    public func hash(into h: inout Hasher) { h.combine(width); h.combine(height); h.combine(scale); h.combine(filter) }
    enum CodingKeys: String, CodingKey { case width, height, scale, filter }

    /// The output size for a `w`×`h` input (at least 1×1). Sides are computed in floating point and
    /// saturate at `Int32.max`, so no input overflows; callers check the result against their limits.
    public func size(forWidth w: Int, height h: Int) -> (width: Int, height: Int) {
        func side(_ v: Double) -> Int { v.isNaN ? 1 : Int(min(max(v.rounded(), 1), Double(Int32.max))) }
        if let scale { return (side(Double(w) * scale), side(Double(h) * scale)) }
        switch (width, height) {
        case let (tw?, th?): return (tw, th)
        case let (tw?, nil): return (tw, side(Double(h) * Double(tw) / Double(w)))
        case let (nil, th?): return (side(Double(w) * Double(th) / Double(h)), th)
        case (nil, nil): return (w, h)
        }
    }
}
