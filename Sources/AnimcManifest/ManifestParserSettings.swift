import AnimcBasics

extension ManifestParser {
    /// Reads the Settings keys present in `f` and merges them over `base`:
    /// `fps`/`delay` replace timing as a whole, `palette` merges key by key, `crop`/`resize` replace.
    mutating func settings(_ f: Fields, what: String, over base: Settings) -> Settings {
        var s = base
        if let fpsNode = f["fps"], let delayNode = f["delay"] {
            let (firstKey, secondKey) = Self.before(f.keyNode("fps")!, f.keyNode("delay")!)
                ? ("fps", f.keyNode("delay")!) : ("delay", f.keyNode("fps")!)
            error("'fps' and 'delay' cannot both be set in \(what) (\(firstKey) is already set); use one of them", at: secondKey)
            _ = (fpsNode, delayNode)
        } else if let n = f["fps"] {
            if let v = number("fps", n) {
                if v >= ManifestLimits.minFps, v <= ManifestLimits.maxFps {
                    s.timing = .fps(v)
                    s.origins.timing = n.location
                } else {
                    error("'fps' must be between 0.01 and 100 (a frame shows for at most 100 s at this rate; use delay: for longer), got \(n.scalarText ?? Self.format(v))", at: n)
                }
            }
        } else if let n = f["delay"] {
            if let v = duration("delay", n, allowZero: false) { s.timing = .delayMs(v); s.origins.timing = n.location }
        }
        if let n = f["loop"], let l = loop(n) { s.loop = l }
        if let n = f["palette"] { s.palette = palette(n, over: s.palette) }
        if let n = f["crop"], let c = crop(n) { s.crop = c }
        if let n = f["resize"], let r = resize(n) { s.resize = r }
        if let n = f["playback"], let p = choice("playback", n, Playback.self) { s.playback = p }
        if let n = f["hold"], let h = duration("hold", n, allowZero: true) { s.holdMs = h; s.origins.hold = n.location }
        if let n = f["background"], let c = colour("background", n) { s.background = c }
        if let n = f["alpha-threshold"], let a = integer("alpha-threshold", n, in: 0...255) { s.alphaThreshold = a }
        if let n = f["lossy"], let l = integer("lossy", n, in: 0...32) { s.lossy = l }
        if let n = f["max-size"], let m = byteSize("max-size", n) { s.maxSizeBytes = m; s.origins.maxSize = n.location }
        return s
    }

    static func before(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        (a.location.line, a.location.column) < (b.location.line, b.location.column)
    }

    mutating func loop(_ n: YAMLNode) -> LoopMode? {
        if let i = n.wholeValue {
            guard i != 0 else {
                // GIF's NETSCAPE count, Pillow, imageio and ffmpeg read 0 as forever; animc once read it as once.
                error("'loop: 0' is ambiguous (GIF tools read 0 as forever); write 'loop: forever' to repeat without end or 'loop: once' to play once", at: n)
                return nil
            }
            guard i > 0 else {
                error("'loop' must be forever, once or a number of extra plays (1 or more), got \(i)", at: n)
                return nil
            }
            guard i <= 65535 else {
                error("'loop' must be at most 65535 extra plays (GIF's limit), got \(i)", at: n)
                return nil
            }
            return .count(i)
        }
        switch n.plainText ?? n.scalarText {
        case "forever": return .forever
        case "once": return .once
        default:
            let got = n.scalarText.flatMap { n.isNull ? nil : "got '\($0)'" } ?? "not \(n.typeName)"
            error("'loop' must be forever, once or a number of extra plays (1 or more), \(got)", at: n)
            return nil
        }
    }

    mutating func palette(_ n: YAMLNode, over base: PaletteSettings) -> PaletteSettings {
        var p = base
        guard let f = fields(n, what: "'palette'", allowed: ["colors", "dither", "strength", "scope", "tolerance", "fixed", "alpha-dither"]) else { return p }
        if let v = f["colors"], let c = integer("colors", v, in: 2...256) { p.colors = c }
        if let v = f["dither"], let d = choice("dither", v, DitherMode.self) { p.dither = d }
        if let v = f["strength"], let x = number("strength", v) {
            if x >= 0, x <= 1 {
                p.ditherStrength = x
            } else {
                error("'strength' must be between 0 and 1, got \(v.scalarText ?? Self.format(x))", at: v)
            }
        }
        if let v = f["scope"], let sc = choice("scope", v, PaletteScope.self) { p.scope = sc }
        if let v = f["alpha-dither"], let b = bool("alpha-dither", v) { p.alphaDither = b }
        if let v = f["tolerance"], let x = number("tolerance", v) {
            if x >= 0, x <= 32 {
                p.tolerance = x
            } else {
                error("'tolerance' must be between 0 and 32 (levels of 0-255), got \(v.scalarText ?? Self.format(x))", at: v)
            }
        }
        if let v = f["fixed"] {
            if case .sequence(let items) = v.kind {
                var colours: [RGBHex] = []
                var ok = true
                for item in items {
                    if let c = colour("fixed", item) { colours.append(c) } else { ok = false }
                }
                if !(2...256).contains(items.count) {
                    error("'fixed' must list between 2 and 256 colours, got \(items.count)", at: v)
                } else if ok {
                    p.fixed = colours
                }
            } else {
                error("'fixed' must be a list of hex colours, not \(v.typeName)", at: v)
            }
        }
        return p
    }

    mutating func crop(_ n: YAMLNode) -> CropRect? {
        guard let f = fields(n, what: "'crop'", allowed: ["x", "y", "width", "height"],
                             required: ["x", "y", "width", "height"]) else { return nil }
        let x = f["x"].flatMap { pixelOffset("x", $0) }
        let y = f["y"].flatMap { pixelOffset("y", $0) }
        let w = f["width"].flatMap { pixelSize("width", $0) }
        let h = f["height"].flatMap { pixelSize("height", $0) }
        guard let x, let y, let w, let h else { return nil }
        return CropRect(x: x, y: y, width: w, height: h, location: n.location)
    }

    mutating func resize(_ n: YAMLNode) -> ResizeSpec? {
        guard let f = fields(n, what: "'resize'", allowed: ["width", "height", "scale", "filter"]) else { return nil }
        var ok = true
        var spec = ResizeSpec(location: n.location)
        if let v = f["width"] { spec.width = pixelSize("width", v); ok = ok && spec.width != nil }
        if let v = f["height"] { spec.height = pixelSize("height", v); ok = ok && spec.height != nil }
        if let v = f["scale"] {
            if let x = number("scale", v) {
                if x > 0, x <= ManifestLimits.maxScale {
                    spec.scale = x
                } else if x > 0 {
                    error("'scale' must be at most \(ManifestLimits.maxSide) (a frame side is at most \(ManifestLimits.maxSide) pixels), got \(v.scalarText ?? Self.format(x))", at: v)
                    ok = false
                } else {
                    error("'scale' must be greater than 0, got \(v.scalarText ?? Self.format(x))", at: v)
                    ok = false
                }
            } else {
                ok = false
            }
            if f.has("width") || f.has("height") {
                error("'scale' cannot be combined with 'width' or 'height' in 'resize'", at: f.keyNode("scale")!)
                ok = false
            }
        }
        if let v = f["filter"] {
            if let x = choice("filter", v, ResizeFilter.self) { spec.filter = x } else { ok = false }
        }
        if !f.has("width"), !f.has("height"), !f.has("scale") {
            error("'resize' needs 'width' and/or 'height', or 'scale'", at: n)
            ok = false
        }
        return ok ? spec : nil
    }
}
