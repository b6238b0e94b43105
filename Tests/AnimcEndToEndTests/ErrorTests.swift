import AnimcPixels
import Foundation
import Testing

/// Bad input gets a clear, located error, a non-zero exit, and no output written.
@Suite struct ErrorTests {
    struct BadManifest: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        /// Substrings expected on stderr, in order; the first is the `file:line:col: error:` head.
        var expected: [String]
        var testDescription: String { name }
    }

    static let manifests: [BadManifest] = [
        BadManifest(name: "unknown key with a suggestion", yaml: """
            version: 1
            animations:
              walk:
                output: walk.gif
                dealy: 80ms
                frames: [{file: a.png}]
            """, expected: ["animc.yaml:5:5: error: unknown key 'dealy'", "did you mean 'delay'?", "    dealy: 80ms\n    ^"]),
        BadManifest(name: "wrong type", yaml: """
            version: 1
            animations:
              walk:
                output: walk.gif
                fps: "twelve"
                frames: [{file: a.png}]
            """, expected: ["animc.yaml:5:10: error:", "fps"]),
        BadManifest(name: "palette out of range", yaml: """
            version: 1
            defaults:
              palette: {colors: 300}
            animations:
              walk: {output: walk.gif, frames: [{file: a.png}]}
            """, expected: ["animc.yaml:3:21: error:", "300"]),
        BadManifest(name: "zero size", yaml: """
            version: 1
            animations:
              walk:
                output: walk.gif
                frames: [{file: a.png}]
                resize: {width: 0}
            """, expected: ["animc.yaml:6:21: error:", "width"]),
        BadManifest(name: "unknown version", yaml: """
            version: 7
            animations:
              walk: {output: walk.gif, frames: [{file: a.png}]}
            """, expected: ["animc.yaml:1:10: error:", "version"]),
        BadManifest(name: "duplicate key", yaml: """
            version: 1
            animations:
              walk:
                output: walk.gif
                fps: 10
                fps: 12
                frames: [{file: a.png}]
            """, expected: ["animc.yaml:6:5: error: duplicate key 'fps'"]),
        BadManifest(name: "two animations, one output", yaml: """
            version: 1
            animations:
              a: {output: same.gif, frames: [{file: a.png}]}
              b: {output: same.gif, frames: [{file: a.png}]}
            """, expected: ["animc.yaml:4:15: error: output 'same.gif' is also written by animation 'a'"]),
        BadManifest(name: "output leaves the folder", yaml: """
            version: 1
            animations:
              a: {output: ../escape.gif, frames: [{file: a.png}]}
            """, expected: ["animc.yaml:3:15: error: output '../escape.gif' leaves the manifest's folder"]),
        BadManifest(name: "output overwrites a source", yaml: """
            version: 1
            animations:
              a: {output: a.png, frames: [{file: a.png}]}
            """, expected: ["animc.yaml:3:15: error: output 'a.png' would overwrite a source frame"]),
        BadManifest(name: "glob matching nothing", yaml: """
            version: 1
            animations:
              a:
                output: a.gif
                frames:
                  - glob: nothing/*.png
            """, expected: ["animc.yaml:6:9: error: glob 'nothing/*.png' matches no files"]),
        BadManifest(name: "missing frame file", yaml: """
            version: 1
            animations:
              a:
                output: a.gif
                frames:
                  - files: [a.png, gone.png]
            """, expected: ["animc.yaml:6:9: error: frame file 'gone.png' does not exist"]),
        BadManifest(name: "YAML syntax", yaml: """
            version: 1
            animations:
              a: {output: a.gif, frames: [{file: a.png}]
              b: {output: b.gif}
            """, expected: ["animc.yaml:4:", "error: YAML syntax error"]),
        BadManifest(name: "alias bomb", yaml: """
            version: 1
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
            animations: {}
            """, expected: ["animc.yaml:", "error:", "alias"]),
    ]

    @Test(arguments: manifests)
    func badManifest(_ c: BadManifest) throws {
        let p = try Project()
        try p.write("a.png", image: Frames.moving(0))
        try p.write("animc.yaml", c.yaml)
        let run = try p.animc("build")
        #expect(run.status == 2, "\(c.name): exit \(run.status)\n\(run.stderr)")
        var rest = Substring(run.stderr)
        for e in c.expected {
            guard let r = rest.range(of: e) else {
                Issue.record("\(c.name): expected «\(e)» in:\n\(run.stderr)")
                break
            }
            rest = rest[r.upperBound...]
        }
        #expect(run.stderr.contains("^"), "a caret under the source line")
        #expect(try FileManager.default.contentsOfDirectory(atPath: p.root.path).sorted() == ["a.png", "animc.yaml"],
                "nothing written")
    }

    @Test func everyErrorIsReportedInOneRun() throws {
        let p = try Project()
        try p.write("animc.yaml", """
            version: 1
            defaults:
              fsp: 12
              palette: {colors: 1, dither: sparkle}
            animations:
              walk:
                output: walk.gif
                frames: []
                loop: sometimes
            """)
        let run = try p.animc("build")
        #expect(run.status == 2)
        let errors = run.stderr.components(separatedBy: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count >= 5, "\(run.stderr)")
        #expect(run.stderr.contains("animc.yaml:3:3: error: unknown key 'fsp'"))
    }

    static let badPNGs: [(String, String)] = [
        ("bad-not-png.png", "not a PNG file"),
        ("bad-truncated.png", "truncated PNG data"),
        ("bad-crc-idat.png", "bad CRC"),
        ("bad-crc-ancillary.png", "bad CRC"),
        ("bad-huge.png", "image is 100000×100000 pixels, over the limit"),
        ("bad-empty.png", "not a PNG file"),
    ]

    @Test(arguments: badPNGs)
    func badFrameNamesItsFile(_ fixture: String, _ message: String) throws {
        let p = try Project()
        let bytes = try Data(contentsOf: Animc.repositoryRoot.appendingPathComponent("Tests/AnimcImagingTests/Fixtures/png/\(fixture)"))
        try p.write("frames/1.png", image: Frames.moving(0))
        try p.write("frames/2.png", bytes: Array(bytes))
        try p.write("animc.yaml", """
            version: 1
            animations:
              walk:
                output: walk.gif
                frames: [{glob: "frames/*.png"}]
            """)
        let run = try p.animc("build")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("frames/2.png: error: \(message)"), "\(run.stderr)")
        #expect(run.stderr.contains("animc.yaml:5:14: note: frame listed here"), "\(run.stderr)")
        #expect(!p.exists("walk.gif"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: p.root.path).filter { $0.contains("animc-tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func aFailedRebuildKeepsThePreviousOutput() throws {
        let p = try Project()
        try p.write("f/1.png", image: Frames.moving(0))
        try p.write("f/2.png", image: Frames.moving(1))
        try p.write("animc.yaml", """
            version: 1
            animations:
              walk: {output: walk.gif, frames: [{glob: "f/*.png"}]}
            """)
        #expect(try p.animc("build").status == 0)
        let before = try p.read("walk.gif")
        try p.write("f/2.png", bytes: Array("not a png".utf8))
        #expect(try p.animc("build").status == 1)
        #expect(try p.read("walk.gif") == before)
    }

    @Test func framesOfDifferentSizesNameTheFile() throws {
        let p = try Project()
        try p.write("f/1.png", image: Frames.moving(0, width: 48, height: 32))
        try p.write("f/2.png", image: Frames.moving(1, width: 40, height: 32))
        try p.write("animc.yaml", """
            version: 1
            animations:
              walk: {output: walk.gif, frames: [{glob: "f/*.png"}]}
            """)
        let run = try p.animc("build")
        #expect(run.status == 1)
        #expect(run.stderr.contains("f/2.png: error: frame is 40×32 but the animation's first frame is 48×32"), "\(run.stderr)")
        // A resize to a common size fixes it.
        try p.write("animc.yaml", """
            version: 1
            animations:
              walk: {output: walk.gif, frames: [{glob: "f/*.png"}], resize: {width: 24, height: 16}}
            """)
        #expect(try p.animc("build").status == 0)
    }

    @Test func aCropOutsideTheFramePointsAtTheCrop() throws {
        let p = try Project()
        try p.write("f/1.png", image: Frames.moving(0, width: 48, height: 32))
        try p.write("animc.yaml", """
            version: 1
            animations:
              walk:
                output: walk.gif
                frames: [{glob: "f/*.png"}]
                crop: {x: 40, y: 0, width: 16, height: 16}
            """)
        let run = try p.animc("build")
        #expect(run.status == 1)
        #expect(run.stderr.contains("animc.yaml:6:11: error: crop 16×16 at 40,0 lies outside frame 'f/1.png' (48×32)"), "\(run.stderr)")
    }

    @Test func keepGoingBuildsWhatItCan() throws {
        let p = try Project()
        try p.write("good.png", image: Frames.moving(0))
        try p.write("bad.png", bytes: Array("nope".utf8))
        try p.write("animc.yaml", """
            version: 1
            animations:
              broken: {output: broken.gif, frames: [{file: bad.png}]}
              fine: {output: fine.gif, frames: [{file: good.png}]}
            """)
        let stop = try p.animc("build", "--json")
        #expect(stop.status == 1)
        #expect(!p.exists("fine.gif"))
        let going = try p.animc("build", "--keep-going", "--json")
        #expect(going.status == 1)
        #expect(going.statuses == ["broken": "failed", "fine": "built"])
        #expect(p.exists("fine.gif"))
    }
}
