import AnimcTestSupport
import Foundation
import Testing

/// Issue 16, "No traps": values that other tools read differently are refused with what to write instead,
/// and every message points at the key that caused it. Each runs the real binary.
@Suite struct NoTrapsTests {
    func project(_ manifest: String, frames: Int = 3) throws -> Project {
        let p = try Project()
        for i in 0..<frames { try p.write("frames/f\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", manifest)
        return p
    }

    /// `file:line:col` of each diagnostic line on stderr that contains `text`.
    func locations(_ stderr: String, containing text: String) -> [String] {
        stderr.split(separator: "\n").filter { $0.contains(text) }.map { line in
            line.split(separator: ":").prefix(3).joined(separator: ":")
        }
    }

    @Test func loopZeroIsRefusedWithAHintAndNothingIsWritten() throws {
        let p = try project("""
            version: 1
            animations:
              a:
                output: [out/a.gif, out/a.webp, out/a.png]
                loop: 0
                frames: [{glob: "frames/*.png"}]
            """)
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:5:11: error: 'loop: 0' is ambiguous"), "\(run.stderr)")
        #expect(run.stderr.contains("'loop: forever'") && run.stderr.contains("'loop: once'"))
        #expect(!p.exists("out"))
    }

    @Test func loopNMeansNExtraPlaysInEveryFormat() throws {
        let p = try project("""
            version: 1
            animations:
              a:
                output: [a.gif, a.webp, a.png]
                loop: 2
                frames: [{glob: "frames/*.png"}]
            """)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try DecodedGIF.decode(p.url("a.gif")).loop == 2)  // NETSCAPE count 2: three plays
        // WebP and APNG store plays in all: 3 (Pillow reports them as stored).
        #expect(try Decoders.pillow(p.read("a.webp"), suffix: "webp").report.loop == 3)
        #expect(try Decoders.pillow(p.read("a.png"), suffix: "png").report.loop == 3)
    }

    @Test func aBareNumberUnderTenIsRefusedWithBothSpellings() throws {
        let p = try project("""
            version: 1
            defaults:
              hold: 2
            animations:
              a:
                output: a.gif
                delay: 0.08
                frames:
                  - glob: "frames/*.png"
                    delay: 5
            """)
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:3:9: error: 'hold: 2' would be 2 ms (a bare number is milliseconds); write the unit: 2s or 2ms"), "\(run.stderr)")
        #expect(run.stderr.contains("animc.yaml:7:12: error: 'delay: 0.08' would be 0.08 ms (a bare number is milliseconds); write the unit: 0.08s (80ms) or 0.08ms"))
        #expect(run.stderr.contains("animc.yaml:10:16: error: 'delay: 5'"))
        #expect(!p.exists("a.gif"))
    }

    @Test func timingWarningsPointAtTheKeyThatSetTheTime() throws {
        let p = try project("""
            version: 1
            defaults:
              delay: 15ms
            animations:
              fromDefaults:
                output: a.gif
                frames: [{glob: "frames/*.png"}]
              fromSource:
                output: b.gif
                frames:
                  - glob: "frames/*.png"
                    delay: 12ms
              fromFps:
                output: c.gif
                fps: 80
                frames: [{glob: "frames/*.png"}]
              held:
                output: d.gif
                delay: 600s
                hold: 100s
                frames: [{glob: "frames/*.png"}]
            """)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(locations(run.stderr, containing: "'fromDefaults': a delay of 15 ms") == ["animc.yaml:3:10"], "\(run.stderr)")
        #expect(locations(run.stderr, containing: "'fromSource': a delay of 12 ms") == ["animc.yaml:12:16"])
        #expect(locations(run.stderr, containing: "'fromFps': a delay of 12.5 ms") == ["animc.yaml:15:10"])
        #expect(locations(run.stderr, containing: "'held': frame 3 shows for") == ["animc.yaml:20:11"])
    }

    @Test func anOutputOfAnotherFormatIsRefusedBeforeAnythingRuns() throws {
        let p = try project("""
            version: 1
            animations:
              good:
                output: out/good.gif
                frames: [{glob: "frames/*.png"}]
              video:
                output: [out/v.gif, out/v.webm]
                frames: [{glob: "frames/*.png"}]
            """)
        let run = try p.animc("build")
        #expect(run.status == 2)
        #expect(run.stderr.contains("animc.yaml:7:25: error: output 'out/v.webm' has an extension animc does not write"), "\(run.stderr)")
        #expect(!p.exists("out"))
        #expect(!p.exists(".animc-cache"))
    }

    @Test func misleadingMessagesSayWhatToDo() throws {
        let crop = try project("""
            version: 1
            animations:
              a:
                output: a.gif
                crop: {x: 0, y: 0, w: 4, h: 4}
                frames: [{glob: "frames/*.png"}]
            """)
        let c = try crop.animc("build")
        #expect(c.stderr.contains("unknown key 'w' in 'crop'; did you mean 'width'?"), "\(c.stderr)")
        #expect(c.stderr.contains("unknown key 'h' in 'crop'; did you mean 'height'?"))

        let tab = try project("version: 1\nanimations:\n  a:\n\toutput: a.gif\n    frames: [{glob: \"frames/*.png\"}]\n")
        let t = try tab.animc("build")
        #expect(t.status == 2)
        #expect(t.stderr.contains("animc.yaml:4:1: error:") && t.stderr.contains("indented with a tab; YAML indents with spaces only"), "\(t.stderr)")

        let alias = try project("version: 1\nanimations:\n  a:\n    output: a.gif\n    frames:\n      - glob: *.png\n")
        let a = try alias.animc("build")
        #expect(a.status == 2)
        #expect(a.stderr.contains("animc.yaml:6:16: error:") && a.stderr.contains("a value that starts with '*' is a YAML alias; quote it: glob: \"*.png\""), "\(a.stderr)")

        let upper = try project("""
            version: 1
            animations:
              a:
                output: a.gif
                frames: [{glob: "frames/*.PNG"}]
            """)
        let u = try upper.animc("build")
        #expect(u.status != 0)
        #expect(u.stderr.contains("glob 'frames/*.PNG' matches no files, but 'frames/*.png' matches 3 (patterns are case-sensitive)"), "\(u.stderr)")
    }

    @Test func wholeFloatsWhereTheSchemaAllowsThemAreAccepted() throws {
        let p = try project("""
            version: 1.0
            animations:
              a:
                output: a.gif
                alpha-threshold: 12.0
                palette: {colors: 16.0}
                frames: [{glob: "frames/*.png"}]
            """)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        let bad = try project("version: 1\nanimations:\n  a:\n    output: a.gif\n    alpha-threshold: 12.5\n    frames: [{glob: \"frames/*.png\"}]\n")
        #expect(try bad.animc("build").stderr.contains("'alpha-threshold' must be a whole number, got 12.5"))
    }
}
