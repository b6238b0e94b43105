import AnimcBasics
import Testing
@testable import AnimcManifest

/// The `aseprite:` frame source: parsing, and listing frames from what the inspector says of the file.
@Suite struct AsepriteSourceTests {
    static let summary = AsepriteSummary(
        durationsMs: [100, 150, 200, 250],
        tags: [.init(name: "walk", frames: [1, 2, 3, 2], direction: "ping-pong")],
        layerNames: ["body", "sword", "shadow"])

    func resolve(_ dir: TempDir, _ text: String) -> (animations: [ResolvedAnimation], diagnostics: [Diagnostic]) {
        let (m, diags) = parseManifest(text, directory: dir.path)
        guard let m else {
            Issue.record("manifest refused:\n\(render(diags))")
            return ([], diags)
        }
        let inspector = SourceInspector(imageSize: { _ in throw FakeSizeError() }, aseprite: { _ in Self.summary })
        return ManifestResolver.resolve(m, inspector: inspector)
    }

    func manifest(_ source: String, animation extra: String = "", defaults: String = "") -> String {
        "version: 1\n\(defaults)animations:\n  hero:\n    output: hero.gif\n\(extra)    frames:\n      - \(source)\n"
    }

    @Test func parsesPathTagAndLayers() {
        let (m, diags) = parseManifest(manifest("{aseprite: hero.aseprite, tag: walk, layers: [body, sword]}"))
        #expect(diags.isEmpty, "\(render(diags))")
        #expect(m?.animations[0].sources[0].kind == .aseprite(AsepriteSpec(path: "hero.aseprite", tag: "walk", layers: ["body", "sword"])))
    }

    @Test func badKeysAreLocated() {
        let (_, a) = parseManifest(manifest("{aseprite: hero.aseprite, layers: body}"))
        #expect(render(a).contains("animc.yaml:6:43: error: 'layers' must be a non-empty list of layer names, not a string"))
        let (_, b) = parseManifest(manifest("{aseprite: hero.aseprite, tile: {width: 1, height: 1}}"))
        #expect(render(b).contains("only applies to a 'sheet' frame source, not 'aseprite'"))
        let (_, c) = parseManifest(manifest("{aseprite: hero.aseprite, tag: ''}"))
        #expect(render(c).contains("'tag' must not be empty"))
    }

    @Test func everyFrameWithItsOwnDuration() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("hero.aseprite")
        let (anims, diags) = resolve(dir, manifest("{aseprite: hero.aseprite}"))
        #expect(diags.isEmpty, "\(render(diags))")
        let frames = anims[0].frames
        #expect(frames.map(\.origin) == (0..<4).map { .aseprite(frame: $0, layers: nil) })
        #expect(frames.map(\.delayMs) == [100, 150, 200, 250])
        #expect(frames.allSatisfy { $0.path == "hero.aseprite" })
    }

    @Test func aTagsFramesInItsDirectionAndLayersInOneOrder() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("hero.aseprite")
        let (anims, diags) = resolve(dir, manifest("{aseprite: hero.aseprite, tag: walk, layers: [sword, body, sword]}"))
        #expect(diags.isEmpty, "\(render(diags))")
        #expect(anims[0].frames.map(\.origin) == [1, 2, 3, 2].map { .aseprite(frame: $0, layers: ["body", "sword"]) })
        #expect(anims[0].frames.map(\.delayMs) == [150, 200, 250, 200])
    }

    @Test func aDelayOnTheSourceOrTheAnimationWinsButDefaultsDoNot() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("hero.aseprite")
        let onSource = resolve(dir, manifest("{aseprite: hero.aseprite, delay: 40ms}")).animations[0]
        #expect(onSource.frames.map(\.delayMs) == [40, 40, 40, 40])
        let onAnimation = resolve(dir, manifest("{aseprite: hero.aseprite}", animation: "    fps: 10\n")).animations[0]
        #expect(onAnimation.frames.map(\.delayMs) == [100, 100, 100, 100])
        let inDefaults = resolve(dir, manifest("{aseprite: hero.aseprite}", defaults: "defaults: {fps: 50}\n")).animations[0]
        #expect(inDefaults.frames.map(\.delayMs) == [100, 150, 200, 250])
    }

    @Test func unknownTagsAndLayersAreLocatedErrorsThatListWhatThereIs() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.touch("hero.aseprite")
        let (_, a) = resolve(dir, manifest("{aseprite: hero.aseprite, tag: run}"))
        #expect(render(a).contains("animc.yaml:6:9: error: Aseprite file 'hero.aseprite' has no tag 'run'; its tags: 'walk'"))
        let (_, b) = resolve(dir, manifest("{aseprite: hero.aseprite, layers: [body, cape]}"))
        #expect(render(b).contains("has no layer 'cape'; its layers: 'body', 'sword', 'shadow'"))
        let (_, c) = resolve(dir, manifest("{aseprite: missing.aseprite}"))
        #expect(render(c).contains("frame file 'missing.aseprite' does not exist"))
    }
}

/// The schema and the parser agree on the `aseprite:` source.
@Suite(.enabled(if: pythonHasJsonschema, "python3 with jsonschema and PyYAML"))
struct AsepriteSchemaTests {
    static func text(_ source: String) -> String {
        "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [\(source)]\n"
    }
    static let cases: [(source: String, valid: Bool)] = [
        ("{aseprite: hero.aseprite}", true),
        ("{aseprite: hero.aseprite, tag: walk, layers: [body, sword], delay: 80ms}", true),
        ("{aseprite: hero.aseprite, layers: []}", false),
        ("{aseprite: hero.aseprite, layers: body}", false),
        ("{aseprite: hero.aseprite, tag: ''}", false),
        ("{aseprite: hero.aseprite, count: 3}", false),
        ("{aseprite: ''}", false),
    ]

    @Test func schemaAndParserAgree() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        var paths: [String] = []
        for (i, c) in Self.cases.enumerated() {
            let path = dir.path + "/case\(i).yaml"
            try Self.text(c.source).write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let (status, output) = runPython(validateScript, arguments: [schemaPath] + paths)
        #expect(status == 0, "\(output)")
        let verdicts = output.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "" }
        for (i, c) in Self.cases.enumerated() {
            #expect(verdicts[i].hasPrefix(c.valid ? "valid" : "invalid"), "schema on \(c.source): \(verdicts[i])")
            let parsed = parseManifest(Self.text(c.source)).manifest != nil
            #expect(parsed == c.valid, "parser on \(c.source)")
        }
    }
}
