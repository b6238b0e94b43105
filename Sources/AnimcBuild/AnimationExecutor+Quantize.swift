import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan
import Foundation

extension AnimationExecutor {
    /// One frame's quantized image, as decided: read from the cache, or decoded and quantized now
    /// (and stored under the decided key). A frame shown twice, or shared with an animation built
    /// earlier, is quantized once. A cached result found damaged is rebuilt, amending the decision.
    func quantized(_ qk: Digest, _ f: PlannedFrame, _ a: AnimationPlan, _ choice: PaletteChoice?,
                   _ decided: StepDecision, _ decode: () throws(FrameFailure) -> RGBAImage) throws(FrameFailure) -> IndexedImage {
        let q = project.plan.quantizes[qk]!
        let filed = decided.key
        if let img = recent.get(filed) { return img }
        if case .cached = decided {
            if let img = read(filed) { return img }
            amend { decider.amendCorrupt(q.key, a, &$0) }
        }
        // Claim the step, or wait for the worker that claimed it.
        while true {
            let state = produced.withLock { p -> Production? in
                if let s = p[filed] { return s }
                p[filed] = .inFlight
                return nil
            }
            switch state {
            case nil: break
            case .inFlight?: usleep(1000); continue
            case .stored?: if let img = read(filed) { return img }
            case .failed?: break
            }
            break
        }
        do throws(FrameFailure) {
            let img = try quantizeNow(f, q, a, choice, filed: filed, decode)
            recent.put(filed, img)
            produced.withLock { $0[filed] = .stored }
            return img
        } catch {
            produced.withLock { $0[filed] = .failed }
            throw error
        }
    }

    private func read(_ key: Digest) -> IndexedImage? {
        guard let img = cache.lookup(key, kind: .quantized).flatMap({ ObjectCodec.decodeQuantized($0.bytes) }) else { return nil }
        recent.put(key, img)
        return img
    }

    private func quantizeNow(_ f: PlannedFrame, _ q: QuantizeStep, _ a: AnimationPlan, _ choice: PaletteChoice?,
                             filed: Digest, _ decode: () throws(FrameFailure) -> RGBAImage) throws(FrameFailure) -> IndexedImage {
        var p = Palette(colors: [])
        var own = q.paletteKey == nil
        var chosen: PaletteChoice?
        if let pk = q.paletteKey {
            // Normally decided (and run) before the frames; after a damaged cached frame, fetched now.
            let c: PaletteChoice
            if let choice { c = choice } else { c = try ensurePalette(pk, a) }
            p = c.palette
            own = c.perFrame
            chosen = c
        }
        let signature = AutoScope.signature(q, choice: chosen, settings: a.settings)
        let image = try decode()
        if own {
            var h = ColorHistogram()
            h.add(q.alphaDither ? AlphaDither.apply(image) : image, alphaThreshold: UInt8(q.alphaThreshold))
            p = try makePalette(h, colors: q.colors, tolerance: q.tolerance, fixed: q.fixed, a)
        }
        let out = Quantizer.quantize(image, palette: p, options: QuantizeOptions(
            dither: DitherMethod(q.dither), strength: q.ditherStrength, alphaThreshold: UInt8(q.alphaThreshold),
            alphaDither: q.alphaDither),
            sharedPalette: !own)
        do throws(CacheError) {
            // A frame on its own palette is kept: a one-frame edit reads the others back. One on a shared
            // palette is kept only if it stays compact (the palette changes with any frame's edit).
            let bytes = ObjectCodec.encodeQuantized(out), what = "\(a.name) frame \(f.path), \(p.colors.count) colours"
            if own {
                try cache.store(key: signature.key, kind: "quantized", bytes: bytes, description: what,
                                inputs: signature.inputs, params: signature.params)
            } else {
                try cache.storeIfCompact(key: signature.key, kind: "quantized", bytes: bytes,
                                         maxStoredFraction: Self.sharedPaletteFrameFraction, description: what,
                                         inputs: signature.inputs, params: signature.params)
            }
        } catch {
            cache.warn("could not store a quantized frame: \(error.message)")
        }
        builder.count { $0.quantized += 1 }
        builder.step("quantize \(q.signature.id.dropFirst("quantize ".count))")
        return out
    }

    /// The largest share of its logical size a frame quantized onto a shared palette may take on disk to be
    /// kept. Camera footage stays near 0.58 with zlib (sensor noise), and 100 such frames make the cache
    /// 4.5× its GIF; screen-like frames and sprites take 0.10-0.17, synthetic video 0.29-0.42 (docs/cache.md).
    static let sharedPaletteFrameFraction = 0.5

    /// Decodes and transforms one frame (and keeps its RGBA for an atlas that will pack it).
    func frame(_ key: Digest, listedAt: SourceLocation) throws(FrameFailure) -> RGBAImage {
        let step = project.plan.frames[key]!
        let image = try FrameLoading.load(step, sources: sources, manifest: project.manifest, listedAt: listedAt)
        builder.count { $0.decoded += 1 }
        builder.step("decode \(step.path)")
        keepForAtlas(key, image, wanted: true)
        return image
    }
}

extension GIFLoop {
    init(_ mode: LoopMode) {
        switch mode {
        case .forever: self = .forever
        case .once, .count(0): self = .none
        case .count(let n): self = .count(n)
        }
    }
}

extension DitherMethod {
    init(_ d: DitherMode) {
        switch d {
        case .floydSteinberg: self = .floydSteinberg
        case .ordered: self = .ordered
        case .none: self = .none
        }
    }
}
