import Foundation
import Testing

/// A shared remote cache on a real nginx (scripts/test-nginx): uploads, fresh clones that run nothing,
/// read-only mode, basic auth, and secrets kept out of every output.
@Suite struct RemoteCacheTests {
    /// Five animations (GIF, and one with WebP and APNG too), each its own frames.
    static func project(names: [String] = ["walk", "glow", "spin", "blink", "wave"]) throws -> Project {
        let p = try Project()
        try p.write("animc.yaml", manifest(names))
        for (n, name) in names.enumerated() {
            for i in 0..<4 { try p.write("\(name)/f\(i).png", image: Frames.moving(i * 3 + n * 7, width: 40, height: 30)) }
        }
        return p
    }

    static func manifest(_ names: [String]) -> String {
        var text = "version: 1\nanimations:\n"
        for (n, name) in names.enumerated() {
            let output = n == 0 ? "[out/\(name).gif, out/\(name).webp, out/\(name).png]" : "out/\(name).gif"
            text += "  \(name):\n    output: \(output)\n    frames: [{glob: \"\(name)/*.png\"}]\n"
            text += "    palette: {scope: \(n % 2 == 0 ? "global" : "per-frame"), colors: 32}\n"
        }
        return text
    }

    /// A fresh clone of `p`: the same manifest and frames, no outputs, no cache.
    static func clone(_ p: Project) throws -> Project {
        let c = try Project()
        let files = FileManager.default.enumerator(at: p.root, includingPropertiesForKeys: nil)!
        for case let u as URL in files {
            let rel = String(u.path.dropFirst(p.root.path.count + 1))
            guard !rel.hasPrefix("out") && !rel.hasPrefix(".animc-cache"), !u.hasDirectoryPath else { continue }
            try c.write(rel, bytes: try p.read(rel))
        }
        return c
    }

