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
        "scale": "version: 1\ncache: {max-size: 1024}\nanimations:\n  a:\n    output: a.gif\n    resize: {scale: 0.5}\n    loop: 3\n    hold: 0\n    frames: [{sequence: 'f_%d.png', range: [0, 3]}]\n",
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

    /// The schema's ranges and the parser's agree at the limits: the largest accepted values parse.
    @Test func theParserAcceptsTheSchemasLimits() {
        let diags = parseManifest(Self.good["limits"]!).diagnostics
        #expect(diags.isEmpty, "\(render(diags))")
    }
}
