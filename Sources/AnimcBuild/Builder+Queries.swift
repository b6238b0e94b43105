import AnimcBasics
import AnimcCache
import AnimcManifest
import AnimcPlan
import Foundation

extension Builder {
    /// Loads and plans without building: for `animc graph`.
    public func plan() -> (plan: BuildPlan?, diagnostics: [Diagnostic]) {
        var opts = options
        opts.mode = .dryRun
        let pool = WorkerPool(threads: opts.jobs)
        defer { pool.shutdown() }
        let loaded = Loader.load(manifestPath: manifestPath, options: opts, pool: pool)
        return (loaded.project?.plan, loaded.diagnostics)
    }

    public struct CleanResult: Sendable {
        public var removed: [String] = []
        public var diagnostics: [Diagnostic] = []
    }

    /// Removes the outputs the manifest names; with `stale`, also outputs recorded for animations it no longer has.
    /// Only files animc would write (outputs) are ever removed; sources are never touched.
    public func clean(stale: Bool) -> CleanResult {
        var result = CleanResult()
        let manifest: Manifest
        do {
            manifest = try ManifestLoader.load(path: manifestPath).manifest
        } catch {
            result.diagnostics = error.diagnostics
            return result
        }
        var targets = manifest.animations.map { Paths.normalize($0.output) }
        let cacheDir = Builder.cacheDirectory(for: manifestPath, option: options.cacheDirectory)
        if stale, let cache = try? Cache(directory: cacheDir, create: false) {
            let id = Builder.recordID(manifest: manifestPath, cache: cacheDir)
            var record = cache.loadRecord(id: id)
            let names = Set(manifest.animations.map(\.name))
            for (name, output) in record.outputs.sorted(by: { $0.key < $1.key }) where !names.contains(name) {
                // Only when no current animation writes there.
                if !targets.contains(output) { targets.append(output) }
                record.outputs[name] = nil
            }
            if options.mode == .build { cache.saveRecord(record, id: id, steps: false) }
        }
        for t in targets {
            let abs = Paths.join(manifest.directory, t)
            guard FileSystem.status(abs)?.isRegular == true else { continue }
            if options.mode == .build {
                if unlink(abs) != 0 {
                    result.diagnostics.append(Diagnostic(.error, "cannot remove: \(String(cString: strerror(errno)))", at: SourceLocation(file: t)))
                    continue
                }
            }
            result.removed.append(t)
        }
        return result
    }
}
