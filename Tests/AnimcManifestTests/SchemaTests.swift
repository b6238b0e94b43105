import Foundation
import Testing

/// The JSON schema is checked with Python's jsonschema (and PyYAML to load the YAML examples), when available.
let schemaPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("schema/animc.schema.json").path

func runPython(_ script: String, arguments: [String] = []) -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    do { try p.run() } catch { return (-1, "\(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

let pythonHasJsonschema: Bool = runPython("import jsonschema, yaml").status == 0

let validateScript = """
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    errors = list(v.iter_errors(yaml.safe_load(open(path))))
    print(path.rsplit('/', 1)[-1], 'valid' if not errors else 'invalid: ' + errors[0].message)
"""

@Suite(.enabled(if: pythonHasJsonschema, "python3 with jsonschema and PyYAML"))
struct SchemaTests {
    static let good: [String: String] = [
        "full": fullExample,
        "minimal": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "atlasOnly": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n  b:\n    frames: [{file: b.png}]\natlases:\n  x: {image: x.png, data: x.json, animations: [a, b]}\n",
        "sprites": spritesExample,
        "scale": "version: 1\ncache: {max-size: 1024}\nanimations:\n  a:\n    output: a.gif\n    resize: {scale: 0.5}\n    loop: 3\n    hold: 0\n    frames: [{sequence: 'f_%d.png', range: [0, 3]}]\n",
        "wholeFloats": "version: 1.0\nanimations:\n  a:\n    output: a.gif\n    alpha-threshold: 12.0\n    frames: [{file: a.png}]\n",
        "budgets": "version: 1\ndefaults: {max-size: 2MB}\nanimations:\n  a:\n    output: a.gif\n    max-size: 500KiB\n    hold: 0\n    delay: 10\n    loop: 1\n    frames: [{sheet: s.png, tile: {width: 8, height: 8}, count: 2, delay: 80ms}]\n",
        "video": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{video: rec/demo.mp4, start: 1.5s, end: 6000}, {video: b.webm}]\n",
        "limits": "version: 1\nanimations:\n  a:\n    output: a.gif\n    fps: 0.01\n    hold: 655350\n    crop: {x: 16384, y: 0, width: 16384, height: 16384}\n    resize: {scale: 16384}\n    frames: [{file: a.png, delay: 655.35s}, {sequence: 'f_%d.png', range: [999000001, 999999999]}]\n",
    ]
    static let bad: [String: String] = [
        "version2": "version: 2\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "typo": "version: 1\nanimations:\n  a:\n    output: a.gif\n    dealy: 80ms\n    frames: [{file: a.png}]\n",
        "twoKinds": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png, glob: '*.png'}]\n",
        "fpsAndDelay": "version: 1\nanimations:\n  a:\n    output: a.gif\n    fps: 10\n    delay: 80ms\n    frames: [{file: a.png}]\n",
        "colors": "version: 1\ndefaults: {palette: {colors: 300}}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "badDuration": "version: 1\ndefaults: {delay: soon}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "badSize": "version: 1\ncache: {max-size: 12 parsecs}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "badHex": "version: 1\ndefaults: {background: '#12345'}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "scaleAndWidth": "version: 1\ndefaults: {resize: {scale: 0.5, width: 3}}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "videoTile": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{video: a.mp4, tile: {width: 2, height: 2}}]\n",
        "videoLongTrim": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{video: a.mp4, end: 86400001}]\n",
        "noAnimations": "version: 1\nanimations: {}\n",
        "sequenceNoRange": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{sequence: 'f_%d.png'}]\n",
        "delayOverGIFLimit": "version: 1\ndefaults: {delay: 1e300}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "holdOverGIFLimit": "version: 1\ndefaults: {hold: 655351}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "tinyFps": "version: 1\ndefaults: {fps: 1e-300}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "hugeScale": "version: 1\ndefaults: {resize: {scale: 1e18}}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "wideResize": "version: 1\ndefaults: {resize: {width: 70000}}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "farCrop": "version: 1\ndefaults: {crop: {x: 9223372036854775807, y: 0, width: 1, height: 1}}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "loopZero": "version: 1\ndefaults: {loop: 0}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "bareDelay": "version: 1\ndefaults: {delay: 0.08}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "bareHold": "version: 1\ndefaults: {hold: 2}\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\n",
        "bareSourceDelay": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png, delay: 0.5}]\n",
        "badMaxSize": "version: 1\nanimations:\n  a:\n    output: a.gif\n    max-size: 2 parsecs\n    frames: [{file: a.png}]\n",
        "webm": "version: 1\nanimations:\n  a:\n    output: a.webm\n    frames: [{file: a.png}]\n",
        "rangeOnGlob": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{glob: '*.png', range: [1, 2]}]\n",
        "sheetNoTile": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{sheet: s.png}]\n",
        "noKind": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{delay: 80ms}]\n",
        "rowAndTiles": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{sheet: s.png, tile: {width: 8, height: 8}, row: 1, tiles: [1]}]\n",
        "tilesAndCount": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{sheet: s.png, tile: {width: 8, height: 8}, tiles: [1], count: 1}]\n",
        "delayAndDelays": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{sheet: s.png, tile: {width: 8, height: 8}, delay: 10ms, delays: [10ms]}]\n",
        "atlasNoData": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\natlases:\n  x: {image: x.png, animations: [a]}\n",
        "atlasFormat": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{file: a.png}]\natlases:\n  x: {image: x.png, data: x.json, animations: [a], format: xml}\n",
        "noOutputNoAtlas": "version: 1\nanimations:\n  a:\n    frames: [{file: a.png}]\n",
        "longSequence": "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: [{sequence: 'f_%d.png', range: [0, 9223372036854775807]}]\n",
    ]

    @Test func schemaAcceptsGoodAndRefusesBadManifests() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        var paths: [String] = []
        for (name, text) in Self.good.merging(Self.bad, uniquingKeysWith: { a, _ in a }) {
            let path = dir.path + "/\(name).yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let (status, output) = runPython(validateScript, arguments: [schemaPath] + paths)
        #expect(status == 0, "\(output)")
        var verdicts: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { verdicts[String(parts[0].dropLast(5))] = String(parts[1]) }
        }
        for name in Self.good.keys { #expect(verdicts[name] == "valid", "\(name): \(verdicts[name] ?? output)") }
        for name in Self.bad.keys { #expect(verdicts[name]?.hasPrefix("invalid") == true, "\(name) accepted by the schema") }
    }

    /// A bad value inside a frame source is reported at its key, not as "matches none of the sources".
    @Test func errorsInsideAFrameSourceNameTheKey() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        let cases = [
            ("glob", "frames: [{glob: 5}]", "animations/a/frames/0/glob"),
            ("delay", "frames: [{files: [a.png], delay: 0.08}]", "animations/a/frames/0/delay"),
            ("tile", "frames: [{sheet: s.png, tile: {width: 0, height: 8}}]", "animations/a/frames/0/tile/width"),
            ("range", "frames: [{glob: '*.png', range: [1, 2]}]", "animations/a/frames/0/range"),
            ("step", "frames: [{sequence: 'f%d.png', range: [1, 2], step: 0}]", "animations/a/frames/0/step"),
        ]
        var paths: [String] = []
        for (name, frames, _) in cases {
            let path = dir.path + "/\(name).yaml"
            try "version: 1\nanimations:\n  a:\n    output: a.gif\n    \(frames)\n".write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let script = """
            import json, sys, yaml, jsonschema
            v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
            for path in sys.argv[2:]:
                e = jsonschema.exceptions.best_match(v.iter_errors(yaml.safe_load(open(path))))
                print("/".join(str(p) for p in e.absolute_path) if e else "valid")
            """
        let (status, output) = runPython(script, arguments: [schemaPath] + paths)
        #expect(status == 0, "\(output)")
        let got = output.split(separator: "\n").map(String.init)
        #expect(got == cases.map(\.2), "\(output)")
    }

    /// The schema and animc agree both ways: what one accepts the other accepts, what one refuses the other refuses.
    @Test func theParserAgreesWithTheSchema() {
        for (name, text) in Self.good {
            let diags = parseManifest(text).diagnostics.filter { $0.severity == .error }
            #expect(diags.isEmpty, "\(name): \(render(diags))")
        }
        for (name, text) in Self.bad {
            #expect(parseManifest(text).manifest == nil, "\(name) accepted by animc")
        }
    }

    static let spritesExample = """
        version: 1
        animations:
          walk:
            output: walk.gif
            frames: [{sheet: hero.png, tile: {width: 16, height: 16}, row: 1, count: 3, spacing: 1, margin: 2}]
          run:
            output: run.gif
            frames: [{sheet: hero.png, tile: {width: 16, height: 16}, start: 8, count: 4, delays: [80ms, 80ms, 120ms, 80ms]}]
          idle:
            output: idle.gif
            frames: [{sheet: hero.png, tile: {width: 16, height: 16}, tiles: [0, 1, 0], delays: [{tile: 1, delay: 300ms}]}]
        atlases:
          hero:
            image: out/hero.png
            data: out/hero.json
            animations: [walk, run, idle]
            format: json-array
            padding: 2
            extrude: 1
            trim: true
            max-size: 2048
            power-of-two: true
        """

    @Test func theParserAcceptsTheSpritesExample() {
        let diags = parseManifest(Self.spritesExample).diagnostics
        #expect(diags.isEmpty, "\(render(diags))")
    }

    /// The schema's ranges and the parser's agree at the limits: the largest accepted values parse.
    @Test func theParserAcceptsTheSchemasLimits() {
        let diags = parseManifest(Self.good["limits"]!).diagnostics
        #expect(diags.isEmpty, "\(render(diags))")
    }
}
