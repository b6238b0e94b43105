import AnimcBasics
import AnimcManifest
import Testing
@testable import AnimcPlan

private let here = SourceLocation(file: "animc.yaml", line: 1, column: 1)

private func animation(_ name: String, frames: [String], settings: Settings = Settings(), delayMs: Double = 100) -> ResolvedAnimation {
    let a = Animation(name: name, location: here, outputs: [OutputSpec(path: "out/\(name).gif", location: here, format: .gif)],
                      sources: [], settings: settings)
    return ResolvedAnimation(animation: a, frames: frames.map { ResolvedFrame(path: $0, delayMs: delayMs, sourceLocation: here) })
}

private func digests(_ paths: [String], changed: String? = nil) -> [String: Digest] {
    Dictionary(uniqueKeysWithValues: paths.map { ($0, Digest.of($0 == changed ? "\($0) edited" : $0)) })
}

private let files = ["a.png", "b.png", "c.png"]

@Test func keysAreStableAcrossPlans() {
    let p1 = Planner.plan([animation("walk", frames: files)], sourceDigests: digests(files)).plan
    let p2 = Planner.plan([animation("walk", frames: files)], sourceDigests: digests(files)).plan
    #expect(p1.signatures.map(\.key) == p2.signatures.map(\.key))
    #expect(p1.json() == p2.json())
}

@Test func aFrameUsedTwiceIsDecodedOnce() {
    let p = Planner.plan([animation("a", frames: ["a.png", "b.png", "a.png"]), animation("b", frames: ["a.png"])],
                         sourceDigests: digests(["a.png", "b.png"])).plan
    #expect(p.frames.count == 2)
    #expect(p.frameOrder.count == 2)
}

@Test func changingOneFrameWithPerFramePalettesTouchesOnlyThatFrame() {
    var s = Settings()
    s.palette.scope = .perFrame
    let before = Planner.plan([animation("walk", frames: files, settings: s), animation("other", frames: ["c.png"])],
                              sourceDigests: digests(files)).plan
    let after = Planner.plan([animation("walk", frames: files, settings: s), animation("other", frames: ["c.png"])],
                             sourceDigests: digests(files, changed: "b.png")).plan
    let q0 = before.animations[0].frames.map(\.quantizeKey), q1 = after.animations[0].frames.map(\.quantizeKey)
    #expect(q0[0] == q1[0] && q0[2] == q1[2])
    #expect(q0[1] != q1[1])
    #expect(before.animations[0].outputs[0].encode.key != after.animations[0].outputs[0].encode.key)
    #expect(before.animations[1].outputs[0].encode.key == after.animations[1].outputs[0].encode.key)
}

@Test func changingOneFrameWithAGlobalPaletteChangesThatAnimationsPalette() {
    let before = Planner.plan([animation("walk", frames: files), animation("other", frames: ["c.png"])],
                              sourceDigests: digests(files)).plan
    let after = Planner.plan([animation("walk", frames: files), animation("other", frames: ["c.png"])],
                             sourceDigests: digests(files, changed: "a.png")).plan
    #expect(before.animations[0].paletteKey != after.animations[0].paletteKey)
    #expect(before.animations[1].paletteKey == after.animations[1].paletteKey)
    #expect(before.animations[1].outputs[0].encode.key == after.animations[1].outputs[0].encode.key)
}

@Test func changingADelayChangesOnlyTheEncodeStep() {
    let before = Planner.plan([animation("walk", frames: files, delayMs: 100)], sourceDigests: digests(files)).plan
    let after = Planner.plan([animation("walk", frames: files, delayMs: 150)], sourceDigests: digests(files)).plan
    #expect(before.quantizeOrder == after.quantizeOrder)
    #expect(before.animations[0].paletteKey == after.animations[0].paletteKey)
    #expect(before.animations[0].outputs[0].encode.key != after.animations[0].outputs[0].encode.key)
    #expect(after.animations[0].outputs[0].encode.signature.params["delays"] == "[15,15,15]")
}

@Test func changingToleranceChangesThePaletteButNotTheFrames() {
    var s = Settings()
    s.palette.tolerance = 0
    let before = Planner.plan([animation("walk", frames: files)], sourceDigests: digests(files)).plan
    let after = Planner.plan([animation("walk", frames: files, settings: s)], sourceDigests: digests(files)).plan
    #expect(before.frameOrder == after.frameOrder)
    #expect(before.animations[0].paletteKey != after.animations[0].paletteKey)
    s.palette.scope = .perFrame
    let perFrame = Planner.plan([animation("walk", frames: files, settings: s)], sourceDigests: digests(files)).plan
    var t = s
    t.palette.tolerance = 2
    let perFrame2 = Planner.plan([animation("walk", frames: files, settings: t)], sourceDigests: digests(files)).plan
    #expect(Set(perFrame.quantizeOrder).isDisjoint(with: perFrame2.quantizeOrder))
}

