import Foundation
import Testing

/// The conventions of build tools (issue #16): where the manifest is found, -C, paths that open from the
/// current folder, colour, mistyped commands, --version.
@Suite struct ConventionsTests {
    func project() throws -> Project {
        let p = try Project.twoAnimations(frames: 3)
        try FileManager.default.createDirectory(at: p.url("sub/deeper"), withIntermediateDirectories: true)
        return p
    }

    @Test func buildNamesAnimationsWithoutAManifest() throws {
        let p = try project()
        let run = try p.animc("build", "b", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.statuses == ["b": "built"])
        #expect(!p.exists("out/a.gif") && p.exists("out/b.gif"))
        // A mistyped animation still gets its suggestion.
        let typo = try p.animc("build", "bb")
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("no animation named 'bb'") && typo.stderr.contains("did you mean 'b'?"))
    }

    @Test func theManifestIsFoundInAParentAndNamed() throws {
        let p = try project()
        let run = try Animc.run(["build"], in: p.url("sub/deeper"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("note: using ../../animc.yaml"))
        #expect(run.stdout.contains("built: ../../out/a.gif"), "\(run.stdout)")
        #expect(p.exists("out/a.gif") && !p.exists("sub/deeper/out/a.gif"))
        // The cache commands find it the same way.
        let stats = try Animc.run(["cache", "path"], in: p.url("sub/deeper"))
        #expect(stats.stdout.hasSuffix("/\(p.root.lastPathComponent)/.animc-cache\n"), "\(stats.stdout)\(stats.stderr)")
        #expect(!FileManager.default.fileExists(atPath: p.url("sub/deeper/.animc-cache").path))
        // In the manifest's own folder, nothing is announced.
        #expect(!(try p.animc("check")).stderr.contains("note: using"))
    }

    @Test func minusCRunsInAnotherFolder() throws {
        let p = try project()
        let elsewhere = try Project()
        let run = try Animc.run(["-C", p.root.path, "build", "a"], in: elsewhere.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("built: out/a.gif"))
        #expect(p.exists("out/a.gif"))
        let bad = try Animc.run(["-C", p.url("missing").path, "build"], in: elsewhere.root)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("-C"))
    }

    @Test func everyPathOpensFromTheCurrentFolder() throws {
        let p = try project()
        try p.write("f/1.png", "not a png")
        let run = try Animc.run(["build", "--keep-going"], in: p.url("sub"))
        #expect(run.status == 1)
        // The bad frame and the manifest's line, both from sub/.
        #expect(run.stderr.contains("../f/1.png: error:"), "\(run.stderr)")
        #expect(run.stderr.contains("../animc.yaml:5:14: note: frame listed here"), "\(run.stderr)")
        #expect(run.stdout.contains("failed: ../out/a.gif"))
        for path in ["../f/1.png", "../animc.yaml"] {
            #expect(FileManager.default.fileExists(atPath: p.url("sub").appendingPathComponent(path).path))
        }
        // Named explicitly from above, the frame is named from above too.
        let above = try Animc.run(["build", "--keep-going", "\(p.root.lastPathComponent)/animc.yaml"],
                                  in: p.root.deletingLastPathComponent())
        #expect(above.stderr.contains("\(p.root.lastPathComponent)/f/1.png: error:"), "\(above.stderr)")
    }

    @Test func colourOnlyWhenAskedOrOnATerminal() throws {
        let p = try project()
        try p.write("bad.yaml", "version: 1\nanimations:\n  a:\n    output: out/a.gif\n    dealy: 80ms\n    frames: [{glob: \"f/*.png\"}]\n")
        let always = try p.animc("--color", "always", "build", "bad.yaml")
        #expect(always.status == 2)
        #expect(always.stderr.contains("\u{1B}[1;31merror:\u{1B}[0m"), "errors in red")
        #expect(always.stderr.contains("\u{1B}[1;32m^\u{1B}[0m"), "the caret in green")
        // A pipe (the tests' stderr), --color never, and NO_COLOR with --color auto: plain text.
        for run in [try p.animc("build", "bad.yaml"), try p.animc("build", "bad.yaml", "--color=never"),
                    try p.animc("--color", "auto", "build", "bad.yaml", environment: ["NO_COLOR": "1"])] {
            #expect(run.status == 2)
            #expect(!run.stderr.contains("\u{1B}["))
            #expect(run.stderr.contains("bad.yaml:5:5: error: unknown key 'dealy'"))
        }
        // Warnings in yellow.
        try p.write("fast.yaml", "version: 1\nanimations:\n  a:\n    output: out/a.gif\n    delay: 10ms\n    frames: [{glob: \"f/*.png\"}]\n")
        let warn = try p.animc("build", "fast.yaml", "--color", "always")
        #expect(warn.stderr.contains("\u{1B}[1;33mwarning:\u{1B}[0m"), "\(warn.stderr)")
        #expect(try p.animc("--color", "purple", "build").status == 64)
        // On a terminal (a pty from util-linux `script`), colour by default; none with NO_COLOR (or TERM=dumb).
        let command = "'\(Animc.binary.path)' build bad.yaml"
        let tty = try Animc.execute(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: p.root,
                                    environment: ["TERM": "xterm", "NO_COLOR": ""])
        #expect(tty.stdout.contains("\u{1B}[1;31merror:"), "\(tty.stdout)")
        let noColor = try Animc.execute(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: p.root,
                                        environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(noColor.stdout.contains("bad.yaml:5:5: error: unknown key") && !noColor.stdout.contains("\u{1B}[1;31m"), "\(noColor.stdout)")
    }

    @Test func aMistypedCommandGetsASuggestion() throws {
        let p = try project()
        let run = try p.animc("biuld")
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown command 'biuld'; did you mean 'build'?"))
        #expect(!p.exists("out/a.gif"))
        #expect(try p.animc("chek").stderr.contains("did you mean 'check'?"))
    }

    @Test func versionNamesTheReleaseAndTheCommit() throws {
        let p = try project()
        let run = try p.animc("--version")
        #expect(run.status == 0)
        // A test build has no commit passed in: it says so rather than guess.
        #expect(run.stdout.range(of: #"^animc \d+\.\d+\.\d+ \(commit ([0-9a-f]{7,}(-dirty)?|unknown)\)\n$"#, options: .regularExpression) != nil,
                "\(run.stdout)")
        let changelog = try String(contentsOf: Animc.repositoryRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let version = run.stdout.split(separator: " ")[1]
        #expect(changelog.contains("## \(version)"), "CHANGELOG.md has a section for the version the binary reports")
        let readme = try String(contentsOf: Animc.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("v\(version)"), "the README names the release")
    }

    @Test func completionsOfferManifestsAndAnimationNames() throws {
        let p = try project()
        try p.write("other.yaml", "version: 1\nanimations:\n  z:\n    output: out/z.gif\n    frames: [{glob: \"f/*.png\"}]\n")
        // As the bash script calls the binary: animc ---completion build -- positional@0 CWORD CURSOR WORDS…
        let first = try p.animc("---completion", "build", "--", "positional@0", "2", "0", "animc", "build", "")
        let offered = Set(first.stdout.split(separator: "\n").map(String.init))
        #expect(offered.isSuperset(of: ["a", "b", "animc.yaml", "other.yaml"]), "\(first.stdout)\(first.stderr)")
        let named = try p.animc("---completion", "build", "--", "positional@0", "3", "0", "animc", "build", "other.yaml", "")
        #expect(named.stdout.split(separator: "\n") == ["z"], "\(named.stdout)")
        let fromSub = try Animc.run(["---completion", "build", "--", "positional@0", "2", "1", "animc", "build", "b"], in: p.url("sub"))
        #expect(fromSub.stdout.split(separator: "\n") == ["b"], "\(fromSub.stdout)")
        for shell in ["bash", "zsh", "fish"] {
            let script = try p.animc("--generate-completion-script", shell)
            #expect(script.status == 0 && script.stdout.contains("---completion build"), "\(shell)")
        }
    }
}
