import Testing

@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

/// A `width`×`height` image whose pixel (x, y) is (x, y, x + y, 255 − x).
func coordinateImage(width: Int, height: Int) -> RGBAImage {
    var px = [UInt8]()
    for y in 0..<height {
        for x in 0..<width { px += [UInt8(x), UInt8(y), UInt8(x + y), UInt8(255 - x)] }
    }
    return RGBAImage(width: width, height: height, pixels: px)
}

func solidImage(width: Int, height: Int, _ rgba: [UInt8]) -> RGBAImage {
    RGBAImage(width: width, height: height, pixels: Array((0..<width * height).map { _ in rgba }.joined()))
}

func pixel(_ image: RGBAImage, _ x: Int, _ y: Int) -> [UInt8] {
    let i = (y * image.width + x) * 4
    return Array(image.pixels[i..<i + 4])
}

@Suite struct TransformCropFlattenTests {
    @Test func cropPicksTheRightPixels() {
        let image = coordinateImage(width: 20, height: 15)
        let crop = image.cropped(x: 3, y: 5, width: 7, height: 4)
        #expect(crop.width == 7 && crop.height == 4)
        for y in 0..<4 {
            for x in 0..<7 { #expect(pixel(crop, x, y) == pixel(image, x + 3, y + 5)) }
        }
        #expect(image.cropped(x: 0, y: 0, width: 20, height: 15) == image)
        let corner = image.cropped(x: 19, y: 14, width: 1, height: 1)
        #expect(corner.pixels == [19, 14, 33, 236])
    }

    @Test func flattenCompositesOverBackground() {
        let halfWhite = solidImage(width: 3, height: 2, [255, 255, 255, 128])
        let flat = halfWhite.flattened(onto: RGBColor(r: 0, g: 0, b: 0))
        for i in stride(from: 0, to: flat.pixels.count, by: 4) {
            #expect(abs(Int(flat.pixels[i]) - 128) <= 1)
            #expect(flat.pixels[i] == flat.pixels[i + 1] && flat.pixels[i] == flat.pixels[i + 2])
            #expect(flat.pixels[i + 3] == 255)
        }
        let mixed = RGBAImage(width: 2, height: 1, pixels: [10, 20, 30, 255, 200, 100, 50, 0])
        let onBlue = mixed.flattened(onto: RGBColor(r: 1, g: 2, b: 250))
        #expect(onBlue.pixels == [10, 20, 30, 255, 1, 2, 250, 255])
    }
}
