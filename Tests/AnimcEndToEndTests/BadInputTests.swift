import AnimcPixels
import Foundation
import Testing

/// Issue #10, items 10–13, through the real binary: values that used to crash or allocate without bound
/// are refused with located errors (exit 2, never a signal, nothing written); manifests in CRLF or with
/// bytes that are not UTF-8 are located; `--memory-budget` changes how much runs at once, never the bytes.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var setting: String
        /// The `line:col: error:` head and a phrase of the message.
        var expected: [String]
        var testDescription: String { setting }
    }

    /// Each used to end in SIGILL or SIGABRT (Double→Int conversion, integer overflow, a 36 GB allocation),
    /// run 30 s at 4 GB, or write a GIF whose header said 65535 instead of 70000.
    static let crashers: [Case] = [
        Case(setting: "delay: 1e300", expected: ["animc.yaml:6:12: error: 'delay' must be at most 655.35s"]),
        Case(setting: "hold: 1e300", expected: ["animc.yaml:6:11: error: 'hold' must be at most 655.35s"]),
        Case(setting: "fps: 1e-300", expected: ["animc.yaml:6:10: error: 'fps' must be between 0.01 and 100"]),
        Case(setting: "resize: {scale: 1e18}", expected: ["animc.yaml:6:21: error: 'scale' must be at most 16384"]),
        Case(setting: "resize: {width: 9223372036854775807}", expected: ["animc.yaml:6:21: error: 'width' must be at most 16384 pixels"]),
        Case(setting: "crop: {x: 9223372036854775807, y: 0, width: 1, height: 1}",
             expected: ["animc.yaml:6:15: error: 'x' must be at most 16384 pixels"]),
        Case(setting: "resize: {width: 20000}", expected: ["animc.yaml:6:21: error: 'width' must be at most 16384 pixels"]),
        Case(setting: "resize: {width: 70000}", expected: ["animc.yaml:6:21: error: 'width' must be at most 16384 pixels"]),
    ]

    static func manifest(_ setting: String) -> String {
        "version: 1\nanimations:\n  walk:\n    output: out/walk.gif\n    frames: [{glob: \"f/*.png\"}]\n    \(setting)\n"
    }

    @Test(arguments: crashers)
    func refusedWhereWritten(_ c: Case) throws {
        let p = try Project()
        try p.write("f/1.png", image: Frames.moving(0))
        try p.write("animc.yaml", Self.manifest(c.setting))
        let run = try p.animc("build")
        #expect(run.status == 2, "exit \(run.status)\n\(run.stderr)")
        for e in c.expected { #expect(run.stderr.contains(e), "expected «\(e)» in:\n\(run.stderr)") }
        #expect(run.stderr.contains("    \(c.setting)\n"), "the source line is quoted")
        #expect(!p.exists("out"), "nothing written")
    }

    /// A size that only the frame's own size makes too large is refused before the resized buffer is
    /// allocated: the error names the file, a note points at `resize:`, and no output is written.
    @Test func aResizeTooLargeForTheFrameNamesTheFileAndTheKey() throws {
        let p = try Project()
        try p.write("f/1.png", image: Frames.moving(0, width: 40, height: 30))
        try p.write("animc.yaml", Self.manifest("resize: {scale: 1000}"))
        let run = try p.animc("build")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("f/1.png: error: frame would be 40000×30000 pixels after resize (from 40×30), over animc's limit of 16384 pixels on a side"),
                "\(run.stderr)")
        #expect(run.stderr.contains("animc.yaml:6:13: note: resize set here\n    resize: {scale: 1000}\n            ^"), "\(run.stderr)")
        #expect(run.stderr.contains("animc.yaml:5:14: note: frame listed here"))
        #expect(!p.exists("out/walk.gif"))
        // Within a side but over 64 Mpixel in all.
        try p.write("animc.yaml", Self.manifest("resize: {width: 16000}"))
        let wide = try p.animc("build")
        #expect(wide.status == 1)
        #expect(wide.stderr.contains("frame would be 16000×12000 pixels after resize (from 40×30), over animc's limit of 67108864 pixels (64 Mpixel) in all"),
                "\(wide.stderr)")
    }

    @Test func aManifestThatIsNotUTF8IsLocated() throws {
        let p = try Project()
        try p.write("f/1.png", image: Frames.moving(0))
        var bytes = Array("version: 1\nanimations:\n  walk:\n    output: out/walk.gif\n    frames: [{glob: \"f/".utf8)
        bytes += [0xFF] + Array("*.png\"}]\n".utf8)
        try p.write("animc.yaml", bytes: bytes)
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:5:24: error: not valid UTF-8: byte 0xFF at offset 79"), "\(run.stderr)")
        #expect(run.stderr.contains("\n    frames: [{glob: \"f/\u{FFFD}*.png\"}]\n" + String(repeating: " ", count: 23) + "^"), "\(run.stderr)")
        #expect(!p.exists("out"))
    }

    @Test func aCRLFManifestKeepsItsSourceLinesAndCarets() throws {
        let p = try Project()
        try p.write("f/1.png", image: Frames.moving(0))
        try p.write("animc.yaml", Self.manifest("dealy: 80ms").replacingOccurrences(of: "\n", with: "\r\n"))
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:6:5: error: unknown key 'dealy' in animation 'walk'; did you mean 'delay'?\n    dealy: 80ms\n    ^"),
                "\(run.stderr)")
        // And a good CRLF manifest builds.
        try p.write("animc.yaml", Self.manifest("delay: 80ms").replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(try p.animc("build").status == 0)
    }

    @Test func manyPlainEntriesBuild() throws {
        let p = try Project()
        try p.write("f/1.png", image: Frames.moving(0, width: 8, height: 8))
        try p.write("f/2.png", image: Frames.moving(1, width: 8, height: 8))
        var text = "version: 1\nanimations:\n  walk:\n    output: out/walk.gif\n    frames:\n"
        for i in 0..<34_000 { text += "      - file: f/\(i % 2 + 1).png\n" }
        try p.write("animc.yaml", text)
        // A dry run plans all 34,000 frames (building them would only test the encoder, slowly).
        let run = try p.animc("build", "--dry-run", "--quiet")
        #expect(run.status == 0, "\(run.stderr.prefix(500))")
        #expect(!run.stderr.contains("error"))
    }

    /// The window and worker count follow the budget; the bytes do not.
    @Test func theMemoryBudgetChangesNoOutputByte() throws {
        let p = try Project()
        for i in 0..<12 { try p.write("f/\(i).png", image: Frames.moving(i, width: 96, height: 64)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              global: {output: out/global.gif, frames: [{glob: "f/*.png"}], palette: {scope: global, dither: floyd-steinberg}}
              auto: {output: out/auto.gif, frames: [{glob: "f/*.png"}], resize: {scale: 1.5}}
              own: {output: out/own.gif, frames: [{glob: "f/*.png"}], palette: {scope: per-frame}}
            """)
        let full = try p.animc("build", "-j", "4", "--cache-dir", "c1", "--json")
        #expect(full.status == 0)
        // Within the budget each animation's 12 frames are decoded once (`DecodedFrames` holds them from the
        // palette passes to the quantize pass); with 1 KiB nothing is held, and they are decoded again.
        #expect(full.steps.decoded == 3 * 12, "\(full.stdout)")
        let outputs = ["out/global.gif", "out/auto.gif", "out/own.gif"]
        let reference = try outputs.map { try p.read($0) }
        try p.remove("out")
        // 1 KiB: every frame is over the budget, so one worker and one frame at a time.
        let small = try p.animc("build", "-j", "4", "--memory-budget", "1KiB", "--cache-dir", "c2", "--json")
        #expect(small.status == 0, "\(small.stderr)")
        #expect(small.steps.decoded > 3 * 12 + 12, "\(small.stdout)")
        #expect(try outputs.map { try p.read($0) } == reference)
        #expect(try p.animc("check", "--memory-budget", "1MiB", "--cache-dir", "c2").status == 0)
    }

    @Test(arguments: ["0", "-1MiB", "lots", "12XB"])
    func aBadMemoryBudgetIsACommandLineError(_ value: String) throws {
        let p = try Project()
        try p.write("f/1.png", image: Frames.moving(0))
        try p.write("animc.yaml", Self.manifest("fps: 10"))
        let run = try p.animc("build", "--memory-budget", value)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("--memory-budget"), "\(run.stderr)")
        #expect(!p.exists("out"))
    }
}
