import AnimcAtlas
import AnimcBasics
import AnimcCache
import AnimcPixels
import AnimcPlan

extension AnimationExecutor {
    /// Writes atlas `j`'s image and data, or confirms or restores them from the cache. Its frames'
    /// RGBA come from the cache (kept under each frame step's key) or are decoded now, so an edited
    /// frame re-packs without decoding the others.
    func executeAtlas(_ j: Int, record: inout BuildRecord) throws(FrameFailure) -> [OutputStatus] {
        let t = project.plan.atlases[j]
        defer { if j == project.plan.atlases.count - 1 { sources.sheets.release(keeping: []) } }
        let files = [(t.image, t.imageKey, ObjectKind.atlasImage), (t.data, t.dataKey, ObjectKind.atlasData)]
        if !options.force {
            let entries = files.map { cache.peekEntry($0.1, kind: $0.2) }
            if entries.allSatisfy({ $0 != nil }) {
                var statuses: [OutputStatus] = []
                for (f, e) in zip(files, entries) {
                    cache.markUsed(f.1)
                    if outputs.state(f.0, expected: e!.object) == .matches {
                        record.files[f.0] = outputs.record(f.0)
                        statuses.append(.upToDate)
                    } else if options.mode == .check {
                        statuses.append(.stale)
                    } else {
                        let missing = FileSystem.status(Paths.join(project.directory, f.0)) == nil
                        // A damaged cached file: pack again.
                        guard try restore(e!.object, to: f.0, kind: f.2) else { return try packAtlas(t, files, record: &record) }
                        amend { $0.add("write \(f.0)", missing ? .outputMissing : .outputModified) }
                        record.files[f.0] = outputRecord(f.0, digest: e!.object)
                        builder.step("restore \(f.0)")
                        statuses.append(.restored)
                    }
                }
                for (f, s) in zip(files, statuses) { record.noteOutput(of: "atlas \(t.name)", path: f.0, status: s) }
                return statuses
            }
        }
        return try packAtlas(t, files, record: &record)
    }

    private func packAtlas(_ t: AtlasPlan, _ files: [(String, Digest, ObjectKind)], record: inout BuildRecord) throws(FrameFailure) -> [OutputStatus] {
        amend { $0.add(t.signature.id, atlasReason(t)) }
        // Distinct frames, each read (or decoded) and trimmed once, on the pool; identical sprites
        // share one rectangle.
        var firsts: [AtlasFramePlan] = []
        var seen = Set<Digest>()
        for f in t.frames where seen.insert(f.frameKey).inserted { firsts.append(f) }
        let distinct = firsts, trim = t.spec.trim
        let read = pool.map(distinct.count) { i -> Result<AtlasSprite, FrameFailure> in
            do throws(FrameFailure) { return .success(AtlasSprite(try self.atlasFrame(distinct[i]), trim: trim)) } catch {
                return .failure(error)
            }
        }
        var byKey: [Digest: AtlasSprite] = [:]
        for (f, r) in zip(distinct, read) {
            switch r {
            case .success(let sprite): byKey[f.frameKey] = sprite
            case .failure(let e): throw e
            }
        }
        var spriteOf: [Digest: Int] = [:]
        var sprites: [AtlasSprite] = []
        var spriteIndex: [Digest: Int] = [:]  // by the sprite's own content
        var frameSprite: [Int] = []
        for f in t.frames {
            if let k = spriteOf[f.frameKey] { frameSprite.append(k); continue }
            let sprite = byKey[f.frameKey]!
            let id = spriteID(sprite)
            let k: Int
            if let known = spriteIndex[id] { k = known } else {
                k = sprites.count
                sprites.append(sprite)
                spriteIndex[id] = k
            }
            spriteOf[f.frameKey] = k
            frameSprite.append(k)
        }
        let packing: AtlasPacker.Packing
        do throws(AtlasPacker.TooLarge) {
            packing = try AtlasPacker.pack(sprites.map { ($0.image.width, $0.image.height) }, options: AtlasPacker.Options(
                padding: t.spec.padding, extrude: t.spec.extrude, maxSize: t.spec.maxSize, powerOfTwo: t.spec.powerOfTwo))
        } catch {
            throw FrameFailure(diagnostics: [.error("atlas '\(t.name)': \(error.description); raise max-size or split the atlas",
                                                    at: t.imageLocation, in: project.manifest.source)])
        }
        let image = AtlasImage.compose(sprites, packing, extrude: t.spec.extrude)
        let png: [UInt8]
        do { png = try PNGCodec.encode(image) } catch {
            throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot encode the atlas: \(error.message)", at: SourceLocation(file: t.image))])
        }
        let frames = zip(t.frames, frameSprite).map { f, k in
            let s = sprites[k], p = packing.placements[k]
            return AtlasData.Frame(name: f.name, x: p.x, y: p.y, w: s.image.width, h: s.image.height, offsetX: s.x, offsetY: s.y,
                                   sourceW: s.sourceWidth, sourceH: s.sourceHeight, duration: f.durationMs)
        }
        let json = AtlasData.json(frames, tags: t.tags.map { AtlasData.Tag(name: $0.name, from: $0.from, to: $0.to, direction: $0.direction) },
                                  meta: AtlasData.Meta(app: "animc", version: "1.0", image: t.imageName, width: packing.width, height: packing.height),
                                  format: t.spec.format == .jsonArray ? .jsonArray : .jsonHash)
        builder.count { $0.encoded += 1 }
        builder.step("atlas \(t.name)")
        var statuses: [OutputStatus] = []
        for ((path, key, kind), bytes) in zip(files, [png, json]) {
            let digest = Digest.of(bytes)
            do throws(CacheError) {
                try cache.store(key: key, kind: kind.rawValue, bytes: bytes, description: "atlas \(t.name) → \(path)",
                                inputs: ["atlas": t.key], params: [:])
            } catch { cache.warn("could not store atlas '\(t.name)': \(error.message)") }
            if outputs.state(path, expected: digest) == .matches {
                record.files[path] = outputs.record(path)
                statuses.append(.upToDate)
            } else if options.mode == .check {
                statuses.append(.stale)
            } else {
                do throws(FileError) { try AtomicFile.write(bytes, to: Paths.join(project.directory, path)) } catch {
                    throw FrameFailure(diagnostics: [Diagnostic(.error, "cannot write output: \(error.reason)", at: SourceLocation(file: path))])
                }
                record.files[path] = outputRecord(path, digest: digest)
                statuses.append(.built)
            }
            record.noteOutput(of: "atlas \(t.name)", path: path, status: statuses.last!)
        }
        if options.mode == .build {
            if record.steps.isEmpty { record.steps = history.steps }
            let s = t.signature
            record.steps[s.id] = .init(key: s.key, params: s.params, inputs: s.inputs)
        }
        return statuses
    }

