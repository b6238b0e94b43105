import AnimcBasics
import AnimcColour
import AnimcGIF
import AnimcPixels

/// What a palette step decides: the animation's palette and, with `scope: auto`, whether frames
/// use their own palettes instead (then `palette` is the global one that was measured against).
struct PaletteChoice: Sendable, Equatable {
    let palette: Palette
    let perFrame: Bool
    /// The palette's content (its colours and transparent entry): frames quantized onto one palette are
    /// filed under it, so a palette step that runs again and comes out the same finds them (early cutoff).
    let content: Digest

    init(palette: Palette, perFrame: Bool) {
        self.palette = palette
        self.perFrame = perFrame
        var text = "animc-palette \(palette.transparentIndex ?? -1)"
        for c in palette.colors { text += " \(c.r),\(c.g),\(c.b)" }
        content = Digest.of(text)
    }
}
