import AnimcBasics
import AnimcCache
import AnimcImaging
import AnimcManifest
import AnimcPlan
import Foundation

extension AnimationExecutor {
    /// Builds (or restores, or confirms) one output. Throws the diagnostics of a failed frame.
    /// Only a successful run is recorded as the last build of the animation's steps.
    func execute(_ a: AnimationPlan, decision: Decision, record: inout BuildRecord) throws(FrameFailure) -> OutputStatus {
        let status = try run(a, decision: decision, record: &record)
        // An output found up to date leaves the recorded steps as they were (and unread).
        if status == .built || status == .restored || record.outputs[a.name] != a.output {
            if record.steps.isEmpty { record.steps = history.steps }
            remember(a, in: &record)
        }
        return status
    }

    private func run(_ a: AnimationPlan, decision: Decision, record: inout BuildRecord) throws(FrameFailure) -> OutputStatus {
        let outputAbs = Paths.join(project.directory, a.output)

        // The encoded GIF is cached: compare, and restore when the file is missing or was edited.
        // The object is read (and verified) only when it is needed.
        if let entry = decision.encodedEntry, let state = decision.output {
            switch state {
            case .matches:
                cache.countHit()
                record.files[a.output] = outputRecords.get(a.output)
                return .upToDate
            case .missing, .differs:
                if options.mode == .check { return .stale }
                if try copyOutput(entry.object, to: outputAbs, a) {
                    cache.countHit()
                    record.files[a.output] = outputRecord(outputAbs, digest: entry.object)
                    builder.step("restore \(a.output)")
                    return .restored
                }
                cache.countMiss()
            }
        }

        // Encode, streaming the GIF into the cache; then copy it to the output.
        let digest = try encode(a)
        if options.mode == .check {
            return outputState(a, expected: digest) == .matches ? .upToDate : .stale
        }
        if outputState(a, expected: digest) == .matches {
            record.files[a.output] = outputRecords.get(a.output)
            return .upToDate
        }
        guard try copyOutput(digest, to: outputAbs, a) else {
            throw FrameFailure(diagnostics: [Diagnostic(.error, "the encoded GIF could not be read back from the cache", at: SourceLocation(file: a.output))])
        }
        record.files[a.output] = outputRecord(outputAbs, digest: digest)
        return .built
    }

