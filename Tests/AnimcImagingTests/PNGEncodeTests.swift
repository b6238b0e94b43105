import Testing

@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

@Suite struct PNGEncodeTests {
    static func pattern(width: Int, height: Int) -> RGBAImage {
        var px = [UInt8]()
        for y in 0..<height {
            for x in 0..<width {
                px += [UInt8((x * 37 + y * 11) & 0xff), UInt8((x * y) & 0xff), UInt8((255 - x * 3) & 0xff),
                       UInt8((x * 7 + y * 29) & 0xff)]
            }
        }
        return RGBAImage(width: width, height: height, pixels: px)
    }

    @Test(arguments: [(1, 1), (13, 11), (64, 3), (300, 200)])
    func roundTripsWithAlpha(_ size: (Int, Int)) throws {
        let image = Self.pattern(width: size.0, height: size.1)
        let png = try PNGCodec.encode(image)
        let info = try PNGCodec.readInfo(png)
        #expect(info == PNGInfo(width: size.0, height: size.1, bitDepth: 8, colorType: 6, interlaced: false))
        #expect(try PNGCodec.decode(png) == image)
    }

    @Test func roundTripsWithoutAlpha() throws {
        let image = Self.pattern(width: 17, height: 9)
        let png = try PNGCodec.encode(image, dropAlpha: true)
        #expect(try PNGCodec.readInfo(png).colorType == 2)
        var opaque = image.pixels
        for i in stride(from: 3, to: opaque.count, by: 4) { opaque[i] = 255 }
        #expect(try PNGCodec.decode(png) == RGBAImage(width: 17, height: 9, pixels: opaque))
    }

    @Test func encodingIsDeterministic() throws {
        let image = Self.pattern(width: 31, height: 7)
        #expect(try PNGCodec.encode(image) == PNGCodec.encode(image))
    }

    @Test func fixturesSurviveReencoding() throws {
        for fixture in PNGFixtures.good {
            let image = try PNGCodec.decode(try PNGFixtures.bytes(fixture.name + ".png"))
            #expect(try PNGCodec.decode(PNGCodec.encode(image)) == image, "\(fixture.name)")
        }
    }

    @Test func emptyImageIsRefused() {
        #expect(throws: PNGError.self) { try PNGCodec.encode(RGBAImage(width: 0, height: 0)) }
    }
}
