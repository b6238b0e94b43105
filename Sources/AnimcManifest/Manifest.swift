import AnimcBasics

/// A manifest after parsing and validation: every default merged in, every value checked.
/// Frame sources are not yet expanded into files (see `ManifestResolver`).
public struct Manifest: Sendable {
    /// The manifest path as the user named it; diagnostics print this.
    public var path: String
    /// The manifest's folder; relative paths in the manifest are relative to it.
    public var directory: String
    public var version: Int
    /// `allow-outputs-outside: true` at the top level lets outputs leave the manifest's folder.
    public var allowOutputsOutside: Bool
    /// `cache: {max-size: 500MiB}` at the top level, in bytes.
    public var cacheMaxSize: Int64?
    public var animations: [Animation]
    /// `atlases:`: texture atlases of some animations' frames.
    public var atlases: [AtlasSpec] = []
    /// The manifest's text, for quoting lines under diagnostics found after loading (a crop outside a frame...).
    public var source: SourceText?

    public init(path: String, directory: String, version: Int, allowOutputsOutside: Bool = false,
                cacheMaxSize: Int64? = nil, animations: [Animation], source: SourceText? = nil) {
        self.source = source
        self.path = path
        self.directory = directory
        self.version = version
        self.allowOutputsOutside = allowOutputsOutside
        self.cacheMaxSize = cacheMaxSize
        self.animations = animations
    }
}

public struct Animation: Sendable {
    public var name: String
    public var location: SourceLocation
    /// The files it writes, in the order written: `output:` takes a path or a list. None for an
    /// animation only an atlas takes.
    public var outputs: [OutputSpec]
    public var sources: [FrameSource]
    /// Effective settings: defaults, then the animation's own values merged over them.
    public var settings: Settings
    /// Whether the animation itself (not `defaults:`) sets `fps:` or `delay:`; the frames of video and
    /// Aseprite sources keep their own timing unless it does (or the source sets `delay:`).
    public var setsTiming = false

    public init(name: String, location: SourceLocation, outputs: [OutputSpec],
                sources: [FrameSource], settings: Settings) {
        self.name = name
        self.location = location
        self.outputs = outputs
        self.sources = sources
        self.settings = settings
    }

    /// Where the first output is written (its name when it has none): what messages about the animation
    /// as a whole point at.
    public var outputLocation: SourceLocation { outputs.first?.location ?? location }
}

/// One entry of an animation's `frames:` list.
public struct FrameSource: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `glob: frames/*.png`, natural order (f2 before f10).
        case glob(String)
        /// `files: [a.png, b.png]`
        case files([String])
        /// `file: end.png`
        case file(String)
        /// `sequence: run_%03d.png`, `range: [first, last]`, optional `step:`.
        case sequence(pattern: String, first: Int, last: Int, step: Int)
        /// `sheet: hero.png`, `tile: {width, height}`, optional `count`, `columns`, `margin`, `spacing`.
        case sheet(SheetSpec)
        /// `aseprite: hero.aseprite`, optional `tag:` and `layers:`.
        case aseprite(AsepriteSpec)
        /// `video: demo.mp4`, optional `start:` and `end:` trims.
        case video(VideoSpec)
    }

    public var kind: Kind
    /// `delay:` on this source, in milliseconds; overrides the animation's timing for its frames.
    public var delayMs: Double?
    /// Where the entry starts in the manifest.
    public var location: SourceLocation
    /// Where its `delay:` value is written.
    public var delayLocation: SourceLocation?

    public init(kind: Kind, delayMs: Double? = nil, location: SourceLocation, delayLocation: SourceLocation? = nil) {
        self.kind = kind
        self.delayMs = delayMs
        self.location = location
        self.delayLocation = delayLocation
    }
}

public struct SheetSpec: Sendable, Equatable {
    public var path: String
    public var tileWidth: Int
    public var tileHeight: Int
    /// Number of tiles to take, row-major; nil takes every whole tile.
    public var count: Int?
    /// Tiles per row; nil fits as many as the sheet width allows.
    public var columns: Int?
    /// Pixels around the grid (all four sides) and between tiles.
    public var margin: Int
    public var spacing: Int
    /// Which tiles (`row:`, `start:`, `tiles:`); every tile from the first by default.
    public var pick: SheetPick = .start(0)
    /// `delays:`, per frame of this source or per tile index (see `SheetDelays`).
    public var delays: SheetDelays? = nil
    /// Where `row`, `start`, `tiles`, `count`, `delays` and the tiles' entries were written, for errors found
    /// once the sheet's size is known. Not part of equality.
    public var locations = SheetLocations()

    public init(path: String, tileWidth: Int, tileHeight: Int, count: Int? = nil, columns: Int? = nil,
                margin: Int = 0, spacing: Int = 0) {
        self.path = path
        self.tileWidth = tileWidth
        self.tileHeight = tileHeight
        self.count = count
        self.columns = columns
        self.margin = margin
        self.spacing = spacing
    }
}

/// `video: recordings/demo.mp4` with optional trims, in milliseconds of the video's timeline (0 is its
/// first frame): the frame on screen at `start` comes first; frames from `end` on are left out.
public struct VideoSpec: Sendable, Equatable {
    public var path: String
    public var startMs: Double?
    public var endMs: Double?

    public init(path: String, startMs: Double? = nil, endMs: Double? = nil) {
        self.path = path; self.startMs = startMs; self.endMs = endMs
    }
}
