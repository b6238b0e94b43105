/// An 8-bit RGBA image, rows top to bottom, pixels as R, G, B, A bytes (not premultiplied).
public struct RGBAImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 4)
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A blank (transparent black) image.
    public init(width: Int, height: Int) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 4))
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

/// Up to 256 colours; `transparentIndex` marks the entry that GIF treats as see-through.
public struct Palette: Sendable, Equatable, Codable {
    public var colors: [RGBColor]
    public var transparentIndex: Int?

    public init(colors: [RGBColor], transparentIndex: Int? = nil) {
        precondition(colors.count <= 256)
        self.colors = colors
        self.transparentIndex = transparentIndex
    }
}

/// A palette image: one index per pixel into `palette`.
public struct IndexedImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var indices: [UInt8]
    public var palette: Palette

    public init(width: Int, height: Int, indices: [UInt8], palette: Palette) {
        precondition(indices.count == width * height)
        self.width = width
        self.height = height
        self.indices = indices
        self.palette = palette
    }
}
