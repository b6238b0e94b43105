import Testing

@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

@Suite struct TransformResizeTests {
    @Test func nearestDoublingDuplicatesPixels() {
        let image = coordinateImage(width: 7, height: 5)
        let big = image.resized(width: 14, height: 10, filter: .nearest)
        #expect(big.width == 14 && big.height == 10)
        for y in 0..<10 {
            for x in 0..<14 { #expect(pixel(big, x, y) == pixel(image, x / 2, y / 2)) }
        }
    }

    @Test func nearestUsesPixelCentres() {
        let image = coordinateImage(width: 9, height: 1)
        let small = image.resized(width: 3, height: 1, filter: .nearest)
        // floor((d + 0.5) · 9 / 3) = 1, 4, 7
        #expect(small.pixels.enumerated().filter { $0.offset % 4 == 0 }.map(\.element) == [1, 4, 7])
    }

    @Test(arguments: ResampleFilter.allCases)
    func sizesAreAsAsked(_ filter: ResampleFilter) {
        let image = coordinateImage(width: 31, height: 17)
        for (w, h) in [(1, 1), (5, 40), (62, 34), (30, 16), (100, 3), (31, 9)] {
            let out = image.resized(width: w, height: h, filter: filter)
            #expect(out.width == w && out.height == h && out.pixels.count == w * h * 4)
        }
        #expect(image.resized(width: 31, height: 17, filter: filter) == image)
    }

    @Test(arguments: ResampleFilter.allCases)
    func flatColourStaysFlat(_ filter: ResampleFilter) {
        for color: [UInt8] in [[200, 30, 90, 255], [12, 250, 7, 100], [0, 0, 0, 255], [255, 255, 255, 255]] {
            let image = solidImage(width: 37, height: 23, color)
            for (w, h) in [(10, 7), (3, 3), (1, 1), (80, 50), (36, 22)] {
                let out = image.resized(width: w, height: h, filter: filter)
                #expect(out.pixels == solidImage(width: w, height: h, color).pixels, "\(filter) \(w)×\(h) \(color)")
            }
        }
    }

    @Test(arguments: [ResampleFilter.bilinear, .lanczos])
    func transparentPixelsDoNotBleed(_ filter: ResampleFilter) {
        // Left half opaque red, right half transparent black.
        var px = [UInt8]()
        for _ in 0..<16 {
            for x in 0..<16 { px += x < 8 ? [255, 0, 0, 255] : [0, 0, 0, 0] }
        }
        let image = RGBAImage(width: 16, height: 16, pixels: px)
        for (w, h) in [(7, 7), (5, 16), (40, 40)] {
            let out = image.resized(width: w, height: h, filter: filter)
            for i in stride(from: 0, to: out.pixels.count, by: 4) where out.pixels[i + 3] > 0 {
                #expect(out.pixels[i] == 255 && out.pixels[i + 1] == 0 && out.pixels[i + 2] == 0,
                        "\(filter) \(w)×\(h): pixel \(i / 4) is \(Array(out.pixels[i..<i + 4]))")
            }
            // The column at the edge is partly transparent, not darker red.
            let edge = out.pixels.enumerated().filter { $0.offset % 4 == 3 }.map(\.element)
            #expect(edge.contains { $0 > 0 && $0 < 255 })
        }
    }

    @Test func downscaleAverages() {
        // A fine checkerboard averages to grey instead of aliasing to black or white.
        var px = [UInt8]()
        for y in 0..<32 {
            for x in 0..<32 { px += (x + y) % 2 == 0 ? [255, 255, 255, 255] : [0, 0, 0, 255] }
        }
        let image = RGBAImage(width: 32, height: 32, pixels: px)
        for filter in [ResampleFilter.bilinear, .lanczos] {
            let out = image.resized(width: 8, height: 8, filter: filter)
            for i in stride(from: 0, to: out.pixels.count, by: 4) {
                #expect(abs(Int(out.pixels[i]) - 128) <= 12, "\(filter): \(out.pixels[i])")
            }
        }
    }

    @Test func resizeIsDeterministic() {
        let image = coordinateImage(width: 50, height: 40)
        for filter in ResampleFilter.allCases {
            #expect(image.resized(width: 23, height: 61, filter: filter)
                == image.resized(width: 23, height: 61, filter: filter))
        }
    }
}
