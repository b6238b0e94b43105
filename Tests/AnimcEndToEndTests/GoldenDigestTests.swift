import Foundation
import Testing

/// Output bytes are pinned to the algorithm version: a change of bytes without a bump of `algorithmVersion`
/// (Sources/AnimcPlan/StepSignature.swift) would let a warm cache serve other bytes than a cold build.
///
/// Re-record (never by hand) with:
///
///     ANIMC_RECORD_GOLDEN=1 swift test --filter GoldenDigestTests
///
/// which rewrites Tests/Golden/digests.json for the current version, keeping older versions.
@Suite struct GoldenDigestTests {
    static let recordCommand = "ANIMC_RECORD_GOLDEN=1 swift test --filter GoldenDigestTests"
    static let table = Animc.repositoryRoot.appendingPathComponent("Tests/Golden/digests.json")
    static let outputs = ["out/bounce.gif", "out/hero-walk.gif", "out/spinner.gif"]

    /// A copy of samples/ in a temporary project.
    func samplesProject() throws -> Project {
        let p = try Project()
        let src = Animc.repositoryRoot.appendingPathComponent("samples")
        for name in try FileManager.default.contentsOfDirectory(atPath: src.path) where name != "out" && !name.hasPrefix(".") {
            try FileManager.default.copyItem(at: src.appendingPathComponent(name), to: p.url(name))
        }
        return p
    }

    /// Output path → SHA-256 (hex) of its bytes, by Python's hashlib (the test target has no hashing of its own).
    func digests(_ p: Project) throws -> [String: String] {
        let script = "import hashlib, json, sys; print(json.dumps({f: hashlib.sha256(open(f, 'rb').read()).hexdigest() for f in sys.argv[1:]}))"
        let run = try Animc.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + Self.outputs, in: p.root)
        try #require(run.status == 0, "hashing failed: \(run.stderr)")
        return try #require(try JSONDecoder().decode([String: String]?.self, from: Data(run.stdout.utf8)))
    }

    /// The algorithm version the binary plans with (`animc graph --format json`).
    func version(_ p: Project) throws -> String {
        let run = try p.animc("graph", "--format", "json")
        let json = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any]
        return try #require(json?["version"] as? String, "animc graph --format json gave no version: \(run.stderr)")
    }

    func build(_ p: Project, _ args: String...) throws -> [String: String] {
        let run = try Animc.run(["build", "--quiet"] + args, in: p.root)
        try #require(run.status == 0, "animc build \(args) failed: \(run.stderr)")
        return try digests(p)
    }

    @Test func samplesMatchTheDigestsRecordedForThisAlgorithmVersion() throws {
        let p = try samplesProject()
        let version = try version(p)
        let got = try build(p)
        var table = (try? JSONDecoder().decode([String: [String: String]].self, from: Data(contentsOf: Self.table))) ?? [:]

        if ProcessInfo.processInfo.environment["ANIMC_RECORD_GOLDEN"] == "1" {
            table[version] = got
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try FileManager.default.createDirectory(at: Self.table.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (enc.encode(table) + Data("\n".utf8)).write(to: Self.table)
            return
        }
        let pinned = try #require(table[version],
            "no golden digests for \(version) in \(Self.table.lastPathComponent): record them with \(Self.recordCommand)")
        for o in Self.outputs where pinned[o] != got[o] {
            Issue.record("""
                \(o): output bytes changed under the same algorithm version \(version) \
                (pinned \(pinned[o] ?? "none"), now \(got[o] ?? "none")): bump algorithmVersion in \
                Sources/AnimcPlan/StepSignature.swift and re-record with \(Self.recordCommand)
                """)
        }
        #expect(Set(pinned.keys) == Set(Self.outputs), "the table lists other outputs: re-record with \(Self.recordCommand)")
    }

    /// Worker count and cache state never change the bytes.
    @Test func jobsAndCacheStateGiveTheSameBytes() throws {
        let reference = try build(try samplesProject(), "--jobs", "1")

        let three = try samplesProject()
        #expect(try build(three, "--jobs", "3") == reference, "--jobs 3 differs from --jobs 1 (cold)")

        // Warm: every output comes back from the cache's encoded GIFs.
        for o in Self.outputs { try three.remove(o) }
        #expect(try build(three, "--jobs", "1") == reference, "warm cache differs from a cold build")

        // Warm intermediates only: the GIFs are re-encoded from cached quantized frames and palettes.
        let warm = try samplesProject()
        let cache = warm.url("shared-cache")
        _ = try build(warm, "--jobs", "3", "--cache-dir", cache.path)
        for o in Self.outputs { try warm.remove(o) }
        let gifEntries = try entries(in: cache, kind: "gif")
        for e in gifEntries { try FileManager.default.removeItem(at: e) }
        #expect(!gifEntries.isEmpty)
        #expect(try build(warm, "--jobs", "2", "--cache-dir", cache.path) == reference,
                "re-encoding from cached frames differs from a cold build")
    }

    /// The entry files of one kind in a cache (entries/ab/<key>.json with `"kind": K`).
    func entries(in cache: URL, kind: String) throws -> [URL] {
        let e = FileManager.default.enumerator(at: cache.appendingPathComponent("entries"), includingPropertiesForKeys: nil)!
        return e.compactMap { $0 as? URL }.filter { url in
            guard url.pathExtension == "json", let d = try? Data(contentsOf: url),
                  let j = (try? JSONSerialization.jsonObject(with: d)) as? [String: Any] else { return false }
            return j["kind"] as? String == kind
        }
    }
}
