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
        let loaded = Loader.load(manifestPath: manifestPath, options: opts)
        return (loaded.project?.plan, loaded.diagnostics)
    }
}
