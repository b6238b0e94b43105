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
    /// An encoded animated WebP.
    case webp
    /// An encoded animated PNG.
    case apng
    /// A frame's RGBA after its transforms, kept for the atlases that take it (`ObjectCodec.encodeRGBA`).
    case rgba
    /// A texture atlas's image (a still PNG) and its JSON data.
    case atlasImage = "atlas-png"
    case atlasData = "atlas-json"
    /// The digests of a sprite sheet's tiles' own pixels (text: `tilesMagic`, then one hex digest a line),
    /// so that a build with this cache, or with a remote that has it, plans without decoding the sheet.
    case tiles
    /// Where each frame block of a GIF encoding sits in its object, and the encoder state around it, so
    /// that the next encoding copies the blocks it would write the same (AnimcBuild's `SpliceIndex`).
    case splice = "gif-splice"

    public static let quantizedMagic: [UInt8] = Array("AQF1".utf8)
    public static let paletteMagic: [UInt8] = Array("APL2".utf8)
    public static let rgbaMagic: [UInt8] = Array("ARF1".utf8)
    public static let tilesMagic: [UInt8] = Array("animc-tiles 1\n".utf8)
    public static let spliceMagic: [UInt8] = Array("ASX1".utf8)
    public static let gifMagics: [[UInt8]] = [Array("GIF89a".utf8), Array("GIF87a".utf8)]
    /// The byte every GIF ends with.
    public static let gifTrailer: UInt8 = 0x3B

    public static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The last byte of every PNG: that of IEND's CRC (AE 42 60 82).
    public static let pngLastByte: UInt8 = 0x82

    /// How many bytes of the start of an object `accepts` needs.
    public static let headLength = 12

    /// A RIFF WebP header, and whether its length field says the file is `size` bytes.
    static func isWebP(_ head: ArraySlice<UInt8>, size: Int64) -> (webp: Bool, whole: Bool) {
        let h = Array(head)
        guard h.count >= 12, h[0..<4] == Array("RIFF".utf8)[...], h[8..<12] == Array("WEBP".utf8)[...] else { return (false, false) }
        let riff = Int64(h[4]) | Int64(h[5]) << 8 | Int64(h[6]) << 16 | Int64(h[7]) << 24
        return (true, riff + 8 == size)
    }

    /// True when an object that starts with `head` (its first `headLength` bytes, or all of it when shorter),
    /// ends with `last` and is `size` bytes long can be an object of this kind.
    public func accepts(head: ArraySlice<UInt8>, last: UInt8?, size: Int64) -> Bool {
        switch self {
        case .quantized: return head.starts(with: Self.quantizedMagic)
        case .palette: return head.starts(with: Self.paletteMagic)
        case .gif:
            // Header (6), logical screen descriptor (7), trailer (1).
            return size >= 14 && Self.gifMagics.contains { head.starts(with: $0) } && last == Self.gifTrailer
        case .webp:
            let w = Self.isWebP(head, size: size)
            return w.webp && w.whole
        case .rgba: return head.starts(with: Self.rgbaMagic)
        case .splice: return head.starts(with: Self.spliceMagic)
        case .tiles: return head.starts(with: Self.tilesMagic.prefix(Self.headLength)) && last == 0x0A
        case .atlasData: return head.first == 0x7B && last == 0x0A  // "{" … "\n"
        case .apng, .atlasImage:
            // Signature (8), IHDR (25), IEND (12).
            return size >= 45 && head.starts(with: Self.pngSignature) && last == Self.pngLastByte
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
        if head.starts(with: rgbaMagic) { return "holds an RGBA frame" }
        if head.starts(with: spliceMagic) { return "holds a GIF splice index" }
        if head.first == 0x7B { return "holds JSON" }
        if gifMagics.contains(where: { head.starts(with: $0) }) {
            return last == gifTrailer ? "holds a GIF" : "holds a GIF without its trailer (cut off)"
        }
        if head.starts(with: Array("RIFF".utf8)) { return "holds a RIFF file (a WebP cut off, or not a WebP)" }
        if head.starts(with: pngSignature) {
            return last == pngLastByte ? "holds a PNG" : "holds a PNG without its end (cut off)"
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
