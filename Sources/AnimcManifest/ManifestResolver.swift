import AnimcBasics

/// Expands each animation's frame sources into files on disk, in play order, with per-frame delays.
public enum ManifestResolver {
    /// Per-source cap on "does not exist" errors, so a wrong sequence pattern does not print thousands.
    static let maxMissingPerSource = 10

    /// Lists folders and checks files; reads source files only through `inspector` (the size of a
    /// sprite sheet, and whatever else a kind of source must know to list its frames).
    /// Returns every diagnostic; animations with errors are left out.
    /// `ResolvedFrame.path` is relative to the manifest's folder and normalised; with `allow-outputs-outside`
    /// a frame outside it keeps a `../` prefix (or stays absolute when written absolute).
    public static func resolve(_ manifest: Manifest, inspector: SourceInspector)
        -> (animations: [ResolvedAnimation], diagnostics: [Diagnostic])
    {
        var r = Run(manifest: manifest, inspector: inspector)
        var resolved: [(ResolvedAnimation, failed: Bool)] = []
        for animation in manifest.animations {
            let before = r.errorCount
            let frames = r.frames(of: animation)
            resolved.append((ResolvedAnimation(animation: animation, frames: frames), r.errorCount > before))
        }
        // An output that is also a source frame would be overwritten by the build.
        var sources: [String: String] = [:]  // frame path -> animation name
        for (ra, _) in resolved {
            for f in ra.frames where sources[f.path] == nil { sources[f.path] = ra.animation.name }
        }
        for i in resolved.indices {
            let a = resolved[i].0.animation
            for o in a.outputs {
                guard let user = sources[r.relativePath(o.path)] else { continue }
                let whose = user == a.name ? "" : " of animation '\(user)'"
                r.error("output '\(o.path)' would overwrite a source frame\(whose)", at: o.location)
                resolved[i].failed = true
            }
        }
        return (resolved.filter { !$0.failed }.map(\.0), r.diagnostics)
    }

    /// `resolve` with an inspector that only reads image sizes (absolute path → width, height).
    public static func resolve(_ manifest: Manifest,
                               imageSize: @escaping @Sendable (String) throws -> (width: Int, height: Int))
        -> (animations: [ResolvedAnimation], diagnostics: [Diagnostic])
    {
        resolve(manifest, inspector: SourceInspector(imageSize: imageSize))
    }

    struct Run {
        let manifest: Manifest
        let inspector: SourceInspector
        var diagnostics: [Diagnostic] = []
        var errorCount = 0

        init(manifest: Manifest, inspector: SourceInspector) {
            self.manifest = manifest
            self.inspector = inspector
        }

        mutating func error(_ message: String, at location: SourceLocation) {
            diagnostics.append(.error(message, at: location, in: manifest.source))
            errorCount += 1
        }

        /// Normalised and relative to the manifest's folder where possible.
        func relativePath(_ path: String) -> String {
            let absolute = path.hasPrefix("/")
            let n = ManifestPaths.normalize(path)
            return absolute ? ManifestPaths.relativeIfInside(n, directory: manifest.directory) : n
        }

        func absolutePath(_ relative: String) -> String {
            ManifestPaths.join(manifest.directory, relative)
        }

        /// Checks a source path stays in the folder; returns its normalised relative form or nil after an error.
        mutating func inside(_ written: String, _ location: SourceLocation) -> String? {
            let rel = relativePath(written)
            if ManifestPaths.leavesFolder(rel), !manifest.allowOutputsOutside {
                error("frame path '\(written)' leaves the manifest's folder; set 'allow-outputs-outside: true' to allow this", at: location)
                return nil
            }
            return rel
        }

