import AnimcBasics
import AnimcColour
import AnimcManifest
import AnimcPlan

/// Where quantize results are filed once a palette step has chosen, in one place. With `scope: auto`
/// the step decides, while it runs, whether frames get palettes of their own (the measure is
/// `AnimationExecutor.perFramePalettesWin`); a result is filed under a key of the palette's content
/// (one palette), or the key `scope: per-frame` would give it, where it survives edits to other frames.
/// These are the rules the decider and the executor share.
enum AutoScope {
    /// The key a quantize step's result is filed under once its palette step has chosen: with one
    /// palette, a key of the palette's content (not of the step that made it), so that when an edit
    /// re-runs the palette step and the palette comes out the same, the other frames' results stand
    /// (early cutoff); with palettes of the frames' own, the key `scope: per-frame` gives it.
    static func filedKey(_ q: QuantizeStep, choice: PaletteChoice?) -> Digest {
        guard let choice, q.paletteKey != nil else { return q.key }
        if choice.perFrame { return q.ownPaletteKey ?? q.key }
        return Planner.paletteContentSignature(of: q, palette: choice.content).key
    }

    /// The signature behind a filed key (what the cache entry records).
    static func signature(_ q: QuantizeStep, choice: PaletteChoice?, settings: Settings) -> StepSignature {
        guard let choice, q.paletteKey != nil else { return q.signature }
        if choice.perFrame { return q.ownPaletteKey == nil ? q.signature : Planner.ownPaletteSignature(of: q, settings: settings) }
        return Planner.paletteContentSignature(of: q, palette: choice.content)
    }

    /// Where a `scope: auto` palette step files a choice of per-frame palettes a second time: under a key
    /// of its sample frames alone. That choice is made from the samples (and then the pass over all
    /// frames is skipped), so an edit to any other frame finds it there and samples nothing.
    static func sampleKey(_ palette: PaletteStep) -> Digest {
        let samples = PaletteScopeChoice.samples(among: palette.frameKeys.count)
        var inputs: [String: Digest] = [:]
        for (n, i) in samples.enumerated() { inputs["sample \(n)"] = palette.frameKeys[i] }
        var params = palette.signature.params
        params["chosen from"] = "\(samples.count) samples of \(palette.frameKeys.count) frames"
        return StepSignature(id: palette.signature.id + " scope", kind: .palette, params: params, inputs: inputs).key
    }

    /// Whether the animation's quantize steps can be decided only after its palette step runs: always
    /// when it runs, since the keys they are filed under depend on what it chooses.
    static func quantizesWait(for palette: PaletteStep?, cachedChoice: PaletteChoice?) -> Bool {
        palette != nil && cachedChoice == nil
    }
}
