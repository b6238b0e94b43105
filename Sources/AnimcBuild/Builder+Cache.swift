import AnimcBasics
import AnimcCache
import AnimcPlan

/// The cache's side of a build: the shared lock for its duration, the hit/miss counters, and the
/// collection after it when a size limit is set.
struct CacheSession {
    var lock: CacheLock?
    var startedNs: Int64
}

extension Builder {
    /// How long a build waits for `gc`/`clear`/`verify --repair` to finish before going on without the lock.
    static let lockTimeout = 60.0

    /// Takes the cache's shared lock (unless this is a dry run, which writes nothing).
    func beginCacheUse(_ project: Project, _ result: inout BuildResult) -> CacheSession {
        var session = CacheSession(lock: nil, startedNs: FileSystem.nowNs())
        guard options.mode != .dryRun, Cache.exists(at: project.cache.directory) else { return session }
        do {
            session.lock = try CacheLock(directory: project.cache.directory, mode: .shared, timeout: Builder.lockTimeout)
        } catch {
            result.diagnostics.append(Diagnostic(.warning, "\(error.message); building without the lock"))
        }
        if options.mode == .build, project.cache.writable {
            // A build killed while replacing the record or the counters left a named temporary file.
            for folder in ["", "records", "objects"] {
                AtomicFile.removeAbandonedTemporaries(in: Paths.join(project.cache.directory, folder))
            }
        }
        return session
    }

    /// Records the build's hits and misses, releases the lock and, with a size limit (`--cache-max-size`, else
    /// the manifest's `cache: {max-size:}`), collects the cache, keeping what this build's plan needs.
    func endCacheUse(_ project: Project, _ session: CacheSession, hits: Int, misses: Int,
                     remote: RemoteFigures? = nil) -> [Diagnostic] {
        guard options.mode != .dryRun, Cache.exists(at: project.cache.directory) else { return [] }
        let now = FileSystem.nowNs()
        project.cache.recordBuild(.init(hits: hits, misses: misses, finished: now / 1_000_000_000,
                                        durationMs: (now - session.startedNs) / 1_000_000, manifest: project.recordID,
                                        remote: remote))
        session.lock?.release()
        guard options.mode == .build, let limit = options.cacheMaxSize ?? project.manifest.cacheMaxSize else { return [] }
        let exclusive: CacheLock
        do {
            exclusive = try CacheLock(directory: project.cache.directory, mode: .exclusive, timeout: 5)
        } catch {
            return [Diagnostic(.note, "cache not collected: another build is using it")]
        }
        defer { exclusive.release() }
        var policy = GCPolicy(maxSize: limit)
        (policy.essential, policy.preferred) = Builder.protectedKeys(project.plan, cache: project.cache)
        let r = project.cache.collect(policy)
        var out: [Diagnostic] = []
        if !r.evicted.isEmpty || r.orphansRemoved > 0 {
            out.append(Diagnostic(.note, "cache collected to \(ByteSize.format(limit)): freed \(ByteSize.format(r.freedBytes)) (\(r.evicted.count) entries); now \(ByteSize.format(r.sizeAfter))"))
        }
        if !r.limitMet {
            out.append(Diagnostic(.warning, "the cache is \(ByteSize.format(r.sizeAfter)), over its limit of \(ByteSize.format(limit)): this build needs \(ByteSize.format(r.protectedBytes)) and the build records \(ByteSize.format(r.bookkeepingBytes))"))
        }
        return out
    }

    /// The step keys a next build of `plan` needs: encoded outputs (enough to have nothing to do) and the
    /// quantized frames and palettes behind them (so that a changed delay stays cheap), and what an edit
    /// would reuse: the GIFs' splice indexes, and with `cache`, the keys frames quantized onto the
    /// palettes it holds are filed under.
    public static func protectedKeys(_ plan: BuildPlan, cache: Cache? = nil) -> (essential: Set<Digest>, preferred: Set<Digest>) {
        var essential = Set<Digest>(), preferred = Set<Digest>()
        var choices: [Digest: PaletteChoice?] = [:]
        func choice(_ pk: Digest) -> PaletteChoice? {
            if let known = choices[pk] { return known }
            let c = cache.flatMap { $0.entry(for: pk, kind: .palette) }.flatMap { cache!.getObject($0.object) }
                .flatMap(ObjectCodec.decodePalette)
            choices[pk] = c
            return c
        }
        for a in plan.animations {
            for o in a.outputs {
                essential.insert(o.encode.key)
                if o.format == .gif { preferred.insert(GIFSplicer.indexKey(o.encode.key)) }
                let chosen = o.paletteKey.flatMap(choice)
                if o.encode.input == .quantized {
                    for f in o.encode.frames {
                        preferred.insert(f.input)
                        if let chosen, let q = plan.quantizes[f.input] { preferred.insert(AutoScope.filedKey(q, choice: chosen)) }
                    }
                }
                if let p = o.paletteKey { preferred.insert(p) }
            }
            for f in a.frames {
                if let own = plan.quantizes[f.quantizeKey]?.ownPaletteKey { preferred.insert(own) }
            }
            if let p = a.paletteKey {
                preferred.insert(p)
                if plan.palettes[p]?.decidesScope == true { preferred.insert(AutoScope.sampleKey(plan.palettes[p]!)) }
            }
        }
        for t in plan.atlases {
            essential.formUnion([t.imageKey, t.dataKey])
            preferred.formUnion(t.frames.map(\.frameKey))  // their RGBA
        }
        return (essential, preferred.subtracting(essential))
    }
}
