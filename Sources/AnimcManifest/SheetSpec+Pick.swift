import AnimcBasics

/// Which tiles of a sprite sheet a `sheet:` source takes. Tiles are numbered from 0, row by row
/// (`columns` to a row).
public enum SheetPick: Sendable, Equatable {
    /// `start: I` (0 without the key): tiles I, I+1, … — `count` of them, or to the end of the sheet.
    case start(Int)
    /// `row: N`: the tiles of row N (its first `count` with `count:`).
    case row(Int)
    /// `tiles: [3, 4, 5, 4]`: these tiles in this order, repeats allowed.
    case tiles([Int])
}

/// A `sheet:` source's own delays.
public enum SheetDelays: Sendable, Equatable {
    /// `delays: [100ms, 80ms, …]`: one per frame of the source, in order.
    case perFrame([Double])
    /// `delays: [{tile: 3, delay: 100ms}, …]`: the frames showing that tile; others keep the timing.
    case perTile([Int: Double])
}

/// Where a sheet's keys were written (equal whatever they hold, so specs compare by meaning).
public struct SheetLocations: Sendable, Equatable {
    public var keys: [String: SourceLocation] = [:]
    /// `tiles:` entries and `{tile, delay}` entries' `tile` values, by the index they name.
    public var tileEntries: [Int: SourceLocation] = [:]
    /// `{tile, delay}` entries, by the tile they name.
    public var delayEntries: [Int: SourceLocation] = [:]
    public init() {}
    public static func == (_: SheetLocations, _: SheetLocations) -> Bool { true }
}
