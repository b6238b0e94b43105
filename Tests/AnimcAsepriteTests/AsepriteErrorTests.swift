import AnimcAseprite
import AnimcTestSupport
import Testing

/// Damaged, hostile and unsupported files: a located error every time, no crash, no allocation of
/// what a header merely claims.
@Suite struct AsepriteErrorTests {
    static func sample() -> AsepriteWriter {
        var w = stack([(.init("back"), [1, 2, 3, 255]), (.init("top", blend: 1), [4, 5, 6, 200])], width: 3, height: 2)
        w.frames.append(.init(cels: [.init(layer: 0, .linked(frame: 0))]))
        w.tags = [.init("t", from: 0, to: 1)]
        return w
    }

    @Test func everyTruncationIsAnErrorOrAPicture() throws {
        let bytes = Self.sample().bytes()
        for n in 0..<bytes.count {
            let cut = Array(bytes[0..<n])
            // Either reading or compositing says what is wrong; nothing crashes or hangs.
            let message = failure {
                let file = try AsepriteFile(bytes: cut)
                for f in file.frames.indices { _ = try file.render(frame: f) }
            }
            #expect(message != nil, "a file cut at \(n) bytes was read without complaint")
        }
    }

    @Test func flippedBytesNeverCrash() throws {
        let bytes = Self.sample().bytes()
        // A fixed sequence (an LCG), so that a failure reproduces.
        var state: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % n
        }
        for _ in 0..<2000 {
            var b = bytes
            for _ in 0..<3 { b[next(b.count)] = UInt8(next(256)) }
            _ = failure {
                let file = try AsepriteFile(bytes: b)
                for f in file.frames.indices { _ = try file.render(frame: f) }
            }
        }
    }

    @Test func aHugeCanvasIsRefusedBeforeAnyAllocation() {
        var w = Self.sample()
        w.width = 65535; w.height = 65535
        #expect(failure { _ = try parse(w) }?.contains("canvas 65535×65535") == true)
    }

    @Test func notAnAsepriteFile() {
        #expect(failure { _ = try AsepriteFile(bytes: Array("GIF89a and then some bytes".utf8) + [UInt8](repeating: 0, count: 200)) }?
            .contains("not an Aseprite file") == true)
        #expect(failure { _ = try AsepriteFile(bytes: []) }?.contains("cut short") == true)
    }

    @Test func aCelWhoseDataDoesNotMatchItsSizeIsLocated() throws {
        var w = AsepriteWriter(width: 2, height: 2)
        w.layers = [.init("a")]
        w.frames = [.init(cels: [.init(layer: 0, .zlib(width: 2, height: 2, pixels: [1, 2, 3]))])]
        let message = failure { _ = try render(w) }
        #expect(message?.contains("the cel of layer 'a' in frame 0 holds 3 bytes of pixels, expected 16") == true)
        #expect(message?.hasPrefix("at byte ") == true)
        w.frames = [.init(cels: [.init(layer: 0, .raw(width: 200, height: 200, pixels: [1, 2, 3]))])]
        #expect(failure { _ = try parse(w) }?.contains("a raw cel of 200×200 pixels needs 160000 bytes") == true)
    }

    @Test func danglingReferences() {
        var w = Self.sample()
        w.frames[1].cels[0].content = .linked(frame: 7)
        #expect(failure { _ = try parse(w) }?.contains("links to frame 7") == true)
        w = Self.sample()
        w.frames[0].cels[0].layer = 9
        #expect(failure { _ = try parse(w) }?.contains("names layer 9, but the file has 2 layers") == true)
        w = Self.sample()
        w.tags = [.init("far", from: 0, to: 5)]
        #expect(failure { _ = try parse(w) }?.contains("tag 'far' spans frames 0…5, but the file has 2 frames") == true)
        w = Self.sample()
        w.layers.append(.init("map", type: 2, tileset: 3))
        #expect(failure { _ = try parse(w) }?.contains("tilemap layer 'map' uses tileset 3") == true)
        w = Self.sample()
        w.layers[1].level = 2
        #expect(failure { _ = try parse(w) }?.contains("child level 2") == true)
    }

    @Test func anUnknownChunkIsRefusedNotIgnored() {
        var w = Self.sample()
        w.frames[0].extra = [(0x2099, [1, 2, 3])]
        #expect(failure { _ = try parse(w) }?.contains("unsupported chunk type 0x2099 in frame 0") == true)
        // User data, slices, colour profiles and the like do not change the picture: read past them.
        w.frames[0].extra = [(0x2020, [0, 0, 0, 0]), (0x2022, [0, 0, 0, 0])]
        #expect(throws: Never.self) { _ = try render(w) }
    }

    @Test func unsupportedColourDepthAndTileFormat() {
        var w = Self.sample()
        w.depth = 24
        #expect(failure { _ = try parse(w) }?.contains("unsupported colour depth 24") == true)
    }
}

extension AsepriteErrorTests {
    @Test func aCelClaimingMorePixelsThanItsDataCanHoldIsRefusedBeforeAllocating() {
        var w = AsepriteWriter(width: 2, height: 2)
        w.layers = [.init("a")]
        w.frames = [.init(cels: [.init(layer: 0, .zlib(width: 8000, height: 8000, pixels: [1, 2, 3]))])]
        #expect(failure { _ = try render(w) }?.contains("claims 256000000 bytes of pixels, more than its 14 compressed bytes can hold") == true)
    }

    @Test func groupsNestedTooDeepAreRefused() {
        var w = AsepriteWriter(width: 1, height: 1)
        w.layers = (0...65).map { .init("g\($0)", type: 1, level: $0) }
        w.frames = [.init(cels: [])]
        #expect(failure { _ = try parse(w) }?.contains("layer 'g65' is nested 65 groups deep, over animc's limit of 64") == true)
    }

    @Test func aLinkMustPointToAnEarlierFramesCel() throws {
        var w = Self.sample()
        w.frames[0].cels[0].content = .linked(frame: 1)
        #expect(failure { _ = try parse(w) }?.contains("a cel of frame 0 links to frame 1, which holds no earlier cel of its layer") == true)
        // A link to a link shows the first picture.
        w = Self.sample()
        w.frames.append(.init(cels: [.init(layer: 0, .linked(frame: 1))]))
        #expect(try render(w, frame: 2) == render(w, frame: 0, layers: ["back"]))
    }
}
