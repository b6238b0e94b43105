import AnimcBasics
import AnimcManifest
import Testing
@testable import AnimcPlan

/// Frames of an Aseprite file: one step per (frame, layer selection), keyed by the file's digest.
@Suite struct AsepriteKeyTests {
    let here = SourceLocation(file: "animc.yaml", line: 1, column: 1)

    func plan(_ origins: [FrameOrigin], digest: String = "hero") -> BuildPlan {
        let a = Animation(name: "hero", location: here, outputs: [OutputSpec(path: "hero.gif", location: here, format: .gif)],
                          sources: [], settings: Settings())
        let frames = origins.map { ResolvedFrame(path: "hero.aseprite", origin: $0, delayMs: 100, sourceLocation: here) }
        return Planner.plan([ResolvedAnimation(animation: a, frames: frames)],
                            sourceDigests: ["hero.aseprite": Digest.of(digest)]).plan
    }

    @Test func eachFrameAndLayerSelectionIsItsOwnStep() {
        let p = plan([.aseprite(frame: 0, layers: nil), .aseprite(frame: 1, layers: nil),
                      .aseprite(frame: 0, layers: ["body"]), .aseprite(frame: 0, layers: nil)])
        #expect(p.frames.count == 3)
        let ids = Set(p.frames.values.map(\.signature.id))
        #expect(ids == ["frame hero.aseprite#0", "frame hero.aseprite#1", "frame hero.aseprite#0[body]"])
    }

    @Test func keysFollowTheFilesDigestAndTheCompositorVersion() {
        let frames: [FrameOrigin] = [.aseprite(frame: 0, layers: nil)]
        #expect(plan(frames).frames.keys == plan(frames).frames.keys)
        #expect(plan(frames).frames.keys != plan(frames, digest: "hero edited").frames.keys)
        let params = plan(frames).frames.values.first!.signature.params
        #expect(params["aseprite-frame"] == "0")
        #expect(params["aseprite-compositor"] == "\(FrameOrigin.asepriteCompositorVersion)")
        // Layer names are length-prefixed, so no two selections share an encoding.
        #expect(FrameOrigin.aseprite(frame: 0, layers: ["a,b"]).keyParams != FrameOrigin.aseprite(frame: 0, layers: ["a", "b"]).keyParams)
    }
}
