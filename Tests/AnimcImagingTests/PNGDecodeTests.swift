import Foundation
import Testing

@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

/// One good fixture, as listed in Fixtures/png/index.json (written by scripts/make-png-fixtures.py).
struct PNGFixture: Codable, Sendable, CustomTestStringConvertible {
    let name: String
    let width: Int
    let height: Int
    let bitDepth: Int
    let colorType: Int
    let interlaced: Bool

    var testDescription: String { name }
}

enum PNGFixtures {
    static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent("png")
    }

    static func bytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(file)))
    }

    /// Empty when the index cannot be read; `indexIsComplete` then fails.
    static let good: [PNGFixture] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("index.json")) else { return [] }
        return (try? JSONDecoder().decode([PNGFixture].self, from: data)) ?? []
    }()
}

@Suite struct PNGDecodeTests {
    @Test func indexIsComplete() {
        // 5 gray + 2 RGB + 4 palette + 2 gray-alpha + 2 RGBA depths, each flat and Adam7,
        // plus 6 tRNS cases and one with a gAMA chunk (which must not change the samples).
        #expect(PNGFixtures.good.count == 37)
        let combos = Set(PNGFixtures.good.map { "\($0.colorType)/\($0.bitDepth)/\($0.interlaced)" })
        #expect(combos.count == 30)
    }

    @Test(arguments: PNGFixtures.good)
    func decodesExactly(_ fixture: PNGFixture) throws {
        let png = try PNGFixtures.bytes(fixture.name + ".png")
        let expected = try PNGFixtures.bytes(fixture.name + ".rgba")
        let image = try PNGCodec.decode(png)
        #expect(image.width == fixture.width)
        #expect(image.height == fixture.height)
        #expect(image.pixels.count == expected.count)
        if let i = image.pixels.indices.first(where: { $0 < expected.count && image.pixels[$0] != expected[$0] }) {
            Issue.record("first difference at pixel \(i / 4) channel \(i % 4): got \(image.pixels[i]), want \(expected[i])")
        }
    }

    @Test(arguments: PNGFixtures.good)
    func readsInfo(_ fixture: PNGFixture) throws {
        let png = try PNGFixtures.bytes(fixture.name + ".png")
        let info = try PNGCodec.readInfo(png)
        #expect(info == PNGInfo(
            width: fixture.width, height: fixture.height, bitDepth: fixture.bitDepth,
            colorType: fixture.colorType, interlaced: fixture.interlaced))
        let viaPointer = try png.withUnsafeBytes { raw in try PNGCodec.readInfo(raw) }
        #expect(viaPointer == info)
    }

    @Test func transparencyFixturesHaveTransparentPixels() throws {
        for fixture in PNGFixtures.good where fixture.name.hasSuffix("-trns") {
            let image = try PNGCodec.decode(try PNGFixtures.bytes(fixture.name + ".png"))
            let alphas = Set(stride(from: 3, to: image.pixels.count, by: 4).map { image.pixels[$0] })
            #expect(alphas.contains(0), "\(fixture.name) has no transparent pixel")
            #expect(alphas.contains(255), "\(fixture.name) has no opaque pixel")
        }
    }

    @Test func limitsAreChecked() throws {
        let png = try PNGFixtures.bytes("c6-d8-flat.png")  // 13×11
        #expect(throws: PNGError.self) { try PNGCodec.decode(png, limits: DecodeLimits(maxSide: 12)) }
        do {
            _ = try PNGCodec.decode(png, limits: DecodeLimits(maxPixels: 100))
            Issue.record("decode should have failed")
        } catch {
            #expect(error.kind == .tooLarge)
            #expect(error.message == "image is 13×11 pixels, over the limit of 100 pixels in all")
        }
        #expect(try PNGCodec.decode(png, limits: DecodeLimits(maxSide: 13, maxPixels: 143)).width == 13)
    }
}
