import AnimcBasics
import AnimcManifest
import Testing
@testable import AnimcPlan

private let here = SourceLocation(file: "animc.yaml", line: 1, column: 1)

private func tiles(_ name: String, _ rects: [TileRect], scope: PaletteScope = .perFrame) -> ResolvedAnimation {
    var s = Settings()
    s.palette.scope = scope
    let a = Animation(name: name, location: here, outputs: [OutputSpec(path: "out/\(name).gif", location: here, format: .gif)],
                      sources: [], settings: s)
    return ResolvedAnimation(animation: a, frames: rects.map { ResolvedFrame(path: "hero.png", tile: $0, delayMs: 100, sourceLocation: here) })
}

private let row = (0..<4).map { TileRect(x: $0 * 16, y: 0, width: 16, height: 16) }
private func pixels(_ edited: Int? = nil, sameAs: [Int: Int] = [:]) -> [PictureID: Digest] {
    Dictionary(uniqueKeysWithValues: row.enumerated().map { i, t in
        (PictureID(path: "hero.png", origin: .tile(t)), Digest.of("tile \(sameAs[i] ?? i)\(i == edited ? " edited" : "")"))
    })
}

@Test func tilesAreKeyedByTheirOwnPixels() {
    let sheet = ["hero.png": Digest.of("sheet")]
    let before = Planner.plan([tiles("walk", row)], sourceDigests: sheet, pictureDigests: pixels()).plan
    // The sheet file changed (one tile edited): only that tile's frame and quantize steps change.
    let after = Planner.plan([tiles("walk", row)], sourceDigests: ["hero.png": Digest.of("sheet edited")],
                             pictureDigests: pixels(2)).plan
    let f0 = before.animations[0].frames, f1 = after.animations[0].frames
    #expect(zip(f0, f1).map { $0.frameKey == $1.frameKey } == [true, true, false, true])
    #expect(zip(f0, f1).map { $0.quantizeKey == $1.quantizeKey } == [true, true, false, true])
    // Identical tiles are one step, wherever they sit.
    let same = Planner.plan([tiles("walk", row)], sourceDigests: sheet, pictureDigests: pixels(sameAs: [3: 0])).plan
    #expect(same.frames.count == 3)
    #expect(same.animations[0].frames[0].frameKey == same.animations[0].frames[3].frameKey)
}

@Test func anAtlasIsKeyedByItsFramesAndOptions() throws {
    let sheet = ["hero.png": Digest.of("sheet")]
    let spec = AtlasSpec(name: "hero", location: here, image: "out/img/hero.png", imageLocation: here,
                         data: "out/hero.json", dataLocation: here, animations: ["walk", "idle"])
    let anims = [tiles("walk", row), tiles("idle", [row[0], row[1], row[0]])]
    let a = Planner.plan(anims, sourceDigests: sheet, pictureDigests: pixels(), atlases: [spec]).plan
    let t = try #require(a.atlases.first)
    #expect(t.frames.map(\.name) == ["walk/0", "walk/1", "walk/2", "walk/3", "idle/0", "idle/1", "idle/2"])
    #expect(t.tags.map { "\($0.name) \($0.from)-\($0.to)" } == ["walk 0-3", "idle 4-6"])
    #expect(t.imageName == "img/hero.png")
    #expect(a.signatures.last?.key == t.key)
    let edited = Planner.plan(anims, sourceDigests: sheet, pictureDigests: pixels(3), atlases: [spec]).plan.atlases[0]
    #expect(edited.key != t.key && edited.imageKey != t.imageKey)
    var padded = spec
    padded.padding = 2
    #expect(Planner.plan(anims, sourceDigests: sheet, pictureDigests: pixels(), atlases: [padded]).plan.atlases[0].key != t.key)
    // Building one of its animations alone leaves the atlas out.
    #expect(a.restricted(to: ["walk"]).atlases.isEmpty)
    #expect(a.restricted(to: ["walk", "idle"]).atlases.count == 1)
    #expect(Planner.relative("out/a.png", from: "data/x.json") == "../out/a.png")
}
