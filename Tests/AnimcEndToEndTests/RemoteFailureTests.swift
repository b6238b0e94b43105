import Foundation
import Testing

/// The remote never fails a build: servers that are down, silent, failing, closing, trickling or refusing, and
/// remotes holding damaged entries and objects, all end in the same outputs as a build without a remote.
@Suite struct RemoteFailureTests {
    /// The reference: the project built with no remote at all.
    static func reference() throws -> [String: [UInt8]] {
        let p = try RemoteCacheTests.project()
        let run = try p.animc("build")
        #expect(run.status == 0)
        return try RemoteCacheTests.outputs(p)
    }

    @Test func brokenServersTurnIntoMissesWithOneWarning() throws {
        let nginx = try Nginx.get()
        let expected = try Self.reference()
        // Warm a store the trickling location reads.
        let id = RemoteCacheTests.id()
        try RemoteCacheTests.project().animc("build", "--remote-cache", nginx.base(id: id))
        let silent = try SilentListener()
        let servers: [(String, String, String)] = [
            ("down", "http://127.0.0.1:\(closedPort())/animc/v1", "connection refused"),
            ("silent", "http://127.0.0.1:\(silent.port)/animc/v1", "remote cache"),
            ("503", nginx.base("down", id: id), "503"),
            ("closed", nginx.base("close", id: id), "remote cache"),
            ("trickle", nginx.base("trickle", id: id), "no answer within"),
            ("413", nginx.base("small", id: RemoteCacheTests.id()), "413"),
        ]
        for (name, url, cause) in servers {
            let p = try RemoteCacheTests.project()
            let run = try p.animc("build", "--json", "--remote-cache", url)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            #expect(try RemoteCacheTests.outputs(p) == expected, "\(name)")
            let warnings = run.stderr.split(separator: "\n").filter { $0.contains("remote cache") }
            #expect(warnings.count >= 1 && warnings.count <= 2, "\(name): \(run.stderr)")
            #expect(run.stderr.contains(cause), "\(name): \(run.stderr)")
            let r = RemoteCacheTests.remote(run)
            #expect(r["errors"] as? Int ?? 0 > 0, "\(name)")
            if name != "413" { #expect(r["disabled"] as? Bool == true, "\(name): switched off after failing") }
        }
    }

    /// Damage the remote's entries and objects for four of the five animations: each is detected, rebuilt,
    /// and never stored in the local cache.
    @Test func damagedEntriesAndObjectsAreRebuiltAndNeverKept() throws {
        let nginx = try Nginx.get()
        let expected = try Self.reference()
        let id = RemoteCacheTests.id()
        let a = try RemoteCacheTests.project()
        #expect(try a.animc("build", "--remote-cache", nginx.base(id: id)).status == 0)
        let store = nginx.storage(id: id)
        var gifEntries: [String: (ac: URL, object: String)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("ac").path) {
            let u = store.appendingPathComponent("ac/\(name)")
            let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: u)) as! [String: Any]
            let e = doc["entry"] as! [String: Any]
            if e["kind"] as? String == "gif", let d = e["description"] as? String {
                let anim = String(d.prefix { $0 != ":" })
                gifEntries[anim] = (u, e["object"] as! String)
            }
        }
        #expect(Set(gifEntries.keys) == ["walk", "glow", "spin", "blink", "wave"], "\(gifEntries.keys)")
        func cas(_ d: String) -> URL { store.appendingPathComponent("cas/\(d)") }
        // Flipped bytes, cut off, an empty entry, an entry that is not JSON, an entry naming a missing object.
        var flipped = try Data(contentsOf: cas(gifEntries["walk"]!.object))
        flipped[flipped.count / 2] ^= 0xFF
        try flipped.write(to: cas(gifEntries["walk"]!.object))
        let whole = try Data(contentsOf: cas(gifEntries["glow"]!.object))
        try whole.prefix(whole.count / 2).write(to: cas(gifEntries["glow"]!.object))
        try Data().write(to: gifEntries["spin"]!.ac)
        try Data("{not json".utf8).write(to: gifEntries["blink"]!.ac)
        try FileManager.default.removeItem(at: cas(gifEntries["wave"]!.object))

        let b = try RemoteCacheTests.clone(a)
        let run = try b.animc("build", "--json", "--remote-cache", nginx.base(id: id))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try RemoteCacheTests.outputs(b) == expected)
        #expect(run.steps.encoded == 5, "the five damaged GIFs are encoded again")
        for cause in ["SHA-256", "truncated", "empty", "not an animc entry", "does not have"] {
            #expect(run.stderr.contains(cause), "\(cause): \(run.stderr)")
        }
        let verify = try b.animc("cache", "verify")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // The damaged object is nowhere in the local cache.
        let local = b.url(".animc-cache/objects")
        let objects = FileManager.default.enumerator(atPath: local.path)!.compactMap { ($0 as? String)?.split(separator: "/").last.map(String.init) }
        #expect(!objects.contains(Data(flipped).sha256Hex))
    }

    @Test func keysAndDigestsThatAreNot64HexDigitsAreRefused() throws {
        let nginx = try Nginx.get()
        let id = RemoteCacheTests.id()
        let a = try RemoteCacheTests.project(names: ["walk"])
        try a.animc("build", "--remote-cache", nginx.base(id: id))
        let store = nginx.storage(id: id)
        // Point every entry's object at a path, then at upper-case hex.
        for (n, name) in try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("ac").path).enumerated() {
            let u = store.appendingPathComponent("ac/\(name)")
            var text = try String(contentsOf: u, encoding: .utf8)
            let doc = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
            let object = (doc["entry"] as! [String: Any])["object"] as! String
            text = text.replacingOccurrences(of: object, with: n % 2 == 0 ? "../../../../etc/passwd" : object.uppercased())
            try Data(text.utf8).write(to: u)
        }
        let b = try RemoteCacheTests.clone(a)
        let run = try b.animc("build", "--json", "--remote-cache", nginx.base(id: id))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.steps.encoded == 3)
        let lines = nginx.logLines(id: id)
        #expect(!lines.contains { $0.contains("passwd") })
        #expect(!lines.contains { $0.range(of: "/cas/[0-9a-fA-F]*[A-F]", options: .regularExpression) != nil })
        #expect(try b.animc("cache", "verify").status == 0)
    }
}

extension Data {
    var sha256Hex: String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())"]
        let inp = Pipe(), out = Pipe()
        p.standardInput = inp
        p.standardOutput = out
        try? p.run()
        inp.fileHandleForWriting.write(self)
        try? inp.fileHandleForWriting.close()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