    private func copyOutput(_ object: Digest, to path: String, _ a: AnimationPlan) throws(FrameFailure) -> Bool {
        do { return try cache.copyObject(object, to: path) } catch {
            throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: a.output))])
        }
    }

    private func outputRecord(_ abs: String, digest: Digest) -> BuildRecord.FileRecord? {
        guard let st = FileSystem.status(abs) else { return nil }
        return BuildRecord.FileRecord(status: st, digest: digest, hashedAtNs: FileSystem.nowNs())
    }

    /// Records every step of the animation as built (for `--explain` next time) and its output.
    private func remember(_ a: AnimationPlan, in record: inout BuildRecord) {
        func put(_ s: StepSignature) { record.steps[s.id] = .init(key: s.key, params: s.params, inputs: s.inputs) }
        for f in a.frames {
            put(project.plan.frames[f.frameKey]!.signature)
            put(project.plan.quantizes[f.quantizeKey]!.signature)
        }
        if let pk = a.paletteKey { put(project.plan.palettes[pk]!.signature) }
        put(a.encode.signature)
        record.outputs[a.name] = a.output
    }

    // MARK: encoding

    /// Streams the frames through quantize and the GIF encoder in windows, and the GIF into a cache
    /// object; records the entry and returns the object's digest.
    func encode(_ a: AnimationPlan) throws(FrameFailure) -> Digest {
        func storageFailure(_ e: CacheError) -> FrameFailure {
            FrameFailure(diagnostics: [Diagnostic(.error, e.message, at: SourceLocation(file: a.output))])
        }
        let sink: ObjectWriter
        do { sink = try cache.makeObjectWriter() } catch { throw storageFailure(error) }
        let palette = PaletteHolder()
        // Build the global palette first when any frame must be quantized against it.
        if let pk = a.paletteKey {
            // (Frames given their own palettes by scope auto are filed under other keys, so this also
            // loads an auto palette step's cached choice, which is cheap.)
            let needsQuantize = a.frames.contains { options.force || cache.entry(for: $0.quantizeKey) == nil }
            if needsQuantize { try palette.set(ensurePalette(pk, a)) }
        }
        let sizing = memorySizing(a), window = sizing.window  // frames in flight, sized by bytes
        var encoder: GIFEncoder?
        var size: (width: Int, height: Int)?
        // Window k is encoded here while the workers quantize window k + 1: at most two windows alive.
        func start(_ from: Int) -> (Int, [PlannedFrame], ParallelJob<Result<IndexedImage, FrameFailure>>)? {
            guard from < a.frames.count else { return nil }
            let chunk = Array(a.frames[from..<min(from + window, a.frames.count)])
            let job = ParallelJob(chunk.count, jobs: sizing.workers) { i -> Result<IndexedImage, FrameFailure> in
                do throws(FrameFailure) { return .success(try self.quantized(chunk[i], a, palette)) } catch { return .failure(error) }
            }
            return (from, chunk, job)
        }
        var next = start(0)
        defer { _ = next?.2.wait() }  // never leave workers running behind a failure
        while let (from, chunk, job) = next {
            let results = job.wait()
            next = start(from + chunk.count)
            for (offset, (f, r)) in zip(chunk, results).enumerated() {
                let img: IndexedImage
                switch r {
                case .success(let x): img = x
                case .failure(let e): throw e
                }
                if let size, size != (img.width, img.height) {
                    throw FrameFailure(diagnostics: [
                        Diagnostic(.error, "frame is \(img.width)×\(img.height) but the animation's first frame is \(size.width)×\(size.height); add crop: or resize: to make them agree",
                                   at: SourceLocation(file: f.path)),
                        .noteListed(at: f.sourceLocation, in: project.manifest.source),
                    ])
                }
                if encoder == nil {
                    size = (img.width, img.height)
                    encoder = GIFEncoder(width: img.width, height: img.height, loop: GIFLoop(a.settings.loop),
                                         lossy: a.settings.lossy)
                }
                let delay = a.encode.frames[from + offset].delayCentiseconds
                do { try sink.write(encoder!.add(img, delayCentiseconds: delay)) } catch { throw storageFailure(error) }
            }
        }
        do {
            if encoder != nil { try sink.write(encoder!.finish()) }
            let digest = try sink.commit()
            try cache.storeEntry(key: a.encode.key, kind: "gif", object: digest, size: sink.size,
                                 description: "\(a.name): \(a.frames.count) frames → \(a.output)",
                                 inputs: a.encode.signature.inputs, params: a.encode.signature.params)
            builder.count { $0.encoded += 1 }
            builder.step("encode \(a.name)")
            return digest
        } catch {
            throw storageFailure(error)
        }
    }

    /// A quantized frame from the cache, or decoded and quantized now (and stored).
    func quantized(_ f: PlannedFrame, _ a: AnimationPlan, _ palette: PaletteHolder) throws(FrameFailure) -> IndexedImage {
        let q = project.plan.quantizes[f.quantizeKey]!
        func cached(_ key: Digest) -> IndexedImage? {
            guard !options.force || builder.alreadyQuantized(key), let hit = cache.lookup(key) else { return nil }
            return ObjectCodec.decodeQuantized(hit.bytes)
        }
        // With scope auto the palette step's choice says under which key the result is filed, so it
        // is known before looking (one lookup, counted once); otherwise the palette may not be needed.
        if q.ownPaletteKey == nil, let img = cached(q.key) { return img }
        var p = Palette(colors: [])
        var own = q.paletteKey == nil
        if let pk = q.paletteKey {
            if palette.value == nil { try palette.set(ensurePalette(pk, a)) }
            p = palette.value!.palette
            own = palette.value!.perFrame
        }
        // scope auto chose per-frame palettes: the result does not depend on the other frames, so it
        // is filed under the key `scope: per-frame` gives it, where it survives edits to other frames.
        let alias = own && q.ownPaletteKey != nil ? Planner.ownPaletteSignature(of: q, settings: a.settings) : nil
        if q.ownPaletteKey != nil, let img = cached(alias?.key ?? q.key) { return img }
        let image = try frame(f.frameKey, listedAt: f.sourceLocation)
        if own {
            var h = ColorHistogram()
            h.add(image, alphaThreshold: UInt8(q.alphaThreshold))
            p = try makePalette(h, colors: q.colors, tolerance: q.tolerance, fixed: q.fixed, a)
        }
        let out = Quantizer.quantize(image, palette: p, options: QuantizeOptions(
            dither: DitherMethod(q.dither), strength: q.ditherStrength, alphaThreshold: UInt8(q.alphaThreshold)),
            sharedPalette: !own)
        let filed = alias ?? q.signature
        do throws(CacheError) {
            try cache.store(key: filed.key, kind: "quantized", bytes: ObjectCodec.encodeQuantized(out),
                            description: "\(a.name) frame \(f.path), \(p.colors.count) colours",
                            inputs: filed.inputs, params: filed.params)
        } catch {
            cache.warn("could not store a quantized frame: \(error.message)")
        }
        builder.markQuantized(filed.key)
        builder.count { $0.quantized += 1 }
        builder.step("quantize \(q.signature.id.dropFirst("quantize ".count))")
        return out
    }

    /// Decodes and transforms one frame.
    func frame(_ key: Digest, listedAt: SourceLocation) throws(FrameFailure) -> RGBAImage {
        let step = project.plan.frames[key]!
        let image = try FrameLoading.load(step, directory: project.directory, manifest: project.manifest, listedAt: listedAt)
        builder.count { $0.decoded += 1 }
        builder.step("decode \(step.path)")
        return image
    }
}

/// The global palette of one animation, set once, read by every worker.
final class PaletteHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: PaletteChoice?
    var value: PaletteChoice? { lock.lock(); defer { lock.unlock() }; return _value }
    func set(_ p: PaletteChoice) { lock.lock(); defer { lock.unlock() }; if _value == nil { _value = p } }
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
