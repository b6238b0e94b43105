import AnimcAtlas
import AnimcPixels
import Testing

@Suite struct AtlasPackerTests {
    func overlaps(_ a: (Int, Int, Int, Int), _ b: (Int, Int, Int, Int)) -> Bool {
        a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
    }

    @Test func placementsDoNotOverlapAndKeepPaddingAndExtrusion() throws {
        let sizes = (0..<40).map { (width: 5 + $0 * 7 % 23, height: 4 + $0 * 11 % 19) }
        let o = AtlasPacker.Options(padding: 2, extrude: 1, maxSize: 512)
        let p = try AtlasPacker.pack(sizes, options: o)
        // Each sprite's cell (with extrusion) plus the padding on one side never meets another's.
        let cells = zip(sizes, p.placements).map { s, q in (q.x - 1, q.y - 1, s.width + 2 + 2, s.height + 2 + 2) }
        for i in cells.indices {
            #expect(cells[i].0 >= -1 && cells[i].1 >= -1)
            #expect(p.placements[i].x + sizes[i].width + 1 <= p.width && p.placements[i].y + sizes[i].height + 1 <= p.height)
            for j in cells.indices where j > i { #expect(!overlaps(cells[i], cells[j]), "\(i) \(j)") }
        }
    }

    @Test func packingIsDeterministicAndPowerOfTwoRounds() throws {
        let sizes = [(width: 30, height: 20), (width: 30, height: 20), (width: 10, height: 40), (width: 17, height: 3)]
        let o = AtlasPacker.Options(powerOfTwo: true)
        let a = try AtlasPacker.pack(sizes, options: o), b = try AtlasPacker.pack(sizes, options: o)
        #expect(a == b)
        #expect(a.width & (a.width - 1) == 0 && a.height & (a.height - 1) == 0)
        // Tallest first, then equal sizes in the caller's order.
        #expect(a.placements[2] == AtlasPacker.Placement(x: 0, y: 0))
        #expect(a.placements[0].x < a.placements[1].x || a.placements[0].y < a.placements[1].y)
    }

    /// A mixed set (tall, wide, small): MaxRects fills the holes shelves leave, and never overlaps.
    @Test func maxRectsPacksAtLeastAsDenselyAsShelves() throws {
        let sizes = (0..<60).map { i -> (width: Int, height: Int) in
            switch i % 4 {
            case 0: return (48 + i % 7 * 5, 12 + i % 5)      // wide
            case 1: return (10 + i % 3, 40 + i % 9 * 4)      // tall
            case 2: return (8 + i % 11, 8 + i % 6)           // small
            default: return (24 + i % 13, 24 + i % 10 * 2)   // square-ish
            }
        }
        for (pad, pow2) in [(0, false), (2, false), (1, true)] {
            let m = try AtlasPacker.pack(sizes, options: AtlasPacker.Options(padding: pad, maxSize: 1024, powerOfTwo: pow2))
            let s = try AtlasPacker.pack(sizes, options: AtlasPacker.Options(padding: pad, maxSize: 1024, powerOfTwo: pow2, algorithm: .shelf))
            #expect(m.width * m.height <= s.width * s.height, "padding \(pad): maxrects \(m.width)×\(m.height), shelf \(s.width)×\(s.height)")
            let cells = zip(sizes, m.placements).map { z, q in (q.x, q.y, z.width + pad, z.height + pad) }
            for i in cells.indices {
                #expect(cells[i].0 + sizes[i].width <= m.width && cells[i].1 + sizes[i].height <= m.height)
                for j in cells.indices where j > i { #expect(!overlaps(cells[i], cells[j]), "\(i) \(j)") }
            }
            #expect(try AtlasPacker.pack(sizes, options: AtlasPacker.Options(padding: pad, maxSize: 1024, powerOfTwo: pow2)) == m)
        }
        // Where shelves waste most: one tall sprite and many small ones.
        let skewed = [(width: 16, height: 256)] + Array(repeating: (width: 16, height: 16), count: 64)
        let m = try AtlasPacker.pack(skewed, options: AtlasPacker.Options())
        let s = try AtlasPacker.pack(skewed, options: AtlasPacker.Options(algorithm: .shelf))
        #expect(m.width * m.height < s.width * s.height, "maxrects \(m.width)×\(m.height), shelf \(s.width)×\(s.height)")
    }

    @Test func framesThatCannotFitAreRefused() {
        #expect(throws: AtlasPacker.TooLarge.self) {
            try AtlasPacker.pack([(width: 100, height: 10)], options: AtlasPacker.Options(maxSize: 64))
        }
        #expect(throws: AtlasPacker.TooLarge.self) {
            try AtlasPacker.pack(Array(repeating: (width: 60, height: 60), count: 5), options: AtlasPacker.Options(maxSize: 128))
        }
    }

    @Test func trimKeepsTheOpaquePixelsAndWhereTheySat() {
        var img = RGBAImage(width: 10, height: 8)
        for (x, y) in [(3, 2), (6, 5)] { img.pixels[(y * 10 + x) * 4 + 3] = 255 }
        let s = AtlasSprite(img, trim: true)
        #expect((s.x, s.y, s.image.width, s.image.height) == (3, 2, 4, 4))
        #expect(s.trimmed && s.sourceWidth == 10 && s.sourceHeight == 8)
        let empty = AtlasSprite(RGBAImage(width: 5, height: 5), trim: true)
        #expect(empty.image.width == 1 && empty.image.height == 1)
        #expect(!AtlasSprite(img, trim: false).trimmed)
    }

    @Test func extrusionRepeatsTheEdges() {
        let img = RGBAImage(width: 2, height: 1, pixels: [1, 2, 3, 255, 4, 5, 6, 255])
        let out = AtlasImage.compose([AtlasSprite(img, trim: false)], AtlasPacker.Packing(width: 4, height: 3, placements: [.init(x: 1, y: 1)]), extrude: 1)
        #expect(Array(out.pixels[0..<4]) == [1, 2, 3, 255])       // corner
        #expect(Array(out.pixels[12..<16]) == [4, 5, 6, 255])     // top-right, from the right pixel
        #expect(Array(out.pixels[16..<20]) == [1, 2, 3, 255])     // left of the first pixel
    }

    @Test func jsonEscapesNamesAndListsTags() {
        let f = AtlasData.Frame(name: "a\"b/0", x: 1, y: 2, w: 3, h: 4, offsetX: 0, offsetY: 0, sourceW: 3, sourceH: 4, duration: 100)
        let text = String(decoding: AtlasData.json([f], tags: [.init(name: "a", from: 0, to: 0, direction: "forward")],
                                                   meta: .init(app: "animc", version: "1.0", image: "x.png", width: 8, height: 8),
                                                   format: .jsonHash), as: UTF8.self)
        #expect(text.contains("\"a\\\"b/0\": {"))
        #expect(text.contains("\"frameTags\": [\n      {\"name\": \"a\", \"from\": 0, \"to\": 0, \"direction\": \"forward\"}\n    ]"))
    }
}
