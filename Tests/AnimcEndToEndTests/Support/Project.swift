import AnimcPixels
import Foundation

/// A throw-away project folder with real PNG frames and a manifest.
final class Project: @unchecked Sendable {
    let root: URL

    /// Two GIF animations over `frames` moving frames in `f/`: `a` takes them all (a glob), `b` the first two.
    static func twoAnimations(frames: Int) throws -> Project {
        let p = try Project()
        for i in 0..<frames { try p.write("f/\(i).png", image: Frames.moving(i)) }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: out/a.gif
                frames: [{glob: "f/*.png"}]
              b:
                output: out/b.gif
                frames: [{files: [f/0.png, f/1.png]}]
            """)
        return p
    }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("animc-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url(path))
    }

    func write(_ path: String, bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url(path))
    }

    func write(_ path: String, image: RGBAImage) throws {
        try write(path, bytes: try PNGCodec.encode(image))
    }

    func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: url(path))) }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }

    func remove(_ path: String) throws { try FileManager.default.removeItem(at: url(path)) }

    /// Gives every file under the project a new modification time, as a fresh checkout does.
    func touchAll(secondsAhead: TimeInterval = 5) throws {
        let date = Date().addingTimeInterval(secondsAhead)
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        for case let u as URL in e {
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: u.path)
        }
    }

    @discardableResult
    func animc(_ args: String..., environment: [String: String] = [:]) throws -> Animc.Run {
        try Animc.run(args, in: root, environment: environment)
    }
}

/// Deterministic test pictures.
enum Frames {
    /// A smooth gradient with a square that moves with `index`: screen-like content.
    static func moving(_ index: Int, width: Int = 48, height: Int = 32, square: Int = 8) -> RGBAImage {
        var px = [UInt8](repeating: 255, count: width * height * 4)
        let sx = (index * 3) % max(1, width - square), sy = (index * 2) % max(1, height - square)
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 4
                let inSquare = x >= sx && x < sx + square && y >= sy && y < sy + square
                px[o] = inSquare ? 230 : UInt8(20 + x * 200 / width)
                px[o + 1] = inSquare ? 40 : UInt8(40 + y * 180 / height)
                px[o + 2] = inSquare ? 60 : UInt8(180 - x * 100 / width)
            }
        }
        return RGBAImage(width: width, height: height, pixels: px)
    }

    /// A flat colour.
    static func solid(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255, width: Int = 16, height: Int = 16) -> RGBAImage {
        var px = [UInt8](repeating: 0, count: width * height * 4)
        for i in 0..<(width * height) { px[4 * i] = r; px[4 * i + 1] = g; px[4 * i + 2] = b; px[4 * i + 3] = a }
        return RGBAImage(width: width, height: height, pixels: px)
    }

    /// A transparent canvas with an opaque disc at a position that moves with `index`.
    static func sprite(_ index: Int, width: Int = 24, height: Int = 24) -> RGBAImage {
        var px = [UInt8](repeating: 0, count: width * height * 4)
        let cx = 6 + (index * 3) % (width - 12), cy = height / 2
        for y in 0..<height {
            for x in 0..<width where (x - cx) * (x - cx) + (y - cy) * (y - cy) <= 25 {
                let o = (y * width + x) * 4
                px[o] = 200; px[o + 1] = UInt8(40 + index * 20 % 200); px[o + 2] = 50; px[o + 3] = 255
            }
        }
        return RGBAImage(width: width, height: height, pixels: px)
    }
}
