import AnimcPixels

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
        precondition(RGBAImage.byteCount(width: width, height: height, bytesPerPixel: 1) == indices.count)
        self.width = width
        self.height = height
        self.indices = indices
        self.palette = palette
    }
}
