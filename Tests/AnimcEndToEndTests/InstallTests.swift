import Foundation
import Testing

/// `make install PREFIX=…`: a static release binary (no Swift shared libraries, by ldd), a man page and
/// three completion scripts. It makes a release build (in .build-install: `swift test` holds .build's lock),
/// so it runs when ANIMC_TEST_INSTALL=1 (.ci/run sets it).
@Suite struct InstallTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ANIMC_TEST_INSTALL"] == "1"))
    func makeInstallGivesAStaticBinaryAManPageAndCompletions() throws {
        let prefix = try Project()
        let make = try Animc.execute(URL(fileURLWithPath: "/usr/bin/env"), ["make", "install", "PREFIX=\(prefix.root.path)", "SCRATCH=.build-install"],
                                     in: Animc.repositoryRoot)
        #expect(make.status == 0, "\(make.stdout)\(make.stderr)")
        let bin = prefix.url("bin/animc")
        let ldd = try Animc.execute(URL(fileURLWithPath: "/usr/bin/env"), ["ldd", bin.path], in: prefix.root)
        #expect(ldd.status == 0)
        #expect(!ldd.stdout.contains("libswift") && !ldd.stdout.contains("libFoundation"), "\(ldd.stdout)")
        for file in ["share/man/man1/animc.1", "share/bash-completion/completions/animc",
                     "share/zsh/site-functions/_animc", "share/fish/vendor_completions.d/animc.fish",
                     "share/animc/animc.schema.json"] {
            #expect(prefix.exists(file), "\(file)")
        }
        let man = try String(contentsOf: prefix.url("share/man/man1/animc.1"), encoding: .utf8)
        #expect(man.contains(".Dt ANIMC 1") && man.contains("build") && man.contains("Fl -keep-going"), "options as mdoc flags")
        // The installed binary runs, names its commit, and its init points at the installed schema.
        let version = try Animc.execute(bin, ["--version"], in: prefix.root)
        #expect(version.stdout.range(of: #"^animc \d+\.\d+\.\d+ \(commit [0-9a-f]{12}(-dirty)?\)\n$"#, options: .regularExpression) != nil, "\(version.stdout)")
        let project = try Project()
        try project.write("f/0.png", image: Frames.moving(0))
        #expect(try Animc.execute(bin, ["init"], in: project.root).status == 0)
        let text = try String(contentsOf: project.url("animc.yaml"), encoding: .utf8)
        #expect(text.hasPrefix("# yaml-language-server: $schema=\(prefix.root.path)/share/animc/animc.schema.json\n"), "\(text)")
        #expect(try Animc.execute(bin, ["build"], in: project.root).status == 0)
    }
}
