import Foundation

/// What scripts/animcheck.py reports about an animation decoded by Pillow.
public struct AnimReport: Decodable, Sendable {
    public var format: String
    public var width: Int
    public var height: Int
    public var frames: Int
    public var durations: [Int]
    public var loop: Int?
}

public enum Decoders {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Pillow's view of `bytes`: the report and every frame composited as RGBA.
    public static func pillow(_ bytes: [UInt8], suffix: String) throws -> (report: AnimReport, frames: [[UInt8]]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-anim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("test.\(suffix)")
        try Data(bytes).write(to: file)
        let out = try run(["python3", root.appendingPathComponent("scripts/animcheck.py").path, file.path,
                           dir.appendingPathComponent("frames").path])
        let report = try JSONDecoder().decode(AnimReport.self, from: Data(out.utf8))
        let frames = try (0..<report.frames).map { i in
            [UInt8](try Data(contentsOf: dir.appendingPathComponent(String(format: "frames/frame_%04d.rgba", i))))
        }
        return (report, frames)
    }

    /// ffprobe's frame count of the first video stream.
    public static func ffprobeFrames(_ bytes: [UInt8], suffix: String) throws -> Int {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("test.\(suffix)")
        try Data(bytes).write(to: file)
        let out = try run(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                           "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.path])
        return Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    public struct Failed: Error, CustomStringConvertible { public var description: String }

    /// Runs a program with its output in files (no pipes to drain, no interrupted reads).
    public static func run(_ args: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        p.waitUntilExit()
        let o = try Data(contentsOf: outURL), e = try Data(contentsOf: errURL)
        guard p.terminationStatus == 0 else { throw Failed(description: "\(args[0]) failed: \(String(decoding: e, as: UTF8.self))") }
        return String(decoding: o, as: UTF8.self)
    }
}

/// RGBA bytes with the colour under alpha 0 set to black: it is not part of the picture.
public func clearTransparent(_ px: [UInt8]) -> [UInt8] {
    var out = px
    for i in stride(from: 0, to: out.count, by: 4) where out[i + 3] == 0 { out[i] = 0; out[i + 1] = 0; out[i + 2] = 0 }
    return out
}

/// PSNR over RGBA bytes (alpha included), colour under alpha 0 not counted; infinity when identical.
public func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
    let x = clearTransparent(a), y = clearTransparent(b)
    var se = 0.0
    for i in 0..<min(x.count, y.count) { let d = Double(Int(x[i]) - Int(y[i])); se += d * d }
    return se == 0 ? .infinity : 10 * log10(255 * 255 / (se / Double(max(1, x.count))))
}
