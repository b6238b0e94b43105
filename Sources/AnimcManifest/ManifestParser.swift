import AnimcBasics

/// Turns a YAML node tree into a validated `Manifest`, collecting every problem with its position.
struct ManifestParser {
    static let topLevelKeys = ["version", "allow-outputs-outside", "cache", "defaults", "animations"]
    static let settingsKeys = ["fps", "delay", "loop", "palette", "crop", "resize", "playback", "hold",
                               "background", "alpha-threshold"]
    static let animationKeys = ["output", "frames"] + settingsKeys
    static let sourceKinds = ["glob", "files", "file", "sequence", "sheet"]
    static let kindExtras: [String: [String]] = [
        "glob": [], "files": [], "file": [],
        "sequence": ["range", "step"],
        "sheet": ["tile", "count", "columns", "margin", "spacing"],
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
                } else if let suggestion = closestMatch(to: key, in: allowed) {
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

    // MARK: Scalars

    static func format(_ v: Double) -> String {
        if v.isFinite, v.rounded() == v, abs(v) < 1e15 { return String(Int(v)) }
        return String(v)
    }

    mutating func number(_ name: String, _ node: YAMLNode) -> Double? {
        guard let v = node.numberValue, !v.isNaN else {
            error("'\(name)' must be a number, not \(node.typeName)", at: node)
            return nil
        }
        return v
    }

    mutating func integer(_ name: String, _ node: YAMLNode) -> Int? {
        if let i = node.intValue { return i }
        if let d = node.numberValue {
            error("'\(name)' must be a whole number, got \(Self.format(d))", at: node)
        } else {
            error("'\(name)' must be a whole number, not \(node.typeName)", at: node)
        }
        return nil
    }

    /// An integer checked against `range`; the message names both ends.
    mutating func integer(_ name: String, _ node: YAMLNode, in range: ClosedRange<Int>) -> Int? {
        guard let i = integer(name, node) else { return nil }
        guard range.contains(i) else {
            error("'\(name)' must be between \(range.lowerBound) and \(range.upperBound), got \(i)", at: node)
            return nil
        }
        return i
    }

    mutating func positiveInteger(_ name: String, _ node: YAMLNode) -> Int? {
        guard let i = integer(name, node) else { return nil }
        guard i > 0 else {
            error("'\(name)' must be greater than 0, got \(i)", at: node)
            return nil
        }
        return i
    }

    mutating func nonNegativeInteger(_ name: String, _ node: YAMLNode) -> Int? {
        guard let i = integer(name, node) else { return nil }
        guard i >= 0 else {
            error("'\(name)' must be 0 or more, got \(i)", at: node)
            return nil
        }
        return i
    }

    mutating func string(_ name: String, _ node: YAMLNode) -> String? {
        guard let s = node.scalarText, !node.isNull else {
            error("'\(name)' must be a string, not \(node.typeName)", at: node)
            return nil
        }
        return s
    }

    mutating func path(_ name: String, _ node: YAMLNode) -> String? {
        guard let s = string(name, node) else { return nil }
        guard !s.isEmpty else {
            error("'\(name)' must not be empty", at: node)
            return nil
        }
        return s
    }

    mutating func bool(_ name: String, _ node: YAMLNode) -> Bool? {
        guard let b = node.boolValue else {
            error("'\(name)' must be true or false, not \(node.typeName)", at: node)
            return nil
        }
        return b
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ node: YAMLNode, _: E.Type) -> E?
    where E.RawValue == String {
        let choices = E.allCases.map(\.rawValue)
        if let text = node.scalarText, !node.isNull, let e = E(rawValue: text) { return e }
        var message = "'\(name)' must be one of \(choices.joined(separator: ", "))"
        if let text = node.scalarText, !node.isNull {
            message += ", got '\(text)'"
            if let s = closestMatch(to: text, in: choices) { message += "; did you mean '\(s)'?" }
        } else {
            message += ", not \(node.typeName)"
        }
        error(message, at: node)
        return nil
    }

    /// A duration in milliseconds: a bare number is milliseconds, or `80ms`, `1.5s`.
    mutating func duration(_ name: String, _ node: YAMLNode, allowZero: Bool) -> Double? {
        var ms: Double?
        if let n = node.numberValue {
            ms = n
        } else if let text = node.scalarText, !node.isNull {
            ms = ManifestUnits.parseDuration(text)
            if ms == nil {
                error("'\(name)' must be a duration such as 80ms or 1.5s (a bare number is milliseconds), got '\(text)'", at: node)
                return nil
            }
        }
        guard let ms else {
            error("'\(name)' must be a duration such as 80ms or 1.5s, not \(node.typeName)", at: node)
            return nil
        }
        guard ms.isFinite, allowZero ? ms >= 0 : ms > 0 else {
            let bound = allowZero ? "0 or more" : "greater than 0"
            error("'\(name)' must be \(bound), got \(node.scalarText ?? Self.format(ms))", at: node)
            return nil
        }
        return ms
    }

    mutating func colour(_ name: String, _ node: YAMLNode) -> RGBHex? {
        if node.isNull {
            error("'\(name)' must be a hex colour such as \"#ffffff\", not null (an unquoted # starts a YAML comment: quote the colour)", at: node)
            return nil
        }
        guard let text = node.scalarText, let c = RGBHex(text) else {
            let got = node.scalarText.map { "got '\($0)'" } ?? "not \(node.typeName)"
            error("'\(name)' must be a hex colour such as \"#ffffff\" or \"#fff\", \(got)", at: node)
            return nil
        }
        return c
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
            if let i = v.intValue {
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

        if hasErrors { return nil }
        return Manifest(path: path, directory: directory, version: version, allowOutputsOutside: allowOutside,
                        cacheMaxSize: cacheMaxSize, animations: animations, source: source)
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

    // MARK: Animations

    mutating func parseAnimations(_ node: YAMLNode, defaults: Settings, allowOutside: Bool) -> [Animation] {
        guard case .mapping(let pairs) = node.kind else {
            error("'animations' must be a mapping from animation names to animations, not \(node.typeName)", at: node)
            return []
        }
        if pairs.isEmpty {
            error("'animations' must contain at least one animation", at: node)
            return []
        }
        var result: [Animation] = []
        var seenNames: [String: SourceLocation] = [:]
        var outputs: [String: (name: String, location: SourceLocation)] = [:]
        for pair in pairs {
            guard let name = pair.key.scalarText else {
                error("animation names must be strings, not \(pair.key.typeName)", at: pair.key)
                continue
            }
            if name.isEmpty || pair.key.isNull {
                error("animation name must not be empty", at: pair.key)
                continue
            }
            if let first = seenNames[name] {
                error("duplicate key '\(name)' in 'animations'", at: pair.key)
                note("animation '\(name)' was first defined here", at: first)
                continue
            }
            seenNames[name] = pair.key.location
            let what = "animation '\(name)'"
            guard let f = fields(pair.value, what: what, allowed: Self.animationKeys, required: ["output", "frames"]) else {
                continue
            }
            let errorsBefore = diagnostics.filter { $0.severity == .error }.count

            var output: String?
            if let o = f["output"], let text = path("output", o) {
                output = text
                checkOutput(text, node: o, allowOutside: allowOutside)
                let key = ManifestPaths.normalize(text)
                if let first = outputs[key] {
                    error("output '\(text)' is also written by animation '\(first.name)'", at: o)
                    note("animation '\(first.name)' writes it here", at: first.location)
                } else {
                    outputs[key] = (name, o.location)
                }
            }
            var sources: [FrameSource] = []
            if let fr = f["frames"] { sources = frameSources(fr, animation: name) }
            let settings = settings(f, what: what, over: defaults)

            let errorsAfter = diagnostics.filter { $0.severity == .error }.count
            if errorsAfter == errorsBefore, let output, let o = f["output"] {
                result.append(Animation(name: name, location: pair.key.location, output: output,
                                        outputLocation: o.location, sources: sources, settings: settings))
            }
        }
        return result
    }

    mutating func checkOutput(_ text: String, node: YAMLNode, allowOutside: Bool) {
        if !allowOutside {
            if text.hasPrefix("/") {
                error("output '\(text)' is an absolute path; outputs must stay inside the manifest's folder (set 'allow-outputs-outside: true' to allow this)", at: node)
            } else if ManifestPaths.leavesFolder(ManifestPaths.normalize(text)) {
                error("output '\(text)' leaves the manifest's folder; set 'allow-outputs-outside: true' to allow this", at: node)
            }
        }
        if !text.lowercased().hasSuffix(".gif") {
            warning("output '\(text)' does not end in .gif; animc writes GIF data", at: node.location)
        }
    }

    // MARK: Frame sources

    mutating func frameSources(_ node: YAMLNode, animation: String) -> [FrameSource] {
        guard case .sequence(let items) = node.kind else {
            error("'frames' must be a list of frame sources, not \(node.typeName)", at: node)
            return []
        }
        if items.isEmpty {
            error("'frames' must list at least one frame source", at: node)
            return []
        }
        return items.compactMap { frameSource($0) }
    }

    mutating func frameSource(_ node: YAMLNode) -> FrameSource? {
        let kindsList = Self.sourceKinds.joined(separator: ", ")
        guard case .mapping(let pairs) = node.kind else {
            error("a frame source must be a mapping with one of \(kindsList), not \(node.typeName)", at: node)
            return nil
        }
        let kindKeys = pairs.filter { p in p.key.scalarText.map { Self.sourceKinds.contains($0) } ?? false }
        var distinct: [YAMLNode.Pair] = []
        for p in kindKeys where !distinct.contains(where: { $0.key.scalarText == p.key.scalarText }) { distinct.append(p) }
        if distinct.isEmpty {
            // Check the keys anyway so a typo ('glb') gets its suggestion.
            let all = Self.sourceKinds + Self.kindExtras.values.flatMap { $0 } + ["delay"]
            _ = fields(node, what: "frame source", allowed: all)
            error("a frame source needs exactly one of \(kindsList)", at: node)
            return nil
        }
        if distinct.count > 1 {
            let names = distinct.map { "'\($0.key.scalarText!)'" }
            error("a frame source needs exactly one of \(kindsList), but this one has \(names.joined(separator: " and "))", at: distinct[1].key)
            return nil
        }
        let kind = distinct[0].key.scalarText!
        let extras = Self.kindExtras[kind] ?? []
        var misplaced: [String: String] = [:]
        for (k, keys) in Self.kindExtras where k != kind {
            for key in keys { misplaced[key] = "only applies to a '\(k)' frame source, not '\(kind)'" }
        }
        for k in Self.sourceKinds where k != kind { misplaced.removeValue(forKey: k) }
        let required = kind == "sequence" ? ["range"] : kind == "sheet" ? ["tile"] : []
        guard let f = fields(node, what: "'\(kind)' frame source", allowed: [kind, "delay"] + extras,
                             required: required, misplaced: misplaced) else { return nil }
        var failed = false
        var delay: Double?
        if let d = f["delay"] {
            delay = duration("delay", d, allowZero: false)
            if delay == nil { failed = true }
        }
        let value = f[kind]!
        var result: FrameSource.Kind?
        switch kind {
        case "glob":
            if let p = path("glob", value) { result = .glob(p) }
        case "file":
            if let p = path("file", value) { result = .file(p) }
        case "files":
            result = files(value)
        case "sequence":
            result = sequence(value, f)
        default:
            result = sheet(value, f)
        }
        guard let result, !failed else { return nil }
        return FrameSource(kind: result, delayMs: delay, location: node.location)
    }

    mutating func files(_ node: YAMLNode) -> FrameSource.Kind? {
        guard case .sequence(let items) = node.kind else {
            error("'files' must be a list of paths, not \(node.typeName)", at: node)
            return nil
        }
        guard !items.isEmpty else {
            error("'files' must list at least one path", at: node)
            return nil
        }
        var paths: [String] = []
        var ok = true
        for item in items {
            if let p = path("files", item) { paths.append(p) } else { ok = false }
        }
        return ok ? .files(paths) : nil
    }

    mutating func sequence(_ node: YAMLNode, _ f: Fields) -> FrameSource.Kind? {
        var ok = true
        var pattern: String?
        if let p = path("sequence", node) {
            if SequencePattern(p) == nil {
                error("'sequence' must contain exactly one %d or %0Nd frame number (e.g. frames/run_%03d.png), got '\(p)'", at: node)
                ok = false
            } else {
                pattern = p
            }
        }
        var first = 0, last = 0
        if let r = f["range"] {
            if case .sequence(let items) = r.kind, items.count == 2 {
                let a = nonNegativeInteger("range", items[0])
                let b = nonNegativeInteger("range", items[1])
                if let a, let b {
                    if a > b {
                        error("'range' must be [first, last] with first <= last, got [\(a), \(b)]", at: r)
                        ok = false
                    }
                    first = a; last = b
                } else {
                    ok = false
                }
            } else {
                error("'range' must be a list of two whole numbers [first, last], not \(r.typeName)", at: r)
                ok = false
            }
        }
        var step = 1
        if let s = f["step"] {
            if let v = positiveInteger("step", s) { step = v } else { ok = false }
        }
        guard ok, let pattern, f.has("range") else { return nil }
        return .sequence(pattern: pattern, first: first, last: last, step: step)
    }

    mutating func sheet(_ node: YAMLNode, _ f: Fields) -> FrameSource.Kind? {
        var ok = true
        let p = path("sheet", node)
        var tw: Int?, th: Int?
        if let t = f["tile"] {
            if let tf = fields(t, what: "'tile'", allowed: ["width", "height"], required: ["width", "height"]) {
                if let w = tf["width"] { tw = positiveInteger("width", w) }
                if let h = tf["height"] { th = positiveInteger("height", h) }
            }
        }
        func opt(_ key: String, positive: Bool) -> Int?? {
            guard let n = f[key] else { return .some(nil) }
            let v = positive ? positiveInteger(key, n) : nonNegativeInteger(key, n)
            if v == nil { ok = false }
            return v.map { .some($0) } ?? nil
        }
        let count = opt("count", positive: true)
        let columns = opt("columns", positive: true)
        let margin = opt("margin", positive: false)
        let spacing = opt("spacing", positive: false)
        guard ok, let p, let tw, let th, let count, let columns, let margin, let spacing else { return nil }
        return .sheet(SheetSpec(path: p, tileWidth: tw, tileHeight: th, count: count, columns: columns,
                                margin: margin ?? 0, spacing: spacing ?? 0))
    }
}
