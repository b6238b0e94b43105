import AnimcBasics
import AnimcCache
import AnimcManifest
import AnimcPlan
import Foundation

/// The fast no-op: a small record, written at the end of a successful build, of everything planning
/// reads (the manifest's bytes, the stat of every source and output file, of the folders globs list
/// and of single files the manifest names) and of each output's cache entry. When all of it still
/// holds, the next build skips loading, resolving, hashing and planning: its outputs are up to date.
/// Anything doubtful (a stat taken too close to a modification, a warning, a failed or partial build,
/// a cache size limit, options other than a plain build) means no record, and the full path runs.
/// Every build that does not take the fast path removes the record first, so a build cut off midway
/// leaves none behind.
struct FastNoOp {
    static let header = "animc-fast-noop 1"
    /// A stat is trusted only when the file was last modified this long before it was read (covers the
    /// kernel's coarse timestamp clock; coarser file systems simply never get a record).
    static let margin: Int64 = 50_000_000

    struct Stat: Equatable {
        var size: Int64, mtimeNs: Int64, ctimeNs: Int64, inode: UInt64
        init(_ s: FileStatus) { size = s.size; mtimeNs = s.mtimeNs; ctimeNs = s.ctimeNs; inode = s.inode }
        init(_ r: BuildRecord.FileRecord) { size = r.size; mtimeNs = r.mtimeNs; ctimeNs = r.ctimeNs; inode = r.inode }
        init(size: Int64, mtimeNs: Int64, ctimeNs: Int64, inode: UInt64) {
            self.size = size; self.mtimeNs = mtimeNs; self.ctimeNs = ctimeNs; self.inode = inode
        }
    }

    /// A cache entry file: `markUsed` touches it (so its times move), but it is replaced, never edited.
    struct Entry: Equatable {
        var path: String, size: Int64, inode: UInt64
    }

    struct Output: Equatable {
        var animation: String, path: String, key: Digest, digest: Digest, format: String
    }

    var version: String
    var manifest: Digest
    var files: [(path: String, stat: Stat)] = []
    var entries: [Entry] = []
    var outputs: [Output] = []
    var watch: WatchSet

    /// What identifies this animc's algorithms and encoders: a record from another version never matches.
    static var currentVersion: String {
        ([algorithmVersion] + Encoders.versions.map { "\($0.key.rawValue)=\($0.value)" }.sorted()).joined(separator: ",")
    }

    static func eligible(_ o: BuildOptions) -> Bool {
        o.mode == .build && !o.force && !o.explain && o.animations.isEmpty && o.shard == nil && o.cacheMaxSize == nil
    }

    static func path(cacheDirectory: String, manifestPath: String) -> String {
        let id = Builder.recordID(manifest: manifestPath, cache: cacheDirectory)
        return Paths.join(cacheDirectory, "records/\(Digest.of(id).hex.prefix(24)).fast")
    }

    // MARK: checking

    /// The result of a no-op build when the record says nothing changed; nil otherwise.
    static func attempt(manifestPath: String, options: BuildOptions) -> BuildResult? {
        guard eligible(options) else { return nil }
        let cacheDir = Builder.cacheDirectory(for: manifestPath, option: options.cacheDirectory)
        guard let bytes = try? FileSystem.read(path(cacheDirectory: cacheDir, manifestPath: manifestPath)),
              let r = FastNoOp(serialized: bytes), r.version == currentVersion,
              let m = try? FileSystem.read(Paths.absolute(manifestPath)), Digest.of(m) == r.manifest,
              // Paths in it are absolute: a project or cache copied elsewhere never uses it.
              r.watch.cacheDirectory == cacheDir, r.watch.files.contains(Paths.absolute(manifestPath)) else { return nil }
        for f in r.files {
            guard let st = FileSystem.status(f.path), Stat(st) == f.stat else { return nil }
        }
        for e in r.entries {
            guard let st = FileSystem.status(e.path), st.isRegular, st.size == e.size, st.inode == e.inode else { return nil }
        }
        guard Cache.exists(at: cacheDir), let cache = try? Cache(directory: cacheDir, create: false), cache.writable else { return nil }
        let lock = try? CacheLock(directory: cacheDir, mode: .shared, timeout: Builder.lockTimeout)
        defer { lock?.release() }
        guard lock != nil else { return nil }
        let started = FileSystem.nowNs()
        for o in r.outputs { cache.markUsed(o.key) }
        var result = BuildResult()
        result.outputs = r.outputs.map { OutputResult(animation: $0.animation, path: $0.path, status: .upToDate) }
        result.cacheHits = r.outputs.count
        result.watchSet = r.watch
        let id = Builder.recordID(manifest: manifestPath, cache: cacheDir)
        let now = FileSystem.nowNs()
        cache.recordBuild(.init(hits: r.outputs.count, misses: 0, finished: now / 1_000_000_000,
                                durationMs: (now - started) / 1_000_000, manifest: id))
        result.diagnostics += cache.takeWarnings().map { Diagnostic(.warning, $0) }
        return result
    }

