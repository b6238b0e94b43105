import AnimcBasics
import AnimcManifest

/// Turns resolved animations and the content digests of their source files into a plan of keyed steps.
/// Pure: it reads no file, so it can be tested and printed (`animc graph`) without a disk.
public enum Planner {
    /// `encoderVersions`: the version of the library behind each format's encoder (libwebp, zlib),
    /// part of those encode steps' keys. `pictureDigests`: the digests of pictures' own pixels (sprite
    /// tiles), which key their frames instead of the whole file's digest.
    public static func plan(_ animations: [ResolvedAnimation], sourceDigests: [String: Digest],
                            source: SourceText? = nil,
                            encoderVersions: [OutputFormat: String] = [:],
                            pictureDigests: [PictureID: Digest] = [:],
                            atlases: [AtlasSpec] = []) -> (plan: BuildPlan, warnings: [Diagnostic]) {
        var plan = BuildPlan()
        var warnings: [Diagnostic] = []
        for resolved in animations {
            let a = resolved.animation
            let s = a.settings
            var planned: [PlannedFrame] = []
            var frameKeysInOrder: [Digest] = []
            var seenFrames = Set<Digest>()

            // Frames: decode + transform, shared by key across animations and repeats.
            var frameSteps: [FrameStep] = []
            let transform = transformParams(s)
            for f in resolved.frames {
                guard let digest = sourceDigests[f.path] else {
                    preconditionFailure("no digest for source \(f.path)")
                }
                let step = frameStep(f, digest: digest, settings: s, transform: transform,
                                     pixels: pictureDigests.isEmpty ? nil : pictureDigests[PictureID(path: f.path, origin: f.origin)])
                frameSteps.append(step)
                plan.addFrame(step)
                if seenFrames.insert(step.key).inserted { frameKeysInOrder.append(step.key) }
            }

            // An animation only an atlas takes (no output) plans its frames alone: no palette, no
            // quantize step joins the plan, no GIF-timing warning.
            let writes = !a.outputs.isEmpty

            // Palette: one step for global and auto scope (auto also decides whether frames use their own).
            var paletteKey: Digest?
            if writes, s.palette.scope != .perFrame {
                let p = paletteStep(animation: a.name, frameKeys: frameKeysInOrder, settings: s)
                plan.palettes[p.key] = p
                paletteKey = p.key
            }

            // Quantize every frame in play order.
            var encoded: [EncodedFrame] = []
            let cs = Timeline.centiseconds(fromMilliseconds: resolved.frames.map(\.delayMs))
            var warnedFastFrame = false
            let qParams = quantizeParams(s, globalPalette: paletteKey != nil)
            let decides = paletteKey.map { plan.palettes[$0]!.decidesScope } ?? false
            let ownParams = decides ? quantizeParams(s, globalPalette: false) : nil
            for (i, (f, step)) in zip(resolved.frames, frameSteps).enumerated() {
                var q = quantizeStep(id: "quantize \(a.name)#\(i)", frame: step, paletteKey: paletteKey, settings: s, params: qParams)
                if let ownParams {
                    q.ownPaletteKey = StepSignature(id: q.signature.id, kind: .quantize, params: ownParams,
                                                    inputs: ["frame": step.key]).key
                }
                if writes { plan.addQuantize(q) }
                planned.append(PlannedFrame(frameKey: step.key, quantizeKey: q.key, path: f.path, origin: f.origin,
                                            sourceLocation: f.sourceLocation))
                encoded.append(EncodedFrame(input: q.key, delay: cs[i]))
                if writes, cs[i] > Timeline.maxCentiseconds {
                    // Only `hold:` on top of a long delay gets here: each alone is at most 655.35 s.
                    warnings.append(.warning(
                        "animation '\(a.name)': frame \(i + 1) shows for \(formatMs(f.delayMs)) with its hold, over GIF's limit of 655.35 s; it is shortened to 655.35 s",
                        at: f.holdLocation ?? f.sourceLocation, in: source))
                }
                if writes, f.delayMs < Timeline.slowestReliableDelayMs, !warnedFastFrame {
                    warnedFastFrame = true
                    warnings.append(.warning(
                        "animation '\(a.name)': a delay of \(formatMs(f.delayMs)) is under 20 ms; browsers slow such frames down to 100 ms",
                        at: f.delayLocation ?? f.sourceLocation, in: source))
                }
            }

            let outputs = outputPlans(OutputContext(
                animation: a, settings: s, frameSteps: frameSteps, delaysMs: resolved.frames.map(\.delayMs),
                quantizeKeys: encoded.map(\.input), paletteKey: paletteKey, versions: encoderVersions), plan: &plan)
            plan.animations.append(AnimationPlan(
                name: a.name, outputs: outputs, frames: planned, paletteKey: paletteKey, settings: s))
        }
        plan.sources = sourceDigests
        plan.atlases = atlasPlans(atlases, animations, plan: plan)
        return (plan, warnings)
    }

