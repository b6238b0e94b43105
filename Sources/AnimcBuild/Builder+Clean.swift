import AnimcBasics
import AnimcCache
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Builder {
    public struct CleanResult: Sendable {
        public var removed: [String] = []
        public var diagnostics: [Diagnostic] = []
    }

    /// Removes the outputs the manifest names; with `stale`, also outputs recorded for animations it no longer has.
    /// A file is removed only when it is inside the project (real path), is not the manifest, a source frame or in
    /// the cache, and its bytes still hash to what the build record says animc wrote there. Anything else is kept
    /// with a warning that says why.
    public func clean(stale: Bool) -> CleanResult {
        var result = CleanResult()
        let manifest: Manifest
        do {
            manifest = try ManifestLoader.load(path: manifestPath).manifest
        } catch {
            result.diagnostics = error.diagnostics
            return result
        }
        let cacheDir = Builder.cacheDirectory(for: manifestPath, option: options.cacheDirectory)
        // An output the build would refuse (over the manifest, into the cache, out through a link): same error.
        let refused = OutputSafety.check(manifest, manifestPath: manifestPath, cacheDirectory: cacheDir)
        result.diagnostics += refused
        let refusedLines = Set(refused.compactMap(\.location))

        let cache = try? Cache(directory: cacheDir, create: false)
        let id = Builder.recordID(manifest: manifestPath, cache: cacheDir)
        var record = cache?.loadRecord(id: id) ?? BuildRecord()
        // What animc wrote, by path: the digest of the bytes it left there.
        var written: [String: Digest] = [:]
        for (path, d) in record.outputDigests { written[Paths.normalize(path)] = d }

        var targets: [String] = []
        let current = manifest.animations.flatMap(\.outputs)
        for o in current where !refusedLines.contains(o.location) {
            let t = Paths.normalize(o.path)
            if !targets.contains(t) { targets.append(t) }
        }
        for t in manifest.atlases {
            for f in t.files where !targets.contains(Paths.normalize(f.path)) { targets.append(Paths.normalize(f.path)) }
        }
        if stale, cache != nil {
            let now = Set(current.map { Paths.normalize($0.path) } + manifest.atlases.flatMap { $0.files.map { Paths.normalize($0.path) } })
            for (output, _) in record.outputs.sorted(by: { $0.key < $1.key }) {
                // Outputs no animation writes any more (a removed animation, or an output dropped from a list).
                let t = Paths.normalize(output)
                guard !now.contains(t) else { continue }
                if !targets.contains(t) { targets.append(t) }
                record.outputs[output] = nil
                record.outputDigests[output] = nil
            }
            if options.mode == .build { cache?.saveRecord(record, id: id, steps: false) }
        }

        let guardian = CleanGuard(
            bounds: ProjectBounds(manifest: manifest, manifestPath: manifestPath, cacheDirectory: cacheDir),
            sources: Self.sourceFiles(of: manifest))
        for t in targets {
            switch guardian.verdict(t, expected: written[t]) {
            case .absent:
                continue
            case .keep(let why):
                result.diagnostics.append(Diagnostic(.warning, "not removed: \(why)", at: SourceLocation(file: t)))
            case .remove(let real):
                if options.mode == .build, unlink(real) != 0 {
                    result.diagnostics.append(Diagnostic(.error, "cannot remove: \(String(cString: strerror(errno)))", at: SourceLocation(file: t)))
                    continue
                }
                result.removed.append(t)
            }
        }
        return result
    }

    /// The real paths of the manifest's source frames (and of the links naming them), as far as they resolve.
    static func sourceFiles(of manifest: Manifest) -> Set<String> {
        let (resolved, _) = ManifestResolver.resolve(manifest, inspector: .files)
        var out = Set<String>()
        for path in Set(resolved.flatMap { $0.frames.map(\.path) }) {
            let abs = Paths.join(manifest.directory, path)
            if let r = RealPath.resolve(abs) { out.insert(r) }
            if let l = RealPath.location(abs) { out.insert(l) }
        }
        return out
    }
}

/// Decides, for one path `clean` was asked to remove, whether animc may delete it.
struct CleanGuard {
    enum Verdict: Equatable {
        case remove(String)  // the real path to unlink
        case keep(String)    // why not
        case absent
    }

    let bounds: ProjectBounds
    let sources: Set<String>

    func verdict(_ path: String, expected: Digest?) -> Verdict {
        guard let real = bounds.location(of: path) else { return .keep("the path passes through too many symbolic links") }
        var st = stat()
        guard lstat(real, &st) == 0 else { return .absent }
        switch bounds.refusal(real) {
        case .manifest?: return .keep("it is the manifest")
        case .cache?: return .keep("it is inside the cache folder '\(bounds.cacheDisplay)'")
        case .outside?: return .keep("it is outside the manifest's folder (it resolves to '\(real)')")
        case nil: break
        }
        if sources.contains(real) { return .keep("it is a source frame of this manifest") }
        if st.st_mode & S_IFMT == S_IFLNK {
            return .keep("it is a symbolic link, and animc writes outputs as plain files; remove it by hand if it should go")
        }
        guard st.st_mode & S_IFMT == S_IFREG else { return .keep("it is not a regular file") }
        guard let expected else {
            return .keep("animc has no record of the bytes it wrote there (no build record, or one from an older animc); " +
                         "run `animc build` first, or remove it by hand")
        }
        guard Self.digest(real) == expected else {
            return .keep("its content is not what animc wrote there (edited by hand, or the build record came with a " +
                         "cache from another project); remove it by hand if it should go")
        }
        return .remove(real)
    }

    /// SHA-256 of a regular file, never following a link at its end.
    static func digest(_ path: String) -> Digest? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = StreamingDigest()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hasher.finalize()
    }
}
