import AnimcBasics
import AnimcCache
import AnimcImaging
import AnimcManifest
import AnimcPlan

extension AnimationExecutor {
    /// Builds, restores or confirms animation `i`'s output, as decided. Throws the diagnostics of a
    /// failed frame. Only a successful run is recorded as the last build of the animation's steps.
    func execute(_ i: Int, record: inout BuildRecord) throws(FrameFailure) -> OutputStatus {
        let a = project.plan.animations[i]
        let status = try run(i, a, record: &record)
        // An output found up to date leaves the recorded steps as they were (and unread).
        if status == .built || status == .restored || record.outputs[a.name] != a.output {
            if record.steps.isEmpty { record.steps = history.steps }
            remember(a, in: &record)
        }
        record.noteOutput(of: a.name, path: a.output, status: status)
        return status
    }

    private func run(_ i: Int, _ a: AnimationPlan, record: inout BuildRecord) throws(FrameFailure) -> OutputStatus {
        let outputAbs = Paths.join(project.directory, a.output)
        switch decision.current.animations[i].output {
        case .upToDate(let entry):
            cache.markUsed(entry.key)
            record.files[a.output] = outputs.record(a.output)
            return .upToDate
        case .restore(let entry):
            if options.mode == .check { return .stale }
            if try copyOutput(entry.object, to: outputAbs, a) {
                cache.markUsed(entry.key)
                record.files[a.output] = outputRecord(outputAbs, digest: entry.object)
                builder.step("restore \(a.output)")
                return .restored
            }
            // The cached GIF was damaged: its steps are decided now, and run.
            amend { d in
                d.hits -= 1
                d.work.removeAll { $0.step == "write \(a.output)" }
                var ad = d.animations[i]
                decider.decideEncode(a, &ad, &d)
                d.animations[i] = ad
            }
        case .encode:
            break
        }
        return try encode(i, a, to: outputAbs, record: &record)
    }

    private func copyOutput(_ object: Digest, to path: String, _ a: AnimationPlan) throws(FrameFailure) -> Bool {
        do { return try cache.copyObject(object, to: path, kind: .gif) } catch {
            throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: a.output))])
        }
    }

    private func outputRecord(_ abs: String, digest: Digest) -> BuildRecord.FileRecord? {
        guard let st = FileSystem.status(abs) else { return nil }
        return BuildRecord.FileRecord(status: st, digest: digest, hashedAtNs: FileSystem.nowNs())
    }

    /// Records every step of the animation as built (for `--explain` next time) and its output.
    private func remember(_ a: AnimationPlan, in record: inout BuildRecord) {
        func put(_ s: StepSignature) {
            record.steps[Decider.historyID(s, a)] = .init(key: s.key, params: s.params, inputs: s.inputs)
        }
        for f in a.frames {
            put(project.plan.frames[f.frameKey]!.signature)
            put(project.plan.quantizes[f.quantizeKey]!.signature)
        }
        if let pk = a.paletteKey { put(project.plan.palettes[pk]!.signature) }
        put(a.encode.signature)
        record.outputs[a.name] = a.output
    }

    // MARK: encoding

    /// Streams the frames through quantize and the GIF encoder in windows. The GIF goes at once to a
    /// temporary file beside the output and into a cache object; the output is renamed into place
    /// only when complete and different, and a cache that cannot be written only costs a warning.
    private func encode(_ i: Int, _ a: AnimationPlan, to outputAbs: String, record: inout BuildRecord) throws(FrameFailure) -> OutputStatus {
        let choice = try paletteForEncode(i, a)
        let quantizes = decision.current.quantizes
        var sink = try EncodedSink(cache: cache, output: options.mode == .build ? outputAbs : nil, a)
        let sizing = memorySizing(a), window = sizing.window  // frames in flight, sized by bytes
        var encoder: GIFEncoder?
        var size: (width: Int, height: Int)?
        // Window k is encoded here while the pool quantizes window k + 1: at most two windows alive.
        func start(_ from: Int) -> (Int, [PlannedFrame], PoolJob<Result<IndexedImage, FrameFailure>>)? {
            guard from < a.frames.count else { return nil }
            let chunk = Array(a.frames[from..<min(from + window, a.frames.count)])
            let job = pool.start(chunk.count, width: sizing.workers) { k -> Result<IndexedImage, FrameFailure> in
                do throws(FrameFailure) {
                    return .success(try self.quantized(chunk[k], a, choice, quantizes[chunk[k].quantizeKey]!))
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
                try sink.write(encoder!.add(img, delayCentiseconds: a.encode.frames[from + offset].delayCentiseconds))
            }
        }
        if encoder != nil { try sink.write(encoder!.finish()) }
        let digest = sink.finishCache(key: a.encode.key, description: "\(a.name): \(a.frames.count) frames → \(a.output)",
                                      signature: a.encode.signature)
        builder.count { $0.encoded += 1 }
        builder.step("encode \(a.name)")
        if outputs.state(a, expected: digest) == .matches {
            record.files[a.output] = outputs.record(a.output)
            return .upToDate  // the temporary file is dropped; the output keeps its mtime
        }
        if options.mode == .check { return .stale }
        try sink.commitOutput()
        record.files[a.output] = outputRecord(outputAbs, digest: digest)
        return .built
    }

    /// The palette the animation's quantize steps map onto, when they need one: from the decision,
    /// run now (and, for `scope: auto`, its choice then decides the quantize steps), or, when a
    /// cached result turned out damaged, fetched or run on demand.
    private func paletteForEncode(_ i: Int, _ a: AnimationPlan) throws(FrameFailure) -> PaletteChoice? {
        guard let pk = a.paletteKey else { return nil }
        let ad = decision.current.animations[i]
        switch ad.palette {
        case .cached(let choice)?:
            cache.markUsed(pk)
            return choice
        case .run?:
            let choice = try runPalette(pk, a)
            if ad.quantizesPending { amend { decider.resolve(a, choice: choice, &$0) } }
            return choice
        case nil:
            return nil
        }
    }
}
