/// An 8-bit RGBA image, rows top to bottom, pixels as R, G, B, A bytes (not premultiplied).
public struct RGBAImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(Self.byteCount(width: width, height: height) == pixels.count, "pixel buffer does not match the size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A blank (transparent black) image.
    public init(width: Int, height: Int) {
        guard let count = Self.byteCount(width: width, height: height) else { preconditionFailure("image size overflows") }
        self.init(width: width, height: height, pixels: [UInt8](repeating: 0, count: count))
    }

    /// `width × height × 4`, or nil when a side is negative or the product overflows.
    /// (Callers bound sizes long before this: decoding at 16384 a side and 64 Mpixel, the manifest
    /// likewise after crop and resize; this makes a missed bound a clean stop, not a wrong size.)
    public static func byteCount(width: Int, height: Int, bytesPerPixel: Int = 4) -> Int? {
        guard width >= 0, height >= 0 else { return nil }
        let (pixels, o1) = width.multipliedReportingOverflow(by: height)
        let (bytes, o2) = pixels.multipliedReportingOverflow(by: bytesPerPixel)
        return o1 || o2 ? nil : bytes
    }
}

public struct RGBColor: Sendable, Hashable, Codable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public init(r: UInt8, g: UInt8, b: UInt8) { self.r = r; self.g = g; self.b = b }

    public var hex: String {
        let h = String(Int(r) << 16 | Int(g) << 8 | Int(b), radix: 16)
        return "#" + String(repeating: "0", count: 6 - h.count) + h
    }
}
