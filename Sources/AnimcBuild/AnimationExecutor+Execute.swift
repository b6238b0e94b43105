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

    /// One frame for every encoder: decoded once, when an RGBA output takes it or a quantize step runs.
    func frameResult(_ index: Int, _ f: PlannedFrame, _ a: AnimationPlan, _ tracks: [Decider.Track],
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
    func palettes(_ i: Int, _ a: AnimationPlan) throws(FrameFailure) -> [Digest: PaletteChoice] {
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
                if ad.quantizesPending { amend { decider.resolve(a, ad, palette: pk, choice: choice, &$0) } }
            }
        }
        return out
    }
}
