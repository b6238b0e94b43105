import AnimcBasics

/// Animations and their frame sources.
extension ManifestParser {
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
            guard let f = fields(pair.value, what: what, allowed: Self.animationKeys, required: ["frames"]) else {
                continue
            }
            let errorsBefore = diagnostics.filter { $0.severity == .error }.count

            var specs: [OutputSpec] = []
            if let o = f["output"] {
                specs = outputSpecs(o, allowOutside: allowOutside)
                for spec in specs {
                    let key = ManifestPaths.normalize(spec.path)
                    if let first = outputs[key] {
                        let whose = first.name == name ? "this animation" : "animation '\(first.name)'"
                        error("output '\(spec.path)' is also written by \(whose)", at: spec.location)
                        note("\(whose) writes it here", at: first.location)
                    } else {
                        outputs[key] = (name, spec.location)
                    }
                }
            }
            var sources: [FrameSource] = []
            if let fr = f["frames"] { sources = frameSources(fr, animation: name) }
            let settings = settings(f, what: what, over: defaults)

            let errorsAfter = diagnostics.filter { $0.severity == .error }.count
            // No `output:` is allowed when an atlas takes the animation (checked with the atlases).
            if errorsAfter == errorsBefore, !specs.isEmpty || f["output"] == nil {
                var animation = Animation(name: name, location: pair.key.location, outputs: specs,
                                          sources: sources, settings: settings)
                animation.setsTiming = f.has("fps") || f.has("delay")
                result.append(animation)
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
        var owners: [String: [String]] = [:]  // a key → the kinds it applies to (`start`: sheet and video)
        for k in Self.sourceKinds where k != kind {
            for key in Self.kindExtras[k] ?? [] where !extras.contains(key) { owners[key, default: []].append(k) }
        }
        var misplaced: [String: String] = [:]
        for (key, kinds) in owners {
            misplaced[key] = "only applies to a \(kinds.map { "'\($0)'" }.joined(separator: " or ")) frame source, not '\(kind)'"
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
        case "aseprite":
            result = aseprite(value, f)
        case "video":
            result = video(value, f)
        default:
            result = sheet(value, f)
        }
        guard let result, !failed else { return nil }
        return FrameSource(kind: result, delayMs: delay, location: node.location, delayLocation: f["delay"]?.location)
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
                let maxNumber = ManifestLimits.maxSequenceNumber
                let a = nonNegativeInteger("range", items[0], max: maxNumber)
                let b = nonNegativeInteger("range", items[1], max: maxNumber)
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
        if ok, f.has("range"), (last - first) / step >= ManifestLimits.maxSourceFrames {
            error("a sequence may list at most \(ManifestLimits.maxSourceFrames) frames, but range [\(first), \(last)] with step \(step) lists \((last - first) / step + 1)", at: f["range"]!)
            ok = false
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
                if let w = tf["width"] { tw = pixelSize("width", w) }
                if let h = tf["height"] { th = pixelSize("height", h) }
            }
        }
        func opt(_ key: String, positive: Bool) -> Int?? {
            guard let n = f[key] else { return .some(nil) }
            // A sheet is at most maxSide pixels on a side, so no margin or spacing can be larger.
            let v = positive ? positiveInteger(key, n) : pixelOffset(key, n)
            if v == nil { ok = false }
            return v.map { .some($0) } ?? nil
        }
        let count = opt("count", positive: true)
        let columns = opt("columns", positive: true)
        let margin = opt("margin", positive: false)
        let spacing = opt("spacing", positive: false)
        var spec = SheetSpec(path: p ?? "", tileWidth: tw ?? 1, tileHeight: th ?? 1, count: count ?? nil,
                             columns: columns ?? nil, margin: (margin ?? nil) ?? 0, spacing: (spacing ?? nil) ?? 0)
        if !sheetPick(f, &spec) { ok = false }
        guard ok, p != nil, tw != nil, th != nil, count != nil, columns != nil, margin != nil, spacing != nil else { return nil }
        return .sheet(spec)
    }
}
