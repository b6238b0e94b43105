import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan

extension AnimationExecutor {
    /// Builds, restores or confirms animation `i`'s outputs, as decided. Throws the diagnostics of a
    /// failed frame. Only a successful run is recorded as the last build of the animation's steps.
    func execute(_ i: Int, record: inout BuildRecord) throws(FrameFailure) -> [OutputStatus] {
        let a = project.plan.animations[i]
        defer { decoded.clear() }
        let statuses = try run(i, a, record: &record)
        // Outputs found up to date leave the recorded steps as they were (and unread).
        if statuses.contains(where: { $0 == .built || $0 == .restored }) || a.outputs.contains(where: { record.outputs[$0.path] != a.name }) {
            if record.steps.isEmpty { record.steps = history.steps }
            remember(a, in: &record)
        }
        for (o, status) in zip(a.outputs, statuses) { record.noteOutput(of: a.name, path: o.path, status: status) }
        sources.sheets.release(keeping: sheetsNeeded(after: i))
        return statuses
    }

    private func run(_ i: Int, _ a: AnimationPlan, record: inout BuildRecord) throws(FrameFailure) -> [OutputStatus] {
        var statuses = [OutputStatus](repeating: .upToDate, count: a.outputs.count)
        for (k, o) in a.outputs.enumerated() {
            switch decision.current.animations[i].outputs[k] {
            case .upToDate(let entry):
                cache.markUsed(entry.key)
                record.files[o.path] = outputs.record(o.path)
            case .restore(let entry):
                if options.mode == .check {
                    statuses[k] = FileSystem.status(Paths.join(project.directory, o.path)) == nil ? .missing : .stale
                    continue
                }
                if try restore(entry.object, to: o.path, kind: ObjectKind(o.format)) {
                    cache.markUsed(entry.key)
                    record.files[o.path] = outputRecord(o.path, digest: entry.object)
                    builder.step("restore \(o.path)")
                    statuses[k] = .restored
                    continue
                }
                // The cached encoding was damaged: its steps are decided now, and run.
                amend { d in
                    d.hits -= 1
                    d.work.removeAll { $0.step == "write \(o.path)" }
                    var only = AnimationDecision()
                    only.outputs = a.outputs.indices.map { $0 == k ? .encode : .upToDate(entry) }
                    decider.decideEncodes(a, &only, &d)
                    d.animations[i].outputs[k] = .encode
                    d.animations[i].palettes.merge(only.palettes) { old, _ in old }
                    d.animations[i].quantizesPending = d.animations[i].quantizesPending || only.quantizesPending
                }
            case .encode:
                break
            }
        }
        let encoding = decision.current.animations[i].encoding
        if !encoding.isEmpty {
            for (k, status) in zip(encoding, try encode(i, a, encoding, record: &record)) { statuses[k] = status }
        }
        return statuses
    }

