import AnimcAseprite
import AnimcPixels
import AnimcTestSupport

/// A one-frame RGBA file of `width`×`height`, one layer per entry, each a full-canvas cel of one colour.
func stack(_ layers: [(AsepriteWriter.Layer, [UInt8])], width: Int = 2, height: Int = 2, flags: Int = 1) -> AsepriteWriter {
    var w = AsepriteWriter(width: width, height: height)
    w.flags = flags
    w.layers = layers.map(\.0)
    w.frames = [AsepriteWriter.Frame(cels: layers.enumerated().map { i, l in
        AsepriteWriter.Cel(layer: i, .zlib(width: width, height: height, pixels: solid(l.1, width * height)))
    })]
    return w
}

func solid(_ pixel: [UInt8], _ count: Int) -> [UInt8] { (0..<count).flatMap { _ in pixel } }

func parse(_ w: AsepriteWriter) throws -> AsepriteFile { try AsepriteFile(bytes: w.bytes()) }

func render(_ w: AsepriteWriter, frame: Int = 0, layers: [String]? = nil) throws -> RGBAImage {
    try parse(w).render(frame: frame, layers: layers)
}

/// The pixel at x, y.
func pixel(_ image: RGBAImage, _ x: Int = 0, _ y: Int = 0) -> [UInt8] {
    let i = (y * image.width + x) * 4
    return Array(image.pixels[i..<(i + 4)])
}

/// The message of the error `body` throws, or nil when it does not throw.
func failure(_ body: () throws -> Void) -> String? {
    do { try body(); return nil } catch { return "\(error)" }
}
