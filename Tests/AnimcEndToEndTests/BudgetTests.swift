import Foundation
import Testing

/// `max-size:` (issue 16): a CI guard against an output that grew.
@Suite struct BudgetTests {
    func project(maxSize: String, where place: String = "defaults") throws -> Project {
        let p = try Project()
        for i in 0..<6 { try p.write("f/\(i).png", image: Frames.moving(i, width: 96, height: 64)) }
        let defaults = place == "defaults" ? "defaults:\n  max-size: \(maxSize)\n" : ""
        let own = place == "animation" ? "    max-size: \(maxSize)\n" : ""
        try p.write("animc.yaml", "version: 1\n\(defaults)animations:\n  walk:\n    output: [out/walk.gif, out/walk.webp]\n\(own)    frames: [{glob: \"f/*.png\"}]\n  small:\n    output: out/small.gif\n    frames: [{file: f/0.png}]\n    max-size: 1MB\n")
        return p
    }

    @Test func anOutputOverItsMaxSizeFailsTheBuildAtTheKeyWithItsSize() throws {
        let p = try project(maxSize: "100B")
        let run = try p.animc("build", "--json")
        #expect(run.status == 1)
        let gifSize = try p.read("out/walk.gif").count, webpSize = try p.read("out/walk.webp").count
        #expect(run.stderr.contains("animc.yaml:3:13: error: animation 'walk': out/walk.gif is \(gifSize) bytes"), "\(run.stderr)")
        #expect(run.stderr.contains("over its max-size of 100 bytes"))
        #expect(run.stderr.contains("out/walk.webp is \(webpSize) bytes"))
        // The outputs are written (they are right for their inputs); only the status says they are too large.
        #expect(p.exists("out/walk.gif") && p.exists("out/small.gif"))
        let outputs = run.json["outputs"] as? [[String: Any]] ?? []
        let walk = outputs.first { $0["path"] as? String == "out/walk.gif" }?["budget"] as? [String: Any]
        #expect(walk?["maxSize"] as? Int == 100 && walk?["bytes"] as? Int == gifSize && walk?["over"] as? Bool == true)
        let small = outputs.first { $0["path"] as? String == "out/small.gif" }?["budget"] as? [String: Any]
        #expect(small?["maxSize"] as? Int == 1_000_000 && small?["over"] as? Bool == false)
        #expect(run.json["success"] as? Bool == false)
        // Nothing changed: the next build runs nothing and fails the same way.
        let again = try p.animc("build", "--json")
        #expect(again.status == 1)
        #expect(again.steps.encoded == 0)
        #expect(again.stderr.contains("out/walk.gif is \(gifSize) bytes"))
    }

    @Test func anAnimationsOwnMaxSizeWinsAndALargeOnePasses() throws {
        let p = try project(maxSize: "2MB", where: "animation")
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        let tight = try project(maxSize: "1KB", where: "animation")
        let t = try tight.animc("build")
        #expect(t.status == 1)
        #expect(t.stderr.contains("animc.yaml:5:15: error: animation 'walk'"), "\(t.stderr)")
        #expect(t.stderr.contains("over its max-size of 1000 bytes (1000 B)"))
    }

    @Test func aBadMaxSizeIsALocatedError() throws {
        let p = try project(maxSize: "2 parsecs")
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:3:13: error: 'max-size' must be a size"), "\(run.stderr)")
        #expect(!p.exists("out"))
    }
}
