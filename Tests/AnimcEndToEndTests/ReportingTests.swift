import Foundation
import Testing

/// What the commands report (issue #16): --json everywhere, sizes of outputs, skipped animations,
/// warnings only for what is built, why check finds an output stale, list, graph for Graphviz.
@Suite struct ReportingTests {
    func project() throws -> Project {
        let p = try Project()
        for i in 0..<4 { try p.write("f/\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: [out/a.gif, out/a.webp, out/a.png]
                frames: [{glob: "f/*.png"}]
              b:
                output: out/b.gif
                frames: [{files: [f/0.png, f/1.png, f/2.png]}]
                playback: pingpong
            """)
        return p
    }

    func outputs(_ run: Animc.Run) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for o in run.json["outputs"] as? [[String: Any]] ?? [] { out[o["path"] as? String ?? "?"] = o }
        return out
    }

    @Test func buildReportsEachOutputsSizeFramesAndCanvas() throws {
        let p = try project()
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let o = outputs(run)
        for path in ["out/a.gif", "out/a.webp", "out/a.png", "out/b.gif"] {
            let bytes = try FileManager.default.attributesOfItem(atPath: p.url(path).path)[.size] as! Int
            #expect(o[path]?["bytes"] as? Int == bytes, "\(path)")
            #expect(o[path]?["width"] as? Int == 48 && o[path]?["height"] as? Int == 32, "\(path): \(o[path] ?? [:])")
        }
        #expect(o["out/a.gif"]?["frames"] as? Int == 4)
        #expect(o["out/b.gif"]?["frames"] as? Int == 4, "pingpong of three frames plays 0 1 2 1")
        // Pillow agrees.
        for path in ["out/a.gif", "out/b.gif"] {
            let gif = try DecodedGIF.decode(p.url(path))
            #expect(gif.frameCount == o[path]?["frames"] as? Int && gif.width == 48 && gif.height == 32)
        }
        // Up to date, the same facts; and the human summary shows them.
        let again = try p.animc("build")
        #expect(again.stdout.contains("up-to-date: out/b.gif (4 frames, 48×32, "), "\(again.stdout)")
    }

    @Test func animationsNotBuiltAfterAFailureAreListedAsSkipped() throws {
        let p = try project()
        try p.write("f/3.png", "broken")  // a's frame only
        let run = try p.animc("build", "--json")
        #expect(run.status == 1)
        #expect(run.statuses == ["a": "failed", "b": "skipped"])
        #expect(try p.animc("build").stdout.contains("skipped: out/b.gif"))
        let keepGoing = try p.animc("build", "--keep-going", "--json")
        #expect(keepGoing.statuses == ["a": "failed", "b": "built"])
    }

    @Test func warningsOnlyForTheAnimationsBeingBuilt() throws {
        let p = try project()
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: out/a.gif
                frames: [{glob: "f/*.png"}]
              fast:
                output: out/fast.gif
                delay: 10ms
                frames: [{glob: "f/*.png"}]
            """)
        let one = try p.animc("build", "a")
        #expect(one.status == 0)
        #expect(!one.stderr.contains("warning"), "\(one.stderr)")
        let all = try p.animc("build")
        #expect(all.stderr.contains("warning") && all.stderr.contains("'fast'"), "\(all.stderr)")
    }

    @Test func checkSaysWhyAndCallsADeletedOutputMissing() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        try p.remove("out/b.gif")
        try p.write("animc.yaml", try String(contentsOf: p.url("animc.yaml"), encoding: .utf8).replacingOccurrences(of: "playback: pingpong", with: "playback: pingpong\n    delay: 50ms"))
        let run = try p.animc("check")
        #expect(run.status == 1)
        #expect(run.stdout.contains("missing: out/b.gif"), "\(run.stdout)")
        #expect(!run.stdout.contains("stale: out/b.gif"))
        try p.write("f/3.png", image: Frames.solid(1, 2, 3, width: 48, height: 32))
        let stale = try p.animc("check", "--json")
        #expect(stale.status == 1)
        #expect(stale.json["success"] as? Bool == false, "check --json says success false when it exits 1")
        let a = outputs(stale)["out/a.gif"]
        #expect(a?["status"] as? String == "stale")
        // The reason --explain gives the encode step.
        let explain = try p.animc("build", "--dry-run", "--json", "a")
        let reasons = (explain.json["explain"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        #expect((a?["reason"] as? String).map { reasons.contains($0) } == true, "\(a ?? [:]) vs \(reasons)")
        #expect((a?["reason"] as? String)?.contains("f/3.png") == true)
        #expect(try p.animc("check").stdout.contains("stale: out/a.gif (input changed:"))
        #expect(try p.animc("build").status == 0)
        let ok = try p.animc("check", "--json")
        #expect(ok.status == 0 && ok.json["success"] as? Bool == true)
    }

    @Test func listShowsAnimationsOutputsAndFrames() throws {
        let p = try project()
        let run = try p.animc("list")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines == ["a 4 frames out/a.gif, out/a.webp, out/a.png", "b 4 frames out/b.gif"], "\(run.stdout)")
        let json = try p.animc("list", "--json").json
        let anims = json["animations"] as? [[String: Any]] ?? []
        #expect(anims.map { $0["name"] as? String } == ["a", "b"])
        #expect(anims.map { $0["frames"] as? Int } == [4, 4])
        #expect((anims[0]["outputs"] as? [[String: Any]])?.map { $0["format"] as? String } == ["gif", "webp", "apng"])
        #expect(!p.exists("out/a.gif") && !p.exists(".animc-cache"), "list writes nothing")
    }

    @Test func cleanAndGraphReportJSON() throws {
        let p = try project()
        #expect(try p.animc("build").status == 0)
        let clean = try p.animc("clean", "--dry-run", "--json")
        #expect(clean.status == 0)
        #expect((clean.json["removed"] as? [String])?.sorted() == ["out/a.gif", "out/a.png", "out/a.webp", "out/b.gif"])
        #expect(clean.json["success"] as? Bool == true && clean.json["dryRun"] as? Bool == true)
        let graph = try p.animc("graph", "--json")
        let steps = (try JSONSerialization.jsonObject(with: Data(graph.stdout.utf8)) as? [String: Any])?["steps"] as? [[String: Any]] ?? []
        let quantize = steps.first { $0["kind"] as? String == "quantize" }
        let params = quantize?["params"] as? [String: Any]
        #expect(params?["dither"] as? String == "none", "params are objects: \(params ?? [:])")
        #expect(params?["alpha-threshold"] as? Int == 128)
        let encode = steps.first { ($0["params"] as? [String: Any])?["delays"] != nil }
        #expect((encode?["params"] as? [String: Any])?["delays"] is [Any], "a JSON value, not a string holding JSON")
    }

    @Test func graphDotRendersInGraphviz() throws {
        let p = try project()
        try p.write("we\"ird dir/0.png", image: Frames.moving(0))
        try p.write("animc.yaml", try String(contentsOf: p.url("animc.yaml"), encoding: .utf8) + """

              c:
                output: out/c.gif
                frames: [{file: "we\\"ird dir/0.png"}]
            """)
        let dot = try p.animc("graph")
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(dot.stdout.contains(#"label="frame "#) && !dot.stdout.contains(#"\\n"#), "one escape for a label's line break")
        try p.write("plan.dot", dot.stdout)
        // Graphviz itself (Debian `graphviz`) must parse and render it.
        let svg = try Animc.execute(URL(fileURLWithPath: "/usr/bin/env"), ["dot", "-Tsvg", p.url("plan.dot").path], in: p.root)
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(svg.stdout.contains("<svg") && svg.stdout.contains("we&quot;ird dir/0.png"))
        #expect(!svg.stdout.contains(#"\n"#), "labels break lines instead of showing a backslash")
    }
}
