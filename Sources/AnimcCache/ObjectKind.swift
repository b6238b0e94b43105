/// What an object holds, and the format check the cache applies to it on every read and in `verify`.
/// The magics are those of AnimcBuild's `ObjectCodec` (and of the GIF format); they are repeated here so
/// that the cache can tell a gif entry that names a quantized frame's object from a real GIF.
public enum ObjectKind: String, Sendable, CaseIterable, Codable {
    /// One frame mapped onto its palette (`ObjectCodec.encodeQuantized`).
    case quantized
    /// An animation's palette and, for scope auto, whether its frames use their own (`ObjectCodec.encodePalette`).
    case palette
    /// An encoded output.
    case gif

    public static let quantizedMagic: [UInt8] = Array("AQF1".utf8)
    public static let paletteMagic: [UInt8] = Array("APL2".utf8)
    public static let gifMagics: [[UInt8]] = [Array("GIF89a".utf8), Array("GIF87a".utf8)]
    /// The byte every GIF ends with.
    public static let gifTrailer: UInt8 = 0x3B

    /// How many bytes of the start of an object `accepts` needs.
    public static let headLength = 6

    /// True when an object that starts with `head` (its first `headLength` bytes, or all of it when shorter),
    /// ends with `last` and is `size` bytes long can be an object of this kind.
    public func accepts(head: ArraySlice<UInt8>, last: UInt8?, size: Int64) -> Bool {
        switch self {
        case .quantized: return head.starts(with: Self.quantizedMagic)
        case .palette: return head.starts(with: Self.paletteMagic)
        case .gif:
            // Header (6), logical screen descriptor (7), trailer (1).
            return size >= 14 && Self.gifMagics.contains { head.starts(with: $0) } && last == Self.gifTrailer
        }
    }

    /// True when `bytes` can be an object of this kind.
    public func accepts(_ bytes: [UInt8]) -> Bool {
        accepts(head: bytes.prefix(Self.headLength), last: bytes.last, size: Int64(bytes.count))
    }

    /// What an object that starts with `head` and ends with `last` looks like, for messages.
    public static func describe(head: ArraySlice<UInt8>, last: UInt8?) -> String {
        if head.starts(with: quantizedMagic) { return "holds a quantized frame" }
        if head.starts(with: paletteMagic) { return "holds a palette" }
        if gifMagics.contains(where: { head.starts(with: $0) }) {
            return last == gifTrailer ? "holds a GIF" : "holds a GIF without its trailer (cut off)"
        }
        return "is in no format animc writes"
    }

    /// Why `bytes` cannot be the object of an entry of this kind and `size`; nil when they can.
    public func disagreement(_ bytes: [UInt8], size: Int64) -> String? {
        if Int64(bytes.count) != size { return "its object is \(bytes.count) bytes where the entry says \(size)" }
        if !accepts(bytes) {
            return "its object \(Self.describe(head: bytes.prefix(Self.headLength), last: bytes.last)), not a \(rawValue)"
        }
        return nil
    }
}
