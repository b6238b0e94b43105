import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan
import Foundation

public struct ProgressEvent: Sendable {
    public var done: Int
    public var total: Int
    public var message: String
}

public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void

/// Loads a manifest, plans it, decides once what runs, and runs exactly that.
public final class Builder: Sendable {
    public let manifestPath: String
    public let options: BuildOptions
    let progress: ProgressHandler?
    private let state = Locked(State())

    struct State {
        var counts = StepCounts()
        var done = 0
        /// Notes from the steps (such as what `scope: auto` chose), reported with the result.
        var notes: [Diagnostic] = []
        /// The decision's progress units, once decided.
        var total: () -> Int = { 0 }
    }

    public init(manifestPath: String, options: BuildOptions, progress: ProgressHandler? = nil) {
        self.manifestPath = manifestPath
        self.options = options
        self.progress = progress
    }

    /// The folder of the cache for `manifestPath`: `--cache-dir`, else `$ANIMC_CACHE_DIR`, else beside the manifest.
    public static func cacheDirectory(for manifestPath: String, option: String?) -> String {
        if let option, !option.isEmpty { return Paths.absolute(option) }
        if let env = ProcessInfo.processInfo.environment["ANIMC_CACHE_DIR"], !env.isEmpty { return Paths.absolute(env) }
        return Paths.join(Paths.directory(of: Paths.absolute(manifestPath)), ".animc-cache")
    }

    /// The name of a manifest's build record: its path relative to the cache's parent folder, so a
    /// project and its cache moved together keep their record.
    static func recordID(manifest: String, cache: String) -> String {
        let base = Paths.directory(of: cache)
        let m = Paths.absolute(manifest)
        return m.hasPrefix(base + "/") ? String(m.dropFirst(base.count + 1)) : m
    }

    func step(_ message: String) {
        guard let progress else { return }
        let event = state.withLock { s -> ProgressEvent in
            s.done += 1
            return ProgressEvent(done: s.done, total: max(s.total(), s.done), message: message)
        }
        progress(event)
    }

    func note(_ message: String) {
        state.withLock { $0.notes.append(Diagnostic(.note, message)) }
    }

    func count(_ body: (inout StepCounts) -> Void) {
        state.withLock { body(&$0.counts) }
    }

    /// Loads, plans, decides and (unless a dry run) builds. Never throws: every problem is a diagnostic in the result.
    public func run() -> BuildResult {
        if let fast = FastNoOp.attempt(manifestPath: manifestPath, options: options) { return fast }
        let start = FastNoOp.begin(manifestPath: manifestPath, options: options)
        Memory.configured
        let pool = WorkerPool(threads: options.jobs)
        defer { pool.shutdown() }
        var result = BuildResult()
        let loaded = Loader.load(manifestPath: manifestPath, options: options, pool: pool)
        result.diagnostics += loaded.diagnostics
        result.watchSet = WatchSet(manifestPath: manifestPath, manifest: loaded.manifest,
                                   cacheDirectory: Builder.cacheDirectory(for: manifestPath, option: options.cacheDirectory))
        guard var project = loaded.project else {
            result.manifestValid = loaded.manifestValid
            return result
        }
        count { $0.sheets += project.sheetsDecoded }
        let cacheSession = beginCacheUse(project, &result)
        var record = project.record
        // Decide once: what runs, and why. Progress, explain, the dry run and the counters read it.
        let executor = AnimationExecutor(builder: self, project: project, pool: pool)
        state.withLock { $0.total = { executor.decision.current.units } }

        animations: for (i, a) in project.plan.animations.enumerated() {
            let statuses: [OutputStatus]
            switch options.mode {
            case .dryRun:
                statuses = executor.dryRunStatuses(i)
            case .build, .check:
                do {
                    statuses = try executor.execute(i, record: &record)
                } catch {
                    result.diagnostics += error.diagnostics
                    for o in a.outputs { result.outputs.append(OutputResult(animation: a.name, path: o.path, status: .failed)) }
                    if !options.keepGoing {
                        for b in project.plan.animations[(i + 1)...] {
                            for o in b.outputs { result.outputs.append(OutputResult(animation: b.name, path: o.path, status: .skipped)) }
                        }
                        break animations
                    }
                    continue animations
                }
            }
            for (o, status) in zip(a.outputs, statuses) {
                result.outputs.append(OutputResult(animation: a.name, path: o.path, status: status))
            }
            if options.mode == .build {
                result.diagnostics += Builder.checkBudgets(a, &result.outputs, project: project)
            }
        }
        result.outputs += runAtlases(executor, project, failed: result.outputs.contains { $0.status == .failed }, &record, &result.diagnostics)

        let decision = executor.decision.current
        OutputInfo.describe(&result.outputs, plan: project.plan, directory: project.directory, work: decision.work)
        if options.explain || options.mode != .build { result.explanations = decision.work }
        if options.mode == .build, record != project.record {
            // Steps were read (and updated) only if some animation ran.
            project.cache.saveRecord(record, id: project.recordID, steps: !record.steps.isEmpty)
        }
        state.withLock { $0.total = { 0 } }
        result.diagnostics += state.withLock { $0.notes }
        result.remote = finishRemote(project, &result.diagnostics)
        result.diagnostics += endCacheUse(project, cacheSession, hits: decision.hits, misses: decision.misses,
                                          remote: result.remote)
        result.diagnostics += project.cache.takeWarnings().map { Diagnostic(.warning, $0) }
        result.cacheHits = decision.hits
        result.cacheMisses = decision.misses
        result.steps = state.withLock { $0.counts }
        FastNoOp.save(start, project: project, record: record, result: result, options: options, manifestPath: manifestPath)
        return result
    }
}
