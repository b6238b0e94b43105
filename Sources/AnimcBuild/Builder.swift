import AnimcBasics
import AnimcCache
import AnimcImaging
import AnimcManifest
import AnimcPlan
import Foundation

public struct ProgressEvent: Sendable {
    public var done: Int
    public var total: Int
    public var message: String
}

public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void

/// Loads a manifest, plans it, and runs the steps whose keys the cache does not have.
public final class Builder: @unchecked Sendable {
    public let manifestPath: String
    public let options: BuildOptions
    let progress: ProgressHandler?
    let lock = NSLock()
    var counts = StepCounts()
    var done = 0
    var total = 0
    /// Quantize steps run in this build (with --force, a frame shown twice is still quantized once).
    var quantizedNow = Set<Digest>()
    /// Notes from the steps (such as what `scope: auto` chose), reported with the result.
    var notes: [Diagnostic] = []

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
        lock.lock()
        done += 1
        let event = ProgressEvent(done: done, total: max(total, done), message: message)
        lock.unlock()
        progress?(event)
    }

    func note(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        notes.append(Diagnostic(.note, message))
    }

    func markQuantized(_ key: Digest) {
        lock.lock(); defer { lock.unlock() }
        quantizedNow.insert(key)
    }

    func alreadyQuantized(_ key: Digest) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return quantizedNow.contains(key)
    }

    func count(_ body: (inout StepCounts) -> Void) {
        lock.lock(); defer { lock.unlock() }
        body(&counts)
    }

    /// Loads, plans and (unless a dry run) builds. Never throws: every problem is a diagnostic in the result.
    public func run() -> BuildResult {
        Memory.configured
        var result = BuildResult()
        let loaded = Loader.load(manifestPath: manifestPath, options: options)
        result.diagnostics += loaded.diagnostics
        result.watchSet = WatchSet(manifestPath: manifestPath, manifest: loaded.manifest,
                                   cacheDirectory: Builder.cacheDirectory(for: manifestPath, option: options.cacheDirectory))
        guard let project = loaded.project else {
            result.manifestValid = loaded.manifestValid
            return result
        }
        let cacheSession = beginCacheUse(project, &result)
        var record = project.record
        let executor = AnimationExecutor(builder: self, project: project)

        // Decide first: what runs, and why; this is also the dry run and the progress total.
        let decisions = project.plan.animations.map { executor.decide($0) }
        total = decisions.reduce(0) { $0 + $1.progressUnits }
        if options.explain || options.mode != .build {
            result.explanations = decisions.flatMap(\.work)
        }

        animations: for (a, decision) in zip(project.plan.animations, decisions) {
            let status: OutputStatus
            switch options.mode {
            case .dryRun:
                status = decision.work.isEmpty ? .upToDate : .stale
            case .build, .check:
                do {
                    status = try executor.execute(a, decision: decision, record: &record)
                } catch {
                    result.diagnostics += error.diagnostics
                    result.outputs.append(OutputResult(animation: a.name, path: a.output, status: .failed))
                    if !options.keepGoing { break animations }
                    continue animations
                }
            }
            result.outputs.append(OutputResult(animation: a.name, path: a.output, status: status))
        }

        if options.mode == .build, record != project.record {
            // Steps were read (and updated) only if some animation ran.
            project.cache.saveRecord(record, id: project.recordID, steps: !record.steps.isEmpty)
        }
        result.diagnostics += notes
        result.diagnostics += endCacheUse(project, cacheSession)
        result.diagnostics += project.cache.takeWarnings().map { Diagnostic(.warning, $0) }
        let (hits, misses) = project.cache.sessionCounts
        result.cacheHits = hits
        result.cacheMisses = misses
        result.steps = counts
        return result
    }
}
