import AnimcPixels
import Foundation
import Testing

/// Issue #10's cache items, with the real binary: creation that survives kills and races, entries that must
/// agree with their objects, and a cache of another format that `cache clear` can empty.
@Suite struct CacheTrustTests {
    static let manifest = """
        version: 1
        animations:
          walk:
            output: out/walk.gif
            frames: [{glob: "walk/*.png"}]
            palette: {scope: per-frame, colors: 32}
          glow:
            output: out/glow.gif
            frames: [{glob: "glow/*.png"}]
            palette: {scope: global, colors: 16}
        """

    func project() throws -> Project {
        let p = try Project()
        for i in 0..<5 { try p.write("walk/w\(i).png", image: Frames.moving(i)) }
        for i in 0..<4 { try p.write("glow/g\(i).png", image: Frames.moving(i * 5, width: 24, height: 24, square: 6)) }
        try p.write("animc.yaml", Self.manifest)
        return p
    }

    @Test func sixColdBuildsAtOnceOnOneNewCache() throws {
        let projects = try (0..<6).map { _ in try project() }
        for round in 0..<5 {
            let cache = projects[0].url("shared-cache-\(round)").path
            let runs = Locked<[Int: Animc.Run]>([:])
            DispatchQueue.concurrentPerform(iterations: projects.count) { i in
                let r = try? projects[i].animc("build", "--cache-dir", cache)
                runs.mutate { $0[i] = r }
            }
            for i in 0..<projects.count {
                let r = runs.value[i]
                #expect(r?.status == 0, "round \(round), build \(i): \(r?.stderr ?? "did not run")")
            }
            let reference = try projects[0].read("out/walk.gif"), glow = try projects[0].read("out/glow.gif")
            #expect(try DecodedGIF.decode(projects[0].url("out/walk.gif")).frameCount == 5)
            for p in projects {
                #expect(try p.read("out/walk.gif") == reference)
                #expect(try p.read("out/glow.gif") == glow)
                try p.remove("out")
            }
            let verify = try projects[0].animc("cache", "verify", "--cache-dir", cache)
            #expect(verify.status == 0, "\(verify.stdout)")
        }
    }

    /// What a kill during creation can leave in a new cache folder (by this animc or an older one).
    static let partialStates: [[String: String?]] = [
        [:],
        ["CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by animc; it can be deleted.\n"],
        [".CACHEDIR.TAG.animc-tmp-q1W2e3": "Signature"],
        [".animc-cache.json.animc-tmp-r4T5y6": "", "CACHEDIR.TAG": ""],
        ["animc-cache.json": "", "objects/": nil, "entries/": nil],
    ]

    func makePartial(_ p: Project, _ files: [String: String?]) throws {
        try? p.remove(".animc-cache")
        try FileManager.default.createDirectory(at: p.url(".animc-cache"), withIntermediateDirectories: true)
        for (name, text) in files {
            if let text { try p.write(".animc-cache/\(name)", text) } else {
                try FileManager.default.createDirectory(at: p.url(".animc-cache/\(name)"), withIntermediateDirectories: true)
            }
        }
    }

    @Test func whatAKilledCreationLeftIsAcceptedByBuildClearAndRepair() throws {
        let p = try project()
        for (i, state) in Self.partialStates.enumerated() {
            try makePartial(p, state)
            let build = try p.animc("build")
            #expect(build.status == 0, "state \(i): \(build.stderr)")
            #expect(try DecodedGIF.decode(p.url("out/walk.gif")).frameCount == 5)
            try makePartial(p, state)
            let clear = try p.animc("cache", "clear")
            #expect(clear.status == 0, "state \(i): \(clear.stderr)")
            try makePartial(p, state)
            let repair = try p.animc("cache", "verify", "--repair")
            #expect(repair.status == 0, "state \(i): \(repair.stdout) \(repair.stderr)")
            #expect(try p.animc("build").status == 0)
        }
        // A folder with something else in it is not animc's: refused, and left as it was.
        try makePartial(p, ["CACHEDIR.TAG": "", "mine.txt": "keep me"])
        let refused = try p.animc("build")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not an animc cache"))
        #expect(try String(decoding: p.read(".animc-cache/mine.txt"), as: UTF8.self) == "keep me")
        #expect(try p.animc("cache", "clear").status == 2)
        #expect(p.exists(".animc-cache/mine.txt"))
    }

    func gifEntry(_ p: Project, _ animation: String) throws -> (path: String, json: [String: Any]) {
        let ls = try p.animc("cache", "ls", "--json", "--kind", "gif", "--animation", animation)
        let key = (ls.json["entries"] as? [[String: Any]])?.first?["key"] as? String ?? ""
        let path = ".animc-cache/entries/\(key.prefix(2))/\(key).json"
        return (path, try JSONSerialization.jsonObject(with: Data(p.read(path))) as? [String: Any] ?? [:])
    }

