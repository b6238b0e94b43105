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
                let entries = keys.map { options.force ? nil : project.cache.peekEntry($0.0, kind: $0.1) }
                if entries.contains(where: { $0 == nil }) {
                    executor.amend { $0.add(t.signature.id, executor.atlasReason(t)) }
                    report([.stale, .stale])
                    continue
                }
                report(zip(paths, entries).map { p, e in
                    switch executor.outputs.state(p, expected: e!.object) {
                    case .matches: return .upToDate
                    case .missing: executor.amend { $0.add("write \(p)", .outputMissing) }
                    case .differs: executor.amend { $0.add("write \(p)", .outputModified) }
                    }
                    return .stale
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
