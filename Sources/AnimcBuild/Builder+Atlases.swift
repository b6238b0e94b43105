import AnimcBasics
import AnimcCache
import AnimcPlan

extension Builder {
    /// Runs the plan's atlases after the animations (none after a failed animation, unless `--keep-going`).
    func runAtlases(_ executor: AnimationExecutor, _ project: Project, failed: Bool, _ record: inout BuildRecord,
                    _ diagnostics: inout [Diagnostic]) -> [OutputResult] {
        var out: [OutputResult] = []
        for (j, t) in project.plan.atlases.enumerated() {
            let paths = [t.image, t.data]
            func report(_ statuses: [OutputStatus]) {
                for (p, s) in zip(paths, statuses) { out.append(OutputResult(animation: t.name, path: p, status: s)) }
            }
            if failed && !options.keepGoing { continue }
            if options.mode == .dryRun {
                let keys = [(t.imageKey, ObjectKind.atlasImage), (t.dataKey, ObjectKind.atlasData)]
                report(zip(paths, keys).map { p, k in
                    guard !options.force, let e = project.cache.peekEntry(k.0, kind: k.1) else { return .stale }
                    return executor.outputs.state(p, expected: e.object) == .matches ? .upToDate : .stale
                })
                continue
            }
            do {
                report(try executor.executeAtlas(j, record: &record))
            } catch {
                diagnostics += error.diagnostics
                report([.failed, .failed])
                if !options.keepGoing { break }
            }
        }
        return out
    }
}
