#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AnimcBasics

/// The `ffmpeg` and `ffprobe` programs found on `PATH`. Nothing runs to find them: a build whose
/// videos are all cached never starts either program.
public struct FFmpegTools: Sendable, Hashable {
    public var ffmpeg: String
    public var ffprobe: String

    /// What to tell someone whose manifest uses `video:` without FFmpeg installed.
    public static let installHint = "install ffmpeg (apt-get install ffmpeg, or brew install ffmpeg), which provides ffmpeg and ffprobe"

    /// The programs on `path` (a `PATH` value), or an error saying which is missing and how to install it.
    public static func locate(path: String? = Environment.value("PATH")) throws(VideoError) -> FFmpegTools {
        let dirs = (path ?? "/usr/bin:/bin").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        func find(_ name: String) -> String? {
            for d in dirs {
                let p = Paths.join(d, name)
                if let st = FileSystem.status(p), !st.isDirectory, Environment.isExecutable(p) {
                    return p.hasPrefix("/") ? p : Paths.absolute(p)
                }
            }
            return nil
        }
        guard let ffmpeg = find("ffmpeg") else { throw VideoError("ffmpeg is not installed (not found on PATH); \(installHint)") }
        guard let ffprobe = find("ffprobe") else { throw VideoError("ffprobe is not installed (not found on PATH); \(installHint)") }
        return FFmpegTools(ffmpeg: ffmpeg, ffprobe: ffprobe)
    }

    /// What identifies the installed programs without running them: their paths, sizes and change times.
    /// A decoder version recorded under the same identity is still right.
    public var identity: String {
        [ffmpeg, ffprobe].map { p in
            let st = FileSystem.status(p)
            return "\(p):\(st?.size ?? -1):\(st?.mtimeNs ?? 0):\(st?.ctimeNs ?? 0):\(st?.inode ?? 0)"
        }.joined(separator: ";")
    }

    /// The first line of `ffmpeg -version` ("ffmpeg version 5.1.9-0+deb12u1 ..." without the copyright):
    /// frames decoded by another version get other keys.
    public func version() throws(VideoError) -> String {
        let child = try ChildProcess(executable: ffmpeg, arguments: ["-hide_banner", "-version"])
        let out = try child.readAll(limit: 1 << 20)
        let status = child.wait()
        let first = String(decoding: out, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard status == 0, first.hasPrefix("ffmpeg version") else {
            throw VideoError("\(ffmpeg) -version did not say which version it is (exit \(status))")
        }
        if let r = first.range(of: " Copyright") { return String(first[..<r.lowerBound]) }
        return first
    }
}

/// The process environment, as far as finding programs needs it.
public enum Environment {
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }
}
