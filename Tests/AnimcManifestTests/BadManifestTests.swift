import AnimcBasics
import Foundation
import Testing
@testable import AnimcManifest

/// A manifest that must be refused, with substrings its rendered diagnostics must contain (and must not).
struct BadManifest: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var expected: [String]
    var forbidden: [String] = []
    var testDescription: String { name }
}

let frames = "    frames:\n      - glob: f/*.png\n"

let badManifests: [BadManifest] = [
    BadManifest(name: "unknown key with suggestion", text: """
    version: 1
    animations:
      walk:
        output: out/walk.gif
        dealy: 80ms
        frames: [{glob: f/*.png}]
    """, expected: ["""
    animc.yaml:5:5: error: unknown key 'dealy' in animation 'walk'; did you mean 'delay'?
        dealy: 80ms
        ^
    """]),
    BadManifest(name: "unknown key without suggestion", text: "version: 1\nzzzzzzzz: 1\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:2:1: error: unknown key 'zzzzzzzz' in the manifest\nzzzzzzzz: 1\n^"],
                forbidden: ["did you mean"]),
    BadManifest(name: "unknown top-level key suggests from top-level keys", text: "version: 1\nanimation:\n  a: {}\n",
                expected: ["animc.yaml:2:1: error: unknown key 'animation' in the manifest; did you mean 'animations'?",
                           "animc.yaml:1:1: error: the manifest is missing required key 'animations'"]),
    BadManifest(name: "duplicate key with note", text: "version: 1\ndefaults:\n  fps: 12\n  fps: 10\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:4:3: error: duplicate key 'fps' in 'defaults'\n  fps: 10\n  ^",
                           "animc.yaml:3:3: note: 'fps' was first set here\n  fps: 12\n  ^"]),
    BadManifest(name: "quoted number is a string", text: "version: 1\ndefaults:\n  fps: \"12\"\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:8: error: 'fps' must be a number, not a string\n  fps: \"12\"\n       ^"]),
    BadManifest(name: "fps out of range", text: "version: 1\ndefaults:\n  fps: 0\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:8: error: 'fps' must be between 0.01 and 100 (a frame shows for at most 100 s at this rate; use delay: for longer), got 0"]),
    BadManifest(name: "colors out of range", text: "version: 1\ndefaults:\n  palette: {colors: 300}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:21: error: 'colors' must be between 2 and 256, got 300\n  palette: {colors: 300}\n                    ^"]),
    BadManifest(name: "tolerance out of range", text: "version: 1\ndefaults:\n  palette: {tolerance: -1}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:24: error: 'tolerance' must be between 0 and 32 (levels of 0-255), got -1\n  palette: {tolerance: -1}\n                       ^"]),
    BadManifest(name: "lossy out of range", text: "version: 1\ndefaults:\n  lossy: 40\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:10: error: 'lossy' must be between 0 and 32, got 40\n  lossy: 40\n         ^"]),
    BadManifest(name: "dither choices", text: "version: 1\ndefaults:\n  palette:\n    dither: fs\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:4:13: error: 'dither' must be one of floyd-steinberg, ordered, none, got 'fs'"]),
    BadManifest(name: "scope typo gets a suggestion", text: "version: 1\ndefaults:\n  palette: {scope: perframe}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["'scope' must be one of global, per-frame, auto, got 'perframe'; did you mean 'per-frame'?"]),
    BadManifest(name: "missing frames", text: "version: 1\nanimations:\n  walk:\n    output: out/walk.gif\n",
                expected: ["animc.yaml:4:5: error: animation 'walk' is missing required key 'frames'"]),
    BadManifest(name: "missing version", text: "animations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:1:1: error: the manifest is missing required key 'version'"]),
    BadManifest(name: "frame source with two kinds", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - glob: a/*.png\n        file: b.png\n",
                expected: ["animc.yaml:7:9: error: a frame source needs exactly one of glob, files, file, sequence, sheet, aseprite, video, but this one has 'glob' and 'file'\n        file: b.png\n        ^"]),
    BadManifest(name: "frame source with no kind", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - delay: 80ms\n",
                expected: ["animc.yaml:6:9: error: a frame source needs exactly one of glob, files, file, sequence, sheet, aseprite, video\n      - delay: 80ms\n        ^"]),
    BadManifest(name: "frame source key typo", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - glb: a/*.png\n",
                expected: ["animc.yaml:6:9: error: unknown key 'glb' in frame source; did you mean 'glob'?"]),
    BadManifest(name: "sequence key on a glob", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - glob: a/*.png\n        range: [1, 2]\n",
                expected: ["animc.yaml:7:9: error: 'range' only applies to a 'sequence' frame source, not 'glob'"]),
    BadManifest(name: "two animations, one output", text: "version: 1\nanimations:\n  a:\n    output: out/x.gif\n" + frames + "  b:\n    output: ./out/x.gif\n" + frames,
                expected: ["animc.yaml:8:13: error: output './out/x.gif' is also written by animation 'a'\n    output: ./out/x.gif\n            ^",
                           "animc.yaml:4:13: note: animation 'a' writes it here"]),
    BadManifest(name: "output leaves the folder", text: "version: 1\nanimations:\n  a:\n    output: out/../../x.gif\n" + frames,
                expected: ["animc.yaml:4:13: error: output 'out/../../x.gif' leaves the manifest's folder"]),
    BadManifest(name: "absolute output", text: "version: 1\nanimations:\n  a:\n    output: /tmp/x.gif\n" + frames,
                expected: ["animc.yaml:4:13: error: output '/tmp/x.gif' is an absolute path"]),
    BadManifest(name: "unknown version", text: "version: 2\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:1:10: error: unsupported manifest version 2; this animc reads version 1\nversion: 2\n         ^"]),
    BadManifest(name: "version as string", text: "version: \"1\"\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:1:10: error: 'version' must be a number, not a string"]),
    BadManifest(name: "YAML syntax error", text: "version: 1\nanimations: {a: [1, 2}\n",
                expected: ["animc.yaml:2:", "error: YAML syntax error: "]),
    BadManifest(name: "YAML mapping value in plain scalar", text: "version: 1\nanimations: a: b\n",
                expected: ["animc.yaml:2:14: error: YAML syntax error: mapping values are not allowed in this context"]),
    BadManifest(name: "top level is a list", text: "- version: 1\n- animations: {}\n",
                expected: ["animc.yaml:1:1: error: the manifest must be a mapping with 'version' and 'animations', not a list"]),
    BadManifest(name: "empty file", text: "",
                expected: ["animc.yaml:1:1: error: the manifest is empty"]),
    BadManifest(name: "comments only", text: "# nothing yet\n",
                expected: ["animc.yaml:1:1: error: the manifest is empty"]),
    BadManifest(name: "two documents", text: "version: 1\n---\nversion: 1\n",
                expected: ["animc.yaml:2:1: error: a manifest holds exactly one YAML document"]),
    BadManifest(name: "unknown alias", text: "version: 1\nanimations: *nope\n",
                expected: ["animc.yaml:2:13: error: unknown alias '*nope'"]),
    BadManifest(name: "fps and delay together", text: "version: 1\ndefaults:\n  fps: 12\n  delay: 80ms\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:4:3: error: 'fps' and 'delay' cannot both be set in 'defaults'"]),
    BadManifest(name: "zero cache size", text: "version: 1\ncache: {max-size: 0}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:2:19: error: 'max-size' must be greater than 0, got 0"]),
    BadManifest(name: "negative cache size", text: "version: 1\ncache:\n  max-size: -5MiB\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:13: error: 'max-size' must be a size such as 500MiB, 2G or a number of bytes, got '-5MiB'"]),
    BadManifest(name: "malformed cache size", text: "version: 1\ncache:\n  max-size: 12 parsecs\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:13: error: 'max-size' must be a size such as 500MiB"]),
    BadManifest(name: "negative delay", text: "version: 1\ndefaults:\n  delay: -80ms\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:10: error: 'delay' must be greater than 0, got -80ms"]),
    BadManifest(name: "bad duration", text: "version: 1\ndefaults:\n  hold: soon\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:9: error: 'hold' must be a duration such as 80ms or 1.5s"]),
    BadManifest(name: "crop incomplete and negative", text: "version: 1\ndefaults:\n  crop: {x: -1, y: 0, width: 10}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:9: error: 'crop' is missing required key 'height'",
                           "animc.yaml:3:13: error: 'x' must be 0 or more, got -1"]),
    BadManifest(name: "resize scale with width", text: "version: 1\ndefaults:\n  resize: {width: 10, scale: 0.5}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:23: error: 'scale' cannot be combined with 'width' or 'height' in 'resize'"]),
    BadManifest(name: "resize empty", text: "version: 1\ndefaults:\n  resize: {filter: nearest}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:11: error: 'resize' needs 'width' and/or 'height', or 'scale'"]),
    BadManifest(name: "malformed fixed colour located at the item", text: "version: 1\ndefaults:\n  palette:\n    fixed: [\"#000\", \"#12345\"]\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:4:21: error: 'fixed' must be a hex colour such as \"#ffffff\" or \"#fff\", got '#12345'"]),
    BadManifest(name: "fixed palette too short", text: "version: 1\ndefaults:\n  palette: {fixed: [\"#000\"]}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:20: error: 'fixed' must list between 2 and 256 colours, got 1"]),
    BadManifest(name: "unquoted hash colour is a comment", text: "version: 1\ndefaults:\n  background: #fff\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["error: 'background' must be a hex colour such as \"#ffffff\", not null (an unquoted # starts a YAML comment"]),
    BadManifest(name: "sequence without placeholder and reversed range", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - sequence: run.png\n        range: [5, 1]\n",
                expected: ["animc.yaml:6:19: error: 'sequence' must contain exactly one %d or %0Nd",
                           "animc.yaml:7:16: error: 'range' must be [first, last] with first <= last, got [5, 1]"]),
    BadManifest(name: "sequence without range", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - sequence: run_%d.png\n",
                expected: ["animc.yaml:6:9: error: 'sequence' frame source is missing required key 'range'"]),
    BadManifest(name: "sheet tile sizes", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - sheet: s.png\n        tile: {width: 0, height: 8}\n        spacing: -1\n",
                expected: ["animc.yaml:7:23: error: 'width' must be greater than 0, got 0",
                           "animc.yaml:8:18: error: 'spacing' must be 0 or more, got -1"]),
    BadManifest(name: "empty frames and empty files", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames: []\n  b:\n    output: b.gif\n    frames:\n      - files: []\n",
                expected: ["animc.yaml:5:13: error: 'frames' must list at least one frame source",
                           "animc.yaml:9:16: error: 'files' must list at least one path"]),
    BadManifest(name: "no animations", text: "version: 1\nanimations: {}\n",
                expected: ["animc.yaml:2:13: error: 'animations' must contain at least one animation"]),
    BadManifest(name: "empty animation name", text: "version: 1\nanimations:\n  \"\":\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:3: error: animation name must not be empty"]),
    BadManifest(name: "yes is not a boolean", text: "version: 1\nallow-outputs-outside: yes\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:2:24: error: 'allow-outputs-outside' must be true or false, not a string"]),
    BadManifest(name: "loop negative", text: "version: 1\ndefaults: {loop: -1}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:2:18: error: 'loop' must be forever, once or a number of extra plays (1 or more), got -1"]),
    BadManifest(name: "loop zero", text: "version: 1\ndefaults: {loop: 0}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:2:18: error: 'loop: 0' is ambiguous (GIF tools read 0 as forever); write 'loop: forever' to repeat without end or 'loop: once' to play once"]),
    BadManifest(name: "bare delay under 10", text: "version: 1\ndefaults: {delay: 0.08, hold: 2}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:2:19: error: 'delay: 0.08' would be 0.08 ms (a bare number is milliseconds); write the unit: 0.08s (80ms) or 0.08ms",
                           "animc.yaml:2:31: error: 'hold: 2' would be 2 ms (a bare number is milliseconds); write the unit: 2s or 2ms"]),
    BadManifest(name: "crop abbreviations", text: "version: 1\ndefaults: {crop: {x: 0, y: 0, w: 4, h: 4}}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["unknown key 'w' in 'crop'; did you mean 'width'?", "unknown key 'h' in 'crop'; did you mean 'height'?"]),
    BadManifest(name: "max-size", text: "version: 1\ndefaults: {max-size: 0}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:2:22: error: 'max-size' must be greater than 0"]),
    BadManifest(name: "alpha threshold range and whole numbers", text: "version: 1\ndefaults:\n  alpha-threshold: 256\n  palette: {colors: 2.5}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:20: error: 'alpha-threshold' must be between 0 and 255, got 256",
                           "animc.yaml:4:21: error: 'colors' must be a whole number, got 2.5"]),
    // Issue #10, item 10: values that used to crash (Double→Int conversion, integer overflow) or allocate
    // without bound are refused where they are written.
    BadManifest(name: "delay over GIF's limit", text: "version: 1\ndefaults:\n  delay: 1e300\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:10: error: 'delay' must be at most 655.35s (GIF stores delays in 16-bit centiseconds), got 1e300\n  delay: 1e300\n         ^"]),
    BadManifest(name: "infinite delay", text: "version: 1\ndefaults:\n  delay: .inf\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:10: error: 'delay' must be at most 655.35s"]),
    BadManifest(name: "per-source delay over the limit", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - glob: f/*.png\n        delay: 656s\n",
                expected: ["animc.yaml:7:16: error: 'delay' must be at most 655.35s", "got 656s"]),
    BadManifest(name: "hold over GIF's limit", text: "version: 1\ndefaults:\n  hold: 1e300\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:9: error: 'hold' must be at most 655.35s (GIF stores delays in 16-bit centiseconds), got 1e300"]),
    BadManifest(name: "tiny fps", text: "version: 1\ndefaults:\n  fps: 1e-300\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:8: error: 'fps' must be between 0.01 and 100", "got 1e-300"]),
    BadManifest(name: "huge scale", text: "version: 1\ndefaults:\n  resize: {scale: 1e18}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:19: error: 'scale' must be at most 16384 (a frame side is at most 16384 pixels), got 1e18"]),
    BadManifest(name: "resize width Int.max", text: "version: 1\ndefaults:\n  resize: {width: 9223372036854775807}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:19: error: 'width' must be at most 16384 pixels (animc's limit for a side of a frame), got 9223372036854775807"]),
    BadManifest(name: "resize width over GIF's 65535", text: "version: 1\ndefaults:\n  resize: {width: 70000, height: 20000}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:19: error: 'width' must be at most 16384 pixels", "animc.yaml:3:34: error: 'height' must be at most 16384 pixels"]),
    BadManifest(name: "crop x Int.max", text: "version: 1\ndefaults:\n  crop: {x: 9223372036854775807, y: 0, width: 1, height: 1}\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:13: error: 'x' must be at most 16384 pixels"]),
    BadManifest(name: "whole numbers beyond Int", text: "version: 1\ndefaults:\n  crop: {x: 0, y: 1e30, width: 99999999999999999999, height: 1}\n  alpha-threshold: 1e30\nanimations:\n  a:\n    output: a.gif\n" + frames,
                expected: ["animc.yaml:3:19: error: 'y' must be at most 16384 pixels", "animc.yaml:3:32: error: 'width' must be at most 16384 pixels",
                           "animc.yaml:4:20: error: 'alpha-threshold' must be between 0 and 255, got 1e30"]),
    BadManifest(name: "sheet tile and margin over the limit", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - sheet: s.png\n        tile: {width: 9223372036854775807, height: 8}\n        margin: 9223372036854775807\n",
                expected: ["animc.yaml:7:23: error: 'width' must be at most 16384 pixels", "animc.yaml:8:17: error: 'margin' must be at most 16384 pixels"]),
    BadManifest(name: "sequence too long", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - sequence: f_%d.png\n        range: [0, 999999999]\n",
                expected: ["animc.yaml:7:16: error: a sequence may list at most 1000000 frames, but range [0, 999999999] with step 1 lists 1000000000"]),
    BadManifest(name: "sequence number beyond Int", text: "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - sequence: f_%d.png\n        range: [0, 9223372036854775807]\n",
                expected: ["animc.yaml:7:20: error: 'range' must be at most 999999999, got 9223372036854775807"]),
    BadManifest(name: "animation not a mapping", text: "version: 1\nanimations:\n  a: out.gif\n",
                expected: ["animc.yaml:3:6: error: animation 'a' must be a mapping, not a string"]),
]

@Suite struct BadManifestTests {
    @Test(arguments: badManifests)
    func refused(_ bad: BadManifest) {
        let (m, diags) = parseManifest(bad.text)
        #expect(m == nil, "manifest accepted")
        let text = render(diags)
        for e in bad.expected {
            #expect(text.contains(e), "missing:\n\(e)\n--- got:\n\(text)")
        }
        for f in bad.forbidden {
            #expect(!text.contains(f), "unexpected '\(f)' in:\n\(text)")
        }
        // Every diagnostic is located and quotes its line.
        for d in diags {
            #expect(d.location != nil && d.sourceLine != nil, "unlocated: \(d)")
        }
    }

    @Test func fiveErrorsAllReported() {
        let text = """
        version: 1
        defaults:
          fps: fast
          palette: {colors: 1, dither: sometimes}
        animations:
          walk:
            output: /abs/walk.gif
            frames:
              - glob: f/*.png
                file: x.png
        """
        let (m, diags) = parseManifest(text)
        #expect(m == nil)
        let errors = diags.filter { $0.severity == .error }
        #expect(errors.count == 5, "\(render(diags))")
        let locations = errors.compactMap(\.location).map { "\($0.line):\($0.column)" }
        #expect(locations == ["3:8", "4:21", "4:32", "7:13", "10:9"])
    }

    @Test func aliasBombIsRefusedQuickly() {
        var text = "version: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i", "j"]
        var previous = "a"
        for n in names {
            text += "\(n): &\(n) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = n
        }
        text += "animations: {}\n"
        let clock = ContinuousClock()
        var diags: [Diagnostic] = []
        let elapsed = clock.measure { diags = parseManifest(text).diagnostics }
        #expect(elapsed < .seconds(5))
        #expect(diags.count == 1)
        #expect(render(diags).contains("error: YAML aliases expand to more than 1000000 nodes (a guard against alias bombs)"))
        #expect(diags.first?.location?.line == 7)
    }

    /// Issue #10, item 11: honest size is not an alias bomb. 40,000 plain entries (about 800,000 bytes)
    /// parse; only nodes copied by aliases count towards the guard.
    @Test func manyPlainEntriesAreNotAnAliasBomb() throws {
        var text = "version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n"
        for i in 0..<40_000 { text += "      - file: f/\(i).png\n" }
        let (m, diags) = parseManifest(text)
        #expect(diags.isEmpty, "\(render(diags.prefix(3).map { $0 }))")
        #expect(try #require(m).animations[0].sources.count == 40_000)
    }

    /// The size limit that does exist says what it is.
    @Test func aManifestOverTheSizeLimitSaysSo() {
        let line = "# " + String(repeating: "x", count: 1021) + "\n"
        let text = "version: 1\n" + String(repeating: line, count: 16 * 1024 + 1)
        let diags = parseManifest(text).diagnostics
        #expect(diags.count == 1)
        #expect(render(diags).contains("animc.yaml:1:1: error: the manifest is \(text.utf8.count) bytes, over animc's limit of 16 MiB for a manifest"),
                "\(render(diags).prefix(300))")
    }

    /// Issue #10, item 12: a CRLF manifest keeps its source lines and carets.
    @Test func crlfManifestsQuoteTheirLines() {
        let text = "version: 1\r\ndefaults:\r\n  fps: 0\r\nanimations:\r\n  a:\r\n    output: a.gif\r\n    dealy: 80ms\r\n    frames: [{glob: f/*.png}]\r\n"
        let (m, diags) = parseManifest(text)
        #expect(m == nil)
        let rendered = render(diags)
        #expect(rendered.contains("animc.yaml:3:8: error: 'fps' must be between 0.01 and 100"))
        #expect(rendered.contains("\n  fps: 0\n       ^"), "\(rendered)")
        #expect(rendered.contains("animc.yaml:7:5: error: unknown key 'dealy' in animation 'a'; did you mean 'delay'?\n    dealy: 80ms\n    ^"), "\(rendered)")
        for d in diags { #expect(d.sourceLine != nil && !(d.sourceLine!.contains("\r")), "\(d)") }
        // A lone CR also ends a line, as YAML counts lines.
        let cr = SourceText(path: "x", text: "a\rb\r\nc\nd")
        #expect([1, 2, 3, 4].map { cr.line($0) } == ["a", "b", "c", "d"])
    }

    /// Issue #10, item 12: a manifest that is not UTF-8 is reported at the first bad byte.
    @Test func invalidUTF8IsLocatedAtTheFirstBadByte() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path + "/animc.yaml"
        var bytes = Array("version: 1\r\nanimations:\r\n  a:\r\n    output: \"é".utf8)
        bytes += [0xC3, 0x28] + Array("x.gif\"\r\n".utf8)  // 0xC3 starts a 2-byte character; 0x28 cannot continue it
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ManifestLoader.load(path: path)
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.count == 1)
            let d = error.diagnostics[0]
            // Line 4 starts at byte 31; `    output: "é` is 14 characters (15 bytes) before the bad byte.
            #expect(d.location == SourceLocation(file: path, line: 4, column: 15))
            #expect(d.description.hasSuffix("error: not valid UTF-8: byte 0xC3 at offset 46 cannot start or continue a character; save the manifest as UTF-8\n    output: \"é\u{FFFD}(x.gif\"\n" + String(repeating: " ", count: 14) + "^"),
                    "\(d.description)")
        }
    }

    @Test func smallAliasesResolve() throws {
        let (m, diags) = parseManifest("""
        version: 1
        defaults:
          palette: &p {colors: 16, dither: none}
        animations:
          a:
            output: a.gif
            palette: *p
            frames: &f [{file: a.png}]
          b:
            output: b.gif
            frames: *f
        """)
        #expect(diags.isEmpty, "\(render(diags))")
        let manifest = try #require(m)
        #expect(manifest.animations[0].settings.palette.colors == 16)
        #expect(manifest.animations[1].sources.first?.kind == .file("a.png"))
    }

    @Test func deepNestingIsRefused() {
        let text = "version: 1\nanimations: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let diags = parseManifest(text).diagnostics
        #expect(render(diags).contains("nesting is deeper than"))
    }

    @Test func missingFileIsUnlocatedError() {
        #expect(throws: DiagnosticsError.self) { try ManifestLoader.load(path: "/nonexistent/animc.yaml") }
        do {
            _ = try ManifestLoader.load(path: "/nonexistent/animc.yaml")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics[0].location == nil)
            #expect(error.description.contains("cannot read manifest '/nonexistent/animc.yaml': no such file"))
        }
    }
}
