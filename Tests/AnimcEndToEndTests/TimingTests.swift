import Foundation
import Testing

@Suite struct TimingTests {
    @Test func thirtyFPSKeepsItsTotalDuration() throws {
        let p = try Project()
        for i in 0..<30 { try p.write("f/\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              clip:
                output: clip.gif
                frames: [{glob: "f/*.png"}]
                fps: 30
                loop: 2
            """)
        let run = try p.animc("build")
        #expect(run.status == 0, "\(run.stderr)")
        let gif = try DecodedGIF.decode(p.url("clip.gif"))
        #expect(gif.frameCount == 30)
        #expect(gif.durations.reduce(0, +) == 1000)
        #expect(Set(gif.durations) == [30, 40])
        #expect(gif.loop == 2)
    }

    @Test func loopOnceWritesNoLoopExtension() throws {
        let p = try Project()
        for i in 0..<3 { try p.write("f\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              once:
                output: once.gif
                frames: [{files: [f0.png, f1.png, f2.png]}]
                loop: once
                delay: 1.5s
            """)
        #expect(try p.animc("build").status == 0)
        let gif = try DecodedGIF.decode(p.url("once.gif"))
        #expect(gif.loop == nil)
        #expect(gif.durations == [1500, 1500, 1500])
    }

    @Test func identicalConsecutiveFramesMergeTheirDelays() throws {
        let p = try Project()
        try p.write("a.png", image: Frames.solid(200, 30, 30))
        try p.write("b.png", image: Frames.solid(30, 200, 30))
        try p.write("animc.yaml", """
            version: 1
            animations:
              blink:
                output: blink.gif
                frames:
                  - files: [a.png, a.png, a.png]
                  - file: b.png
                delay: 100ms
            """)
        #expect(try p.animc("build").status == 0)
        let gif = try DecodedGIF.decode(p.url("blink.gif"))
        #expect(gif.frameCount == 2)
        #expect(gif.durations == [300, 100])
    }
}
