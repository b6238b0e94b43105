/// What a PNG's IHDR says about the image.
public struct PNGInfo: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let bitDepth: Int
    /// The PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA.
    public let colorType: Int
    public let interlaced: Bool

    public init(width: Int, height: Int, bitDepth: Int, colorType: Int, interlaced: Bool) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.colorType = colorType
        self.interlaced = interlaced
    }
}

/// A failure to read or write PNG data. `message` is lower-case and names no file;
/// callers prefix the path.
public struct PNGError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case notPNG, truncated, badCRC, tooLarge, corrupt, outOfMemory
    }

    public let kind: Kind
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Bounds checked against the IHDR before any pixel memory is allocated.
public struct DecodeLimits: Sendable {
    public var maxSide: Int
    public var maxPixels: Int

    public init(maxSide: Int = 16384, maxPixels: Int = 64 << 20) {
        self.maxSide = maxSide
        self.maxPixels = maxPixels
    }

    public static let `default` = DecodeLimits()

    /// Throws `.tooLarge` when `info` exceeds these limits.
    func check(_ info: PNGInfo) throws(PNGError) {
        let size = "\(info.width)×\(info.height)"
        if info.width > maxSide || info.height > maxSide {
            throw PNGError(
                kind: .tooLarge,
                message: "image is \(size) pixels, over the limit of \(maxSide) on a side")
        }
        let (pixels, overflow) = info.width.multipliedReportingOverflow(by: info.height)
        if overflow || pixels > maxPixels {
            throw PNGError(
                kind: .tooLarge,
                message: "image is \(size) pixels, over the limit of \(maxPixels) pixels in all")
        }
    }
}