    // MARK: recording

    /// What a build notes before it loads anything: when it started and the manifest's bytes.
    struct Start {
        var ns: Int64
        var manifest: Digest?
    }

    /// Removes the record (this build takes the full path) and notes the start.
    static func begin(manifestPath: String, options: BuildOptions) -> Start {
        let start = Start(ns: FileSystem.nowNs(), manifest: (try? FileSystem.read(Paths.absolute(manifestPath))).map { Digest.of($0) })
        if options.mode == .build {
            let cacheDir = Builder.cacheDirectory(for: manifestPath, option: options.cacheDirectory)
            FileSystem.remove(path(cacheDirectory: cacheDir, manifestPath: manifestPath))
        }
        return start
    }

    /// Writes the record after a successful, clean build of every animation; does nothing when in doubt.
    static func save(_ start: Start, project: Project, record: BuildRecord, result: BuildResult, options: BuildOptions,
                     manifestPath: String) {
        guard eligible(options), let manifest = start.manifest, result.succeeded, result.diagnostics.isEmpty,
              project.manifest.cacheMaxSize == nil, project.cache.writable, let watch = result.watchSet,
              !watch.folders.values.contains(true),
              result.outputs.allSatisfy({ [.upToDate, .built, .restored].contains($0.status) }) else { return }
        var r = FastNoOp(version: currentVersion, manifest: manifest, watch: watch)
        var seen = Set<String>()
        func trusted(_ rel: String) -> Bool {
            guard seen.insert(rel).inserted else { return true }
            guard let f = record.files[rel], f.mtimeNs < f.hashedAtNs - margin else { return false }
            r.files.append((Paths.join(project.directory, rel), Stat(f)))
            return true
        }
        /// An output (or atlas file) is vouched for by its stat and by its cache entry and object.
        func vouch(_ owner: String, _ path: String, key: Digest, kind: ObjectKind) -> Bool {
            guard trusted(path), let f = record.files[path],
                  let e = project.cache.peekEntry(key, kind: kind), e.object == f.digest else { return false }
            r.outputs.append(Output(animation: owner, path: path, key: key, digest: f.digest, format: kind.rawValue))
            let (entry, object) = project.cache.filePaths(key: key, object: e.object)
            guard let es = FileSystem.status(entry), let os = FileSystem.status(object) else { return false }
            r.entries.append(Entry(path: entry, size: es.size, inode: es.inode))
            r.files.append((object, Stat(os)))
            return true
        }
        for a in project.plan.animations {
            for f in a.frames where !trusted(f.path) { return }
            for o in a.outputs where !vouch(a.name, o.path, key: o.encode.key, kind: ObjectKind(o.format)) { return }
        }
        for t in project.plan.atlases {
            guard vouch(t.name, t.image, key: t.imageKey, kind: .atlasImage),
                  vouch(t.name, t.data, key: t.dataKey, kind: .atlasData) else { return }
        }
        // Folders listed by globs and files the manifest names: unchanged since before this build began.
        let manifestAbs = Paths.absolute(manifestPath)
        for p in watch.files.sorted() + watch.folders.keys.sorted() where p != manifestAbs && seen.insert(p).inserted {
            guard let st = FileSystem.status(p), st.mtimeNs < start.ns - margin else { return }
            r.files.append((p, Stat(st)))
        }
        guard let bytes = r.serialized() else { return }
        try? AtomicFile.write(bytes, to: path(cacheDirectory: project.cache.directory, manifestPath: manifestPath))
    }
}
