import AnimcPixels
import Foundation
import Testing

/// One decision per build: what `--explain` and `--dry-run` list is exactly what runs, the counters
/// agree with it, and deciding leaves the cache untouched.
@Suite struct DecisionTests {
    /// Two animations sharing every frame: one crops, one does not; both use per-frame palettes so a
    /// changed frame re-runs only its own steps.
    func sharedProject() throws -> Project {
        let p = try Project()
        for i in 0..<4 { try p.write("f/\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", """
            version: 1
            defaults: {fps: 10, palette: {scope: per-frame}}
            animations:
              full:
                output: out/full.gif
                frames: [{glob: "f/*.png"}]
              cropped:
                output: out/cropped.gif
                frames: [{glob: "f/*.png"}]
                crop: {x: 0, y: 0, width: 32, height: 16}
              again:
                output: out/again.gif
                frames: [{glob: "f/*.png"}]
            """)
        return p
    }

    func explained(_ run: Animc.Run) -> [(step: String, reason: String)] {
        ((run.json["explain"] as? [[String: String]]) ?? []).map { ($0["step"] ?? "", $0["reason"] ?? "") }
    }

    @Test func explainListsExactlyTheStepsThatRun() throws {
        let p = try sharedProject()
        let cold = try p.animc("build", "--json", "--explain")
        #expect(cold.status == 0, "\(cold.stderr)")
        var items = explained(cold)
        // `again` has the same frames and settings as `full`: its quantize steps are full's, decided once.
        #expect(items.filter { $0.step.hasPrefix("quantize ") }.count == cold.steps.quantized)
        #expect(cold.steps.quantized == 8)
        #expect(items.filter { $0.step.hasPrefix("frame ") }.count == cold.steps.decoded)
        #expect(items.filter { $0.step.hasPrefix("encode ") }.count == cold.steps.encoded)

        try p.write("f/2.png", image: Frames.solid(9, 9, 9, width: 48, height: 32))
        let one = try p.animc("build", "--json", "--explain")
        #expect(one.status == 0, "\(one.stderr)")
        items = explained(one)
        #expect(one.steps.quantized == 2 && one.steps.decoded == 2 && one.steps.encoded == 3, "\(one.stdout)")
        #expect(items.filter { $0.step.hasPrefix("quantize ") }.count == 2)
        #expect(items.filter { $0.step.hasPrefix("frame ") }.count == 2)
        // The reason is the file, never another animation's crop.
        let frames = items.filter { $0.step == "frame f/2.png" }
        #expect(frames.count == 2)
        #expect(frames.allSatisfy { $0.reason == "input changed: source f/2.png" }, "\(frames)")
        #expect(!one.stdout.contains("parameters changed: crop"))
    }

    @Test func dryRunListsWhatTheBuildThenRuns() throws {
        let p = try sharedProject()
        try p.animc("build")
        try p.write("f/1.png", image: Frames.solid(1, 200, 3, width: 48, height: 32))
        let dry = try p.animc("build", "--dry-run", "--json")
        let real = try p.animc("build", "--json", "--explain")
        #expect(dry.status == 0 && real.status == 0)
        #expect(explained(dry).map(\.step) == explained(real).map(\.step))
        #expect(explained(dry).map(\.reason) == explained(real).map(\.reason))
        #expect(dry.statuses.values.allSatisfy { $0 == "stale" })
    }

    @Test func hitsAndMissesFollowTheDecision() throws {
        let p = try sharedProject()
        let cold = try p.animc("build", "--json")
        let c = cold.json["cache"] as? [String: Int] ?? [:]
        // 8 distinct quantize steps and 3 encodes were not in the cache; nothing was.
        #expect(c["hits"] == 0 && c["misses"] == 11, "\(c)")
        let noop = try p.animc("build", "--json")
        let n = noop.json["cache"] as? [String: Int] ?? [:]
        #expect(n["hits"] == 3 && n["misses"] == 0, "\(n)")
        try p.remove("out/full.gif")
        let restore = try p.animc("build", "--json", "--explain")
        let r = restore.json["cache"] as? [String: Int] ?? [:]
        #expect(r["hits"] == 3 && r["misses"] == 0, "\(r)")
        #expect(explained(restore).map(\.step) == ["write out/full.gif"])
        #expect(restore.statuses["full"] == "restored")
    }

    /// A dry run asks the cache only read-only questions: no entry is marked used, no damaged entry
    /// is deleted.
    @Test func dryRunLeavesTheCacheAsItWas() throws {
        let p = try sharedProject()
        try p.animc("build")
        let entries = p.url(".animc-cache/entries")
        let files = FileManager.default.enumerator(atPath: entries.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
        // Damage one entry, and age every entry so that a touch would show.
        try Data("{not json".utf8).write(to: entries.appendingPathComponent(files[0]))
        let old = Date(timeIntervalSince1970: 1_000_000_000)
        for f in files { try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: entries.appendingPathComponent(f).path) }
        try p.write("f/3.png", image: Frames.solid(50, 60, 70, width: 48, height: 32))
        try p.remove("out/again.gif")
        let dry = try p.animc("build", "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        for f in files {
            let path = entries.appendingPathComponent(f).path
            #expect(FileManager.default.fileExists(atPath: path), "\(f) was deleted by a dry run")
            let m = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            #expect(m == old, "\(f) was touched by a dry run")
        }
    }

    /// A quantized frame decided as cached but found damaged when read is rebuilt, and the decision
    /// (explain, counters) says so.
    @Test func aDamagedCachedFrameAmendsTheDecision() throws {
        let p = try sharedProject()
        try p.animc("build")
        // Damage every quantized object: flip a byte in the middle of each object whose magic says so (raw, or
        // compressed with the quantized magic in its header's copy of the first bytes).
        let objects = p.url(".animc-cache/objects")
        var damaged = 0
        for case let rel as String in FileManager.default.enumerator(atPath: objects.path)! {
            let u = objects.appendingPathComponent(rel)
            guard var bytes = try? Array(Data(contentsOf: u)),
                  bytes.starts(with: Array("AQF1".utf8))
                    || (bytes.starts(with: Array("ACZ1".utf8)) && bytes.dropFirst(20).starts(with: Array("AQF1".utf8)))
            else { continue }
            bytes[bytes.count / 2] ^= 0xFF
            try Data(bytes).write(to: u)
            damaged += 1
        }
        #expect(damaged == 8)
        // Change a delay: every encode runs, reading every quantized frame.
        let text = try String(decoding: p.read("animc.yaml"), as: UTF8.self)
        try p.write("animc.yaml", text.replacingOccurrences(of: "fps: 10", with: "fps: 5"))
        let run = try p.animc("build", "--json", "--explain")
        #expect(run.status == 0, "\(run.stderr)")
        let corrupt = explained(run).filter { $0.reason == "its cached result was damaged; rebuilt" }
        #expect(corrupt.count == 8, "\(run.stdout)")
        #expect(run.steps.quantized == 8)
        let c = run.json["cache"] as? [String: Int] ?? [:]
        #expect(c["hits"] == 0 && c["misses"] == 11, "\(c)")
    }
}