    /// The transform parameters an animation applies to each of its frames (computed once per animation).
    static func transformParams(_ s: Settings) -> [String: String] {
        var params: [String: String] = [:]
        if let c = s.crop { params["crop"] = canonical(c) }
        if let r = s.resize { params["resize"] = canonical(r) }
        if let b = s.background { params["background"] = canonical(b) }
        return params
    }

    /// With `pixels` (the digest of the picture's own pixels), the key is those pixels and the
    /// transform alone: where the picture sits in its file, and the rest of the file, do not matter.
    static func frameStep(_ f: ResolvedFrame, digest: Digest, settings s: Settings,
                          transform: [String: String]? = nil, pixels: Digest? = nil) -> FrameStep {
        var params = transform ?? transformParams(s)
        if pixels == nil { params.merge(f.origin.keyParams) { _, origin in origin } }
        let id = "frame \(f.path)" + f.origin.idSuffix
        let inputs = pixels.map { ["pixels": $0] } ?? ["source \(f.path)": digest]
        return FrameStep(
            signature: StepSignature(id: id, kind: .frame, params: params, inputs: inputs),
            path: f.path, sourceDigest: digest, origin: f.origin, crop: s.crop, resize: s.resize, background: s.background)
    }

    static func paletteStep(animation: String, frameKeys: [Digest], settings s: Settings) -> PaletteStep {
        var params = ["colors": String(s.palette.colors), "alpha-threshold": String(s.alphaThreshold),
                      "tolerance": canonical(s.palette.tolerance)]
        if let fixed = s.palette.fixed { params["fixed"] = canonical(fixed) }
        if s.palette.alphaDither { params["alpha-dither"] = "ordered" }
        let decides = s.palette.scope == .auto && s.palette.fixed == nil
        if decides { params["scope"] = "auto" }
        let inputs = Dictionary(uniqueKeysWithValues: frameKeys.enumerated().map { ("frame \($0.offset)", $0.element) })
        return PaletteStep(
            signature: StepSignature(id: "palette \(animation)", kind: .palette, params: params, inputs: inputs),
            animation: animation, frameKeys: frameKeys, colors: s.palette.colors, tolerance: s.palette.tolerance,
            fixed: s.palette.fixed,
            alphaThreshold: s.alphaThreshold, decidesScope: decides, alphaDither: s.palette.alphaDither)
    }

    /// The quantize parameters of an animation (computed once per animation).
    /// The signature of `q` as `scope: per-frame` plans it (its key is `q.ownPaletteKey` under `scope: auto`).
    public static func ownPaletteSignature(of q: QuantizeStep, settings s: Settings) -> StepSignature {
        StepSignature(id: q.signature.id, kind: .quantize, params: quantizeParams(s, globalPalette: false),
                      inputs: ["frame": q.frameKey])
    }

    /// The signature `q`'s result is filed under once its (global) palette is known: the palette's content
    /// instead of the palette step, so an identical palette from a palette step that ran again finds it.
    public static func paletteContentSignature(of q: QuantizeStep, palette content: Digest) -> StepSignature {
        StepSignature(id: q.signature.id, kind: .quantize, params: q.signature.params,
                      inputs: ["frame": q.frameKey, "palette content": content])
    }

    static func quantizeParams(_ s: Settings, globalPalette: Bool) -> [String: String] {
        var params = ["dither": s.palette.dither.rawValue, "strength": canonical(s.palette.ditherStrength),
                      "alpha-threshold": String(s.alphaThreshold)]
        if s.palette.alphaDither { params["alpha-dither"] = "ordered" }  // absent when off: keys stay as they were
        if !globalPalette {
            params["colors"] = String(s.palette.colors)
            params["tolerance"] = canonical(s.palette.tolerance)
            if let fixed = s.palette.fixed { params["fixed"] = canonical(fixed) }
        }
        return params
    }

    static func quantizeStep(id: String, frame: FrameStep, paletteKey: Digest?, settings s: Settings,
                             params: [String: String]? = nil) -> QuantizeStep {
        let params = params ?? quantizeParams(s, globalPalette: paletteKey != nil)
        var inputs = ["frame": frame.key]
        if let paletteKey { inputs["palette"] = paletteKey }
        return QuantizeStep(
            signature: StepSignature(id: id, kind: .quantize, params: params, inputs: inputs),
            frameKey: frame.key, paletteKey: paletteKey, colors: s.palette.colors, tolerance: s.palette.tolerance,
            fixed: s.palette.fixed,
            dither: s.palette.dither, ditherStrength: s.palette.ditherStrength, alphaThreshold: s.alphaThreshold,
            alphaDither: s.palette.alphaDither)
    }

    static func formatMs(_ ms: Double) -> String {
        ms == ms.rounded() ? "\(Int(ms)) ms" : "\((ms * 10).rounded() / 10) ms"
    }
}
