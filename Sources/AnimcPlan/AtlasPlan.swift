import AnimcBasics
import AnimcManifest

/// Pack the frames of some animations into one texture atlas: a PNG and its JSON. Keyed by its frames'
/// keys (so an edited frame re-packs), their names and durations, and its options.
public struct AtlasPlan: Sendable {
    public var signature: StepSignature
    public var key: Digest { signature.key }
    public var name: String
    /// Relative to the manifest's folder, normalised.
    public var image: String
    public var data: String
    public var imageLocation: SourceLocation
    public var dataLocation: SourceLocation
    /// The image as the JSON names it: its path relative to the data file's folder.
    public var imageName: String
    public var animations: [String]
    public var frames: [AtlasFramePlan]
    public var tags: [AtlasTagPlan]
    public var spec: AtlasSpec

    /// The cache keys of its two files.
    public var imageKey: Digest { Digest.of("atlas image \(key.hex)") }
    public var dataKey: Digest { Digest.of("atlas data \(key.hex)") }
}

public struct AtlasFramePlan: Sendable, Hashable {
    public var frameKey: Digest
    /// "walk/0": the animation and the frame's place among its frames listed once, in source order.
    public var name: String
    public var durationMs: Int
    public var sourceLocation: SourceLocation
}

public struct AtlasTagPlan: Sendable, Hashable {
    public var name: String
    public var from: Int
    public var to: Int
    /// "forward", "reverse" or "pingpong": the animation's playback (Aseprite's words).
    public var direction: String
}

extension Planner {
    /// The atlases whose animations are all planned (an animation left out by an error leaves its atlas out).
    static func atlasPlans(_ specs: [AtlasSpec], _ resolved: [ResolvedAnimation], plan: BuildPlan) -> [AtlasPlan] {
        var out: [AtlasPlan] = []
        for spec in specs {
            var frames: [AtlasFramePlan] = []
            var tags: [AtlasTagPlan] = []
            var complete = true
            for name in spec.animations {
                guard let a = plan.animations.first(where: { $0.name == name }),
                      let r = resolved.first(where: { $0.animation.name == name }) else { complete = false; break }
                // Each frame once, in source order; the tag's direction plays them as the animation does.
                let listed = r.onceInSourceOrder
                let ms = Timeline.milliseconds(fromMilliseconds: listed.map { r.frames[$0].delayMs })
                tags.append(AtlasTagPlan(name: name, from: frames.count, to: frames.count + listed.count - 1,
                                         direction: r.playback.rawValue))
                for (i, k) in listed.enumerated() {
                    let f = a.frames[k]
                    frames.append(AtlasFramePlan(frameKey: f.frameKey, name: "\(name)/\(i)", durationMs: ms[i],
                                                 sourceLocation: f.sourceLocation))
                }
            }
            guard complete, !frames.isEmpty else { continue }
            let image = ManifestPaths.normalize(spec.image), data = ManifestPaths.normalize(spec.data)
            let imageName = relative(image, from: data)
            var params = ["format": spec.format.rawValue, "padding": String(spec.padding), "extrude": String(spec.extrude),
                          "trim": String(spec.trim), "max-size": String(spec.maxSize), "power-of-two": String(spec.powerOfTwo),
                          "image": imageName, "packing": "maxrects-bssf"]  // AtlasPacker's default algorithm
            params["frames"] = frames.map { "\($0.name)=\($0.durationMs)" }.joined(separator: ",")
            params["tags"] = tags.map { "\($0.name)=\($0.from)-\($0.to)" + ($0.direction == "forward" ? "" : " \($0.direction)") }
                .joined(separator: ",")
            var inputs: [String: Digest] = [:]
            for (i, f) in frames.enumerated() { inputs["frame \(i)"] = f.frameKey }
            out.append(AtlasPlan(
                signature: StepSignature(id: "atlas \(spec.name)", kind: .atlas, params: params, inputs: inputs),
                name: spec.name, image: image, data: data, imageLocation: spec.imageLocation,
                dataLocation: spec.dataLocation, imageName: imageName, animations: spec.animations,
                frames: frames, tags: tags, spec: spec))
        }
        return out
    }

    /// `path` relative to the folder of `from` (both relative to the same folder, normalised).
    static func relative(_ path: String, from: String) -> String {
        var base = from.split(separator: "/").dropLast().map(String.init)
        var parts = path.split(separator: "/").map(String.init)
        while let b = base.first, let p = parts.first, b == p, parts.count > 1 { base.removeFirst(); parts.removeFirst() }
        return (Array(repeating: "..", count: base.count) + parts).joined(separator: "/")
    }
}
