import Foundation
import Testing

/// The cache commands take the manifest as the other commands do: as an argument, with `--manifest`, found
/// in the current folder or a parent, or under `-C`.
@Suite struct CacheManifestArgumentTests {
    @Test func everyWayOfNamingTheManifestFindsTheSameCache() throws {
        let p = try Project()
        try p.write("sub/f0.png", image: Frames.moving(0))
        try p.write("sub/f1.png", image: Frames.moving(1))
        try p.write("sub/animc.yaml", "version: 1\nanimations:\n  a:\n    output: out/a.gif\n    frames: [{glob: \"f*.png\"}]\n")
        #expect(try p.animc("build", "sub/animc.yaml").status == 0)
        let expected = p.url("sub/.animc-cache").resolvingSymlinksInPath().path
        func path(_ args: [String], in dir: URL, global: [String] = []) throws -> String {
            let run = try Animc.run(global + ["cache", "path"] + args, in: dir)
            #expect(run.status == 0, "\(args): \(run.stderr)")
            return URL(fileURLWithPath: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).resolvingSymlinksInPath().path
        }
        #expect(try path(["sub/animc.yaml"], in: p.root) == expected)
        #expect(try path(["--manifest", "sub/animc.yaml"], in: p.root) == expected)
        #expect(try path([], in: p.url("sub/out")) == expected)  // found in a parent
        #expect(try path([], in: p.root, global: ["-C", "sub"]) == expected)

        let stats = try Animc.run(["cache", "stats", "sub/animc.yaml", "--json"], in: p.root)
        #expect(stats.status == 0 && stats.json["entries"] as? Int ?? 0 > 0, "\(stats.stdout)\(stats.stderr)")
        let key = try Animc.run(["cache", "ls", "sub/animc.yaml", "--json"], in: p.root)
        let first = ((key.json["entries"] as? [[String: Any]])?.first?["key"] as? String).map { String($0.prefix(12)) }
        let show = try Animc.run(["cache", "show", try #require(first), "sub/animc.yaml"], in: p.root)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(try Animc.run(["cache", "verify", "sub/animc.yaml"], in: p.root).status == 0)

        let twice = try Animc.run(["cache", "stats", "sub/animc.yaml", "--manifest", "sub/animc.yaml"], in: p.root)
        #expect(twice.status == 64 && twice.stderr.contains("give the manifest once"), "\(twice.stderr)")
    }
}
