/// The atlas's JSON in the shape TexturePacker and Aseprite write ("json-hash": frames keyed by name;
/// "json-array": a list with `filename`), which Phaser, PixiJS, Godot importers and LibGDX tools read.
/// Written by hand so the bytes are the same on every machine: keys in a fixed order, two-space indent.
public enum AtlasData {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case jsonHash = "json-hash"
        case jsonArray = "json-array"
    }

    public struct Frame: Sendable, Hashable {
        public var name: String
        /// The sprite's rectangle in the atlas image.
        public var x: Int, y: Int, w: Int, h: Int
        /// Where those pixels sit in the frame, and the frame's size.
        public var offsetX: Int, offsetY: Int, sourceW: Int, sourceH: Int
        /// Milliseconds.
        public var duration: Int
        public var trimmed: Bool { w != sourceW || h != sourceH }
        public init(name: String, x: Int, y: Int, w: Int, h: Int, offsetX: Int, offsetY: Int, sourceW: Int, sourceH: Int, duration: Int) {
            self.name = name; self.x = x; self.y = y; self.w = w; self.h = h
            self.offsetX = offsetX; self.offsetY = offsetY; self.sourceW = sourceW; self.sourceH = sourceH; self.duration = duration
        }
    }

    public struct Tag: Sendable, Hashable {
        public var name: String
        /// Indices of the first and last frame (inclusive), in the order `frames` lists them.
        public var from: Int, to: Int
        /// "forward", "reverse" or "pingpong" (Aseprite's words).
        public var direction: String
        public init(name: String, from: Int, to: Int, direction: String) {
            self.name = name; self.from = from; self.to = to; self.direction = direction
        }
    }

    public struct Meta: Sendable, Hashable {
        public var app: String, version: String, image: String
        public var width: Int, height: Int
        public init(app: String, version: String, image: String, width: Int, height: Int) {
            self.app = app; self.version = version; self.image = image; self.width = width; self.height = height
        }
    }

    public static func json(_ frames: [Frame], tags: [Tag], meta: Meta, format: Format) -> [UInt8] {
        var s = "{\n"
        s += format == .jsonHash ? "  \"frames\": {\n" : "  \"frames\": [\n"
        for (i, f) in frames.enumerated() {
            let body = [
                "  \"frame\": {\"x\": \(f.x), \"y\": \(f.y), \"w\": \(f.w), \"h\": \(f.h)},",
                "  \"rotated\": false,",
                "  \"trimmed\": \(f.trimmed),",
                "  \"spriteSourceSize\": {\"x\": \(f.offsetX), \"y\": \(f.offsetY), \"w\": \(f.w), \"h\": \(f.h)},",
                "  \"sourceSize\": {\"w\": \(f.sourceW), \"h\": \(f.sourceH)},",
                "  \"duration\": \(f.duration)",
                "}",
            ].joined(separator: "\n")
            if format == .jsonHash {
                s += "    \(quote(f.name)): {\n" + indent(body)
            } else {
                s += "    {\n      \"filename\": \(quote(f.name)),\n" + indent(body)
            }
            s += i == frames.count - 1 ? "\n" : ",\n"
        }
        s += format == .jsonHash ? "  },\n" : "  ],\n"
        s += "  \"meta\": {\n"
        s += "    \"app\": \(quote(meta.app)),\n"
        s += "    \"version\": \(quote(meta.version)),\n"
        s += "    \"image\": \(quote(meta.image)),\n"
        s += "    \"format\": \"RGBA8888\",\n"
        s += "    \"size\": {\"w\": \(meta.width), \"h\": \(meta.height)},\n"
        s += "    \"scale\": \"1\",\n"
        s += "    \"frameTags\": ["
        for (i, t) in tags.enumerated() {
            s += i == 0 ? "\n" : ",\n"
            s += "      {\"name\": \(quote(t.name)), \"from\": \(t.from), \"to\": \(t.to), \"direction\": \(quote(t.direction))}"
        }
        s += tags.isEmpty ? "]\n" : "\n    ]\n"
        s += "  }\n}\n"
        return Array(s.utf8)
    }

    /// Each line of `body` indented by four more spaces (the frame object's members at six).
    private static func indent(_ body: String) -> String {
        body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
