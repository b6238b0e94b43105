/// A layer's blend mode, numbered as in the file.
public enum BlendMode: Int, Sendable, CaseIterable {
    case normal = 0, multiply, screen, overlay, darken, lighten, colorDodge, colorBurn, hardLight, softLight,
         difference, exclusion, hue, saturation, color, luminosity, addition, subtract, divide

    public var name: String {
        switch self {
        case .normal: "normal"; case .multiply: "multiply"; case .screen: "screen"; case .overlay: "overlay"
        case .darken: "darken"; case .lighten: "lighten"; case .colorDodge: "color dodge"
        case .colorBurn: "color burn"; case .hardLight: "hard light"; case .softLight: "soft light"
        case .difference: "difference"; case .exclusion: "exclusion"; case .hue: "hue"
        case .saturation: "saturation"; case .color: "color"; case .luminosity: "luminosity"
        case .addition: "addition"; case .subtract: "subtract"; case .divide: "divide"
        }
    }
}

/// One RGBA pixel, not premultiplied, channels 0…255.
struct Pixel: Equatable {
    var r: Int, g: Int, b: Int, a: Int
    static let clear = Pixel(r: 0, g: 0, b: 0, a: 0)
}

/// Aseprite's blending, in its own integer arithmetic so that composites match Aseprite's to the bit:
/// each mode first mixes the colours channel by channel (or by hue, saturation and luminosity), lays
/// the mixed colour, with the source's alpha, over the backdrop as `normal` does, and weighs that
/// against plain `normal` by the backdrop's alpha. Over a fully transparent backdrop every mode is
/// `normal`. `mul` rounds negative products as an arithmetic shift does (towards minus infinity).
enum Blend {
    /// `a × b / 255` rounded, as 8-bit compositing does it.
    @inline(__always) static func mul(_ a: Int, _ b: Int) -> Int {
        let t = a * b + 0x80
        return ((t >> 8) + t) >> 8
    }

    /// `a × 255 / b` rounded (b > 0).
    @inline(__always) static func div(_ a: Int, _ b: Int) -> Int { (a * 255 + b / 2) / b }

    static func apply(_ mode: BlendMode, backdrop: Pixel, source: Pixel, opacity: Int) -> Pixel {
        if mode == .normal || backdrop.a == 0 { return normal(backdrop, source, opacity) }
        var s = source
        switch mode {
        case .hue, .saturation, .color, .luminosity:
            (s.r, s.g, s.b) = HSL.mix(mode, backdrop: backdrop, source: source)
        default:
            s.r = channel(mode, backdrop.r, source.r)
            s.g = channel(mode, backdrop.g, source.g)
            s.b = channel(mode, backdrop.b, source.b)
        }
        // The mixed colour counts only as far as the backdrop is opaque: over a half-transparent
        // backdrop the result goes half-way from plain `normal` towards the mixed colour, and then
        // again by the alpha the two layers share (Aseprite's arithmetic, step for step).
        let plain = normal(backdrop, source, opacity)
        let mixed = normal(backdrop, s, opacity)
        let towards = merge(plain, mixed, backdrop.a)
        return merge(towards, mixed, mul(backdrop.a, mul(source.a, opacity)))
    }

    /// `backdrop` moved towards `source` by `amount` (0…255), alpha included.
    static func merge(_ b: Pixel, _ s: Pixel, _ amount: Int) -> Pixel {
        var out: Pixel
        if b.a == 0 {
            out = s
        } else if s.a == 0 {
            out = b
        } else {
            out = Pixel(r: b.r + mul(s.r - b.r, amount), g: b.g + mul(s.g - b.g, amount), b: b.b + mul(s.b - b.b, amount), a: 0)
        }
        out.a = b.a + mul(s.a - b.a, amount)
        if out.a == 0 { out = .clear }
        return out
    }

    /// Source over backdrop with the source's alpha scaled by `opacity`.
    static func normal(_ b: Pixel, _ s: Pixel, _ opacity: Int) -> Pixel {
        if b.a == 0 { return Pixel(r: s.r, g: s.g, b: s.b, a: mul(s.a, opacity)) }
        if s.a == 0 { return b }
        let sa = mul(s.a, opacity)
        let ra = sa + b.a - mul(b.a, sa)
        // Integer division truncates toward zero, as the reference arithmetic does.
        return Pixel(r: b.r + (s.r - b.r) * sa / ra, g: b.g + (s.g - b.g) * sa / ra,
                     b: b.b + (s.b - b.b) * sa / ra, a: ra)
    }

    /// A separable mode's mix of one channel (b = backdrop, s = source).
    static func channel(_ mode: BlendMode, _ b: Int, _ s: Int) -> Int {
        switch mode {
        case .multiply: return mul(b, s)
        case .screen: return b + s - mul(b, s)
        case .overlay: return hardLight(s, b)
        case .darken: return min(b, s)
        case .lighten: return max(b, s)
        case .colorDodge:
            if b == 0 { return 0 }
            let inv = 255 - s
            return b >= inv ? 255 : div(b, inv)
        case .colorBurn:
            if b == 255 { return 255 }
            let inv = 255 - b
            return inv >= s ? 0 : 255 - div(inv, s)
        case .hardLight: return hardLight(b, s)
        case .softLight: return softLight(b, s)
        case .difference: return abs(b - s)
        case .exclusion: return b + s - 2 * mul(b, s)
        case .addition: return min(b + s, 255)
        case .subtract: return max(b - s, 0)
        case .divide:
            if b == 0 { return 0 }
            return b >= s ? 255 : div(b, s)
        case .normal, .hue, .saturation, .color, .luminosity: return s
        }
    }

    static func hardLight(_ b: Int, _ s: Int) -> Int {
        if s < 128 { return mul(b, s << 1) }
        let s2 = (s << 1) - 255
        return b + s2 - mul(b, s2)
    }

    /// The W3C soft-light curve in floating point, rounded to the nearest level.
    static func softLight(_ bi: Int, _ si: Int) -> Int {
        let b = Double(bi) / 255, s = Double(si) / 255
        let d = b <= 0.25 ? ((16 * b - 12) * b + 4) * b : b.squareRoot()
        let r = s <= 0.5 ? b - (1 - 2 * s) * b * (1 - b) : b + (2 * s - 1) * (d - b)
        return Int(r * 255 + 0.5)
    }
}
