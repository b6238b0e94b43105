/// `aseprite: hero.aseprite` with optional `tag: walk` and `layers: [body, sword]`.
public struct AsepriteSpec: Sendable, Equatable {
    public var path: String
    public var tag: String?
    public var layers: [String]?

    public init(path: String, tag: String? = nil, layers: [String]? = nil) {
        self.path = path; self.tag = tag; self.layers = layers
    }
}

/// What the resolver needs of an Aseprite file to list its frames (see `SourceInspector.aseprite`).
public struct AsepriteSummary: Sendable, Equatable {
    public struct Tag: Sendable, Equatable {
        public var name: String
        /// The frames one play of the tag shows, in order (its direction applied).
        public var frames: [Int]
        /// forward, reverse, ping-pong or ping-pong reverse.
        public var direction: String
        public init(name: String, frames: [Int], direction: String) {
            self.name = name; self.frames = frames; self.direction = direction
        }
    }

    /// Each frame's own duration in milliseconds.
    public var durationsMs: [Int]
    public var tags: [Tag]
    public var layerNames: [String]

    public init(durationsMs: [Int], tags: [Tag], layerNames: [String]) {
        self.durationsMs = durationsMs; self.tags = tags; self.layerNames = layerNames
    }

    /// Thrown by an inspector that cannot read Aseprite files.
    public struct Unavailable: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "Aseprite files cannot be read here" }
    }
}

extension ManifestParser {
    mutating func aseprite(_ node: YAMLNode, _ f: Fields) -> FrameSource.Kind? {
        var ok = true
        let p = path("aseprite", node)
        var tag: String?
        if let t = f["tag"] {
            tag = string("tag", t)
            if tag?.isEmpty == true { error("'tag' must not be empty", at: t); ok = false }
            if tag == nil { ok = false }
        }
        var layers: [String]?
        if let l = f["layers"] {
            if case .sequence(let items) = l.kind, !items.isEmpty {
                var names: [String] = []
                for item in items {
                    if let s = string("layers", item), !s.isEmpty { names.append(s) } else {
                        if item.scalarText?.isEmpty == true { error("a layer name must not be empty", at: item) }
                        ok = false
                    }
                }
                layers = names
            } else {
                error("'layers' must be a non-empty list of layer names, not \(l.typeName)", at: l)
                ok = false
            }
        }
        guard ok, let p else { return nil }
        return .aseprite(AsepriteSpec(path: p, tag: tag, layers: layers))
    }
}

extension ManifestResolver.Run {
    /// The frames of an Aseprite source: the whole file or one tag's frames in its direction, each
    /// showing for the file's own duration unless the source sets `delay:` or the animation itself
    /// sets `fps:`/`delay:`.
    mutating func aseprite(_ spec: AsepriteSpec, _ source: FrameSource, animation: Animation) -> [ResolvedFrame] {
        let loc = source.location
        guard let rel = existing([spec.path], loc).first else { return [] }
        let summary: AsepriteSummary
        do {
            summary = try inspector.aseprite(absolutePath(rel))
        } catch {
            self.error("cannot read Aseprite file '\(spec.path)': \(error)", at: loc)
            return []
        }
        var order = Array(summary.durationsMs.indices)
        if let name = spec.tag {
            guard let tag = summary.tags.first(where: { $0.name == name }) else {
                let known = summary.tags.map { "'\($0.name)'" }
                self.error("Aseprite file '\(spec.path)' has no tag '\(name)'" +
                           (known.isEmpty ? " (it has no tags)" : "; its tags: \(known.joined(separator: ", "))"), at: loc)
                return []
            }
            order = tag.frames
        }
        var layers: [String]?
        if let wanted = spec.layers {
            let known = Set(summary.layerNames)
            let missing = wanted.filter { !known.contains($0) }
            if !missing.isEmpty {
                self.error("Aseprite file '\(spec.path)' has no layer " + missing.map { "'\($0)'" }.joined(separator: ", ") +
                           "; its layers: " + summary.layerNames.map { "'\($0)'" }.joined(separator: ", "), at: loc)
                return []
            }
            // One canonical form for the key: the order names are listed in does not change the picture.
            layers = Array(Set(wanted)).sorted()
        }
        let fixed = source.delayMs ?? (animation.setsTiming ? animation.settings.timing.frameDelayMs : nil)
        return order.map { i in
            ResolvedFrame(path: rel, origin: .aseprite(frame: i, layers: layers),
                          delayMs: fixed ?? Double(summary.durationsMs[i]), sourceLocation: loc)
        }
    }
}
