import AnimcBasics
import AnimcManifest
import AnimcPlan

/// `scope: auto` in one place. Its palette step decides, while it runs, whether frames get palettes of
/// their own (the measure is `AnimationExecutor.perFramePalettesWin`). That choice decides under which
/// key each frame's quantize result is filed: the plain key (one palette), or the key `scope: per-frame`
/// would give it, where it survives edits to other frames. These are the rules the decider and the
/// executor share.
enum AutoScope {
    /// The key a quantize step's result is filed under once its palette step has chosen.
    static func filedKey(_ q: QuantizeStep, choice: PaletteChoice?) -> Digest {
        choice?.perFrame == true ? (q.ownPaletteKey ?? q.key) : q.key
    }

    /// The signature behind a filed key (what the cache entry records).
    static func signature(_ q: QuantizeStep, filed: Digest, settings: Settings) -> StepSignature {
        filed == q.key ? q.signature : Planner.ownPaletteSignature(of: q, settings: settings)
    }

    /// Whether the animation's quantize steps can be decided only after its palette step runs: the
    /// step decides scope and its choice is not cached. Not when every result sits under its plain
    /// key: an earlier build of this very palette step (same frames, same settings) chose one
    /// palette, and the choice is deterministic.
    static func quantizesWait(for palette: PaletteStep?, cachedChoice: PaletteChoice?, force: Bool,
                              plainKeysCached: () -> Bool) -> Bool {
        guard let palette, palette.decidesScope, cachedChoice == nil else { return false }
        return force || !plainKeysCached()
    }
}
