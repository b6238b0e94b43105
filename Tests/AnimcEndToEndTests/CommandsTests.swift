import Foundation
import Testing

/// check, clean, graph: the commands around build.
@Suite struct CommandsTests {
    func project() throws -> Project { try Project.twoAnimations(frames: 4) }

    @Test func checkIsACIGate() throws {
        let p = try project()
        let cold = try p.animc("check")
        #expect(cold.status == 1)
        #expect(cold.stdout.contains("missing: out/a.gif"), "never built: missing, not stale")
        #expect(!p.exists("out/a.gif"), "check writes no output")

        #expect(try p.animc("build").status == 0)
        let ok = try p.animc("check")
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")

        try p.write("f/1.png", image: Frames.solid(9, 9, 9, width: 48, height: 32))
        let stale = try p.animc("check")
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("stale: out/a.gif"))
        #expect(stale.stdout.contains("stale: out/b.gif"))
    }

    @Test func checkWithAColdCacheComparesContent() throws {
        // A fresh CI runner: the committed GIFs are right but the cache is empty.
        let p = try project()
        #expect(try p.animc("build").status == 0)
        try FileManager.default.removeItem(at: p.url(".animc-cache"))
        let run = try p.animc("check")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test func cleanRemovesOutputsAndStaleOnes() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        // Drop animation b from the manifest: its output is now stale.
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: out/a.gif
                frames: [{glob: "f/*.png"}]
            """)
        let plain = try p.animc("clean", "--dry-run")
        #expect(plain.stdout == "would remove: out/a.gif\n")
        let stale = try p.animc("clean", "--stale")
        #expect(stale.status == 0)
        #expect(stale.stdout.contains("removed: out/a.gif"))
        #expect(stale.stdout.contains("removed: out/b.gif"))
        #expect(!p.exists("out/a.gif") && !p.exists("out/b.gif"))
        #expect(p.exists("f/0.png"), "sources are never removed")
    }

    @Test func graphPrintsThePlan() throws {
        let p = try project()
        let dot = try p.animc("graph")
        #expect(dot.status == 0)
        #expect(dot.stdout.hasPrefix("digraph animc {"))
        let json = try p.animc("graph", "--format", "json")
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let steps = doc["steps"] as! [[String: Any]]
        // 4 distinct frames decoded once although b reuses two of them.
        #expect(steps.filter { $0["kind"] as? String == "frame" }.count == 4)
        #expect(steps.filter { $0["kind"] as? String == "encode" }.count == 2)
        #expect(!p.exists(".animc-cache"), "graph writes nothing")
    }

    @Test func versionAndHelp() throws {
        let p = try Project()
        #expect(try p.animc("--version").stdout.hasPrefix("animc 0."))
        let help = try p.animc("--help")
        #expect(help.stdout.contains("Exit codes"))
        let bad = try p.animc("build", "--jobs", "0")
        #expect(bad.status == 64)
    }
}

/// The ninja-style status line appears on a terminal and nowhere else.
@Suite struct ProgressTests {
    @Test func aTerminalShowsProgressAndAPipeDoesNot() throws {
        let p = try Project()
        for i in 0..<3 { try p.write("f/\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a: {output: a.gif, frames: [{glob: "f/*.png"}]}
            """)
        // `script` (util-linux) gives the command a pseudo-terminal and copies what it shows.
        let tty = try Animc.execute(URL(fileURLWithPath: "/usr/bin/script"),
                                    ["-qec", "'\(Animc.binary.path)' build --force", "/dev/null"], in: p.root)
        #expect(tty.status == 0, "\(tty.stdout)\(tty.stderr)")
        #expect(tty.stdout.contains("[1/"), "\(tty.stdout)")
        #expect(tty.stdout.contains("] encode a"), "\(tty.stdout)")
        // Through a pipe: no status line, only the results.
        let piped = try p.animc("build", "--force")
        #expect(!piped.stderr.contains("[1/"))
        #expect(piped.stdout.contains("0 decoded") == false && piped.stdout.contains("1 encoded"), "\(piped.stdout)")
    }
}
