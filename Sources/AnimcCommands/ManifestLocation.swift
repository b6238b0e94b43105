import AnimcBasics
import ArgumentParser
import Foundation

/// Which manifest a command reads, and how paths inside its project are printed.
///
/// Given a path, that file. Otherwise `animc.yaml` in the current folder, then in its parents (as git and
/// cargo look for theirs); one found in a parent is announced with a note. Every path printed opens from
/// the current folder: the manifest as found (`../animc.yaml`), and files of the project (frames, outputs),
/// which the library names relative to the manifest's folder, joined to that folder.
struct ManifestLocation {
    static let defaultName = "animc.yaml"

    /// The manifest, relative to the current folder when it is under it or found above it.
    var path: String
    /// Found in a parent folder (not named, not in the current one).
    var discovered = false

    /// The manifest `given` names, or the nearest `animc.yaml` from here upwards (the current folder's
    /// when there is none anywhere, so the error names it).
    static func find(_ given: String?) -> ManifestLocation {
        if let given, !given.isEmpty { return ManifestLocation(path: given) }
        let cwd = FileManager.default.currentDirectoryPath
        var dir = Paths.normalize(cwd)
        var ups = 0
        while true {
            let candidate = Paths.join(dir, defaultName)
            if FileSystem.status(candidate) != nil {
                let rel = ups == 0 ? defaultName : Array(repeating: "..", count: ups).joined(separator: "/") + "/" + defaultName
                return ManifestLocation(path: rel, discovered: ups > 0)
            }
            if dir == "/" { break }
            dir = Paths.directory(of: dir)
            ups += 1
        }
        return ManifestLocation(path: defaultName)
    }

    /// Whether `argument` names a manifest rather than an animation: a YAML file name, or an existing file.
    static func looksLikeManifest(_ argument: String) -> Bool {
        argument.hasSuffix(".yaml") || argument.hasSuffix(".yml") || (FileSystem.status(argument)?.isRegular ?? false)
    }

    /// The note saying which manifest is used, when it was found in a parent folder.
    var note: Diagnostic? {
        discovered ? Diagnostic(.note, "using \(path)") : nil
    }

    /// A path relative to the manifest's folder, as it opens from the current folder.
    func display(_ projectPath: String) -> String {
        if projectPath.hasPrefix("/") { return projectPath }
        let dir = Paths.directory(of: path)
        return dir == "." ? projectPath : Paths.normalize(Paths.join(dir, projectPath))
    }

    /// Diagnostics with their project paths made to open from the current folder. Locations with a line
    /// are in the manifest and already are; whole-file locations (a bad frame, an output) are the
    /// project's, relative to the manifest's folder.
    func displayed(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { d in
            guard var loc = d.location, loc.line == 0, loc.file != path else { return d }
            loc.file = display(loc.file)
            var d = d
            d.location = loc
            return d
        }
    }
}

extension ManifestLocation {
    /// `build`'s words: a leading manifest (a `.yaml` name or an existing file), then animation names.
    static func split(_ arguments: [String]) -> (ManifestLocation, [String]) {
        if let first = arguments.first, looksLikeManifest(first) {
            return (find(first), Array(arguments.dropFirst()))
        }
        return (find(nil), arguments)
    }
}
