import AnimcTestSupport
import Foundation
import Testing

/// The real binary building from `.aseprite` files the test writes, checked with Pillow.
@Suite struct AsepriteTests {
    static let red: [UInt8] = [220, 30, 30, 255], green: [UInt8] = [30, 200, 60, 255], blue: [UInt8] = [40, 60, 230, 255]

    /// Three frames of 8×8: a background layer of one colour per frame and a 4×4 white "sword" in the
    /// top-left corner on a second layer; frames last 100, 200 and 300 ms; tag "back" plays 0…2 in reverse.
    static func hero() -> [UInt8] {
        var w = AsepriteWriter(width: 8, height: 8)
        w.layers = [.init("body", flags: 1 | 8), .init("sword")]
        let sword = AsepriteWriter.Cel(layer: 1, .zlib(width: 4, height: 4, pixels: solid([255, 255, 255, 255], 16)))
        w.frames = [red, green, blue].enumerated().map { i, c in
            AsepriteWriter.Frame(durationMs: 100 * (i + 1), cels: [
                .init(layer: 0, .zlib(width: 8, height: 8, pixels: solid(c, 64))),
                i == 0 ? sword : .init(layer: 1, .linked(frame: 0)),
            ])
        }
        w.tags = [.init("back", from: 0, to: 2, direction: 1)]
        return w.bytes()
    }

    static func solid(_ p: [UInt8], _ n: Int) -> [UInt8] { (0..<n).flatMap { _ in p } }

    static func at(_ frame: [UInt8], _ x: Int, _ y: Int) -> [UInt8] { Array(frame[(y * 8 + x) * 4..<(y * 8 + x) * 4 + 4]) }

    @Test func buildsAGIFWithTheFilesFramesDurationsAndLayers() throws {
        let p = try Project()
        try p.write("hero.aseprite", bytes: Self.hero())
        try p.write("animc.yaml", """
            version: 1
            animations:
              all:
                output: all.gif
                frames: [{aseprite: hero.aseprite}]
              back:
                output: back.gif
                frames: [{aseprite: hero.aseprite, tag: back, layers: [body]}]
            """)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        let all = try Decoders.pillow(try p.read("all.gif"), suffix: "gif")
        #expect(all.report.frames == 3)
        #expect(all.report.durations == [100, 200, 300])
        #expect(Self.at(all.frames[0], 6, 6) == Self.red)
        #expect(Self.at(all.frames[1], 6, 6) == Self.green)
        #expect(Self.at(all.frames[2], 6, 6) == Self.blue)
        for f in all.frames { #expect(Self.at(f, 1, 1) == [255, 255, 255, 255], "the linked sword shows on every frame") }

        let back = try Decoders.pillow(try p.read("back.gif"), suffix: "gif")
        #expect(back.report.durations == [300, 200, 100])
        #expect(Self.at(back.frames[0], 6, 6) == Self.blue)
        #expect(Self.at(back.frames[2], 1, 1) == Self.red, "only the body layer")

        // Nothing changed: nothing runs again.
        let again = try p.animc("build", "--json")
        #expect(again.steps.decoded == 0, "\(again.stdout)")
    }

    @Test func aDamagedFileIsNamedAndNothingIsWritten() throws {
        let p = try Project()
        var bytes = Self.hero()
        bytes[6] = 40 // claims 40 frames
        try p.write("hero.aseprite", bytes: bytes)
        try p.write("animc.yaml", """
            version: 1
            animations:
              all:
                output: all.gif
                frames: [{aseprite: hero.aseprite}]
            """)
        let run = try p.animc("build")
        #expect(run.status != 0)
        #expect(run.stderr.contains("animc.yaml:5:14: error: cannot read Aseprite file 'hero.aseprite': at byte 1300: frame 3's header is cut short"), "\(run.stderr)")
        #expect(!p.exists("all.gif"))
    }
}
