import AnimcPixels
import Foundation

/// What Pillow (a decoder we did not write) sees in a GIF, via scripts/gifcheck.py.
struct DecodedGIF {
    var width: Int
    var height: Int
    var frameCount: Int
    var durations: [Int]
    var loop: Int?
    /// Each frame as shown on screen (composited), RGBA.
    var frames: [RGBAImage]

    static func decode(_ gif: URL) throws -> DecodedGIF {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gifcheck-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let script = Animc.repositoryRoot.appendingPathComponent("scripts/gifcheck.py")
        let run = try Animc.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, gif.path, out.path],
                                    in: FileManager.default.temporaryDirectory)
        guard run.status == 0, let j = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            throw CheckError(message: "gifcheck failed (\(run.status)): \(run.stderr)")
        }
        let w = j["width"] as! Int, h = j["height"] as! Int, n = j["frames"] as! Int
        var frames: [RGBAImage] = []
        for i in 0..<n {
            let data = try Data(contentsOf: out.appendingPathComponent(String(format: "frame_%04d.rgba", i)))
            frames.append(RGBAImage(width: w, height: h, pixels: Array(data)))
        }
        return DecodedGIF(width: w, height: h, frameCount: n, durations: (j["durations"] as? [Int]) ?? [],
                          loop: j["loop"] as? Int, frames: frames)
    }

    struct CheckError: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

/// PSNR in dB of `b` against `a`, both composited on a grey checkerboard so wrong alpha costs too.
func psnr(_ a: RGBAImage, _ b: RGBAImage) -> Double {
    precondition(a.width == b.width && a.height == b.height)
    var se = 0.0
    for y in 0..<a.height {
        for x in 0..<a.width {
            let bg = ((x / 4 + y / 4) % 2 == 0) ? 96.0 : 160.0
            let o = (y * a.width + x) * 4
            let aa = Double(a.pixels[o + 3]) / 255, ba = Double(b.pixels[o + 3]) / 255
            for c in 0..<3 {
                let va = Double(a.pixels[o + c]) * aa + bg * (1 - aa)
                let vb = Double(b.pixels[o + c]) * ba + bg * (1 - ba)
                se += (va - vb) * (va - vb)
            }
        }
    }
    let mse = se / Double(a.width * a.height * 3)
    return mse == 0 ? 99 : 10 * log10(255 * 255 / mse)
}
