import AnimcBasics
import Foundation

extension BuildPlan {
    /// Graphviz DOT: sources → frames → palettes → quantized frames → encodes → outputs.
    public func dot() -> String {
        var lines = ["digraph animc {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        // A quoted DOT ID; `\n` joins label lines (escaped parts first, so a path's backslash stays one).
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") }
        func q(_ s: String) -> String { "\"" + esc(s) + "\"" }
        func label(_ parts: String...) -> String { "\"" + parts.map(esc).joined(separator: "\\n") + "\"" }
        for path in sources.keys.sorted() {
            lines.append("  \(q("src:" + path)) [shape=note, label=\(q(path))];")
        }
        for k in frameOrder {
            let f = frames[k]!
            lines.append("  \(q(k.short)) [shape=box, label=\(label("frame " + k.short, f.path))];")
            lines.append("  \(q("src:" + f.path)) -> \(q(k.short));")
        }
        var drawn = Set<Digest>()
        for a in animations {
            for pk in [a.paletteKey] + a.outputs.map(\.paletteKey) {
                guard let pk, drawn.insert(pk).inserted, let p = palettes[pk] else { continue }
                lines.append("  \(q(pk.short)) [shape=hexagon, label=\(label("palette " + pk.short, a.name))];")
                for fk in p.frameKeys { lines.append("  \(q(fk.short)) -> \(q(pk.short));") }
            }
        }
        for k in quantizeOrder {
            let s = quantizes[k]!
            lines.append("  \(q(k.short)) [shape=box, style=rounded, label=\(q("quantize " + k.short))];")
            lines.append("  \(q(s.frameKey.short)) -> \(q(k.short));")
            if let pk = s.paletteKey { lines.append("  \(q(pk.short)) -> \(q(k.short));") }
        }
        for a in animations {
            for o in a.outputs {
                let ek = o.encode.key.short
                lines.append("  \(q(ek)) [shape=box, style=bold, label=\(label("encode " + ek, a.name + " " + o.format.rawValue))];")
                var seen = Set<Digest>()
                for f in o.encode.frames where seen.insert(f.input).inserted {
                    lines.append("  \(q(f.input.short)) -> \(q(ek));")
                }
                lines.append("  \(q("out:" + o.path)) [shape=note, style=filled, fillcolor=\"#e8f0ff\", label=\(q(o.path))];")
                lines.append("  \(q(ek)) -> \(q("out:" + o.path));")
            }
        }
        for t in atlases {
            let ak = t.key.short
            lines.append("  \(q(ak)) [shape=box, style=bold, label=\(q("atlas " + ak + "\\n" + t.name))];")
            var seen = Set<Digest>()
            for f in t.frames where seen.insert(f.frameKey).inserted { lines.append("  \(q(f.frameKey.short)) -> \(q(ak));") }
            for path in [t.image, t.data] {
                lines.append("  \(q("out:" + path)) [shape=note, style=filled, fillcolor=\"#e8f0ff\", label=\(q(path))];")
                lines.append("  \(q(ak)) -> \(q("out:" + path));")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON: `{"sources": {path: digest}, "steps": [{id, kind, key, params, inputs}], "animations": [...]}`.
    public func json() -> String {
        struct OutputJSON: Encodable {
            var path: String, format: String, encode: Digest, palette: Digest?, inputs: [Digest]
        }
        struct AnimationJSON: Encodable {
            var name: String, output: String?, encode: Digest?, palette: Digest?, frames: [Digest], outputs: [OutputJSON]
        }
        /// A step with each parameter as the JSON value its canonical text holds (an object for a crop,
        /// a number for colours), or as text when it is not JSON (`libwebp 1.4.0`).
        struct StepJSON: Encodable {
            var id: String, kind: StepKind, key: Digest, inputs: [String: Digest], params: [String: ParamValue]
        }
        struct PlanJSON: Encodable {
            var version: String
            var sources: [String: Digest]
            var steps: [StepJSON]
            var animations: [AnimationJSON]
        }
        let steps = signatures.map {
            StepJSON(id: $0.id, kind: $0.kind, key: $0.key, inputs: $0.inputs, params: $0.params.mapValues(ParamValue.init))
        }
        let doc = PlanJSON(
            version: algorithmVersion, sources: sources, steps: steps,
            animations: animations.map {
                AnimationJSON(name: $0.name, output: $0.outputs.first?.path, encode: $0.outputs.first?.encode.key,
                              palette: $0.paletteKey, frames: $0.outputs.isEmpty ? [] : $0.frames.map(\.quantizeKey),
                              outputs: $0.outputs.map {
                                  OutputJSON(path: $0.path, format: $0.format.rawValue, encode: $0.encode.key,
                                             palette: $0.paletteKey, inputs: $0.encode.frames.map(\.input))
                              })
            })
        return String(decoding: canonicalJSON(doc, pretty: true), as: UTF8.self) + "\n"
    }
}

/// A parameter's canonical text read back as JSON for `animc graph --format json`.
enum ParamValue: Encodable {
    case string(String), number(Double), bool(Bool), null, array([ParamValue]), object([String: ParamValue])

    init(_ text: String) {
        if let data = text.data(using: .utf8),
           let v = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
            self = ParamValue(any: v)
        } else {
            self = .string(text)
        }
    }

    init(any v: Any) {
        switch v {
        case let d as [String: Any]: self = .object(d.mapValues(ParamValue.init(any:)))
        case let a as [Any]: self = .array(a.map(ParamValue.init(any:)))
        case let s as String: self = .string(s)
        case let n as NSNumber:
            self = String(cString: n.objCType) == "c" ? .bool(n.boolValue) : .number(n.doubleValue)
        default: self = .null
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let n): if n == n.rounded(), abs(n) < 1e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
