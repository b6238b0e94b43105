import AnimcBasics

/// A pixel rectangle inside a source image (a sprite-sheet tile).
public struct TileRect: Sendable, Hashable, Codable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) { self.x = x; self.y = y; self.width = width; self.height = height }
}

/// Which picture of its source file a frame is. Each kind of frame source adds its case here, its
/// key parameters in `FrameOrigin+Key` (AnimcPlan) and its reader in `SourceReaders` (AnimcBuild).
public enum FrameOrigin: Sendable, Hashable {
    /// The whole image of a PNG file.
    case image
    /// A tile cut from a sprite sheet (a PNG file).
    case tile(TileRect)
    /// Frame `frame` (from 0) of an Aseprite file as Aseprite composites it; with `layers`, only
    /// the layers of those names.
    case aseprite(frame: Int, layers: [String]?)
    /// A frame of a video (`VideoFrameRef`).
    case video(VideoFrameRef)

    /// The tile this frame is cut from, if it is one.
    /// (Not inlined: Swift 6.3's optimizer miscompiles callers that read it from a borrowed
    /// `FrameStep` once the enum has a case with a non-trivial payload.)
    public var tile: TileRect? {
        @inline(never) get {
            if case .tile(let t) = self { return t }
            return nil
        }
    }
}

/// One frame of an animation after its sources were expanded into files, in play order.
public struct ResolvedFrame: Sendable, Hashable {
    /// Path relative to the manifest's folder, normalised (no `./`, no `..` inside the folder): the
    /// source file the frame comes from.
    public var path: String
    /// Which picture of that file.
    public var origin: FrameOrigin
    /// The tile of a sprite sheet this frame is cut from; nil for anything else.
    public var tile: TileRect? { origin.tile }
    /// How long this frame shows, in milliseconds (source `delay:` or the animation's timing, plus `hold` on the last).
    public var delayMs: Double
    /// The `frames:` entry it came from, for errors about this frame.
    public var sourceLocation: SourceLocation
    /// The value that set its delay (the source's `delay:`, or the `fps:`/`delay:` of the animation or of
    /// `defaults:`); nil for the built-in timing. Warnings about its delay point here.
    public var delayLocation: SourceLocation?
    /// The `hold:` added to it (the last frame only).
    public var holdLocation: SourceLocation?

    public init(path: String, origin: FrameOrigin, delayMs: Double, sourceLocation: SourceLocation,
                delayLocation: SourceLocation? = nil) {
        self.path = path; self.origin = origin; self.delayMs = delayMs; self.sourceLocation = sourceLocation
        self.delayLocation = delayLocation
    }

    public init(path: String, tile: TileRect? = nil, delayMs: Double, sourceLocation: SourceLocation,
                delayLocation: SourceLocation? = nil) {
        self.init(path: path, origin: tile.map { .tile($0) } ?? .image, delayMs: delayMs, sourceLocation: sourceLocation,
                  delayLocation: delayLocation)
    }
}

public struct ResolvedAnimation: Sendable {
    public var animation: Animation
    /// In play order: the frames listed once in source order, laid out as `playback` says.
    public var frames: [ResolvedFrame]
    /// How `frames` were laid out from the frames listed once: the one home of an animation's direction
    /// (`playback:`, or what a kind of source, such as a tagged file, says). An atlas lists the frames once
    /// and gives its tag this direction.
    public var playback: Playback
    public init(animation: Animation, frames: [ResolvedFrame], playback: Playback? = nil) {
        self.animation = animation; self.frames = frames; self.playback = playback ?? animation.settings.playback
    }

    /// Indices into `frames` that list each frame once, in source order: `frames` with `playback` undone.
    /// Reverse: the frames backwards. Ping-pong (`0 1 2 3 2 1` from four frames): the first half and the turn.
    public var onceInSourceOrder: [Int] {
        let n = frames.count
        switch playback {
        case .forward: return Array(0..<n)
        case .reverse: return Array((0..<n).reversed())
        case .pingpong: return Array(0..<(n <= 2 ? n : (n + 2) / 2))
        }
    }
}
