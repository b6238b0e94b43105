import AnimcPixels
import Foundation
import Testing

/// The fast no-op record (`records/*.fast`): written by a clean build, it lets the next build skip planning
/// when nothing planning reads has changed; every kind of change must still be noticed.
@Suite struct FastNoOpTests {
    func project() throws -> Project {
        let p = try Project()
        for i in 0..<6 { try p.write("frames/f\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", manifest(fps: 10))
        return p
    }

    func manifest(fps: Int) -> String {
        """
        version: 1
        animations:
          clip:
            output: out/clip.gif
            frames: [{glob: "frames/*.png"}]
            fps: \(fps)
            palette: {scope: per-frame, colors: 64}
        """
    }

    func fastRecords(_ p: Project) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: p.url(".animc-cache/records").path)) ?? []
        return names.filter { $0.hasSuffix(".fast") }
    }

    /// Ages every file (as files untouched for an hour are), then runs a no-op build, which leaves the record.
    func settle(_ p: Project) throws {
        try p.touchAll(secondsAhead: -3600)
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.statuses == ["clip": "up-to-date"])
        #expect(fastRecords(p).count == 1)
        let again = try p.animc("build", "--json")  // the fast path
        #expect(again.statuses == ["clip": "up-to-date"])
        #expect(again.steps == (0, 0, 0))
        #expect(fastRecords(p).count == 1)
    }

    @Test func everyChangeIsNoticed() throws {
        let p = try project()
        try p.touchAll(secondsAhead: -3600)
        #expect(try p.animc("build", "--json").statuses == ["clip": "built"])
        let good = try p.read("out/clip.gif")
        try settle(p)

        // A frame's pixels.
        try p.write("frames/f2.png", image: Frames.solid(200, 10, 10, width: 48, height: 32))
        var run = try p.animc("build", "--json")
        #expect(run.statuses == ["clip": "built"])
        #expect(run.steps == (1, 1, 1))
        try settle(p)

        // A new file in a globbed folder.
        try p.write("frames/f9.png", image: Frames.moving(9))
        run = try p.animc("build", "--json")
        #expect(run.statuses == ["clip": "built"])
        #expect(try DecodedGIF.decode(p.url("out/clip.gif")).frameCount == 7)
        try settle(p)

        // The manifest.
        try p.write("animc.yaml", manifest(fps: 5))
        run = try p.animc("build", "--json")
        #expect(run.statuses == ["clip": "built"])
        try settle(p)

        // The output, overwritten or deleted: restored from the cache.
        let current = try p.read("out/clip.gif")
        try p.write("out/clip.gif", bytes: Array(good.prefix(64)))
        run = try p.animc("build", "--json")
        #expect(run.statuses == ["clip": "restored"])
        #expect(try p.read("out/clip.gif") == current)
        try settle(p)
        try p.remove("out/clip.gif")
        #expect(try p.animc("build", "--json").statuses == ["clip": "restored"])
        try settle(p)

        // The cache's entries gone: the output cannot be vouched for, so it is encoded again.
        try p.remove(".animc-cache/entries")
        run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.steps.encoded == 1)
        #expect(try p.read("out/clip.gif") == current)
    }

    /// Atlas files are outputs the fast record vouches for: deleted or edited, the next build notices.
    @Test func atlasFilesAreVouchedForToo() throws {
        let p = try Project()
        try p.write("hero.png", image: AtlasTests.sheet())
        try p.write("wave.png", image: AtlasTests.tile(7))
        try p.write("animc.yaml", AtlasTests.manifest())
        try p.touchAll(secondsAhead: -3600)
        #expect(try p.animc("build").status == 0)
        try p.touchAll(secondsAhead: -3600)
        #expect(try p.animc("build").status == 0)
        #expect(fastRecords(p).count == 1)
        let image = try p.read("out/atlas/hero.png"), data = try p.read("out/hero.json")
        try p.remove("out/atlas/hero.png")
        try p.write("out/hero.json", "{}\n")
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try p.read("out/atlas/hero.png") == image)
        #expect(try p.read("out/hero.json") == data)
    }

    /// A shard builds part of the manifest: it must leave no record that vouches for the rest.
    @Test func aShardLeavesNoRecordForTheWholeManifest() throws {
        let p = try Project()
        let names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
        var text = "version: 1\nanimations:\n"
        for (i, n) in names.enumerated() {
            try p.write("f\(i).png", image: Frames.moving(i))
            text += "  \(n):\n    output: out/\(n).gif\n    frames: [{file: f\(i).png}]\n"
        }
        try p.write("animc.yaml", text)
        try p.touchAll(secondsAhead: -3600)
        let shard = try p.animc("build", "--shard", "1/2", "--json")
        #expect(shard.status == 0, "\(shard.stderr)")
        let built = Set(shard.statuses.keys)
        #expect(!built.isEmpty && built.count < names.count, "\(shard.statuses)")
        try p.touchAll(secondsAhead: -3600)
        #expect(try p.animc("build", "--shard", "1/2", "--json").status == 0)
        #expect(fastRecords(p).isEmpty)
        let full = try p.animc("build", "--json")
        #expect(full.status == 0, "\(full.stderr)")
        for n in names where !built.contains(n) { #expect(full.statuses[n] == "built", "\(n): \(full.statuses)") }
        for n in names { #expect(p.exists("out/\(n).gif"), "\(n)") }
    }

    /// The record names absolute paths: a copy of the project and its cache, beside the original, must not
    /// vouch for its outputs with the original's files.
    @Test func aCopiedProjectDoesNotTrustTheOriginalsRecord() throws {
        let p = try project()
        try p.touchAll(secondsAhead: -3600)
        try p.animc("build")
        try settle(p)
        let copy = try Project()
        try FileManager.default.removeItem(at: copy.root)
        try FileManager.default.copyItem(at: p.root, to: copy.root)
        try copy.remove("out/clip.gif")
        let run = try copy.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.statuses == ["clip": "restored"])
        #expect(copy.exists("out/clip.gif"))
    }

    @Test func onlyAPlainCleanBuildKeepsTheRecord() throws {
        let p = try project()
        try p.touchAll(secondsAhead: -3600)
        try p.animc("build")
        try settle(p)
        // Read-only runs leave it; --explain and --force take the full path and drop it.
        #expect(try p.animc("build", "--dry-run").status == 0)
        #expect(try p.animc("check").status == 0)
        #expect(fastRecords(p).count == 1)
        let explained = try p.animc("build", "--explain", "--json")
        #expect(explained.statuses == ["clip": "up-to-date"])
        #expect(fastRecords(p).isEmpty)
        try settle(p)
        #expect(try p.animc("build", "--force", "--json").steps.encoded == 1)
        #expect(fastRecords(p).isEmpty)
        // A build that reports anything (here the note of `scope: auto`) writes no record either.
        try p.write("animc.yaml", manifest(fps: 10).replacingOccurrences(of: "scope: per-frame, ", with: ""))
        try p.touchAll(secondsAhead: -3600)
        let noted = try p.animc("build", "--json")
        #expect(noted.status == 0)
        if !(noted.json["diagnostics"] as? [Any] ?? []).isEmpty { #expect(fastRecords(p).isEmpty) }
    }
}
