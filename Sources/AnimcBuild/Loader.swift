import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan
import AnimcRemote

/// A manifest loaded, resolved, hashed and planned, with its cache open.
struct Project: Sendable {
    var manifest: Manifest
    var directory: String
    var cache: Cache
    var recordID: String
    var record: BuildRecord
    var plan: BuildPlan
    /// The shared cache behind `cache`, when the build has one.
    var remote: RemoteCache? = nil
}

enum Loader {
    struct Outcome {
        var project: Project?
        /// The manifest, when it loaded (even if resolving or hashing its sources failed).
        var manifest: Manifest? = nil
        var diagnostics: [Diagnostic]
        var manifestValid: Bool
    }

    static func load(manifestPath: String, options: BuildOptions, pool: WorkerPool) -> Outcome {
        var diags: [Diagnostic] = []
        let manifest: Manifest
        do {
            let (m, warnings) = try ManifestLoader.load(path: manifestPath)
            manifest = m
            diags += warnings
        } catch {
            return Outcome(project: nil, diagnostics: error.diagnostics, manifestValid: false)
        }

        // Which animations: all, or the ones named on the command line.
        let known = manifest.animations.map(\.name)
        for name in options.animations where !known.contains(name) {
            var message = "no animation named '\(name)' in \(manifest.path)"
            if let s = closestMatch(to: name, in: known) { message += "; did you mean '\(s)'?" }
            diags.append(Diagnostic(.error, message))
        }
        let cacheDir = Builder.cacheDirectory(for: manifestPath, option: options.cacheDirectory)
        diags += OutputSafety.check(manifest, manifestPath: manifestPath, cacheDirectory: cacheDir)
        if diags.contains(where: { $0.severity == .error }) {
            return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: false)
        }
        if options.mode == .build {
            OutputSafety.removeAbandonedTemporaries(manifest, manifestPath: manifestPath, cacheDirectory: cacheDir)
        }

        let directory = manifest.directory
        let (resolved, resolveDiags) = ManifestResolver.resolve(manifest) { abs in
            let bytes = try FileSystem.read(abs)
            let info = try PNGCodec.readInfo(bytes)
            return (info.width, info.height)
        }
        diags += resolveDiags
        diags += OutputSafety.checkSources(resolved, manifest, manifestPath: manifestPath, cacheDirectory: cacheDir)
        if diags.contains(where: { $0.severity == .error }) {
            return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: false)
        }

        let cache: Cache
        do {
            cache = try Cache(directory: cacheDir, create: options.mode == .build, readOnly: options.mode != .build)
        } catch {
            diags.append(Diagnostic(.error, error.message))
            return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: true)
        }
        let recordID = Builder.recordID(manifest: manifestPath, cache: cacheDir)
        var record = cache.loadRecord(id: recordID)
        if options.mode != .check {
            diags += OutputSafety.checkExisting(manifest, record: record, animations: Set(options.animations))
            if diags.contains(where: { $0.severity == .error }) {
                return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: true)
            }
        }

        let sourcePaths = resolved.flatMap { $0.frames.map(\.path) }
        let hashing = SourceHashing.digests(of: sourcePaths, in: directory, record: record, pool: pool)
        diags += hashing.errors
        if !hashing.errors.isEmpty { return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: true) }
        // Keep the stat cache of outputs; replace that of sources with what we saw now.
        let outputs = Set(manifest.animations.flatMap(\.outputs).map { Paths.normalize($0.path) })
        record.files = record.files.filter { outputs.contains($0.key) }.merging(hashing.records) { $1 }

        var (plan, planWarnings) = Planner.plan(resolved, sourceDigests: hashing.digests, source: manifest.source,
                                                encoderVersions: Encoders.versions)
        diags += planWarnings
        if !options.animations.isEmpty { plan = plan.restricted(to: Set(options.animations)) }
        if let shard = options.shard { plan = plan.restricted(to: Set(plan.animations.map(\.name).filter(shard.contains))) }
        let project = Project(manifest: manifest, directory: directory, cache: cache, recordID: recordID,
                              record: record, plan: plan)
        return Outcome(project: project, manifest: manifest, diagnostics: diags, manifestValid: true)
    }
}
