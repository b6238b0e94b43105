import AnimcAseprite
import AnimcTestSupport
import Testing

/// Layers, cels, groups, colour modes, tilemaps, frames and tags of files the tests write themselves.
@Suite struct AsepriteCompositeTests {
    @Test func celsLieAtTheirPositionClippedToTheCanvas() throws {
        var w = AsepriteWriter(width: 3, height: 2)
        w.layers = [.init("a")]
        w.frames = [.init(cels: [.init(layer: 0, x: 2, y: -1, .raw(width: 2, height: 2, pixels: solid([9, 8, 7, 255], 4)))])]
        let image = try render(w)
        #expect(pixel(image, 2, 0) == [9, 8, 7, 255])
        #expect(pixel(image, 1, 0)[3] == 0)
        #expect(pixel(image, 2, 1)[3] == 0)
    }

    @Test func linkedCelsShowTheirTargetsPictureAndPosition() throws {
        var w = AsepriteWriter(width: 2, height: 1)
        w.layers = [.init("a")]
        w.frames = [
            .init(durationMs: 50, cels: [.init(layer: 0, x: 1, y: 0, opacity: 255, .zlib(width: 1, height: 1, pixels: [1, 2, 3, 255]))]),
            .init(durationMs: 70, cels: [.init(layer: 0, x: 0, y: 0, .linked(frame: 0))]),
        ]
        let file = try parse(w)
        #expect(try file.render(frame: 1) == file.render(frame: 0))
        #expect(pixel(try file.render(frame: 1), 1, 0) == [1, 2, 3, 255])
        #expect(file.frames.map(\.durationMs) == [50, 70])
    }

    @Test func hiddenLayersAndHiddenGroupsAreNotDrawn() throws {
        var w = stack([(.init("back"), [10, 10, 10, 255]), (.init("hidden", flags: 0), [200, 0, 0, 255])])
        #expect(pixel(try render(w)) == [10, 10, 10, 255])
        // A visible layer inside a hidden group.
        w.layers = [.init("back"), .init("group", type: 1, flags: 0), .init("inside", level: 1)]
        w.frames[0].cels[1].layer = 2
        #expect(pixel(try render(w)) == [10, 10, 10, 255])
        // Named, a hidden group and its layers are drawn.
        #expect(pixel(try render(w, layers: ["group"])) == [200, 0, 0, 255])
        #expect(pixel(try render(w, layers: ["inside"])) == [200, 0, 0, 255])
        #expect(pixel(try render(w, layers: ["back"])) == [10, 10, 10, 255])
        #expect(failure { _ = try render(w, layers: ["nope"]) }?.contains("no layer is named 'nope'") == true)
    }

    @Test func groupOpacityAndBlendCountOnlyWhenTheHeaderSaysSo() throws {
        var w = stack([(.init("back"), [0, 0, 200, 255]), (.init("inside", level: 1), [200, 0, 0, 255])], width: 1, height: 1)
        w.layers = [.init("back"), .init("group", type: 1, opacity: 128), .init("inside", level: 1)]
        w.frames[0].cels[1].layer = 2
        // Flag 1 only: the group's opacity is not valid; its layer is drawn straight onto the canvas.
        #expect(pixel(try render(w)) == [200, 0, 0, 255])
        // Flag 2: the group is composited on its own, then laid on with opacity 128:
        // 0 + 200·128/255 = 100, 200 − 200·128/255 = 100.
        w.flags = 3
        #expect(pixel(try render(w)) == [100, 0, 100, 255])
        // ... and with its blend mode (multiply: 200·0, 0·0, 0·200 → black at half opacity).
        w.layers[1].blend = 1
        #expect(pixel(try render(w)) == [0, 0, 100, 255])
    }

    @Test func referenceLayersAreNeverDrawn() throws {
        let w = stack([(.init("back"), [1, 1, 1, 255]), (.init("ref", flags: 1 | 64), [255, 0, 0, 255])])
        #expect(pixel(try render(w)) == [1, 1, 1, 255])
    }

    @Test func zIndexMovesACelAmongItsSiblings() throws {
        var w = stack([(.init("red"), [255, 0, 0, 255]), (.init("green"), [0, 255, 0, 255])])
        #expect(pixel(try render(w)) == [0, 255, 0, 255])
        w.frames[0].cels[0].zIndex = 1   // red: 0 + 1 = 1 ties with green (1 + 0): the larger z-index goes on top
        #expect(pixel(try render(w)) == [255, 0, 0, 255])
    }