    static func outputs(_ p: Project) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: p.url("out").path)) ?? [] {
            out[name] = try p.read("out/\(name)")
        }
        return out
    }

    static func remote(_ run: Animc.Run) -> [String: Any] { run.json["remote"] as? [String: Any] ?? [:] }

    static func id() -> String { UUID().uuidString.lowercased() }

    @Test func coldBuildUploadsThenAFreshCloneRunsNothingThenWorksOffline() throws {
        let nginx = try Nginx.get()
        let id = Self.id()
        let a = try Self.project()
        let cold = try a.animc("build", "--json", "--remote-cache", nginx.base(id: id))
        #expect(cold.status == 0, "\(cold.stderr)")
        let up = Self.remote(cold)
        #expect((up["uploads"] as? Int ?? 0) == cold.json["cache"].flatMap { ($0 as? [String: Int])?["misses"] })
        #expect((up["bytesUp"] as? Int ?? 0) > 0)
        #expect(up["errors"] as? Int == 0)
        #expect(nginx.logLines(id: id).contains { $0.contains("\"PUT /cache/\(id)/animc/v1/cas/") && $0.contains("\" 201 ") })

        let b = try Self.clone(a)
        let warm = try b.animc("build", "--json", "--remote-cache", nginx.base(id: id))
        #expect(warm.status == 0, "\(warm.stderr)")
        #expect(warm.steps == (0, 0, 0), "a fresh clone with a warm remote decodes, quantizes and encodes nothing")
        let down = Self.remote(warm)
        #expect(down["hits"] as? Int == 7)  // one per output
        #expect(down["uploads"] as? Int == 0)
        #expect((down["bytesDown"] as? Int ?? 0) > 0)
        #expect(try Self.outputs(b) == Self.outputs(a))
        #expect(Set(warm.statuses.values) == ["restored"])
        #expect((warm.json["cache"] as? [String: Int])?["hits"] == 7)

        // `cache stats` keeps the last build's remote figures.
        let stats = try b.animc("cache", "stats", "--json")
        let last = (stats.json["lastBuild"] as? [String: Any])?["remote"] as? [String: Any]
        #expect(last?["hits"] as? Int == 7, "\(stats.stdout)")
        #expect(try b.animc("cache", "stats").stdout.contains("remote"))

        // The server is gone: everything is in the local cache now, so nothing is asked of it.
        let gone = "http://127.0.0.1:\(closedPort())/animc/v1"
        let offline = try b.animc("build", "--json", "--remote-cache", gone)
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.steps == (0, 0, 0))
        #expect(Set(offline.statuses.values) == ["up-to-date"])
        #expect(!offline.stderr.contains("remote cache"), "a local hit costs no network: \(offline.stderr)")
        try b.remove("out/walk.webp")
        let restored = try b.animc("build", "--json", "--remote-cache", gone)
        #expect(restored.steps == (0, 0, 0))
        #expect(try Self.outputs(b) == Self.outputs(a))
        // The local cache holds only sound objects.
        #expect(try b.animc("cache", "verify").status == 0)
    }

    /// The issue's acceptance: the samples (a glob, a sprite sheet, a sequence), built in a fresh clone against
    /// a warm remote, decode nothing — not even the sheet, whose tiles' digests planning needs (they travel as
    /// a `tiles` entry) — and quantize nothing.
    @Test func theSamplesFromAWarmRemoteDecodeNothingNotEvenTheSheet() throws {
        let nginx = try Nginx.get()
        let id = Self.id()
        let a = try SamplesTests().samplesProject()
        let cold = try a.animc("build", "--json", "--remote-cache", nginx.base(id: id))
        #expect(cold.status == 0, "\(cold.stderr)")
        #expect((cold.json["steps"] as? [String: Int])?["sheets"] == 1)
        let b = try Self.clone(a)
        let warm = try b.animc("build", "--json", "--remote-cache", nginx.base(id: id))
        #expect(warm.status == 0, "\(warm.stderr)")
        #expect(warm.steps == (0, 0, 0), "\(warm.stdout)")
        #expect((warm.json["steps"] as? [String: Int])?["sheets"] == 0, "\(warm.stdout)")
        #expect(try Self.outputs(b) == Self.outputs(a))
        #expect(try b.animc("cache", "verify").status == 0)
    }

    /// An encode step's entry names every frame: with 1000 frames it is over 64 KiB, and must still travel.
    @Test func anEntryNamingAThousandFramesTravels() throws {
        let nginx = try Nginx.get()
        let id = Self.id()
        let a = try Project()
        try a.write("a.png", image: Frames.solid(200, 30, 30, width: 4, height: 4))
        try a.write("b.png", image: Frames.solid(30, 30, 200, width: 4, height: 4))
        let files = (0..<1000).map { $0 % 2 == 0 ? "a.png" : "b.png" }.joined(separator: ", ")
        try a.write("animc.yaml", "version: 1\nanimations:\n  long:\n    output: out/long.gif\n    frames: [{files: [\(files)]}]\n")
        let cold = try a.animc("build", "--json", "--remote-cache", nginx.base(id: id))
        #expect(cold.status == 0, "\(cold.stderr)")
        let b = try Self.clone(a)
        let warm = try b.animc("build", "--json", "--remote-cache", nginx.base(id: id))
        #expect(warm.status == 0, "\(warm.stderr)")
        #expect(warm.steps == (0, 0, 0), "\(warm.stderr)")
        #expect(Self.remote(warm)["hits"] as? Int == 1)
        #expect(try b.read("out/long.gif") == a.read("out/long.gif"))
    }

    @Test func readOnlyDownloadsAndUploadsNothing() throws {
        let nginx = try Nginx.get()
        let id = Self.id()
        let a = try Self.project()
        let cold = try a.animc("build", "--json", "--remote-read-only", "--remote-cache", nginx.base(id: id))
        #expect(cold.status == 0, "\(cold.stderr)")
        #expect(Self.remote(cold)["uploads"] as? Int == 0)
        let b = try Self.project()
        let env = try b.animc("build", "--json", environment: ["ANIMC_REMOTE_CACHE": nginx.base(id: id), "ANIMC_REMOTE_CACHE_READ_ONLY": "1"])
        #expect(env.status == 0, "\(env.stderr)")
        #expect(Self.remote(env)["misses"] as? Int ?? 0 > 0)
        #expect(nginx.logLines(id: id).filter { $0.contains("\"PUT ") }.isEmpty, "read-only mode must not PUT")
        #expect(!nginx.logLines(id: id).filter { $0.contains("\"GET ") }.isEmpty)

        // Warm the remote, then a read-only clone downloads from it.
        try Self.clone(a).animc("build", "--remote-cache", nginx.base(id: id))
        let puts = nginx.logLines(id: id).filter { $0.contains("\"PUT ") }.count
        #expect(puts > 0)
        let c = try Self.clone(a)
        let ro = try c.animc("build", "--json", "--remote-read-only", "--remote-cache", nginx.base(id: id))
        #expect(ro.steps == (0, 0, 0))
        #expect(try Self.outputs(c) == Self.outputs(a))
        #expect(nginx.logLines(id: id).filter { $0.contains("\"PUT ") }.count == puts)
    }

    @Test func aDryRunAndCheckAskTheRemoteAndWriteNothing() throws {
        let nginx = try Nginx.get()
        let id = Self.id()
        let a = try Self.project()
        try a.animc("build", "--remote-cache", nginx.base(id: id))
        let b = try Self.clone(a)
        let dry = try b.animc("build", "--dry-run", "--json", "--remote-cache", nginx.base(id: id))
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect((dry.json["cache"] as? [String: Int])?["hits"] == 7)
        #expect(Set(dry.statuses.values) == ["stale"])
        #expect(!b.exists(".animc-cache") && !b.exists("out"))
        // Outputs copied from the first project are up to date by the remote's entries alone.
        for (name, bytes) in try Self.outputs(a) { try b.write("out/\(name)", bytes: bytes) }
        let check = try b.animc("check", "--remote-cache", nginx.base(id: id))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(!b.exists(".animc-cache"))
    }

    /// The README's team setup: anyone reads, only those with the password write (`limit_except GET HEAD`).
    /// Without it an upload is refused (401): the build still succeeds, warns once, and asks nothing more
    /// of the remote; with it, the uploads land and a password-less fresh clone downloads them.
    @Test func aServerThatOnlyLetsWritersWithThePasswordUpload() throws {
        let nginx = try Nginx.get()
        let id = Self.id()
        let a = try Self.project()
        let anonymous = try a.animc("build", "--json", "--remote-cache", nginx.base("readable", id: id))
        #expect(anonymous.status == 0, "\(anonymous.stderr)")
        #expect(anonymous.stderr.contains("401"), "\(anonymous.stderr)")
        #expect(Self.remote(anonymous)["disabled"] as? Bool == true)
        #expect(!nginx.logLines(id: id).contains { $0.contains("\"PUT /readable/\(id)/") && $0.contains("\" 201 ") })

        let writer = try Self.clone(a)
        let write = try writer.animc("build", "--json", "--remote-cache",
                                     nginx.base("readable", id: id, credentials: "\(Nginx.user):\(Nginx.password)"))
        #expect(write.status == 0 && Self.remote(write)["errors"] as? Int == 0, "\(write.stderr)")
        #expect(nginx.logLines(id: id).contains { $0.contains("\"PUT /readable/\(id)/") && $0.contains("\" 201 ") })

        let reader = try Self.clone(a)
        let read = try reader.animc("build", "--json", "--remote-cache", nginx.base("readable", id: id))
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.steps == (0, 0, 0), "\(read.stdout)")
        #expect(try Self.outputs(reader) == Self.outputs(a))
    }

    @Test func basicAuthUploadsWithTheRightPasswordAndNeverPrintsIt() throws {
        let nginx = try Nginx.get()
        let id = Self.id()
        let a = try Self.project()
        let right = nginx.base("auth", id: id, credentials: "\(Nginx.user):\(Nginx.password)")
        let ok = try a.animc("build", "--json", "--remote-cache", right)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(Self.remote(ok)["errors"] as? Int == 0, "\(ok.stderr)")
        #expect(nginx.logLines(id: id).contains { $0.contains("\"PUT /auth/\(id)/") && ($0.contains("\" 201 ") || $0.contains("\" 204 ")) })
        #expect(!ok.stdout.contains(Nginx.password) && !ok.stderr.contains(Nginx.password))

        let wrong = nginx.base("auth", id: id, credentials: "\(Nginx.user):not-the-pass-xyz")
        for args in [["build", "--json", "--force"], ["build", "--explain"], ["check"]] {
            let b = try Self.clone(a)
            let run = try Animc.run(args + ["--remote-cache", wrong], in: b.root)
            #expect(args[0] == "check" || run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("401"), "\(run.stderr)")
            #expect(!(run.stdout + run.stderr).contains("not-the-pass-xyz"))
            let stats = try b.animc("cache", "stats", "--json")
            #expect(!(stats.stdout + stats.stderr).contains("not-the-pass-xyz"))
        }
        #expect(nginx.logLines(id: id).contains { $0.contains(" 401 ") })

        // A bearer token is sent but never shown.
        let tokenRun = try Self.clone(a).animc("build", "--json", "--remote-cache", nginx.base(id: id),
                                               environment: ["ANIMC_REMOTE_CACHE_TOKEN": "tok-zz-secret"])
        #expect(tokenRun.status == 0)
        #expect(!(tokenRun.stdout + tokenRun.stderr).contains("tok-zz-secret"))
    }

    @Test func watchUsesTheRemoteToo() throws {
        let nginx = try Nginx.get()
        let id = Self.id()
        let a = try Self.project()
        try a.animc("build", "--remote-cache", nginx.base(id: id))
        let b = try Self.clone(a)
        let run = try b.animc("watch", "--max-builds", "1", "--remote-cache", nginx.base(id: id))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.outputs(b) == Self.outputs(a))
        let stats = try b.animc("cache", "stats", "--json").json["lastBuild"] as? [String: Any]
        #expect((stats?["remote"] as? [String: Any])?["hits"] as? Int == 7, "\(String(describing: stats))")
    }

    @Test func badRemoteURLsAreRefusedWithoutEchoingThePassword() throws {
        let p = try Self.project()
        for url in ["ftp://u:pw-hidden-1@host/x", "not a url", "http://u:pw-hidden-1@host/x?q=1"] {
            let run = try p.animc("build", "--remote-cache", url)
            #expect(run.status == 64, "\(url): \(run.stderr)")
            #expect(!run.stderr.contains("pw-hidden-1"))
        }
        #expect(try p.animc("build", "--remote-read-only").status == 64)
    }

    @Test func remoteRequiredTurnsAFailureIntoAFailedBuild() throws {
        let p = try Self.project()
        let gone = "http://127.0.0.1:\(closedPort())/animc/v1"
        let run = try p.animc("build", "--remote-required", "--remote-cache", gone)
        #expect(run.status == 1)
        #expect(run.stderr.contains("--remote-required"))
        #expect(p.exists("out/walk.gif"))
    }
}