    /// Puts a cached object in place at `path` (an output or an atlas file); false when the object was damaged.
    func restore(_ object: Digest, to path: String, kind: ObjectKind) throws(FrameFailure) -> Bool {
        do { return try cache.copyObject(object, to: Paths.join(project.directory, path), kind: kind) } catch {
            throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: path))])
        }
    }

    /// The stat record of a file animc just wrote, with the digest it was written from.
    func outputRecord(_ path: String, digest: Digest) -> BuildRecord.FileRecord? {
        guard let st = FileSystem.status(Paths.join(project.directory, path)) else { return nil }
        return BuildRecord.FileRecord(status: st, digest: digest, hashedAtNs: FileSystem.nowNs())
    }

    /// Records every step of the animation as built (for `--explain` next time) and its outputs.
    private func remember(_ a: AnimationPlan, in record: inout BuildRecord) {
        func put(_ s: StepSignature) {
            record.steps[Decider.historyID(s, a)] = .init(key: s.key, params: s.params, inputs: s.inputs)
        }
        for f in a.frames {
            put(project.plan.frames[f.frameKey]!.signature)
            if let q = project.plan.quantizes[f.quantizeKey] { put(q.signature) }
        }
        if let pk = a.paletteKey { put(project.plan.palettes[pk]!.signature) }
        for o in a.outputs {
            put(o.encode.signature)
            if o.encode.input == .quantized, o.paletteKey != a.paletteKey {
                if let pk = o.paletteKey { put(project.plan.palettes[pk]!.signature) }
                for f in o.encode.frames { put(project.plan.quantizes[f.input]!.signature) }
            }
            record.outputs[o.path] = a.name
        }
    }

    // MARK: encoding

    /// One play-order frame as the encoders take it: its RGBA (when an output takes RGBA) and its
    /// quantized image on each palette track.
    struct FrameResult: Sendable {
        var rgba: RGBAImage?
        var indexed: [IndexedImage]
    }

    /// Streams the frames to every output being encoded, in windows: the pool decodes each frame once
    /// and quantizes it for each track while the encoders take the previous window. Each output goes at
    /// once to a temporary file beside it and into a cache object; it is put in place only when
    /// complete and different, and a cache that cannot be written only costs a warning.
    private func encode(_ i: Int, _ a: AnimationPlan, _ encoding: [Int], record: inout BuildRecord) throws(FrameFailure) -> [OutputStatus] {
        let choices = try palettes(i, a)
        let quantizes = decision.current.quantizes
        let outs = encoding.map { a.outputs[$0] }
        let tracks = decider.tracks(outs)
        let rgba = outs.contains { $0.encode.input == .rgba }
        let trackOf: [Int?] = outs.map { o in
            o.encode.input == .quantized
                ? tracks.firstIndex { $0.paletteKey == o.paletteKey && $0.quantizeKeys == o.encode.frames.map(\.input) } : nil
        }
        let sinks = try outs.map { o throws(FrameFailure) in
            try EncodedSink(cache: cache, output: options.mode == .build ? Paths.join(project.directory, o.path) : nil, name: o.path)
        }
        var encoders: [AnimationEncoder] = []
        let sizing = memorySizing(a, rgba: rgba), window = sizing.window  // frames in flight, sized by bytes
        var size: (width: Int, height: Int)?
        // Window k is encoded here while the pool makes window k + 1: at most two windows alive.
        func start(_ from: Int) -> (Int, [PlannedFrame], PoolJob<Result<FrameResult, FrameFailure>>)? {
            guard from < a.frames.count else { return nil }
            let chunk = Array(a.frames[from..<min(from + window, a.frames.count)])
            let job = pool.start(chunk.count, width: sizing.workers) { k -> Result<FrameResult, FrameFailure> in
                do throws(FrameFailure) {
                    return .success(try self.frameResult(from + k, chunk[k], a, tracks, choices, quantizes, rgba: rgba))
                } catch { return .failure(error) }
            }
            return (from, chunk, job)
        }
        var next = start(0)
        defer { _ = next?.2.wait() }  // never leave work running behind a failure
        while let (from, chunk, job) = next {
            let results = job.wait()
            next = start(from + chunk.count)
            for (offset, (f, r)) in zip(chunk, results).enumerated() {
                let frame: FrameResult
                switch r {
                case .success(let x): frame = x
                case .failure(let e): throw e
                }
                let dims = frame.rgba.map { ($0.width, $0.height) } ?? (frame.indexed[0].width, frame.indexed[0].height)
                if let size, size != dims {
                    throw FrameFailure(diagnostics: [
                        Diagnostic(.error, "frame is \(dims.0)×\(dims.1) but the animation's first frame is \(size.width)×\(size.height); add crop: or resize: to make them agree",
                                   at: SourceLocation(file: f.path)),
                        .noteListed(at: f.sourceLocation, in: project.manifest.source),
                    ])
                }
                if encoders.isEmpty {
                    size = dims
                    encoders = try outs.map { o throws(FrameFailure) in
                        do throws(EncoderError) {
                            return try Encoders.make(o.encode, width: dims.0, height: dims.1,
                                                     palette: o.paletteKey.flatMap { choices[$0]?.palette })
                        } catch { throw encoderFailure(error, o) }
                    }
                }
                for (k, o) in outs.enumerated() {
                    let input: EncoderFrame = trackOf[k].map { .indexed(frame.indexed[$0]) } ?? .rgba(frame.rgba!)
                    let bytes: [UInt8]
                    do throws(EncoderError) { bytes = try encoders[k].add(input, delay: o.encode.frames[from + offset].delay) } catch {
                        throw encoderFailure(error, o)
                    }
                    try sinks[k].write(bytes)
                }
            }
        }
        var statuses: [OutputStatus] = []
        for (k, o) in outs.enumerated() {
            if k < encoders.count {
                let bytes: [UInt8]
                do throws(EncoderError) { bytes = try encoders[k].finish() } catch { throw encoderFailure(error, o) }
                try sinks[k].write(bytes)
            }
            let digest = sinks[k].finishCache(o.encode, description: "\(a.name): \(a.frames.count) frames → \(o.path)")
            builder.count { $0.encoded += 1 }
            builder.step("encode \(o.path)")
            let state = outputs.state(o.path, expected: digest)
            if state == .matches {
                record.files[o.path] = outputs.record(o.path)
                statuses.append(.upToDate)  // the temporary file is dropped; the output keeps its mtime
                continue
            }
            if options.mode == .check { statuses.append(state == .missing ? .missing : .stale); continue }
            try sinks[k].commitOutput()
            record.files[o.path] = outputRecord(o.path, digest: digest)
            statuses.append(.built)
        }
        return statuses
    }

    private func encoderFailure(_ e: EncoderError, _ o: OutputPlan) -> FrameFailure {
        FrameFailure(diagnostics: [Diagnostic(.error, "cannot encode: \(e.description)", at: SourceLocation(file: o.path))])
    }

    /// One frame for every encoder: decoded once, when an RGBA output takes it or a quantize step runs.
    private func frameResult(_ index: Int, _ f: PlannedFrame, _ a: AnimationPlan, _ tracks: [Decider.Track],
                             _ choices: [Digest: PaletteChoice], _ quantizes: [Digest: StepDecision],
                             rgba: Bool) throws(FrameFailure) -> FrameResult {
        var image: RGBAImage?
        let decode = { () throws(FrameFailure) -> RGBAImage in
            if let image { return image }
            let made = try self.heldOrDecoded(f.frameKey, listedAt: f.sourceLocation, take: true)
            image = made
            return made
        }
        var indexed: [IndexedImage] = []
        for t in tracks {
            let qk = t.quantizeKeys[index]
            indexed.append(try quantized(qk, f, a, t.paletteKey.flatMap { choices[$0] }, quantizes[qk]!, decode))
        }
        return FrameResult(rgba: rgba ? try decode() : nil, indexed: indexed)
    }

    /// The palettes the encoding outputs' quantize steps map onto: from the decision, or run now (and,
    /// for `scope: auto`, its choice then decides the GIF track's quantize steps).
    private func palettes(_ i: Int, _ a: AnimationPlan) throws(FrameFailure) -> [Digest: PaletteChoice] {
        let ad = decision.current.animations[i]
        var out: [Digest: PaletteChoice] = [:]
        for pk in ad.palettes.keys.sorted() {
            switch ad.palettes[pk]! {
            case .cached(let choice):
                cache.markUsed(pk)
                out[pk] = choice
            case .run:
                let choice = try runPalette(pk, a)
                out[pk] = choice
                if ad.quantizesPending, pk == a.paletteKey { amend { decider.resolve(a, ad, choice: choice, &$0) } }
            }
        }
        return out
    }
}
