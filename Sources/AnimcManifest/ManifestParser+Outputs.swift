import AnimcBasics

/// `output:`: one path, a mapping with a path and per-format settings, or a list of either.
///
///     output: out/walk.gif
///     output: [out/walk.gif, out/walk.webp, {path: out/walk.png, colors: 64}]
extension ManifestParser {
    static let outputKeys = ["path", "lossless", "quality", "method", "colors"]
    /// Which formats each setting applies to.
    static let outputKeyFormats: [String: Set<OutputFormat>] = [
        "lossless": [.webp], "quality": [.webp], "method": [.webp], "colors": [.apng],
    ]

    mutating func outputSpecs(_ node: YAMLNode, allowOutside: Bool) -> [OutputSpec] {
        if case .sequence(let items) = node.kind {
            if items.isEmpty { error("'output' must list at least one output", at: node) }
            return items.compactMap { outputSpec($0, allowOutside: allowOutside) }
        }
        return outputSpec(node, allowOutside: allowOutside).map { [$0] } ?? []
    }

    private mutating func outputSpec(_ node: YAMLNode, allowOutside: Bool) -> OutputSpec? {
        let pathNode: YAMLNode
        var f: Fields?
        if case .mapping = node.kind {
            guard let fields = fields(node, what: "an output", allowed: Self.outputKeys, required: ["path"]),
                  let p = fields["path"] else { return nil }
            f = fields
            pathNode = p
        } else if node.scalarText != nil {
            pathNode = node
        } else {
            error("an output must be a path, or a mapping with 'path:' and its format's settings, not \(node.typeName)", at: node)
            return nil
        }
        guard let text = path("output", pathNode) else { return nil }
        checkOutput(text, node: pathNode, allowOutside: allowOutside)
        guard let format = OutputFormat(path: text) else {
            error("output '\(text)' has an extension animc does not write; use \(OutputFormat.extensions.joined(separator: ", ")) (GIF, animated WebP, APNG)", at: pathNode)
            return nil
        }
        var spec = OutputSpec(path: text, location: pathNode.location, format: format)
        guard let f else { return spec }
        for key in Self.outputKeys where key != "path" {
            guard let value = f[key], let formats = Self.outputKeyFormats[key] else { continue }
            guard formats.contains(format) else {
                let to = formats.map { ".\($0 == .apng ? "png" : $0.rawValue)" }.sorted().joined(separator: ", ")
                error("'\(key)' applies to \(to) outputs, not to '\(text)'", at: f.keyNode(key) ?? value)
                continue
            }
            switch key {
            case "lossless": spec.lossless = bool(key, value)
            case "quality":
                if let q = number(key, value) {
                    if (0...100).contains(q) { spec.quality = q } else { error("'quality' must be between 0 and 100, got \(Self.format(q))", at: value) }
                }
            case "method": spec.method = integer(key, value, in: 0...6)
            case "colors": spec.colors = integer(key, value, in: 2...256)
            default: break
            }
        }
        if spec.lossless == true, spec.quality != nil, let k = f.keyNode("quality") {
            warning("'quality' of a lossless WebP is the effort spent compressing it, not its fidelity", at: k.location)
        }
        return spec
    }
}
