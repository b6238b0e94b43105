import AnimcBasics
import AnimcManifest
import Foundation

/// Shell completions that ask the binary: swift-argument-parser's completion scripts call
/// `animc ---completion …`, which runs these.
enum Completions {
    /// For `build`'s words: manifest files in the first position, then the animations of the manifest
    /// the line names (or the one `build` would find).
    @Sendable static func manifestOrAnimation(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        // words[0] is the command name; global options, the subcommand and its options follow.
        let before = index > 1 ? Array(words[1..<min(index, words.count)]) : []
        var positional: [String] = [], skipNext = false, seenCommand = false
        for w in before {
            if skipNext { skipNext = false; continue }
            if takesValue.contains(w) { skipNext = true; continue }
            if w.hasPrefix("-") { continue }
            if !seenCommand { seenCommand = true; continue }  // "build"
            positional.append(w)
        }
        var names = animations(of: positional.first.flatMap { ManifestLocation.looksLikeManifest($0) ? $0 : nil }, directory: directory(in: words))
        names = names.filter { $0.hasPrefix(prefix) && !positional.contains($0) }
        if positional.isEmpty { names += manifests(prefix) }
        return names
    }

    /// Options whose value is the next word.
    static let takesValue: Set<String> = ["-C", "--color", "--colour", "-j", "--jobs", "--cache-dir", "--memory-budget", "--cache-max-size"]

    /// For the commands that take one manifest.
    @Sendable static func manifest(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        manifests(prefix)
    }

    /// The folder `-C DIR` names on the line, if any.
    static func directory(in words: [String]) -> String? {
        guard let i = words.firstIndex(of: "-C"), i + 1 < words.count else { return nil }
        return words[i + 1]
    }

    /// The animation names of `manifest` (or the one found from here), nothing when it does not load.
    static func animations(of manifest: String?, directory: String?) -> [String] {
        let base = directory ?? "."
        let path: String
        if let manifest { path = Paths.join(base, manifest) } else {
            let cwd = FileManager.default.currentDirectoryPath
            if let directory { FileManager.default.changeCurrentDirectoryPath(directory) }
            defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
            path = Paths.absolute(ManifestLocation.find(nil).path)
        }
        guard let (m, _) = try? ManifestLoader.load(path: path) else { return [] }
        return m.animations.map(\.name)
    }

    /// YAML files and folders under the typed prefix.
    static func manifests(_ prefix: String) -> [String] {
        let dir = prefix.contains("/") ? Paths.directory(of: prefix) : "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.sorted().compactMap { name -> String? in
            guard !name.hasPrefix(".") else { return nil }
            let full = dir == "." && !prefix.hasPrefix("./") ? name : Paths.join(dir, name)
            guard full.hasPrefix(prefix) else { return nil }
            if FileSystem.status(full)?.isDirectory ?? false { return full + "/" }
            return full.hasSuffix(".yaml") || full.hasSuffix(".yml") ? full : nil
        }
    }
}
