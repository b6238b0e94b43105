import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan

extension AnimationExecutor {
    /// The animation's palette step when it was not decided up front (a cached frame turned out
    /// damaged): this build's result, else the cache's, else run now.
    func ensurePalette(_ key: Digest, _ a: AnimationPlan) throws(FrameFailure) -> PaletteChoice {
        if let p = palettes.withLock({ $0[key] }) { return p }
        if !options.force, let hit = cache.lookup(key, kind: .palette), let p = ObjectCodec.decodePalette(hit.bytes) {
            palettes.withLock { $0[key] = p }
            return p
        }
        amend { $0.add(project.plan.palettes[key]!.signature.id, .cacheEntryCorrupt) }
        return try runPalette(key, a)
    }

    /// Runs the animation's palette step: a streaming histogram of all its frames.
    /// Each worker folds a contiguous run of frames into its own histogram, one frame alive at a time;
    /// the histograms are merged in order, so the palette does not depend on `--jobs`.
    /// With `scope: auto`, sample frames first decide whether frames get palettes of their own; when
    /// they do, the pass over all frames is skipped (see `perFramePalettesWin`).
    func runPalette(_ key: Digest, _ a: AnimationPlan) throws(FrameFailure) -> PaletteChoice {
        let step = project.plan.palettes[key]!
        if step.decidesScope, let samples = try perFramePalettesWin(step, a) {
            let choice = PaletteChoice(palette: samples, perFrame: true)
            _ = try? cache.store(key: AutoScope.sampleKey(step), kind: ObjectKind.palette.rawValue,
                                 bytes: ObjectCodec.encodePalette(choice),
                                 description: "\(a.name): per-frame palettes, chosen on sample frames (scope auto)")
            return storePalette(choice, key, step, a)
        }
        let frames = step.frameKeys
        let listed = listedLocations(a)
        let workers = max(1, min(memorySizing(a).workers, frames.count))
        let per = (frames.count + workers - 1) / workers
        let hold = holdsAllFrames(a, count: frames.count)  // for the quantize pass, when they all fit
        let partials = pool.map(workers) { w -> Result<ColorHistogram, FrameFailure> in
            var h = ColorHistogram()
            for i in (w * per)..<min(frames.count, (w + 1) * per) {
                do throws(FrameFailure) {
                    let img = try self.heldOrDecoded(frames[i], listedAt: listed[frames[i]]!, hold: hold)
                    h.add(step.alphaDither ? AlphaDither.apply(img) : img, alphaThreshold: UInt8(step.alphaThreshold))
                } catch {
                    return .failure(error)
                }
            }
            return .success(h)
        }
        var histogram = ColorHistogram()
        for p in partials {
            switch p {
            case .success(let h): histogram.merge(h)
            case .failure(let e): throw e
            }
        }
        let palette = try makePalette(histogram, colors: step.colors, tolerance: step.tolerance, fixed: step.fixed, a)
        return storePalette(PaletteChoice(palette: palette, perFrame: false), key, step, a)
    }

    /// Where each distinct frame is first listed in the manifest (for errors about it).
    func listedLocations(_ a: AnimationPlan) -> [Digest: SourceLocation] {
        Dictionary(a.frames.map { ($0.frameKey, $0.sourceLocation) }, uniquingKeysWith: { first, _ in first })
    }

    func storePalette(_ choice: PaletteChoice, _ key: Digest, _ step: PaletteStep, _ a: AnimationPlan) -> PaletteChoice {
        let palette = choice.palette
        do throws(CacheError) {
            try cache.store(key: key, kind: "palette", bytes: ObjectCodec.encodePalette(choice),
                            description: "\(a.name) palette, \(palette.colors.count) colours"
                                + (choice.perFrame ? "; frames use their own palettes (scope auto)" : ""),
                            inputs: step.signature.inputs, params: step.signature.params)
        } catch {
            cache.warn("could not store a palette: \(error.message)")
        }
        builder.step("palette \(a.name)" + (choice.perFrame ? " (auto: per-frame palettes)" : ""))
        palettes.withLock { $0[key] = choice }
        return choice
    }

    func makePalette(_ h: ColorHistogram, colors: Int, tolerance: Double, fixed: [RGBHex]?,
                     _ a: AnimationPlan) throws(FrameFailure) -> Palette {
        guard let fixed else { return PaletteBuilder.build(from: h, maxColors: colors, tolerance: tolerance) }
        if h.hasTransparency, fixed.count >= 256 {
            throw FrameFailure(diagnostics: [Diagnostic.error(
                "animation '\(a.name)' has transparent pixels but its fixed palette has 256 colours, leaving no room for a transparent entry; give at most 255 colours or set background:",
                at: a.outputLocation, in: project.manifest.source)])
        }
        return PaletteBuilder.fixed(fixed.map { RGBColor(r: $0.r, g: $0.g, b: $0.b) }, transparency: h.hasTransparency)
    }
}