    /// Why the atlas is packed, from the last build's record of it.
    func atlasReason(_ t: AtlasPlan) -> RunReason {
        if options.force { return .forced }
        let s = t.signature
        guard let prev = history.steps[s.id] else { return .neverBuilt }
        if prev.key == s.key { return .cacheEntryMissing }
        let params = Set(prev.params.keys).union(s.params.keys).filter { prev.params[$0] != s.params[$0] }.sorted()
        if !params.isEmpty { return .parametersChanged(params) }
        var inputs = s.inputs.keys.filter { prev.inputs[$0] != s.inputs[$0] }.compactMap { name -> (Int, String)? in
            guard let i = Int(name.dropFirst("frame ".count)), i < t.frames.count else { return nil }
            return (i, "frame \(t.frames[i].name)")
        }.sorted { $0.0 < $1.0 }.map(\.1)
        if inputs.count > 5 { inputs = Array(inputs.prefix(5)) + ["and \(inputs.count - 5) more"] }
        return .inputChanged(inputs)
    }

    /// A frame's RGBA after its transforms: from the cache (kept there by an earlier build, or by an
    /// animation of this one that decoded it), or decoded now and kept there.
    private func atlasFrame(_ f: AtlasFramePlan) throws(FrameFailure) -> RGBAImage {
        let keptNow = keptRGBA.withLock { $0.contains(f.frameKey) }
        if !options.force || keptNow, let hit = cache.lookup(f.frameKey, kind: .rgba), let img = ObjectCodec.decodeRGBA(hit.bytes) {
            return img
        }
        let img = try frame(f.frameKey, listedAt: f.sourceLocation)
        keepForAtlas(f.frameKey, img, wanted: false)
        return img
    }

    /// Stores a decoded frame's RGBA (kind `rgba`, under its frame key) once per build: when an atlas
    /// will pack it (`wanted`, as any decode asks), or always (the atlas's own decode).
    func keepForAtlas(_ key: Digest, _ image: RGBAImage, wanted: Bool) {
        if wanted, !atlasFrames.contains(key) { return }
        guard keptRGBA.withLock({ $0.insert(key).inserted }) else { return }
        do throws(CacheError) {
            try cache.store(key: key, kind: ObjectKind.rgba.rawValue, bytes: ObjectCodec.encodeRGBA(image),
                            description: "\(project.plan.frames[key]?.signature.id ?? "frame") as RGBA")
        } catch { cache.warn("could not store a frame's RGBA: \(error.message)") }
    }

    /// The frames of the atlases that will pack (forced, or a cached file missing), for `keepForAtlas`.
    static func framesOfPackingAtlases(_ project: Project, force: Bool) -> Set<Digest> {
        var out = Set<Digest>()
        for t in project.plan.atlases where force || project.cache.peekEntry(t.imageKey, kind: .atlasImage) == nil
            || project.cache.peekEntry(t.dataKey, kind: .atlasData) == nil {
            out.formUnion(t.frames.map(\.frameKey))
        }
        return out
    }

    private func spriteID(_ s: AtlasSprite) -> Digest {
        var h = StreamingDigest()
        h.update(Array("\(s.image.width) \(s.image.height) \(s.x) \(s.y) \(s.sourceWidth) \(s.sourceHeight)\n".utf8))
        h.update(s.image.pixels)
        return h.finalize()
    }
}
