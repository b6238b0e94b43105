import AnimcBasics

/// Turns a YAML node tree into a validated `Manifest`, collecting every problem with its position.
struct ManifestParser {
    static let topLevelKeys = ["version", "allow-outputs-outside", "cache", "defaults", "animations", "atlases"]
    static let settingsKeys = ["fps", "delay", "loop", "palette", "crop", "resize", "playback", "hold",
                               "background", "alpha-threshold", "lossy", "max-size"]
    static let animationKeys = ["output", "frames"] + settingsKeys
    static let sourceKinds = ["glob", "files", "file", "sequence", "sheet", "aseprite", "video"]
    static let kindExtras: [String: [String]] = [
        "glob": [], "files": [], "file": [],
        "sequence": ["range", "step"],
        "sheet": ["tile", "count", "columns", "margin", "spacing", "row", "start", "tiles", "delays"],
        "aseprite": ["tag", "layers"],
        "video": ["start", "end"],
    ]

    let path: String
    let source: SourceText
    var diagnostics: [Diagnostic] = []

    init(path: String, text: String) {
        self.path = path
        self.source = SourceText(path: path, text: text)
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: Reporting

    mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(.error(message, at: location, in: source))
    }

    mutating func error(_ message: String, at node: YAMLNode) { error(message, at: node.location) }

    mutating func warning(_ message: String, at location: SourceLocation) {
        diagnostics.append(.warning(message, at: location, in: source))
    }

    mutating func note(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.note, message, at: location, sourceLine: source.line(location.line)))
    }

    // MARK: Mappings

    /// The keys of a checked mapping: first occurrence of each known key.
    struct Fields {
        var node: YAMLNode
        var pairs: [String: YAMLNode.Pair] = [:]
        subscript(_ key: String) -> YAMLNode? { pairs[key]?.value }
        func keyNode(_ key: String) -> YAMLNode? { pairs[key]?.key }
        func has(_ key: String) -> Bool { pairs[key] != nil }
    }

    /// Checks that `node` is a mapping whose keys are all in `allowed`, none repeated, every `required` present.
    /// `what` names the mapping in messages ("animation 'walk'", "'palette'").
    mutating func fields(_ node: YAMLNode, what: String, allowed: [String], required: [String] = [],
                         misplaced: [String: String] = [:]) -> Fields? {
        guard case .mapping(let pairs) = node.kind else {
            error("\(what) must be a mapping, not \(node.typeName)", at: node)
            return nil
        }
        var f = Fields(node: node)
        for pair in pairs {
            guard let key = pair.key.scalarText else {
                error("keys in \(what) must be strings, not \(pair.key.typeName)", at: pair.key)
                continue
            }
            if let first = f.pairs[key] {
                error("duplicate key '\(key)' in \(what)", at: pair.key)
                note("'\(key)' was first set here", at: first.key.location)
                continue
            }
            guard allowed.contains(key) else {
                if let hint = misplaced[key] {
                    error("'\(key)' \(hint)", at: pair.key)
                } else if let suggestion = Self.abbreviated(key, in: allowed) ?? closestMatch(to: key, in: allowed) {
                    error("unknown key '\(key)' in \(what); did you mean '\(suggestion)'?", at: pair.key)
                } else {
                    error("unknown key '\(key)' in \(what)", at: pair.key)
                }
                continue
            }
            f.pairs[key] = pair
        }
        for key in required where f.pairs[key] == nil {
            error("\(what) is missing required key '\(key)'", at: node)
        }
        return f
    }

    /// The one allowed key that `key` abbreviates (`w` → `width`, `h` → `height`), if exactly one does.
    static func abbreviated(_ key: String, in allowed: [String]) -> String? {
        guard !key.isEmpty else { return nil }
        let longer = allowed.filter { $0.count > key.count && $0.hasPrefix(key) }
        return longer.count == 1 ? longer[0] : nil
    }

    // MARK: Document

    mutating func parse(root: YAMLNode?, directory: String) -> Manifest? {
        guard let root else {
            error("the manifest is empty; it needs at least 'version: 1' and 'animations:'",
                  at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        guard case .mapping = root.kind else {
            error("the manifest must be a mapping with 'version' and 'animations', not \(root.typeName)", at: root)
            return nil
        }
        guard let top = fields(root, what: "the manifest", allowed: Self.topLevelKeys, required: ["version", "animations"]) else {
            return nil
        }

        var version = 1
        if let v = top["version"] {
            if let i = v.wholeValue {
                version = i
                if i != 1 { error("unsupported manifest version \(i); this animc reads version 1", at: v) }
            } else if let d = v.numberValue {
                error("unsupported manifest version \(Self.format(d)); this animc reads version 1", at: v)
            } else {
                error("'version' must be a number, not \(v.typeName)", at: v)
            }
        }

        var allowOutside = false
        if let v = top["allow-outputs-outside"], let b = bool("allow-outputs-outside", v) { allowOutside = b }

        var cacheMaxSize: Int64?
        if let c = top["cache"], let cf = fields(c, what: "'cache'", allowed: ["max-size"]) {
            if let v = cf["max-size"] { cacheMaxSize = byteSize("max-size", v) }
        }

        var defaults = Settings.builtIn
        if let d = top["defaults"], let df = fields(d, what: "'defaults'", allowed: Self.settingsKeys) {
            defaults = settings(df, what: "'defaults'", over: defaults)
        }

        var animations: [Animation] = []
        if let a = top["animations"] {
            animations = parseAnimations(a, defaults: defaults, allowOutside: allowOutside)
        }

        var atlases: [AtlasSpec] = []
        if let a = top["atlases"] { atlases = parseAtlases(a, animations: animations, allowOutside: allowOutside) }
        checkUnwritten(animations, atlases: top["atlases"])

        if hasErrors { return nil }
        var manifest = Manifest(path: path, directory: directory, version: version, allowOutputsOutside: allowOutside,
                                cacheMaxSize: cacheMaxSize, animations: animations, source: source)
        manifest.atlases = atlases
        return manifest
    }

    mutating func byteSize(_ name: String, _ node: YAMLNode) -> Int64? {
        var bytes: Double?
        if let n = node.numberValue {
            bytes = n.rounded(.down)
        } else if let text = node.scalarText, !node.isNull {
            bytes = ByteSize.parse(text).map(Double.init)
            if bytes == nil {
                error("'\(name)' must be a size such as 500MiB, 2G or a number of bytes, got '\(text)'", at: node)
                return nil
            }
        } else {
            error("'\(name)' must be a size such as 500MiB or a number of bytes, not \(node.typeName)", at: node)
            return nil
        }
        guard let bytes, bytes > 0 else {
            error("'\(name)' must be greater than 0, got \(node.scalarText ?? "0")", at: node)
            return nil
        }
        guard bytes < 9.2e18 else {
            error("'\(name)' is too large", at: node)
            return nil
        }
        return Int64(bytes)
    }

}
