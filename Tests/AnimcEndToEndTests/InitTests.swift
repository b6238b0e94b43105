import Foundation
import Testing

/// `animc init`: a starter manifest from the frames and videos found, and .animc-cache/ ignored.
@Suite struct InitTests {
    @Test func initWritesAManifestThatBuilds() throws {
        let p = try Project()
        for i in 0..<3 { try p.write("frames/walk/\(i).png", image: Frames.moving(i)) }
        for i in 0..<2 { try p.write("frames/Run Fast/\(i).png", image: Frames.sprite(i)) }
        try p.write("clips/intro.mp4", "not decoded by init")
        try p.write(".hidden/x.png", image: Frames.moving(0))
        try p.write(".gitignore", "build/\n*.log")  // no final newline: kept, and appended after a newline
        let run = try p.animc("init")
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: p.url("animc.yaml"), encoding: .utf8)
        let first = text.split(separator: "\n")[0]
        #expect(first.hasPrefix("# yaml-language-server: $schema="))
        #expect(FileManager.default.fileExists(atPath: String(first.dropFirst("# yaml-language-server: $schema=".count))),
                "the schema line names a schema that exists")
        #expect(text.contains("  walk:\n    output: out/walk.gif\n    frames: [{glob: \"frames/walk/*.png\"}]"), "\(text)")
        #expect(text.contains("  run-fast:\n    output: out/run-fast.gif\n    frames: [{glob: \"frames/Run Fast/*.png\"}]"))
        #expect(text.contains("  intro:\n    output: out/intro.gif\n    frames: [{video: \"clips/intro.mp4\"}]"))
        #expect(!text.contains(".hidden"))
        #expect(try String(contentsOf: p.url(".gitignore"), encoding: .utf8) == "build/\n*.log\n.animc-cache/\n")

        // Never overwrites; the .gitignore line is not added twice.
        let again = try p.animc("init")
        #expect(again.status == 2)
        #expect(again.stderr.contains("animc.yaml already exists"))
        #expect(try String(contentsOf: p.url("animc.yaml"), encoding: .utf8) == text)

        // Without the video (another source kind), the starter builds as written.
        try p.remove("animc.yaml")
        try p.remove("clips/intro.mp4")
        let json = try p.animc("init", "--json")
        #expect((json.json["animations"] as? [[String: Any]])?.map { $0["name"] as? String } == ["run-fast", "walk"])
        #expect(json.json["gitignore"] as? String == "already ignores .animc-cache/")
        #expect(try String(contentsOf: p.url(".gitignore"), encoding: .utf8) == "build/\n*.log\n.animc-cache/\n")
        let build = try p.animc("build", "--json")
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.statuses == ["walk": "built", "run-fast": "built"])
        #expect(try p.animc("check").status == 0)
    }

    @Test func initWithNothingToAnimateWritesNothing() throws {
        let p = try Project()
        try p.write("README.md", "hello")
        let run = try p.animc("init")
        #expect(run.status == 2)
        #expect(run.stderr.contains("no PNG frames or videos found"))
        #expect(!p.exists("animc.yaml") && !p.exists(".gitignore"))
    }
}
