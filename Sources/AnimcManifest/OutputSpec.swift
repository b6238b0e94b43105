import AnimcBasics

/// The container an output is written in, chosen by its extension.
public enum OutputFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case gif
    /// Animated WebP.
    case webp
    /// Animated PNG (APNG): `.png` or `.apng`.
    case apng

    /// The format for a path's extension (case-insensitive), or nil for one animc does not write.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "gif": self = .gif
        case "webp": self = .webp
        case "png", "apng": self = .apng
        default: return nil
        }
    }

    /// The extensions that select a format, for messages.
    public static let extensions = [".gif", ".webp", ".png", ".apng"]
}

/// One file an animation writes: its path, format and that format's own settings.
public struct OutputSpec: Sendable, Hashable {
    /// As written, relative to the manifest's folder.
    public var path: String
    /// Where the path is written in the manifest.
    public var location: SourceLocation
    public var format: OutputFormat
    /// WebP: lossless frames (`lossless: true`); nil lets animc choose.
    public var lossless: Bool?
    /// WebP: lossy quality 0–100; nil lets animc choose.
    public var quality: Double?
    /// WebP: compression effort 0–6.
    public var method: Int?
    /// APNG: a palette of at most this many colours for the whole animation, instead of lossless RGBA.
    public var colors: Int?

    public init(path: String, location: SourceLocation, format: OutputFormat, lossless: Bool? = nil,
                quality: Double? = nil, method: Int? = nil, colors: Int? = nil) {
        self.path = path
        self.location = location
        self.format = format
        self.lossless = lossless
        self.quality = quality
        self.method = method
        self.colors = colors
    }
}