    @Test func aGifEntryNamingAQuantizedObjectIsNotTrusted() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        let good = try p.read("out/walk.gif")
        let frame = (try p.animc("cache", "ls", "--json", "--kind", "quantized", "--animation", "walk").json["entries"] as? [[String: Any]])?.first ?? [:]
        let frameObject = frame["object"] as? String ?? ""
        let frameBytes = try p.read(".animc-cache/objects/\(frameObject.prefix(2))/\(frameObject)")
        /// Points walk's GIF entry at a quantized frame's intact object (and with `forgeSize`, gives its size too).
        func forge(_ forgeSize: Bool) throws -> String {
            var (path, entry) = try gifEntry(p, "walk")
            entry["object"] = frameObject
            if forgeSize { entry["size"] = frameBytes.count }
            try p.write(path, bytes: Array(try JSONSerialization.data(withJSONObject: entry)))
            return String(path.dropFirst(".animc-cache/".count))
        }
        for forgeSize in [false, true] {
            let path = try forge(forgeSize)
            let verify = try p.animc("cache", "verify", "--json")
            #expect(verify.status == 1)
            let problems = verify.json["problems"] as? [[String: Any]] ?? []
            #expect(problems.contains { $0["kind"] as? String == "mismatch" && $0["path"] as? String == path }, "\(verify.stdout)")

            // The output is missing: the build must not restore the frame's bytes as the GIF.
            try p.remove("out/walk.gif")
            let build = try p.animc("build")
            #expect(build.status == 0, "\(build.stderr)")
            #expect(build.stderr.contains("does not match its object"))
            #expect(try p.read("out/walk.gif") == good)
            #expect(try DecodedGIF.decode(p.url("out/walk.gif")).frameCount == 5)
            #expect(try p.animc("cache", "verify").status == 0)

            // As the old animc left it: the frame's bytes restored as the GIF. `check` must not call that up to date.
            _ = try forge(forgeSize)
            try p.write("out/walk.gif", bytes: frameBytes)
            let check = try p.animc("check")
            #expect(check.status != 0, "\(check.stdout) \(check.stderr)")
            #expect(check.stderr.contains("does not match its object"))
            #expect(try p.animc("build").status == 0)
            #expect(try p.read("out/walk.gif") == good)
        }
    }

    @Test func verifyRepairRemovesAMismatchedEntry() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        let glow = try gifEntry(p, "glow").json
        var (path, entry) = try gifEntry(p, "walk")
        entry["object"] = glow["object"]  // another intact GIF, of another size
        try p.write(path, bytes: Array(try JSONSerialization.data(withJSONObject: entry)))
        let repair = try p.animc("cache", "verify", "--repair", "--json")
        #expect(repair.status == 1)
        #expect((repair.json["removed"] as? [String])?.contains(String(path.dropFirst(".animc-cache/".count))) == true)
        #expect(!p.exists(path))
        #expect(try p.animc("cache", "verify").status == 0)
        try p.remove("out/walk.gif")
        let build = try p.animc("build", "--json")
        #expect(build.status == 0)
        #expect(build.steps.encoded == 1)
    }

    @Test func aCacheOfANewerFormatCanBeClearedAsTheBuildSays() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        try p.write(".animc-cache/animc-cache.json", "{\"format\": 3, \"layout\": \"sharded\"}\n")
        try p.write(".animc-cache/packs/p0", "a newer animc's data")
        let refused = try p.animc("build")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("format 3"))
        // The build names the command that empties it; run exactly that.
        let said = refused.stderr.components(separatedBy: "`")
        #expect(said.count >= 3, "\(refused.stderr)")
        let command = said.count >= 3 ? said[1] : ""
        #expect(command.hasPrefix("animc cache clear"))
        let args = Array(command.split(separator: " ").dropFirst().map(String.init))
        let clear = try Animc.run(args, in: p.root)
        #expect(clear.status == 0, "\(clear.stderr)")
        #expect(!p.exists(".animc-cache/packs"))
        #expect(try String(decoding: p.read(".animc-cache/animc-cache.json"), as: UTF8.self).contains("\"format\":2"))
        #expect(try p.animc("cache", "stats").status == 0)
        try p.remove("out")
        let build = try p.animc("build", "--json")
        #expect(build.status == 0)
        #expect(build.steps.encoded == 2)
        #expect(try DecodedGIF.decode(p.url("out/glow.gif")).frameCount == 4)
    }
}

extension CacheTrustTests {
    /// Item 7: needs the executor to stream the encoded GIF to the output as well as to the cache (the lead's
    /// change); until then the GIF exists only in the cache and a build on an unwritable cache cannot write it.
    @Test
    func aCacheThatCannotBeWrittenStillGivesOutputs() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        #expect(try p.animc("cache", "clear").status == 0)
        try p.remove("out")
        // Root ignores permission bits, so the failure is a file where the cache's objects folder goes.
        try p.write(".animc-cache/objects", "in the way")
        let build = try p.animc("build")
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.components(separatedBy: "cannot be written").count == 2, "\(build.stderr)")
        #expect(build.stderr.contains("outputs are built without caching"))
        #expect(!build.stderr.contains("incoming"))
        #expect(try DecodedGIF.decode(p.url("out/walk.gif")).frameCount == 5)
        #expect(try DecodedGIF.decode(p.url("out/glow.gif")).frameCount == 4)
    }
}

/// A value shared by test threads.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ value: T) { _value = value }
    var value: T { lock.lock(); defer { lock.unlock() }; return _value }
    func mutate(_ f: (inout T) -> Void) { lock.lock(); defer { lock.unlock() }; f(&_value) }
}
