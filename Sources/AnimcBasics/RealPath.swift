#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Real paths: where a path leads once every symbolic link on the way is followed. Decisions such as
/// "this output stays inside the project" are taken on real paths, never on path text, because a folder
/// of the project may be a link to anywhere (git stores symlinks).
public enum RealPath {
    /// Symbolic links followed before giving up (Linux's own limit is 40).
    static let maxLinks = 40

    /// `path` (relative to the current folder unless absolute) with every symbolic link resolved,
    /// including one at its end, and `.`/`..` folded where they really lead. Parts that do not exist
    /// yet are kept as written, so this also answers "where would a file created here end up".
    /// A link to a missing target (a dangling link) is still followed. Nil after too many links (a loop).
    public static func resolve(_ path: String) -> String? {
        resolve(path, followLast: true)
    }

    /// Like `resolve`, but a link at the path's end is not followed: where a file named `path` is created,
    /// renamed into place or unlinked (those act on the link itself, not on what it points to).
    public static func location(_ path: String) -> String? {
        resolve(path, followLast: false)
    }

    /// True when `path` is `folder` or inside it; both must be real paths (see `resolve`).
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        if path == folder || folder == "/" { return true }
        return path.hasPrefix(folder + "/")
    }

    static func resolve(_ path: String, followLast: Bool) -> String? {
        var resolved: String
        if path.hasPrefix("/") {
            resolved = "/"
        } else {
            let cwd = FileManager.default.currentDirectoryPath
            guard let real = resolve(cwd.hasPrefix("/") ? cwd : "/" + cwd, followLast: true) else { return nil }
            resolved = real
        }
        // Components still to walk, the next one last.
        var pending: [Substring] = path.split(separator: "/").reversed()
        var links = 0
        while let part = pending.popLast() {
            if part == "." { continue }
            if part == ".." {
                resolved = Paths.directory(of: resolved)
                continue
            }
            let candidate = resolved == "/" ? "/" + part : resolved + "/" + part
            if pending.isEmpty && !followLast {
                resolved = candidate
                break
            }
            guard let target = linkTarget(candidate) else {
                resolved = candidate
                continue
            }
            links += 1
            if links > maxLinks { return nil }
            if target.hasPrefix("/") { resolved = "/" }
            pending.append(contentsOf: target.split(separator: "/").reversed())
        }
        return resolved
    }

    /// The target of a symbolic link, or nil when `path` is not one (or does not exist).
    static func linkTarget(_ path: String) -> String? {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
