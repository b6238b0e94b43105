import AnimcBasics

/// The whole build as plain data: every step with its key, deduplicated by key, in a deterministic order.
public struct BuildPlan: Sendable {
    /// Source path (relative to the manifest folder) → content digest.
    public var sources: [String: Digest] = [:]
    public private(set) var frames: [Digest: FrameStep] = [:]
    /// Frame keys in first-appearance order.
    public private(set) var frameOrder: [Digest] = []
    public var palettes: [Digest: PaletteStep] = [:]
    public private(set) var quantizes: [Digest: QuantizeStep] = [:]
    public private(set) var quantizeOrder: [Digest] = []
    public var animations: [AnimationPlan] = []
    /// Texture atlases, run after the animations.
    public var atlases: [AtlasPlan] = []

    public init() {}

    mutating func addFrame(_ step: FrameStep) {
        if frames[step.key] == nil {
            frames[step.key] = step
            frameOrder.append(step.key)
        }
    }

    mutating func addQuantize(_ step: QuantizeStep) {
        if quantizes[step.key] == nil {
            quantizes[step.key] = step
            quantizeOrder.append(step.key)
        }
    }

    /// Every step's signature in a stable order: frames, palettes, quantizes, encodes.
    public var signatures: [StepSignature] {
        var out: [StepSignature] = frameOrder.map { frames[$0]!.signature }
        var seen = Set<Digest>()
        for a in animations {
            for pk in [a.paletteKey] + a.outputs.map(\.paletteKey) {
                if let pk, seen.insert(pk).inserted, let p = palettes[pk] { out.append(p.signature) }
            }
        }
        out += quantizeOrder.map { quantizes[$0]!.signature }
        for a in animations { out += a.outputs.map(\.encode.signature) }
        out += atlases.map(\.signature)
        return out
    }

    /// Keeps only the named animations (and the steps they need).
    public func restricted(to names: Set<String>) -> BuildPlan {
        var p = BuildPlan()
        p.sources = sources
        p.animations = animations.filter { names.contains($0.name) }
        p.atlases = atlases.filter { $0.animations.allSatisfy(names.contains) }
        for a in p.animations {
            for f in a.frames {
                p.addFrame(frames[f.frameKey]!)
                if let q = quantizes[f.quantizeKey] { p.addQuantize(q) }
            }
            if let k = a.paletteKey { p.palettes[k] = palettes[k] }
            for o in a.outputs where o.encode.input == .quantized {
                for f in o.encode.frames { p.addQuantize(quantizes[f.input]!) }
                if let k = o.paletteKey { p.palettes[k] = palettes[k] }
            }
        }
        return p
    }
}
