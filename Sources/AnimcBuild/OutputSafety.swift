import AnimcBasics
import AnimcCache
import AnimcManifest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where animc may write and delete, on real paths (every symbolic link followed), never on path text:
/// inside the manifest's folder (unless `allow-outputs-outside: true`), never over the manifest, never
/// inside the cache folder.
struct ProjectBounds {
    /// The manifest's folder, resolved.
    let project: String
    /// The manifest as named (a link stays a link) and what it leads to.
    let manifestFiles: Set<String>
    /// The cache folder, resolved.
    let cache: String
    let cacheDisplay: String
    let allowOutside: Bool
    let directory: String

    init(manifest: Manifest, manifestPath: String, cacheDirectory: String) {
        directory = manifest.directory
        project = RealPath.resolve(manifest.directory) ?? manifest.directory
        let abs = Paths.absolute(manifestPath)
        manifestFiles = Set([RealPath.location(abs), RealPath.resolve(abs)].compactMap { $0 })
        cache = RealPath.resolve(cacheDirectory) ?? cacheDirectory
        let shown = ManifestPaths.relativeIfInside(Paths.normalize(cacheDirectory), directory: manifest.directory)
        cacheDisplay = shown
        allowOutside = manifest.allowOutputsOutside
    }

    /// Where a file created (or renamed into place, or unlinked) at `path` lands: its folder resolved,
    /// its last name not followed, because rename and unlink act on a link itself. Nil on a link loop.
    func location(of path: String) -> String? {
        RealPath.location(Paths.join(directory, Paths.normalize(path)))
    }

    enum Refusal: Equatable {
        case manifest, cache, outside
    }

    /// Why animc must not write or delete at `real` (a `location(of:)`), or nil when it may.
    func refusal(_ real: String) -> Refusal? {
        if manifestFiles.contains(real) { return .manifest }
        if RealPath.isInside(real, cache) { return .cache }
        if !allowOutside, !RealPath.isInside(real, project) { return .outside }
        return nil
    }
}

enum OutputSafety {
    /// Located errors for outputs that would overwrite the manifest, land in the cache, leave the project
    /// through a symbolic link, or are one file under two names. Checked before anything runs.
    static func check(_ manifest: Manifest, manifestPath: String, cacheDirectory: String) -> [Diagnostic] {
        _ = ProcessUmask.value  // read on this (the main) thread, before any worker writes a file
        let bounds = ProjectBounds(manifest: manifest, manifestPath: manifestPath, cacheDirectory: cacheDirectory)
        var diagnostics: [Diagnostic] = []
        var seen: [String: String] = [:]  // real location → animation
        for a in manifest.animations {
          for o in a.outputs {
            func error(_ why: String) {
                diagnostics.append(.error("output '\(o.path)' \(why)", at: o.location, in: manifest.source))
            }
            guard let real = bounds.location(of: o.path) else {
                error("passes through too many symbolic links (a loop?)")
                continue
            }
            switch bounds.refusal(real) {
            case .manifest?:
                error("would overwrite the manifest")
                continue
            case .cache?:
                error("is inside the cache folder '\(bounds.cacheDisplay)'; outputs must not be written into animc's cache")
                continue
            case .outside?:
                error("leads outside the manifest's folder through a symbolic link (to '\(real)'); " +
                      "set 'allow-outputs-outside: true' to allow this")
                continue
            case nil:
                break
            }
            if let other = seen[real] {
                error("is the same file as the output of animation '\(other)' (through a symbolic link)")
                continue
            }
            seen[real] = a.name
          }
        }
        return diagnostics
    }

    /// Located errors for outputs that are one of the frames they read under another name, through a
    /// symbolic link (the resolver compares path text): the build would overwrite that source.
    static func checkSources(_ resolved: [ResolvedAnimation], _ manifest: Manifest, manifestPath: String,
                             cacheDirectory: String) -> [Diagnostic] {
        let bounds = ProjectBounds(manifest: manifest, manifestPath: manifestPath, cacheDirectory: cacheDirectory)
        var outputs: [String: OutputSpec] = [:]
        for a in manifest.animations {
            for o in a.outputs { if let real = bounds.location(of: o.path) { outputs[real] = o } }
        }
        var folders: [String: String] = [:]
        var reported = Set<String>()
        var diagnostics: [Diagnostic] = []
        for path in Set(resolved.flatMap { $0.frames.map(\.path) }).sorted() {
            let abs = Paths.join(manifest.directory, path)
            let folder = Paths.directory(of: abs)
            if folders[folder] == nil { folders[folder] = RealPath.resolve(folder) ?? folder }
            let location = folders[folder]! == "/" ? "/" + Paths.fileName(of: abs) : folders[folder]! + "/" + Paths.fileName(of: abs)
            var st = stat()
            var places = [location]
            if lstat(location, &st) == 0, st.st_mode & S_IFMT == S_IFLNK, let target = RealPath.resolve(location) {
                places.append(target)
            }
            for place in places {
                guard let o = outputs[place], reported.insert(o.path).inserted else { continue }
                diagnostics.append(.error("output '\(o.path)' is the source frame '\(path)' under another name " +
                                          "(through a symbolic link); the build would overwrite it",
                                          at: o.location, in: manifest.source))
            }
        }
        return diagnostics
    }

