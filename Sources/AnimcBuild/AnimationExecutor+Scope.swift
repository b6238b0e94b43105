import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcPlan

extension AnimationExecutor {
    /// `scope: auto`: whether frames should get palettes of their own (see `PaletteScopeChoice`).
    ///
    /// A few sample frames are quantized (no dithering) with palettes of their own and with one
    /// palette built from all the samples together; their errors (as shown, soft alpha included) and
    /// their sizes (LZW of the indices, plus a colour table per frame for their own palettes) decide.
    /// A palette fitted to the samples alone suits them at least as well as one fitted to every frame
    /// would, so when even it is clearly worse, per-frame palettes win, and the full histogram pass
    /// over every frame is skipped. Samples are fixed positions among the distinct frames and their
    /// errors are summed in order, so the answer does not depend on `--jobs`. Samples are held between the passes within the memory budget (`DecodedFrames`): a fixed number of frames, so memory stays flat with the animation's length.
    /// Returns the samples' palette when per-frame palettes win, nil otherwise.
    func perFramePalettesWin(_ step: PaletteStep, _ a: AnimationPlan) throws(FrameFailure) -> Palette? {
        let positions = PaletteScopeChoice.samples(among: step.frameKeys.count)
        if positions.isEmpty { return nil }
        let listed = listedLocations(a)
        let threshold = UInt8(step.alphaThreshold)
        let plain = QuantizeOptions(dither: .none, alphaThreshold: threshold, alphaDither: step.alphaDither)
        let sample: @Sendable (Int) throws(FrameFailure) -> RGBAImage = { i throws(FrameFailure) in
            let key = step.frameKeys[positions[i]]
            // Held for pass 2 and the histogram pass (a fixed number of frames).
            return try self.heldOrDecoded(key, listedAt: listed[key]!, hold: true)
        }
        // Pass 1: each sample's error under a palette of its own. Each worker takes a contiguous run of
        // samples and folds them into one histogram, so only `jobs` histograms are ever alive.
        let jobs = memorySizing(a).workers  // as many samples in flight as the memory budget allows
        let workers = max(1, min(jobs, positions.count))
        let per = (positions.count + workers - 1) / workers
        let own = pool.map(workers) { w -> Result<(ColorHistogram, [(Double, Int, Int)]), FrameFailure> in
            var together = ColorHistogram()
            var errors: [(Double, Int, Int)] = []
            for i in (w * per)..<min(positions.count, (w + 1) * per) {
                do throws(FrameFailure) {
                    let image = try sample(i)
                    var h = ColorHistogram()
                    h.add(step.alphaDither ? AlphaDither.apply(image) : image, alphaThreshold: threshold)
                    let palette = PaletteBuilder.build(from: h, maxColors: step.colors, tolerance: step.tolerance)
                    let q = Quantizer.quantize(image, palette: palette, options: plain, sharedPalette: false)
                    let e = PaletteScopeChoice.shownError(image, q)
                    errors.append((e.sum, e.count, GIFEncoder.estimatedBytes(of: q, withTable: true)))
                    together.merge(h)
                } catch {
                    return .failure(error)
                }
            }
            return .success((together, errors))
        }
        var merged = ColorHistogram()
        var ownError = 0.0, count = 0, ownBytes = 0
        for r in own {
            switch r {
            case .success(let (h, errors)):
                merged.merge(h)
                for (e, n, b) in errors { ownError += e; count += n; ownBytes += b }
            case .failure(let e): throw e
            }
        }
        // Pass 2: the samples' error under one palette for them all.
        let shared = PaletteBuilder.build(from: merged, maxColors: step.colors, tolerance: step.tolerance)
        let together = pool.map(positions.count, width: jobs) { i -> Result<(Double, Int), FrameFailure> in
            do throws(FrameFailure) {
                let image = try sample(i)
                let q = Quantizer.quantize(image, palette: shared, options: plain)
                return .success((PaletteScopeChoice.shownError(image, q).sum, GIFEncoder.estimatedBytes(of: q, withTable: false)))
            } catch {
                return .failure(error)
            }
        }
        var globalError = 0.0, globalBytes = 0
        for r in together {
            switch r {
            case .success(let (e, b)): globalError += e; globalBytes += b
            case .failure(let e): throw e
            }
        }
        let gain = PaletteScopeChoice.gainDB(globalError: globalError, ownError: ownError)
        guard PaletteScopeChoice.prefersPerFrame(globalError: globalError, ownError: ownError, count: count,
                                                 tolerance: step.tolerance, globalBytes: globalBytes,
                                                 ownBytes: ownBytes) else { return nil }
        let figure = gain.isFinite ? "\((gain * 10).rounded() / 10) dB" : "infinitely"
        let ratio = globalBytes > 0 ? "\((Double(ownBytes) / Double(globalBytes) * 100).rounded() / 100)" : "?"
        builder.note("animation '\(a.name)': palette scope auto chose per-frame palettes: on \(positions.count) sample frames they are \(figure) more faithful (PSNR) than one palette for all frames, for about \(ratio)× the bytes; set palette: {scope: global} for one palette")
        return shared
    }
}
