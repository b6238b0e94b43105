import AnimcBasics
import AnimcManifest

/// The encode step of each output: its format, settings, delays in the format's unit and inputs.
extension Planner {
    /// animc's WebP defaults, from `scripts/bench-formats` (see docs/benchmarks.md): the animation is
    /// encoded lossless and lossy (quality 90, libwebp choosing per frame, pixels within 2 levels of the
    /// frame before kept equal to it) and the lossless file is kept when it is at most 5% larger: per
    /// frame, lossy often looks smaller, yet exact frames make the next frames' differences smaller
    /// (synthetic set: lossless 518 KB, lossy 583 KB at 0.46 dB under the GIF). Sharp YUV is off: on the
    /// bench's sets it cost 6–25% more bytes (and on footage-like frames 0.09 dB).
    public static let webpDefaults = WebPOptions(lossless: false, quality: 90, method: 4, choose: true, stillTolerance: 2)

    /// The WebP settings an output asks for, over animc's defaults.
    static func webpOptions(_ spec: OutputSpec) -> WebPOptions {
        var o = webpDefaults
        if let lossless = spec.lossless {
            o.lossless = lossless
            o.choose = false
            if lossless { o.stillTolerance = 0 }
        }
        if let q = spec.quality { o.quality = q }
        if let m = spec.method { o.method = m }
        return o
    }

    /// Plays in all, as WebP and APNG count them (0: forever); GIF's `loop` counts extra plays.
    public static func totalPlays(_ loop: LoopMode) -> Int {
        switch loop {
        case .forever: return 0
        case .once: return 1
        case .count(let n): return n + 1
        }
    }

    struct OutputContext {
        var animation: Animation
        var settings: Settings
        var frameSteps: [FrameStep]
        var delaysMs: [Double]
        /// The GIF track: per play-order frame, its quantize step's key.
        var quantizeKeys: [Digest]
        var paletteKey: Digest?
        /// Library versions that decide an encoder's bytes, by format.
        var versions: [OutputFormat: String]
    }

    static func outputPlans(_ c: OutputContext, plan: inout BuildPlan) -> [OutputPlan] {
        let a = c.animation, s = c.settings
        let single = a.outputs.count == 1
        return a.outputs.map { spec in
            let path = Paths.normalize(spec.path)
            let id = single ? "encode \(a.name)" : "encode \(a.name) (\(path))"
            var params = ["loop": canonical(s.loop)]
            var inputs: [Digest] = []
            var delays: [Int] = []
            var options = EncodeOptions()
            var paletteKey: Digest?
            switch spec.format {
            case .gif:
                // The GIF key's parameters are what they were before other formats existed: caches stay valid.
                delays = Timeline.centiseconds(fromMilliseconds: c.delaysMs)
                inputs = c.quantizeKeys
                options.lossy = s.lossy
                params["lossy"] = String(s.lossy)
                paletteKey = c.paletteKey
            case .webp:
                delays = Timeline.milliseconds(fromMilliseconds: c.delaysMs)
                inputs = c.frameSteps.map(\.key)
                let w = webpOptions(spec)
                options.webp = w
                params["format"] = "webp"
                params["webp"] = canonical(w)
                params["library"] = "libwebp " + (c.versions[.webp] ?? "?")
            case .apng:
                delays = Timeline.milliseconds(fromMilliseconds: c.delaysMs)
                params["format"] = "apng"
                params["library"] = "zlib " + (c.versions[.apng] ?? "?")
                if let colors = spec.colors {
                    options.paletteColors = colors
                    params["colors"] = String(colors)
                    (paletteKey, inputs) = paletteTrack(c, colors: colors, output: path, plan: &plan)
                } else {
                    inputs = c.frameSteps.map(\.key)
                }
            }
            params["delays"] = canonical(delays)
            let frames = zip(inputs, delays).map { EncodedFrame(input: $0.0, delay: $0.1) }
            let step = EncodeStep(
                signature: StepSignature(
                    id: id, kind: .encode, params: params,
                    inputs: Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ("frame \($0.offset)", $0.element) })),
                animation: a.name, format: spec.format, frames: frames, loop: s.loop, options: options)
            return OutputPlan(path: path, location: spec.location, format: spec.format, encode: step, paletteKey: paletteKey)
        }
    }

    /// A palette APNG's frames: one palette of `colors` for the whole animation (global scope, the
    /// animation's other palette settings) and every frame quantized against it. When the GIF's
    /// palette is the same step, the keys coincide and the work is shared.
    static func paletteTrack(_ c: OutputContext, colors: Int, output: String, plan: inout BuildPlan) -> (Digest, [Digest]) {
        var s = c.settings
        s.palette.colors = colors
        s.palette.scope = .global
        var seen = Set<Digest>(), distinct: [Digest] = []
        for f in c.frameSteps where seen.insert(f.key).inserted { distinct.append(f.key) }
        var p = paletteStep(animation: c.animation.name, frameKeys: distinct, settings: s)
        if p.key != c.paletteKey {
            p.signature.id = "palette \(c.animation.name) (\(output))"
        }
        if plan.palettes[p.key] == nil { plan.palettes[p.key] = p }
        let params = quantizeParams(s, globalPalette: true)
        let keys = c.frameSteps.enumerated().map { i, f -> Digest in
            var q = quantizeStep(id: "quantize \(c.animation.name)#\(i)", frame: f, paletteKey: p.key, settings: s, params: params)
            if q.key != (i < c.quantizeKeys.count ? c.quantizeKeys[i] : nil) {
                q.signature.id = "quantize \(c.animation.name)#\(i) (\(output))"
            }
            plan.addQuantize(q)
            return q.key
        }
        return (p.key, keys)
    }
}
