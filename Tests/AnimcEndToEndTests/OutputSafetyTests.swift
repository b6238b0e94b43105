import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue #10 items 2, 4 and 9: outputs never land on the manifest or in the cache, folders never come out
/// world-writable, and temporary files a killed build left are cleaned without touching anyone else's.
@Suite struct OutputSafetyTests {
    func project(output: String, extra: String = "") throws -> Project {
        let p = try Project()
        for i in 0..<2 { try p.write("f/\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: \(output)
                frames: [{glob: "f/*.png"}]
            \(extra)
            """)
        return p
    }

    @Test func anOutputOverTheManifestIsALocatedError() throws {
        // `output: animc.yaml` is refused for its extension; a manifest named like an output is refused too.
        let p = try project(output: "animc.yaml")
        let yaml = try p.read("animc.yaml")
        #expect(try p.animc("build").status == 2)
        #expect(try p.read("animc.yaml") == yaml)
        let text = String(decoding: yaml, as: UTF8.self).replacingOccurrences(of: "output: animc.yaml", with: "output: anim.gif")
        try p.write("anim.gif", text)
        let run = try p.animc("build", "anim.gif")
        #expect(run.status == 2)
        #expect(run.stderr.contains("""
            anim.gif:4:13: error: output 'anim.gif' would overwrite the manifest
                output: anim.gif
                        ^
            """), "\(run.stderr)")
        #expect(try p.read("anim.gif") == Array(text.utf8))
        // Spelled another way, or through a link to it: the same file.
        try p.write("anim.gif", text.replacingOccurrences(of: "output: anim.gif", with: "output: ./f/../anim.gif"))
        #expect(try p.animc("build", "anim.gif").stderr.contains("would overwrite the manifest"))
    }

    @Test func anOutputInsideTheCacheIsALocatedError() throws {
        let p = try project(output: ".animc-cache/a.gif")
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:4:13: error: output '.animc-cache/a.gif' is inside the cache folder '.animc-cache'"), "\(run.stderr)")
        #expect(!p.exists(".animc-cache/a.gif"))
        // A configured cache folder counts as well.
        let q = try project(output: "store/objects/a.gif")
        let custom = try q.animc("build", "--cache-dir", "store")
        #expect(custom.status == 2)
        #expect(custom.stderr.contains("error: output 'store/objects/a.gif' is inside the cache folder 'store'"), "\(custom.stderr)")
        #expect(try q.animc("build").status == 0, "with the default cache the same output is fine")
    }

    @Test func twoAnimationsCannotWriteOneFile() throws {
        let p = try project(output: "out/a.gif", extra: """
              b:
                output: out/./a.gif
                frames: [{file: f/0.png}]
            """)
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:7:13: error: output 'out/./a.gif' is also written by animation 'a'"), "\(run.stderr)")
        // The same file under two names through a symbolic link.
        let q = try project(output: "out/a.gif", extra: """
              b:
                output: alias/a.gif
                frames: [{file: f/0.png}]
            """)
        try FileManager.default.createDirectory(at: q.url("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: q.url("alias").path, withDestinationPath: "out")
        let linked = try q.animc("build")
        #expect(linked.status == 2)
        #expect(linked.stderr.contains("animc.yaml:7:13: error: output 'alias/a.gif' is the same file as the output of animation 'a'"), "\(linked.stderr)")
    }

    /// The resolver refuses an output over a source frame by path text; through a symbolic link it is the
    /// same file, and refused as well.
    @Test func anOutputThatIsASourceFrameThroughALinkIsALocatedError() throws {
        let p = try project(output: "out/0.png")
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: out/0.png
                frames: [{file: src/0.png}]
            """)
        try p.write("out/0.png", image: Frames.moving(0))
        try FileManager.default.createSymbolicLink(atPath: p.url("src").path, withDestinationPath: "out")
        let frame = try p.read("out/0.png")
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:4:13: error: output 'out/0.png' is the source frame 'src/0.png' under another name"), "\(run.stderr)")
        #expect(try p.read("out/0.png") == frame)

        // A frame file that is a link to the output.
        let q = try project(output: "out/a.gif")
        try q.write("out/a.gif", bytes: try q.read("f/1.png"))
        try q.remove("f/1.png")
        try FileManager.default.createSymbolicLink(atPath: q.url("f/1.png").path, withDestinationPath: "../out/a.gif")
        let linked = try q.animc("build")
        #expect(linked.status == 2)
        #expect(linked.stderr.contains("error: output 'out/a.gif' is the source frame 'f/1.png' under another name"), "\(linked.stderr)")
    }

    /// An output path that is itself a symbolic link is replaced by the new file (rename acts on the
    /// link); what it pointed to is never written.
    @Test func anOutputThatIsALinkIsReplacedNotWrittenThrough() throws {
        let p = try project(output: "out/a.gif")
        try p.write("precious.gif", "precious")
        try FileManager.default.createDirectory(at: p.url("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: p.url("out/a.gif").path, withDestinationPath: "../precious.gif")
        #expect(try p.animc("build").status == 0)
        #expect(try p.read("precious.gif") == Array("precious".utf8))
        let attrs = try FileManager.default.attributesOfItem(atPath: p.url("out/a.gif").path)
        #expect(attrs[.type] as? FileAttributeType == .typeRegular)
    }

    /// Item 4: many frames quantized by 4 workers, each writing cache objects into new folders: no
    /// folder or file may come out world-writable under umask 022.
    @Test func foldersAndFilesFollowTheUmask() throws {
        let p = try Project()
        for i in 0..<120 { try p.write("f/\(i).png", image: Frames.solid(UInt8(i), UInt8(255 - i), UInt8(i * 7 % 256), width: 4, height: 4)) }
        try p.write("animc.yaml", """
            version: 1
            defaults: {palette: {scope: per-frame}}
            animations:
              a: {output: out/x/a.gif, frames: [{glob: "f/*.png"}]}
              b: {output: out/y/b.gif, frames: [{glob: "f/1*.png"}]}
            """)
        for _ in 0..<3 {
            let run = try Animc.execute(URL(fileURLWithPath: "/bin/sh"),
                                        ["-c", "umask 022; exec \"$0\" \"$@\"", Animc.binary.path, "build", "-j", "4", "-q"], in: p.root)
            #expect(run.status == 0, "\(run.stderr)")
            var checked = 0
            for top in ["out", ".animc-cache"] {
                let e = FileManager.default.enumerator(atPath: p.url(top).path)!
                for case let rel as String in e {
                    var st = stat()
                    #expect(lstat(p.url(top).path + "/" + rel, &st) == 0)
                    #expect(st.st_mode & 0o002 == 0, "\(top)/\(rel) is world-writable: \(String(st.st_mode, radix: 8))")
                    checked += 1
                }
            }
            #expect(checked > 200)
            try p.remove("out")
            try p.remove(".animc-cache")
        }
    }

    /// Item 9: a kill between naming and renaming leaves `.a.gif.animc-tmp-XXXXXX`; the next build removes
    /// it when no process holds its lock (a live writer always does), whatever its age, and nothing else.
    @Test func abandonedTemporaryFilesAreRemovedAndOthersKept() throws {
        let p = try project(output: "out/a.gif")
        #expect(try p.animc("build").status == 0)
        let old = Date().addingTimeInterval(-3600)
        let stale = "out/.a.gif.animc-tmp-Ab3dE9"
        let lookalikes = ["out/.a.gif.animc-tmp-Ab3dE", "out/.a.gif.animc-tmp-Ab3dE9.bak", "out/a.gif.animc-tmp-Ab3dE9",
                          "out/.b.gif.animc-tmp-Ab3dE9", "out/.a.gif.animc-tmp-Ab_dE9", ".a.gif.animc-tmp-Ab3dE9"]
        let fresh = "out/.a.gif.animc-tmp-Fr35h1"
        let locked = "out/.a.gif.animc-tmp-L0cked"
        for f in [stale, locked] + lookalikes { try p.write(f, "partial"); try setMtime(p, f, old) }
        try p.write(fresh, "left by a kill a moment ago")
        // Another build holds its temporary file locked while it writes (however long that takes).
        let fd = open(p.url(locked).path, O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)

        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!p.exists(stale), "an abandoned temporary file is removed")
        #expect(!p.exists(fresh), "an unlocked temporary file is abandoned, however young")
        #expect(p.exists(locked), "a locked temporary file is kept")
        for f in lookalikes { #expect(p.exists(f), "\(f) is not animc's pattern for this output") }
        // A dry run and check remove nothing.
        try p.write(stale, "partial"); try setMtime(p, stale, old)
        _ = try p.animc("build", "--dry-run")
        _ = try p.animc("check")
        #expect(p.exists(stale))
    }

    func setMtime(_ p: Project, _ path: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: p.url(path).path)
    }
}

/// An existing file at an output path is replaced only when animc wrote it there (its build record says
/// so) or it already is a GIF; a still PNG that happens to sit there is someone else's.
@Suite struct ExistingOutputTests {
    func project(output: String) throws -> Project {
        let p = try Project()
        for i in 0..<3 { try p.write("f/\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: \(output)
                frames: [{glob: "f/*.png"}]
            """)
        return p
    }

    @Test func aFileThatIsNotAGIFIsNeverOverwritten() throws {
        let p = try project(output: "art/logo.png")
        try p.write("art/logo.png", image: Frames.solid(1, 2, 3))
        let before = try p.read("art/logo.png")
        let run = try p.animc("build")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("animc.yaml:4:13: error: output 'art/logo.png' would replace a file that is not an animated PNG and that animc did not write"), "\(run.stderr)")
        #expect(try p.read("art/logo.png") == before)
        try p.write("art/empty.gif", "")
        let q = try project(output: "art/empty.gif")
        try q.write("art/empty.gif", "")
        #expect(try q.animc("build").status == 1)
    }

    @Test func aGIFFromElsewhereOrOneAnimcWroteIsReplaced() throws {
        let p = try project(output: "out/a.gif")
        #expect(try p.animc("build").status == 0)
        let good = try p.read("out/a.gif")
        // A fresh clone with no cache: the committed GIF is replaced (here: by the same bytes).
        try p.remove(".animc-cache")
        try p.write("out/a.gif", bytes: try p.read("out/a.gif").dropLast(0) + [])
        #expect(try p.animc("build").status == 0)
        #expect(try p.read("out/a.gif") == good)
        // Edited by hand after animc wrote it (the record has its digest): restored.
        try p.write("out/a.gif", "not a gif any more")
        #expect(try p.animc("build").status == 0)
        #expect(try p.read("out/a.gif") == good)
    }
}
