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
}
