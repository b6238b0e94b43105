import Foundation
import Testing

@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

struct BadPNG: Sendable, CustomTestStringConvertible {
    let file: String
    let kind: PNGError.Kind
    let message: String
    var testDescription: String { file }
}

@Suite struct PNGErrorTests {
    static let cases: [BadPNG] = [
        BadPNG(file: "bad-truncated.png", kind: .truncated, message: "truncated PNG data"),
        BadPNG(file: "bad-crc-idat.png", kind: .badCRC, message: "bad CRC in chunk IDAT"),
        BadPNG(file: "bad-crc-ancillary.png", kind: .badCRC, message: "bad CRC in chunk tEXt"),
        BadPNG(file: "bad-not-png.png", kind: .notPNG, message: "not a PNG file"),
        BadPNG(file: "bad-empty.png", kind: .notPNG, message: "not a PNG file"),
        BadPNG(
            file: "bad-huge.png", kind: .tooLarge,
            message: "image is 100000×100000 pixels, over the limit of 16384 on a side"),
    ]

    @Test(arguments: cases)
    func decodeFails(_ bad: BadPNG) throws {
        let bytes = try PNGFixtures.bytes(bad.file)
        do {
            let image = try PNGCodec.decode(bytes)
            Issue.record("decoded a \(image.width)×\(image.height) image from \(bad.file)")
        } catch {
            #expect(error.kind == bad.kind)
            #expect(error.message == bad.message)
            #expect(error.description == bad.message)
            #expect(!error.message.contains(bad.file))
        }
    }

    @Test func hugeHeaderIsReadButRefusedQuickly() throws {
        let bytes = try PNGFixtures.bytes("bad-huge.png")
        let info = try PNGCodec.readInfo(bytes)
        #expect(info.width == 100_000 && info.height == 100_000)
        let start = ContinuousClock.now
        #expect(throws: PNGError(
            kind: .tooLarge, message: "image is 100000×100000 pixels, over the limit of 16384 on a side")
        ) { try PNGCodec.decode(bytes) }
        #expect(ContinuousClock.now - start < .seconds(1))
        // Within the side limit but over the pixel limit.
        let wide = DecodeLimits(maxSide: 200_000)
        #expect(throws: PNGError.self) { try PNGCodec.decode(bytes, limits: wide) }
    }

    @Test func readInfoReportsSignatureProblems() {
        #expect(throws: PNGError(kind: .notPNG, message: "not a PNG file")) {
            try PNGCodec.readInfo([UInt8]("GIF89a not a png at all".utf8))
        }
        #expect(throws: PNGError(kind: .notPNG, message: "not a PNG file")) { try PNGCodec.readInfo([]) }
        // Signature alone, header missing.
        #expect(throws: PNGError(kind: .truncated, message: "truncated PNG data")) {
            try PNGCodec.readInfo([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        }
    }

    @Test func corruptHeaderIsCorrupt() throws {
        var bytes = try PNGFixtures.bytes("c2-d8-flat.png")
        bytes[24] = 3  // IHDR bit depth 3 is invalid; fix the CRC so only the value is wrong
        let crc = crc32(bytes[12..<29])
        bytes[29] = UInt8(crc >> 24); bytes[30] = UInt8(crc >> 16 & 0xff)
        bytes[31] = UInt8(crc >> 8 & 0xff); bytes[32] = UInt8(crc & 0xff)
        do {
            _ = try PNGCodec.readInfo(bytes)
            Issue.record("accepted bit depth 3")
        } catch {
            #expect(error.kind == .corrupt)
            #expect(error.message.hasPrefix("corrupt PNG data: "))
        }
    }

    @Test func oversizedAncillaryChunkIsSkipped() throws {
        // A 17 MiB tEXt chunk (over the 16 MiB ancillary bound) is skipped, not loaded:
        // the shim has libpng pass over text chunks unbuffered (their CRC is still checked).
        let original = try PNGFixtures.bytes("c2-d8-flat.png")
        let body = Array("Comment\0".utf8) + [UInt8](repeating: 0x41, count: 17 << 20)
        let length = body.count
        var chunk: [UInt8] = [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff),
                              UInt8(length & 0xff)] + Array("tEXt".utf8) + body
        let crc = crc32(chunk[4...])
        chunk += [UInt8(crc >> 24), UInt8(crc >> 16 & 0xff), UInt8(crc >> 8 & 0xff), UInt8(crc & 0xff)]
        var bytes = original
        bytes.insert(contentsOf: chunk, at: 33)
        #expect(try PNGCodec.decode(bytes) == PNGCodec.decode(original))
        // The same chunk with its data missing is a truncated file.
        #expect(throws: PNGError(kind: .truncated, message: "truncated PNG data")) {
            try PNGCodec.decode(Array(bytes[0..<(33 + 1000)]))
        }
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        Self.crcTable.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { data in
                var c: UInt32 = 0xffff_ffff
                for b in data { c = table[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
                return ~c
            }
        }
    }
}
