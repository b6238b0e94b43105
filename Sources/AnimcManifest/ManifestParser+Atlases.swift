import AnimcBasics

/// The top-level `atlases:` section.
extension ManifestParser {
    static let atlasKeys = ["image", "data", "animations", "format", "padding", "extrude", "trim", "max-size", "power-of-two"]

    /// An animation without `output:` must be taken by an atlas, or it would build nothing. Any atlas
    /// naming it will do, even one with errors of its own (those are reported already).
    mutating func checkUnwritten(_ animations: [Animation], atlases node: YAMLNode?) {
        var listed = Set<String>()
        if let node, case .mapping(let atlases) = node.kind {
            for atlas in atlases {
                guard case .mapping(let keys) = atlas.value.kind,
                      let list = keys.first(where: { $0.key.scalarText == "animations" })?.value,
                      case .sequence(let items) = list.kind else { continue }
                for item in items { if let name = item.scalarText { listed.insert(name) } }
            }
        }
        for a in animations where a.outputs.isEmpty && !listed.contains(a.name) {
            error("animation '\(a.name)' has no 'output:' and no atlas takes it; add 'output:' (a .gif, .webp or .png path) or list it in an atlas's 'animations:'", at: a.location)
        }
    }

    mutating func parseAtlases(_ node: YAMLNode, animations: [Animation], allowOutside: Bool) -> [AtlasSpec] {
        guard case .mapping(let pairs) = node.kind else {
            error("'atlases' must be a mapping from atlas names to atlases, not \(node.typeName)", at: node)
            return []
        }
        var taken: [String: SourceLocation] = [:]
        for a in animations { for o in a.outputs { taken[ManifestPaths.normalize(o.path)] = o.location } }
        let known = animations.map(\.name)
        var result: [AtlasSpec] = []
        var names = Set<String>()
        for pair in pairs {
            guard let name = pair.key.scalarText, !name.isEmpty, !pair.key.isNull else {
                error("atlas names must be non-empty strings", at: pair.key)
                continue
            }
            guard names.insert(name).inserted else {
                error("duplicate key '\(name)' in 'atlases'", at: pair.key)
                continue
            }
            let what = "atlas '\(name)'"
            guard let f = fields(pair.value, what: what, allowed: Self.atlasKeys, required: ["image", "data", "animations"]) else { continue }
            let before = diagnostics.filter { $0.severity == .error }.count
            func file(_ key: String, _ ext: String) -> String? {
                guard let n = f[key], let p = path(key, n) else { return nil }
                if !p.lowercased().hasSuffix(ext) {
                    error("'\(key)' of \(what) must end in \(ext), got '\(p)'", at: n)
                    return nil
                }
                checkOutput(p, node: n, allowOutside: allowOutside)
                let key = ManifestPaths.normalize(p)
                if let first = taken[key] {
                    error("'\(p)' is also written by another output", at: n)
                    note("that output is named here", at: first)
                    return nil
                }
                taken[key] = n.location
                return p
            }
            let image = file("image", ".png"), data = file("data", ".json")
            var list: [String] = []
            if let a = f["animations"] {
                if case .sequence(let items) = a.kind, !items.isEmpty {
                    for item in items {
                        guard let n = string("animations", item) else { continue }
                        if !known.contains(n) {
                            var message = "\(what) lists animation '\(n)', which the manifest does not define"
                            if let s = closestMatch(to: n, in: known) { message += "; did you mean '\(s)'?" }
                            error(message, at: item)
                        } else if list.contains(n) {
                            error("\(what) lists animation '\(n)' twice", at: item)
                        } else {
                            list.append(n)
                        }
                    }
                } else if case .sequence = a.kind {
                    error("'animations' of \(what) must list at least one animation", at: a)
                } else {
                    error("'animations' of \(what) must be a list of animation names, not \(a.typeName)", at: a)
                }
            }
            let format = f["format"].flatMap { choice("format", $0, AtlasSpec.DataFormat.self) }
            let padding = f["padding"].flatMap { nonNegativeInteger("padding", $0, max: 64) }
            let extrude = f["extrude"].flatMap { nonNegativeInteger("extrude", $0, max: 16) }
            let trim = f["trim"].flatMap { bool("trim", $0) }
            let maxSize = f["max-size"].flatMap { positiveInteger("max-size", $0, max: ManifestLimits.maxSide) }
            let powerOfTwo = f["power-of-two"].flatMap { bool("power-of-two", $0) }
            guard let image, let data, let fi = f["image"], let fd = f["data"] else { continue }
            var spec = AtlasSpec(name: name, location: pair.key.location, image: image, imageLocation: fi.location,
                                 data: data, dataLocation: fd.location, animations: list)
            spec.format = format ?? spec.format
            spec.padding = padding ?? spec.padding
            spec.extrude = extrude ?? spec.extrude
            spec.trim = trim ?? spec.trim
            spec.maxSize = maxSize ?? spec.maxSize
            spec.powerOfTwo = powerOfTwo ?? spec.powerOfTwo
            if diagnostics.filter({ $0.severity == .error }).count == before { result.append(spec) }
        }
        return result
    }
}
