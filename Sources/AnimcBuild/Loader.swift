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
    /// Sprite sheets decoded while planning (to hash their tiles' pixels), and those of them kept
    /// for the executor to cut tiles from.
    var sheetsDecoded = 0
    var decodedSheets: [SheetStore.Key: RGBAImage] = [:]
    /// The videos' listings (and the programs that decode them).
    var videos: VideoProbes? = nil
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
        diags += OutputSafety.checkAtlases(manifest, manifestPath: manifestPath, cacheDirectory: cacheDir, record: nil)
        if diags.contains(where: { $0.severity == .error }) {
            return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: false)
        }
        if options.mode == .build {
            OutputSafety.removeAbandonedTemporaries(manifest, manifestPath: manifestPath, cacheDirectory: cacheDir)
        }

        let directory = manifest.directory
        let recordID = Builder.recordID(manifest: manifestPath, cache: cacheDir)
        let videos = VideoProbes(directory: directory) {
            (try? Cache(directory: cacheDir, create: false, readOnly: true))?.loadRecord(id: recordID) ?? BuildRecord()
        }
        let (resolved, resolveDiags) = ManifestResolver.resolve(manifest, inspector: videos.inspector)
        diags += resolveDiags
        let safety = OutputSafety.checkSources(resolved, manifest, manifestPath: manifestPath, cacheDirectory: cacheDir)
            + OutputSafety.checkAtlasSources(resolved, manifest)
        diags += safety
        // With --keep-going, animations whose sources could not be listed (a missing file, a bad video)
        // stay out and keep their errors; the others build (not when an atlas might take one of them).
        let unresolved = resolveDiags.contains { $0.severity == .error }
        let keepOthers = options.keepGoing && !resolved.isEmpty && manifest.atlases.isEmpty
        if safety.contains(where: { $0.severity == .error }) || (unresolved && !keepOthers) {
            return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: false)
        }
        let errorsBefore = diags.filter { $0.severity == .error }.count

        let cache: Cache
        do {
            cache = try Cache(directory: cacheDir, create: options.mode == .build, readOnly: options.mode != .build)
        } catch {
            diags.append(Diagnostic(.error, error.message))
            return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: true)
        }
        var record = videos.loadedRecord ?? cache.loadRecord(id: recordID)
        record.videos = videos.entries.current
        record.files.merge(videos.hashed.current) { $1 }  // videos hashed to list them are not read again
        if options.mode != .check {
            diags += OutputSafety.checkExisting(manifest, record: record, animations: Set(options.animations))
            diags += OutputSafety.checkAtlases(manifest, manifestPath: manifestPath, cacheDirectory: cacheDir, record: record)
                .filter { $0.message.contains("did not write") }
            if diags.filter({ $0.severity == .error }).count > errorsBefore {
                return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: true)
            }
        }

        let sourcePaths = resolved.flatMap { $0.frames.map(\.path) }
        let hashing = SourceHashing.digests(of: sourcePaths, in: directory, record: record, pool: pool)
        diags += hashing.errors
        if !hashing.errors.isEmpty { return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: true) }
        // Keep the stat cache of outputs; replace that of sources with what we saw now.
        let outputs = Set(manifest.animations.flatMap(\.outputs).map { Paths.normalize($0.path) }
                          + manifest.atlases.flatMap { $0.files.map { Paths.normalize($0.path) } })
        record.files = record.files.filter { outputs.contains($0.key) }.merging(hashing.records) { $1 }
        // The remote is asked from here on: sheets' tile listings are the first thing planning wants of it.
        let remote = Builder.openRemote(options, cache: cache)
        let tiles = TileDigests.compute(resolved, sourceDigests: hashing.digests, directory: directory, record: record, pool: pool,
                                        keepBytes: SheetStore.capBytes(budget: options.memoryBudget), budget: options.memoryBudget,
                                        listings: .init(cache: cache, remote: remote, store: options.mode == .build))
        diags += tiles.errors
        if !tiles.errors.isEmpty { return Outcome(project: nil, manifest: manifest, diagnostics: diags, manifestValid: true) }
        record.tiles = tiles.records

        var (plan, planWarnings) = Planner.plan(resolved, sourceDigests: hashing.digests, source: manifest.source,
                                                encoderVersions: Encoders.versions, pictureDigests: tiles.digests,
                                                atlases: manifest.atlases)
        diags += planWarnings
        if !options.animations.isEmpty {
            plan = plan.restricted(to: Set(options.animations))
            diags = onlyFor(Set(options.animations), diags, in: manifest)
            // An animation only an atlas takes builds nothing unless the atlas's other animations are named too.
            for a in manifest.animations where a.outputs.isEmpty && options.animations.contains(a.name)
                && !plan.atlases.contains(where: { $0.animations.contains(a.name) }) {
                let all = manifest.atlases.filter { $0.animations.contains(a.name) }.map { $0.animations.joined(separator: " ") }
                diags.append(Diagnostic(.warning, "animation '\(a.name)' has no output and its atlas takes other animations too: nothing is built for it; name them all (\(all.joined(separator: "; "))) to build the atlas"))
            }
        }
        if let shard = options.shard { plan = plan.restricted(to: Set(plan.animations.map(\.name).filter(shard.contains))) }
        let project = Project(manifest: manifest, directory: directory, cache: cache, recordID: recordID,
                              record: record, plan: plan, sheetsDecoded: tiles.decoded, decodedSheets: tiles.sheets,
                              videos: videos, remote: remote)
        return Outcome(project: project, manifest: manifest, diagnostics: diags, manifestValid: true)
    }

    /// Without the warnings and notes located inside animations not being built (an animation spans
    /// the manifest's lines from its name to the next animation's).
    static func onlyFor(_ names: Set<String>, _ diags: [Diagnostic], in manifest: Manifest) -> [Diagnostic] {
        let starts = manifest.animations.map { ($0.location.line, $0.name) }.sorted { $0.0 < $1.0 }
        return diags.filter { d in
            guard d.severity != .error, let loc = d.location, loc.line > 0, loc.file == manifest.path else { return true }
            guard let owner = starts.last(where: { $0.0 <= loc.line }) else { return true }
            return names.contains(owner.1)
        }
    }
}
