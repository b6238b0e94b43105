import CAnimcPNG

/// PNG decoding and encoding through libpng (via the CAnimcPNG shim).
public enum PNGCodec {
    private static let errorCapacity = 256

    public static func readInfo(_ bytes: UnsafeRawBufferPointer) throws(PNGError) -> PNGInfo {
        var info = animc_png_info()
        var err = [CChar](repeating: 0, count: errorCapacity)
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let rc = err.withUnsafeMutableBufferPointer { e in
            animc_png_read_info(base, bytes.count, &info, e.baseAddress, e.count)
        }
        if rc != 0 { throw makeError(code: rc, libpngMessage: err) }
        return PNGInfo(
            width: Int(info.width), height: Int(info.height), bitDepth: Int(info.bit_depth),
            colorType: Int(info.color_type), interlaced: info.interlaced != 0)
    }

    public static func readInfo(_ bytes: [UInt8]) throws(PNGError) -> PNGInfo {
        // Typed throws cannot pass through withUnsafeBytes' rethrows, so carry a Result out.
        let result: Result<PNGInfo, PNGError> = bytes.withUnsafeBytes { raw in
            Result { () throws(PNGError) -> PNGInfo in try readInfo(raw) }
        }
        return try result.get()
    }

    /// Decodes to 8-bit RGBA, refusing images over `limits` before allocating pixels.
    public static func decode(_ bytes: [UInt8], limits: DecodeLimits = .default) throws(PNGError) -> RGBAImage {
        let info = try readInfo(bytes)
        try limits.check(info)
        let count = info.width * info.height * 4
        var err = [CChar](repeating: 0, count: errorCapacity)
        var rc: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            rc = bytes.withUnsafeBufferPointer { src in
                err.withUnsafeMutableBufferPointer { e in
                    animc_png_decode_rgba8(
                        src.baseAddress, src.count, out.baseAddress, count, e.baseAddress, e.count)
                }
            }
            if rc != 0 { out.initialize(repeating: 0) }  // keep the array fully initialized
            initialized = count
        }
        if rc != 0 { throw makeError(code: rc, libpngMessage: err) }
        return RGBAImage(width: info.width, height: info.height, pixels: pixels)
    }

    /// Encodes as 8-bit RGBA, or 8-bit RGB when `dropAlpha`. Output is deterministic.
    public static func encode(_ image: RGBAImage, dropAlpha: Bool = false) throws(PNGError) -> [UInt8] {
        guard image.width > 0, image.height > 0,
              image.width <= Int(Int32.max), image.height <= Int(Int32.max)
        else {
            throw PNGError(
                kind: .corrupt,
                message: "cannot encode a \(image.width)×\(image.height) image as PNG")
        }
        var err = [CChar](repeating: 0, count: errorCapacity)
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        let rc = image.pixels.withUnsafeBufferPointer { px in
            err.withUnsafeMutableBufferPointer { e in
                animc_png_encode_rgba8(
                    px.baseAddress, UInt32(image.width), UInt32(image.height), dropAlpha ? 1 : 0,
                    &out, &size, e.baseAddress, e.count)
            }
        }
        defer { animc_png_free(out) }
        if rc != 0 { throw makeError(code: rc, libpngMessage: err) }
        guard let out else { return [] }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    // MARK: - Errors

    static func makeError(code: Int32, libpngMessage raw: [CChar]) -> PNGError {
        let bytes = raw.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let detail = String(decoding: bytes, as: UTF8.self)
        switch Int(code) {
        case Int(ANIMC_PNG_ERR_NOT_PNG):
            return PNGError(kind: .notPNG, message: "not a PNG file")
        case Int(ANIMC_PNG_ERR_TRUNCATED):
            return PNGError(kind: .truncated, message: "truncated PNG data")
        case Int(ANIMC_PNG_ERR_CRC):
            return PNGError(kind: .badCRC, message: crcMessage(detail))
        case Int(ANIMC_PNG_ERR_NO_MEMORY):
            return PNGError(kind: .outOfMemory, message: "out of memory while processing PNG data")
        default:
            let text = detail.isEmpty ? "unknown error" : lowercasedFirst(detail)
            return PNGError(kind: .corrupt, message: "corrupt PNG data: \(text)")
        }
    }

    /// libpng formats chunk errors as "NAME: message"; pull out the chunk name.
    private static func crcMessage(_ detail: String) -> String {
        if let colon = detail.firstIndex(of: ":") {
            let name = detail[..<colon]
            if !name.isEmpty, name.count <= 16, !name.contains(" ") {
                return "bad CRC in chunk \(name)"
            }
        }
        return "bad CRC in a chunk"
    }

    private static func lowercasedFirst(_ s: String) -> String {
        guard let first = s.first else { return s }
        // Keep chunk names such as "IDAT: ..." as libpng spelled them.
        if s.count >= 4, s.prefix(4).allSatisfy(\.isLetter), s.dropFirst(4).first == ":" { return s }
        return first.lowercased() + s.dropFirst()
    }
}
