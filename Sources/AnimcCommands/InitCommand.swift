import AnimcBasics
import ArgumentParser
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter animc.yaml from the PNG frames and videos found here, and add .animc-cache/ to .gitignore.",
        discussion: """
            Each folder holding PNG files becomes an animation of its frames (natural order); each video \
            (.mp4, .mov, .m4v, .webm, .mkv, .avi) becomes an animation with a `video:` source. Outputs go to \
            out/NAME.gif. The manifest starts with a schema line for editors (the YAML language server). \
            Hidden folders, out/ and .animc-cache/ are skipped, three folders deep at most. An existing \
            animc.yaml is never overwritten; .gitignore is only appended to.
            """)

    @Flag(help: "Print one JSON object on stdout: {manifest, animations: [{name, source}], gitignore}.")
    var json = false

    static let videoExtensions: Set<String> = ["mp4", "mov", "m4v", "webm", "mkv", "avi"]
    static let skipped: Set<String> = ["out", "node_modules", ".build"]

    struct Found: Encodable { var name: String; var source: String; var kind: String }
    struct Report: Encodable { var manifest: String; var animations: [Found]; var gitignore: String }

    func run() throws {
        let manifest = ManifestLocation.defaultName
        guard FileSystem.status(manifest) == nil else { throw badInput("\(manifest) already exists here; nothing written") }
        let found = Self.scan()
        guard !found.isEmpty else {
            throw badInput("no PNG frames or videos found in this folder or the folders under it; nothing written")
        }
        do {
            try AtomicFile.write(Array(Self.manifestText(found).utf8), to: Paths.absolute(manifest))
        } catch {
            throw badInput("cannot write \(manifest): \(error)")
        }
        let gitignore = Self.ignoreCache()
        if json {
            Console.out(Console.json(Report(manifest: manifest, animations: found, gitignore: gitignore)))
        } else {
            Console.out("wrote \(manifest): \(found.count) animation\(found.count == 1 ? "" : "s") (\(found.map(\.name).joined(separator: ", ")))")
            Console.out(".gitignore: \(gitignore)")
            Console.out("next: animc build")
        }
    }

    /// Folders of PNGs and video files, at most three folders deep, in name order.
    static func scan() -> [Found] {
        var found: [Found] = []
        var names = Set<String>()
        func unique(_ base: String) -> String {
            var n = base.isEmpty ? "animation" : base, i = 2
            while names.contains(n) { n = "\(base)-\(i)"; i += 1 }
            names.insert(n)
            return n
        }
        func visit(_ dir: String, depth: Int) {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir) else { return }
            let sorted = entries.filter { !$0.hasPrefix(".") }.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
            let path = { (name: String) in dir.isEmpty ? name : dir + "/" + name }
            if let png = sorted.first(where: { $0.lowercased().hasSuffix(".png") && FileSystem.status(path($0))?.isRegular == true }) {
                let glob = path("*." + (png as NSString).pathExtension)
                let base = dir.isEmpty ? Paths.fileName(of: FileManager.default.currentDirectoryPath) : Paths.fileName(of: dir)
                found.append(Found(name: unique(slug(base)), source: glob, kind: "glob"))
            }
            for name in sorted {
                let p = path(name)
                guard let st = FileSystem.status(p) else { continue }
                let ext = (name as NSString).pathExtension.lowercased()
                if st.isRegular, videoExtensions.contains(ext) {
                    found.append(Found(name: unique(slug((name as NSString).deletingPathExtension)), source: p, kind: "video"))
                } else if st.isDirectory, depth < 3, !skipped.contains(name) {
                    visit(p, depth: depth + 1)
                }
            }
        }
        visit("", depth: 0)
        return found
    }

    /// Lower-case letters, digits and dashes.
    static func slug(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber { out.append(c) } else if !out.hasSuffix("-"), !out.isEmpty { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    static func manifestText(_ found: [Found]) -> String {
        var lines: [String] = []
        if let schema = schemaPath() { lines.append("# yaml-language-server: $schema=\(schema)") }
        lines += [
            "# Written by `animc init`. Keys and defaults: docs/manifest.md; `animc build` builds, `animc check` gates CI.",
            "version: 1",
            "defaults:",
            "  fps: 12",
            "  loop: forever",
            "animations:",
        ]
        for f in found {
            lines.append("  \(f.name):")
            lines.append("    output: out/\(f.name).gif")
            lines.append(f.kind == "video" ? "    frames: [{video: \(quoted(f.source))}]" : "    frames: [{glob: \(quoted(f.source))}]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The JSON Schema installed beside the binary (`PREFIX/share/animc/animc.schema.json`), or the
    /// repository's when the binary runs from a checkout's `.build`.
    static func schemaPath() -> String? {
        let exe = Paths.directory(of: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var candidates = [Paths.normalize(Paths.join(exe, "../share/animc/animc.schema.json"))]
        var dir = Paths.absolute(exe)
        while dir != "/" {
            candidates.append(Paths.join(dir, "schema/animc.schema.json"))
            dir = Paths.directory(of: dir)
        }
        return candidates.first { FileSystem.status($0)?.isRegular == true }
    }

    /// Appends `.animc-cache/` to .gitignore (made if missing) unless a line already ignores it.
    static func ignoreCache() -> String {
        let path = ".gitignore"
        let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = old.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.contains(where: { [".animc-cache", ".animc-cache/", "/.animc-cache", "/.animc-cache/"].contains($0) }) {
            return "already ignores .animc-cache/"
        }
        let text = old + (old.isEmpty || old.hasSuffix("\n") ? "" : "\n") + ".animc-cache/\n"
        do { try AtomicFile.write(Array(text.utf8), to: Paths.absolute(path)) } catch {
            return "could not add .animc-cache/ (\(error)); add it by hand"
        }
        return old.isEmpty ? "created, ignoring .animc-cache/" : "added .animc-cache/"
    }
}
