import AnimcColour
import AnimcGIF
import AnimcPixels

/// What a palette step decides: the animation's palette and, with `scope: auto`, whether frames
/// use their own palettes instead (then `palette` is the global one that was measured against).
struct PaletteChoice: Sendable, Equatable {
    var palette: Palette
    var perFrame: Bool
}