    @Test func indexedPixelsTakeThePaletteAndTheTransparentIndex() throws {
        var w = AsepriteWriter(width: 2, height: 1, depth: 8)
        w.palette = [[0, 0, 0, 255], [10, 20, 30, 255], [40, 50, 60, 128]]
        w.transparentIndex = 0
        w.layers = [.init("a")]
        w.frames = [.init(cels: [.init(layer: 0, .raw(width: 2, height: 1, pixels: [0, 2]))])]
        var image = try render(w)
        #expect(pixel(image, 0, 0)[3] == 0)
        #expect(pixel(image, 1, 0) == [40, 50, 60, 128])
        // On the background layer the transparent index is a colour like any other.
        w.layers = [.init("bg", flags: 1 | 8)]
        image = try render(w)
        #expect(pixel(image, 0, 0) == [0, 0, 0, 255])
        w.transparentIndex = 1
        w.layers = [.init("a")]
        #expect(pixel(try render(w), 0, 0) == [0, 0, 0, 255])
    }

    @Test func grayscalePixelsAreValueAndAlpha() throws {
        var w = AsepriteWriter(width: 2, height: 1, depth: 16)
        w.layers = [.init("a")]
        w.frames = [.init(cels: [.init(layer: 0, .zlib(width: 2, height: 1, pixels: [90, 255, 200, 100]))])]
        let image = try render(w)
        #expect(pixel(image, 0, 0) == [90, 90, 90, 255])
        #expect(pixel(image, 1, 0) == [200, 200, 200, 100])
    }

    @Test func tilemapsLayOutTheirTilesWithFlips() throws {
        var w = AsepriteWriter(width: 4, height: 2)
        let a: [UInt8] = [255, 0, 0, 255], b: [UInt8] = [0, 0, 255, 255]
        // Tile 0 is empty; tile 1 is red on the left column, blue on the right.
        w.tilesets = [.init(id: 0, count: 2, tileWidth: 2, tileHeight: 2,
                            pixels: solid([0, 0, 0, 0], 4) + a + b + a + b)]
        w.layers = [.init("map", type: 2, tileset: 0)]
        w.frames = [.init(cels: [.init(layer: 0, .tilemap(columns: 2, rows: 1, tiles: [1, 1 | 0x8000_0000]))])]
        let image = try render(w)
        #expect(pixel(image, 0, 0) == a)
        #expect(pixel(image, 1, 0) == b)
        #expect(pixel(image, 2, 0) == b) // flipped horizontally
        #expect(pixel(image, 3, 0) == a)
    }

    @Test func framesKeepTheirDurationsAndZeroMeansTheHeaderSpeed() throws {
        var w = stack([(.init("a"), [1, 2, 3, 255])])
        w.speed = 40
        w.frames.append(.init(durationMs: 0, cels: []))
        w.frames[0].durationMs = 250
        let file = try parse(w)
        #expect(file.frames.map(\.durationMs) == [250, 40])
        #expect(pixel(try file.render(frame: 1))[3] == 0)
        #expect(failure { _ = try file.render(frame: 2) }?.contains("frame 2 does not exist") == true)
    }

    @Test func tagsPlayInTheirDirection() throws {
        var w = stack([(.init("a"), [1, 2, 3, 255])])
        w.frames += (1..<6).map { _ in .init(cels: []) }
        w.tags = [.init("fwd", from: 1, to: 4), .init("rev", from: 1, to: 4, direction: 1),
                  .init("pp", from: 1, to: 4, direction: 2), .init("ppr", from: 1, to: 4, direction: 3),
                  .init("one", from: 5, to: 5, direction: 2)]
        let tags = try parse(w).tags
        #expect(tags.map(\.name) == ["fwd", "rev", "pp", "ppr", "one"])
        #expect(tags.map(\.playOrder) == [[1, 2, 3, 4], [4, 3, 2, 1], [1, 2, 3, 4, 3, 2], [4, 3, 2, 1, 2, 3], [5]])
        #expect(tags.map(\.direction.name) == ["forward", "reverse", "ping-pong", "ping-pong reverse", "ping-pong"])
    }
}

extension AsepriteCompositeTests {
    @Test func aLaterFramesPaletteChangeAppliesFromThatFrame() throws {
        var w = AsepriteWriter(width: 1, height: 1, depth: 8)
        w.palette = [[0, 0, 0, 255], [10, 20, 30, 255]]
        w.layers = [.init("a")]
        var change = [UInt8]()
        for v in [2, 1, 1] { for k in 0..<4 { change.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        change += [UInt8](repeating: 0, count: 8) + [0, 0, 99, 98, 97, 255]
        w.frames = [.init(cels: [.init(layer: 0, .raw(width: 1, height: 1, pixels: [1]))]),
                    .init(cels: [.init(layer: 0, .linked(frame: 0))], extra: [(0x2019, change)])]
        let file = try parse(w)
        #expect(pixel(try file.render(frame: 0)) == [10, 20, 30, 255])
        #expect(pixel(try file.render(frame: 1)) == [99, 98, 97, 255])
    }
}
