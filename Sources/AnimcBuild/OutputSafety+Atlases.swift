import AnimcBasics
import AnimcCache
import AnimcManifest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OutputSafety {
    /// The rules of animations' outputs, for atlases' image and data files: not over the manifest,
    /// not in the cache, not out of the project through a link, not another output under a second
    /// name, and (with `record`) never over an existing file animc did not write there.
    static func checkAtlases(_ manifest: Manifest, manifestPath: String, cacheDirectory: String,
                             record: BuildRecord?) -> [Diagnostic] {
        guard !manifest.atlases.isEmpty else { return [] }
        let bounds = ProjectBounds(manifest: manifest, manifestPath: manifestPath, cacheDirectory: cacheDirectory)
        var seen = Set<String>()
        for a in manifest.animations { for o in a.outputs { if let r = bounds.location(of: o.path) { seen.insert(r) } } }
        var diagnostics: [Diagnostic] = []
        for t in manifest.atlases {
            for (path, location) in t.files {
                func error(_ why: String) {
                    diagnostics.append(.error("atlas file '\(path)' \(why)", at: location, in: manifest.source))
                }
                guard let real = bounds.location(of: path) else { error("passes through too many symbolic links (a loop?)"); continue }
                switch bounds.refusal(real) {
                case .manifest?: error("would overwrite the manifest"); continue
                case .cache?: error("is inside the cache folder '\(bounds.cacheDisplay)'; outputs must not be written into animc's cache"); continue
                case .outside?: error("leads outside the manifest's folder through a symbolic link (to '\(real)'); set 'allow-outputs-outside: true' to allow this"); continue
                case nil: break
                }
                guard seen.insert(real).inserted else { error("is the same file as another output (through a symbolic link)"); continue }
                guard let record else { continue }
                let normal = Paths.normalize(path)
                var st = stat()
                if record.outputDigests[normal] == nil, lstat(Paths.join(manifest.directory, normal), &st) == 0,
                   st.st_mode & S_IFMT == S_IFREG {
                    error("would replace a file that animc did not write; animc does not overwrite files it did not write (move it away, or choose another path)")
                }
            }
        }
        return diagnostics
    }
}

extension OutputSafety {
    /// Located errors for atlas files that are a source frame of some animation (by path, or by real
    /// path through a symbolic link): the build would overwrite it.
    static func checkAtlasSources(_ resolved: [ResolvedAnimation], _ manifest: Manifest) -> [Diagnostic] {
        guard !manifest.atlases.isEmpty else { return [] }
        var sources: [String: String] = [:]  // real path → source as listed
        for path in Set(resolved.flatMap { $0.frames.map(\.path) }) {
            let abs = Paths.join(manifest.directory, path)
            sources[RealPath.resolve(abs) ?? abs] = path
        }
        var diagnostics: [Diagnostic] = []
        for t in manifest.atlases {
            for (path, location) in t.files {
                let abs = Paths.join(manifest.directory, Paths.normalize(path))
                if let source = sources[RealPath.resolve(abs) ?? abs] {
                    diagnostics.append(.error("atlas file '\(path)' is the source frame '\(source)'; the build would overwrite it",
                                              at: location, in: manifest.source))
                }
            }
        }
        return diagnostics
    }
}
