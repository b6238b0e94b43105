import AnimcBasics

/// Bumped whenever an algorithm's output for the same inputs changes, so old cache entries stop matching.
public let algorithmVersion = "animc-algorithms-7"

public enum StepKind: String, Sendable, Codable, CaseIterable {
    /// Decode a source image and transform it (tile, crop, resize, flatten).
    case frame
    /// Build one palette for an animation from all its frames (global scope).
    case palette
    /// Map one frame onto a palette (dithering included).
    case quantize
    /// Encode an animation's quantized frames into GIF bytes.
    case encode
    /// Pack animations' frames into a texture atlas (a PNG and its JSON).
    case atlas
}

/// What a step's key is made of: its kind, its parameters and its inputs' keys, by name.
/// Kept whole in the build record so `--explain` can say which parameter or input changed.
public struct StepSignature: Sendable, Hashable, Codable {
    /// Stable identity of the step across builds ("quantize walk#3"), used to compare with the last build.
    public var id: String
    public var kind: StepKind
    /// Parameter name → canonical text of its value.
    public var params: [String: String]
    /// Input name → its key (a source file's content digest, or another step's key).
    public var inputs: [String: Digest]
    /// SHA-256 over a canonical encoding of kind, algorithm version, params and inputs.
    public let key: Digest

    public init(id: String, kind: StepKind, params: [String: String], inputs: [String: Digest]) {
        self.id = id
        self.kind = kind
        self.params = params
        self.inputs = inputs
        self.key = StepSignature.key(kind: kind, params: params, inputs: inputs)
    }

    /// SHA-256 over a canonical text: kind, algorithm version, then params and inputs sorted by name, each
    /// name and value length-prefixed so no two different signatures can produce the same text.
    /// Written by hand rather than through JSONEncoder: planning computes thousands of keys per build.
    static func key(kind: StepKind, params: [String: String], inputs: [String: Digest]) -> Digest {
        var text: [UInt8] = []
        text.reserveCapacity(64 + params.count * 32 + inputs.count * 96)
        func field(_ s: String) {
            text.append(contentsOf: String(s.utf8.count).utf8)
            text.append(0x3A) // ":"
            text.append(contentsOf: s.utf8)
            text.append(0x0A)
        }
        field("animc-step")
        field(kind.rawValue)
        field(algorithmVersion)
        field("params \(params.count)")
        for name in params.keys.sorted(by: StepSignature.byteOrder) {
            field(name)
            field(params[name]!)
        }
        field("inputs \(inputs.count)")
        for name in inputs.keys.sorted(by: StepSignature.byteOrder) {
            field(name)
            field(inputs[name]!.hex)
        }
        return Digest.of(text)
    }

    /// Plain byte order: locale-free and the same on every machine.
    static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}

/// Canonical text for a parameter value, so that keys never depend on how Swift prints things.
func canonical(_ value: some Encodable) -> String {
    String(decoding: canonicalJSON(value), as: UTF8.self)
}