    /// How long a temporary file must be left alone before a later build may call it abandoned, when no
    /// process holds its lock: this covers writers that do not lock (an older animc) and the instant
    /// between `mkstemp` and `flock`.
    static let temporaryGraceNs: Int64 = 10 * 60 * 1_000_000_000

    /// Removes `.NAME.animc-tmp-XXXXXX` files beside this manifest's outputs that a killed build left:
    /// only that exact name pattern, only regular files, only when no process holds their lock and
    /// they are older than `temporaryGraceNs`. Returns the paths removed.
    @discardableResult
    static func removeAbandonedTemporaries(_ manifest: Manifest, manifestPath: String, cacheDirectory: String,
                                           graceNs: Int64 = temporaryGraceNs) -> [String] {
        let bounds = ProjectBounds(manifest: manifest, manifestPath: manifestPath, cacheDirectory: cacheDirectory)
        var namesByFolder: [String: Set<String>] = [:]
        for path in manifest.animations.flatMap(\.outputs).map(\.path) + manifest.atlases.flatMap({ $0.files.map(\.path) }) {
            guard let real = bounds.location(of: path), bounds.refusal(real) == nil else { continue }
            namesByFolder[Paths.directory(of: real), default: []].insert(Paths.fileName(of: real))
        }
        var removed: [String] = []
        let now = FileSystem.nowNs()
        for (folder, names) in namesByFolder {
            guard let dir = opendir(folder) else { continue }
            var candidates: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                guard name.hasPrefix("."), name.contains(".animc-tmp-") else { continue }
                if names.contains(where: { AtomicFile.isTemporaryName(name, for: $0) }) { candidates.append(name) }
            }
            closedir(dir)
            for name in candidates {
                let path = folder == "/" ? "/" + name : folder + "/" + name
                if AtomicFile.removeIfAbandoned(path, now: now, graceNs: graceNs) { removed.append(path) }
            }
        }
        return removed
    }
}

extension BuildRecord {
    /// Keeps the digest of what is now at an animation's output, after it was built, restored or found
    /// up to date: `clean` removes a file only while its bytes still hash to it.
    mutating func noteOutput(of animation: String, path: String, status: OutputStatus) {
        switch status {
        case .built, .restored, .upToDate:
            outputs[path] = animation
            outputDigests[path] = files[path]?.digest
        case .stale, .missing, .failed, .skipped:
            break
        }
    }
}

extension OutputSafety {
    /// An existing file at an output path is animc's to replace only when the build record says animc
    /// wrote there, or when it already is a file of the output's format (a GIF committed from another
    /// machine, say). Anything else (a still PNG, a document, an empty file) is someone else's:
    /// a located error, and nothing is written. Symbolic links are replaced, never written through.
    static func checkExisting(_ manifest: Manifest, record: BuildRecord, animations: Set<String>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for a in manifest.animations where animations.isEmpty || animations.contains(a.name) {
            for o in a.outputs {
                let path = Paths.normalize(o.path)
                guard record.outputDigests[path] == nil else { continue }
                let abs = Paths.join(manifest.directory, path)
                var st = stat()
                guard lstat(abs, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
                if OutputSafety.looksLike(ObjectKind(o.format), at: abs, size: Int64(st.st_size)),
                   o.format != .apng || OutputSafety.isAnimatedPNG(at: abs) { continue }
                let what = o.format == .gif ? "a GIF" : o.format == .webp ? "a WebP" : "an animated PNG"
                diagnostics.append(.error(
                    "output '\(o.path)' would replace a file that is not \(what) and that animc did not write; " +
                    "animc does not overwrite files it did not write (move it away, or choose another output path)",
                    at: o.location, in: manifest.source))
            }
        }
        return diagnostics
    }

    /// Whether the PNG at `path` is animated: an `acTL` chunk before its first `IDAT` (a still PNG, such as
    /// an image asset that happens to sit at a `.png` output path, is not animc's to replace).
    static func isAnimatedPNG(at path: String) -> Bool {
        guard let bytes = try? FileSystem.read(path) else { return false }
        var at = 8
        while at + 8 <= bytes.count {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            let type = String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self)
            if type == "acTL" { return true }
            if type == "IDAT" { return false }
            at += 12 + length
        }
        return false
    }

    /// Whether the file at `path` starts and ends as a file of `kind` does.
    static func looksLike(_ kind: ObjectKind, at path: String, size: Int64) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: ObjectKind.headLength)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        var last: UInt8 = 0
        let m = size > 0 ? withUnsafeMutableBytes(of: &last) { pread(fd, $0.baseAddress!, 1, off_t(size - 1)) } : 0
        return kind.accepts(head: head.prefix(max(0, n)), last: m == 1 ? last : nil, size: size)
    }
}