        mutating func frames(of animation: Animation) -> [ResolvedFrame] {
            var frames: [ResolvedFrame] = []
            let defaultDelay = animation.settings.timing.frameDelayMs
            for source in animation.sources {
                if case .aseprite(let spec) = source.kind {
                    frames += aseprite(spec, source, animation: animation)
                    continue
                }
                if case .video(let spec) = source.kind {
                    frames += video(spec, source, animation: animation)
                    continue
                }
                let delay = source.delayMs ?? defaultDelay
                let delayAt = source.delayMs != nil ? source.delayLocation : animation.settings.origins.timing
                for (path, tile, own) in expand(source) {
                    frames.append(ResolvedFrame(path: path, tile: tile, delayMs: own ?? delay, sourceLocation: source.location,
                                                delayLocation: delayAt))
                }
            }
            switch animation.settings.playback {
            case .forward: break
            case .reverse: frames.reverse()
            case .pingpong:
                if frames.count > 2 { frames += frames[1..<(frames.count - 1)].reversed() }
            }
            if let hold = animation.settings.holdMs, !frames.isEmpty {
                frames[frames.count - 1].delayMs += hold
                frames[frames.count - 1].holdLocation = animation.settings.origins.hold
            }
            return frames
        }

        /// The frames of one source: file, tile, and the frame's own delay (a sheet's `delays:`).
        mutating func expand(_ source: FrameSource) -> [(String, TileRect?, Double?)] {
            let loc = source.location
            switch source.kind {
            case .glob(let pattern):
                guard inside(pattern.replacingStars(), loc) != nil else { return [] }
                let base = manifest.directory
                let matches = Glob.expand(pattern, in: base).compactMap { m -> String? in
                    let rel = relativePath(m)
                    if ManifestPaths.leavesFolder(rel), !manifest.allowOutputsOutside { return nil }
                    return rel
                }
                var unique: [String] = []
                var seen = Set<String>()
                for m in matches where seen.insert(m).inserted { unique.append(m) }
                if unique.isEmpty {
                    // Patterns are case-sensitive: `*.PNG` finds no `a.png`. Say which spelling would match.
                    let other = [pattern.lowercased(), pattern.uppercased()].first { p in
                        p != pattern && !Glob.expand(p, in: base).isEmpty
                    }
                    if let other {
                        let n = Glob.expand(other, in: base).count
                        error("glob '\(pattern)' matches no files, but '\(other)' matches \(n) (patterns are case-sensitive); write the pattern in the files' case", at: loc)
                    } else {
                        error("glob '\(pattern)' matches no files", at: loc)
                    }
                    return []
                }
                return unique.sorted(by: naturalLess).map { ($0, nil, nil) }
            case .file(let path):
                return existing([path], loc).map { ($0, nil, nil) }
            case .files(let paths):
                return existing(paths, loc).map { ($0, nil, nil) }
            case let .sequence(pattern, first, last, step):
                guard let p = SequencePattern(pattern) else { return [] }
                let paths = stride(from: first, through: last, by: max(1, step)).map { p.path(for: $0) }
                return existing(paths, loc).map { ($0, nil, nil) }
            case .sheet(let spec):
                return sheet(spec, loc)
            case .aseprite:
                return [] // listed with their own delays by `aseprite(_:_:animation:)`
            case .video:
                return []  // listed by `video(_:_:settings:)`
            }
        }

        /// The normalised paths, after checking each is a regular file inside the folder.
        mutating func existing(_ paths: [String], _ loc: SourceLocation) -> [String] {
            var out: [String] = []
            var missing: [String] = []
            var ok = true
            for written in paths {
                guard let rel = inside(written, loc) else { ok = false; continue }
                switch fileKind(absolutePath(rel)) {
                case .regular: out.append(rel)
                case .missing: missing.append(written); ok = false
                case .directory:
                    error("frame file '\(written)' is a directory, not a file", at: loc); ok = false
                case .other:
                    error("frame file '\(written)' is not a regular file", at: loc); ok = false
                }
            }
            for m in missing.prefix(maxMissingPerSource) {
                error("frame file '\(m)' does not exist", at: loc)
            }
            if missing.count > maxMissingPerSource {
                error("\(missing.count - maxMissingPerSource) more frame files of this source do not exist", at: loc)
            }
            return ok ? out : []
        }
    }
}

extension String {
    /// A glob with its wildcard segments replaced, for checking where it points.
    func replacingStars() -> String {
        split(separator: "/", omittingEmptySubsequences: false)
            .map { Glob.hasWildcards(String($0)) ? "x" : String($0) }
            .joined(separator: "/")
    }
}