@Test func changingLossyChangesOnlyTheEncodeStep() {
    var s = Settings()
    s.lossy = 4
    let before = Planner.plan([animation("walk", frames: files)], sourceDigests: digests(files)).plan
    let after = Planner.plan([animation("walk", frames: files, settings: s)], sourceDigests: digests(files)).plan
    #expect(before.quantizeOrder == after.quantizeOrder)
    #expect(before.animations[0].outputs[0].encode.key != after.animations[0].outputs[0].encode.key)
}

@Test func autoFilesOwnPaletteResultsUnderThePerFrameKeys() {
    var perFrame = Settings()
    perFrame.palette.scope = .perFrame
    var auto = Settings()
    auto.palette.scope = .auto
    let p = Planner.plan([animation("walk", frames: files, settings: perFrame)], sourceDigests: digests(files)).plan
    let a = Planner.plan([animation("walk", frames: files, settings: auto)], sourceDigests: digests(files)).plan
    #expect(a.animations[0].paletteKey != nil && p.animations[0].paletteKey == nil)
    for (fa, fp) in zip(a.animations[0].frames, p.animations[0].frames) {
        let q = a.quantizes[fa.quantizeKey]!
        #expect(q.ownPaletteKey == fp.quantizeKey)
        #expect(Planner.ownPaletteSignature(of: q, settings: auto).key == fp.quantizeKey)
    }
    // A global scope has nothing to file twice.
    var global = Settings()
    global.palette.scope = .global
    let g = Planner.plan([animation("walk", frames: files, settings: global)], sourceDigests: digests(files)).plan
    #expect(g.quantizes.values.allSatisfy { $0.ownPaletteKey == nil })
}

@Test func changingDitherChangesQuantizeButNotFrameOrPalette() {
    var s = Settings()
    s.palette.dither = .ordered
    let before = Planner.plan([animation("walk", frames: files)], sourceDigests: digests(files)).plan
    let after = Planner.plan([animation("walk", frames: files, settings: s)], sourceDigests: digests(files)).plan
    #expect(before.frameOrder == after.frameOrder)
    #expect(before.animations[0].paletteKey == after.animations[0].paletteKey)
    #expect(Set(before.quantizeOrder).isDisjoint(with: after.quantizeOrder))
}

@Test func delaysRoundOnTheRunningTotal() {
    // 30 fps: 33.3 ms a frame; GIF centiseconds alternate so that the total stays right.
    let cs = Timeline.centiseconds(fromMilliseconds: Array(repeating: 1000.0 / 30, count: 30))
    #expect(cs.reduce(0, +) == 100)
    #expect(Set(cs) == [3, 4])
    #expect(Timeline.centiseconds(fromMilliseconds: [80, 80, 80]) == [8, 8, 8])
    #expect(Timeline.centiseconds(fromMilliseconds: [15, 15, 15, 15]) == [2, 1, 2, 1])
}

@Test func fastFramesWarn() {
    let (_, warnings) = Planner.plan([animation("fast", frames: files, delayMs: 10)], sourceDigests: digests(files))
    #expect(warnings.count == 1)
    #expect(warnings[0].message.contains("under 20 ms"))
}

@Test func graphExports() {
    let p = Planner.plan([animation("walk", frames: files)], sourceDigests: digests(files)).plan
    let dot = p.dot()
    #expect(dot.hasPrefix("digraph animc {"))
    #expect(dot.contains("out/walk.gif"))
    let json = p.json()
    #expect(json.contains("\"kind\" : \"quantize\""))
    #expect(p.signatures.count == 3 + 1 + 3 + 1)
}

@Test func restrictingKeepsOnlyTheNamedAnimations() {
    let p = Planner.plan([animation("a", frames: ["a.png"]), animation("b", frames: ["b.png"])],
                         sourceDigests: digests(["a.png", "b.png"])).plan
    let r = p.restricted(to: ["b"])
    #expect(r.animations.map(\.name) == ["b"])
    #expect(r.frames.count == 1)
}

/// Issue #10, item 10: a delay and a hold are each at most 655.35 s; together on the last frame they
/// may be longer, which GIF cannot store: a warning says so, and the delay is clamped.
@Test func aLastFrameLongerThanGIFsLimitWarns() {
    var a = animation("slow", frames: files, delayMs: 600_000)
    a.frames[a.frames.count - 1].delayMs += 100_000
    let (plan, warnings) = Planner.plan([a], sourceDigests: digests(files))
    #expect(warnings.count == 1)
    #expect(warnings[0].message.contains("frame \(files.count) shows for 700000 ms with its hold, over GIF's limit of 655.35 s"))
    #expect(plan.animations[0].outputs[0].encode.frames.last?.delay == 70_000)  // the encoder clamps to 65535
}
