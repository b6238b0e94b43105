import AnimcBasics
import AnimcManifest
import Foundation

/// The files and folders a build depends on, for `animc watch` to poll: the manifest, the folders its
/// frame sources live in (so new files matching a glob are noticed) and single source files.
/// animc's own outputs, temporary files and the cache are left out, so writing them never triggers a build.
public struct WatchSet: Sendable, Equatable {
    public var files: Set<String> = []
    /// Folder → whether to look into subfolders too (a `**` glob).
    public var folders: [String: Bool] = [:]
    public var ignored: Set<String> = []
    public var cacheDirectory: String

    public init(manifestPath: String, manifest: Manifest?, cacheDirectory: String) {
        self.cacheDirectory = cacheDirectory
        files.insert(Paths.absolute(manifestPath))
        guard let m = manifest else { return }
        for t in m.atlases { for f in t.files { ignored.insert(Paths.normalize(Paths.join(m.directory, f.path))) } }
        for a in m.animations {
            for o in a.outputs { ignored.insert(Paths.normalize(Paths.join(m.directory, o.path))) }
            for s in a.sources {
                switch s.kind {
                case .glob(let pattern):
                    let (base, deep) = WatchSet.literalPrefix(pattern)
                    let abs = Paths.normalize(Paths.join(m.directory, base))
                    folders[abs] = (folders[abs] ?? false) || deep
                case .files(let list):
                    for f in list { files.insert(Paths.normalize(Paths.join(m.directory, f))) }
                case .file(let f):
                    files.insert(Paths.normalize(Paths.join(m.directory, f)))
                case .sequence(let pattern, _, _, _):
                    let dir = Paths.normalize(Paths.join(m.directory, Paths.directory(of: pattern)))
                    if folders[dir] == nil { folders[dir] = false }
                case .sheet(let sheet):
                    files.insert(Paths.normalize(Paths.join(m.directory, sheet.path)))
                case .aseprite(let spec):
                    files.insert(Paths.normalize(Paths.join(m.directory, spec.path)))
                case .video(let video):
                    files.insert(Paths.normalize(Paths.join(m.directory, video.path)))
                }
            }
        }
    }

    /// The folder part of a glob before its first wildcard, and whether the glob descends (`**`).
    static func literalPrefix(_ pattern: String) -> (String, Bool) {
        var base: [Substring] = []
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false)
        for seg in segments.dropLast() {
            if seg.contains(where: { "*?[".contains($0) }) { break }
            base.append(seg)
        }
        let joined = base.joined(separator: "/")
        return (pattern.hasPrefix("/") && joined.isEmpty ? "/" : (joined.isEmpty ? "." : joined), pattern.contains("**"))
    }

    /// A fingerprint of everything watched: path, size, mtime, ctime and inode of each file.
    public func snapshot() -> [String: FileStatus] {
        var out: [String: FileStatus] = [:]
        for f in files { if let st = FileSystem.status(f) { out[f] = st } }
        for (folder, deep) in folders { scan(folder, deep: deep, into: &out) }
        return out
    }

    private func scan(_ folder: String, deep: Bool, into out: inout [String: FileStatus]) {
        guard !folder.hasPrefix(cacheDirectory), let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where !name.contains(".animc-tmp-") {
            let path = Paths.join(folder, name)
            guard !ignored.contains(path), let st = FileSystem.status(path) else { continue }
            if st.isDirectory {
                if deep, !name.hasPrefix(".") { scan(path, deep: true, into: &out) }
            } else {
                out[path] = st
            }
        }
    }
}
