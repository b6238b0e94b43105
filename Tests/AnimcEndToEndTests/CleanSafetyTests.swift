import AnimcBasics
import Foundation
import Testing

/// Issue #10 items 1 and 3: `clean` deletes only files animc wrote, inside the project, on real paths.
@Suite struct CleanSafetyTests {
    func project() throws -> Project {
        let p = try Project()
        for i in 0..<3 { try p.write("f/\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: out/a.gif
                frames: [{glob: "f/*.png"}]
            """)
        return p
    }

    /// A folder outside the project (removed with it).
    func outsideFolder(_ p: Project) throws -> URL {
        let u = p.root.deletingLastPathComponent().appendingPathComponent("animc-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    static func sha(_ url: URL) throws -> String { Digest.of(Array(try Data(contentsOf: url))).hex }

    /// Appends `O` lines to the project's build record, as a damaged or foreign record could have them.
    func appendToRecord(_ p: Project, _ lines: [(name: String, path: String, digest: String)]) throws {
        let records = p.url(".animc-cache/records")
        let file = try FileManager.default.contentsOfDirectory(atPath: records.path).first { $0.hasSuffix(".record") }!
        var text = try String(contentsOf: records.appendingPathComponent(file), encoding: .utf8)
        for l in lines { text += "O\t\(l.name)\t\(l.path)\t\(l.digest)\n" }
        try Data(text.utf8).write(to: records.appendingPathComponent(file))
    }

    @Test func aRecordListingWhatAnimcDidNotWriteDeletesNothing() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        let outside = try outsideFolder(p)
        defer { try? FileManager.default.removeItem(at: outside) }
        let sibling = p.root.deletingLastPathComponent().appendingPathComponent("animc-sibling-\(UUID().uuidString).gif")
        defer { try? FileManager.default.removeItem(at: sibling) }
        try Data("sibling".utf8).write(to: sibling)
        try Data("absolute".utf8).write(to: outside.appendingPathComponent("abs.gif"))
        try Data("through a link".utf8).write(to: outside.appendingPathComponent("y.gif"))
        try FileManager.default.createSymbolicLink(at: p.url("link"), withDestinationURL: outside)
        try p.write("mylink-target.gif", "kept")
        try FileManager.default.createSymbolicLink(atPath: p.url("out/alias.gif").path, withDestinationPath: "../mylink-target.gif")

        // Every line carries the right digest of its file: only the place makes them off-limits.
        let victims: [(String, URL)] = [
            ("f/0.png", p.url("f/0.png")),                                   // a source frame
            ("animc.yaml", p.url("animc.yaml")),                             // the manifest
            (".animc-cache/CACHEDIR.TAG", p.url(".animc-cache/CACHEDIR.TAG")),  // the cache's own file
            ("../\(sibling.lastPathComponent)", sibling),                    // outside, by ..
            (outside.appendingPathComponent("abs.gif").path, outside.appendingPathComponent("abs.gif")),  // absolute
            ("link/y.gif", outside.appendingPathComponent("y.gif")),         // out through a symlinked folder
            ("out/alias.gif", p.url("mylink-target.gif")),                   // a symlink animc never writes
        ]
        var lines: [(name: String, path: String, digest: String)] = []
        for (i, v) in victims.enumerated() { lines.append(("gone\(i)", v.0, try Self.sha(v.1))) }
        try appendToRecord(p, lines)
        let before = try victims.map { try Data(contentsOf: $0.1) }

        let run = try p.animc("clean", "--stale")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "removed: out/a.gif\n", "only animc's own output goes: \(run.stdout)")
        #expect(try victims.map { try Data(contentsOf: $0.1) } == before)
        #expect(FileManager.default.fileExists(atPath: p.url("out/alias.gif").path))
        #expect(run.stderr.contains("f/0.png: warning: not removed: it is a source frame"), "\(run.stderr)")
        #expect(run.stderr.contains("animc.yaml: warning: not removed: it is the manifest"))
        #expect(run.stderr.contains(".animc-cache/CACHEDIR.TAG: warning: not removed: it is inside the cache folder"))
        #expect(run.stderr.contains("link/y.gif: warning: not removed: it is outside the manifest's folder"))
        #expect(run.stderr.contains("../\(sibling.lastPathComponent): warning: not removed: it is outside"))
        #expect(run.stderr.contains("abs.gif: warning: not removed: it is outside"))
        #expect(run.stderr.contains("out/alias.gif: warning: not removed: it is a symbolic link"))
    }

    /// CI restore keys hand a project another project's cache; record ids depend only on the manifest's
    /// name, so its record lists that project's outputs.
    @Test func aCacheFromAnotherProjectDoesNotDeleteHandMadeFiles() throws {
        let other = try Project()
        try other.write("f/0.png", image: Frames.moving(0))
        try other.write("animc.yaml", """
            version: 1
            animations:
              logo:
                output: assets/logo.gif
                frames: [{file: f/0.png}]
            """)
        #expect(try other.animc("build").status == 0)

        let p = try project()
        try p.write("assets/logo.gif", "hand-made, not animc's")
        try FileManager.default.copyItem(at: other.url(".animc-cache"), to: p.url(".animc-cache"))
        let dry = try p.animc("clean", "--stale", "--dry-run")
        #expect(!dry.stdout.contains("logo"))
        let run = try p.animc("clean", "--stale")
        #expect(run.status == 0)
        #expect(try p.read("assets/logo.gif") == Array("hand-made, not animc's".utf8))
        #expect(run.stderr.contains("assets/logo.gif: warning: not removed: its content is not what animc wrote there"), "\(run.stderr)")
    }

    @Test func aRealStaleOutputIsDeletedAndAnEditedOneIsKept() throws {
        let p = try project()
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: out/a.gif
                frames: [{glob: "f/*.png"}]
              b:
                output: out/b.gif
                frames: [{file: f/0.png}]
              c:
                output: out/c.gif
                frames: [{file: f/1.png}]
            """)
        #expect(try p.animc("build").status == 0)
        try p.write("out/c.gif", "edited by hand")
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: out/a.gif
                frames: [{glob: "f/*.png"}]
            """)
        let run = try p.animc("clean", "--stale")
        #expect(run.stdout == "removed: out/a.gif\nremoved: out/b.gif\n", "\(run.stdout)\(run.stderr)")
        #expect(!p.exists("out/b.gif"))
        #expect(p.exists("out/c.gif"))
        #expect(run.stderr.contains("out/c.gif: warning: not removed: its content is not what animc wrote there"))
    }

    @Test func plainCleanKeepsAnOutputAnimcDidNotWrite() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        try p.write("out/a.gif", "replaced by hand")
        let edited = try p.animc("clean")
        #expect(edited.status == 0)
        #expect(edited.stdout.isEmpty)
        #expect(p.exists("out/a.gif"))
        // No record at all (cache deleted): nothing proves animc wrote it.
        #expect(try p.animc("build").status == 0)
        try p.remove(".animc-cache")
        let unrecorded = try p.animc("clean")
        #expect(p.exists("out/a.gif"))
        #expect(unrecorded.stderr.contains("out/a.gif: warning: not removed: animc has no record"), "\(unrecorded.stderr)")
        // After a build it is animc's again.
        #expect(try p.animc("build").status == 0)
        #expect(try p.animc("clean").stdout == "removed: out/a.gif\n")
        #expect(!p.exists("out/a.gif"))
    }

    /// Item 3: `out` is a symlinked folder leading out of the project (git stores symlinks).
    @Test func aSymlinkedFolderOutOfTheProjectIsRefusedByBuildAndClean() throws {
        let p = try project()
        let outside = try outsideFolder(p)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(at: p.url("out"), withDestinationURL: outside)
        let build = try p.animc("build")
        #expect(build.status == 2)
        #expect(build.stderr.contains("animc.yaml:4:13: error: output 'out/a.gif' leads outside the manifest's folder through a symbolic link"), "\(build.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "nothing written outside")

        // A dangling link is refused too (the build would have created its target).
        try p.remove("out")
        let missing = outside.appendingPathComponent("not-yet")
        try FileManager.default.createSymbolicLink(at: p.url("out"), withDestinationURL: missing)
        #expect(try p.animc("build").status == 2)
        #expect(!FileManager.default.fileExists(atPath: missing.path))

        // clean: a file out there with the very bytes animc would write stays.
        try p.remove("out")
        #expect(try p.animc("build").status == 0)
        try FileManager.default.moveItem(at: p.url("out/a.gif"), to: outside.appendingPathComponent("a.gif"))
        try p.remove("out")
        try FileManager.default.createSymbolicLink(at: p.url("out"), withDestinationURL: outside)
        let clean = try p.animc("clean")
        #expect(clean.status != 0)
        #expect(clean.stderr.contains("animc.yaml:4:13: error: output 'out/a.gif' leads outside"))
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("a.gif").path))
        #expect(clean.stdout.isEmpty)
    }

    /// With `allow-outputs-outside: true` the link is the user's choice.
    @Test func allowOutputsOutsideLetsALinkedFolderBeUsed() throws {
        let p = try project()
        let outside = try outsideFolder(p)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(at: p.url("out"), withDestinationURL: outside)
        try p.write("animc.yaml", "allow-outputs-outside: true\n" + String(decoding: try p.read("animc.yaml"), as: UTF8.self))
        let build = try p.animc("build")
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("a.gif").path))
        #expect(try p.animc("clean").stdout == "removed: out/a.gif\n")
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("a.gif").path))
    }
}
