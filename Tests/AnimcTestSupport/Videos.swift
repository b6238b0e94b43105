import Foundation

/// Videos made by the `ffmpeg` program from frames the test knows, so that what animc decodes can be
/// compared with the pictures the video was made from.
public enum Videos {
    /// A test picture: a smooth gradient (screen-like background) with a coloured square and a bar
    /// that move with `i`, so that every frame differs from the others.
    public static func picture(_ i: Int, width: Int = 64, height: Int = 48) -> [UInt8] {
        var px = [UInt8](repeating: 255, count: width * height * 4)
        let sx = (i * 5) % (width - 12), sy = (i * 3) % (height - 12)
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 4
                let square = x >= sx && x < sx + 12 && y >= sy && y < sy + 12
                let bar = x == (i * 7) % width
                px[o] = square ? 220 : bar ? 20 : UInt8(30 + x * 180 / width)
                px[o + 1] = square ? UInt8((60 + i * 37) % 256) : bar ? 20 : UInt8(50 + y * 160 / height)
                px[o + 2] = square ? 70 : bar ? 20 : UInt8(200 - (x + y) * 80 / (width + height))
            }
        }
        return px
    }

    /// Runs ffmpeg quietly, overwriting its output.
    public static func ffmpeg(_ args: [String]) throws {
        _ = try Decoders.run(["ffmpeg", "-nostdin", "-v", "error", "-y"] + args)
    }

    /// Encoder settings of the tests' videos.
    public static let h264Lossless444 = ["-c:v", "libx264", "-qp", "0", "-preset", "ultrafast"]
    /// BT.709 limited range, tagged (what HD screen recorders write).
    public static func bt709(range: String = "tv", pixFmt: String = "yuv444p") -> [String] {
        ["-vf", "scale=out_color_matrix=bt709:out_range=\(range):flags=accurate_rnd+full_chroma_int,format=\(pixFmt)",
         "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", range]
    }
    /// BT.601 limited range, tagged.
    public static func bt601(pixFmt: String = "yuv444p") -> [String] {
        ["-vf", "scale=out_color_matrix=bt601:out_range=tv:flags=accurate_rnd+full_chroma_int,format=\(pixFmt)",
         "-colorspace", "smpte170m", "-color_primaries", "smpte170m", "-color_trc", "smpte170m", "-color_range", "tv"]
    }

    /// Makes `output` from `count` pictures at `rate` frames a second with `codec` arguments (filters and
    /// encoder). `extraInputs` come after the frames (an audio source, say).
    public static func make(_ output: URL, count: Int, rate: Int = 10, width: Int = 64, height: Int = 48,
                            codec: [String], extraInputs: [String] = []) throws {
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        let raw = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).rgba")
        try Data((0..<count).flatMap { picture($0, width: width, height: height) }).write(to: raw)
        defer { try? FileManager.default.removeItem(at: raw) }
        try ffmpeg(["-f", "rawvideo", "-pix_fmt", "rgba", "-s", "\(width)x\(height)", "-framerate", String(rate),
                    "-i", raw.path] + extraInputs + codec + [output.path])
    }

    /// A variable-frame-rate MP4: picture i shows for `durationsMs[i]` (concat demuxer with per-frame
    /// durations, millisecond time scale), lossless H.264 4:4:4, BT.709. The concat demuxer reads
    /// pictures at 25 fps, so durations must be multiples of 40 ms, and the last frame lasts 40 ms.
    public static func makeVFR(_ output: URL, durationsMs: [Int], width: Int = 64, height: Int = 48) throws {
        let dir = output.deletingLastPathComponent().appendingPathComponent(".vfr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let raw = dir.appendingPathComponent("frames.rgba")
        try Data((0..<durationsMs.count).flatMap { picture($0, width: width, height: height) }).write(to: raw)
        try ffmpeg(["-f", "rawvideo", "-pix_fmt", "rgba", "-s", "\(width)x\(height)", "-i", raw.path,
                    "-start_number", "0", dir.appendingPathComponent("f%03d.png").path])
        var list = "ffconcat version 1.0\n"
        for (i, d) in durationsMs.enumerated() {
            list += String(format: "file f%03d.png\nduration %.3f\n", i, Double(d) / 1000)
        }
        let listURL = dir.appendingPathComponent("list.txt")
        try Data(list.utf8).write(to: listURL)
        try ffmpeg(["-f", "concat", "-safe", "0", "-i", listURL.path, "-fps_mode", "vfr", "-video_track_timescale", "1000"]
                   + bt709() + h264Lossless444 + [output.path])
    }

    /// Every frame's timestamp in milliseconds as ffprobe lists it (a decoder animc did not write).
    public static func timestampsMs(_ video: URL) throws -> [Double] {
        let out = try Decoders.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                    "frame=best_effort_timestamp_time", "-of", "csv=p=0", video.path])
        return out.split(whereSeparator: \.isNewline).compactMap { Double($0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ","))) }.map { $0 * 1000 }
    }
}

/// PSNR over the RGB channels of two RGBA pictures (alpha ignored); infinity when identical.
public func psnrRGB(_ a: [UInt8], _ b: [UInt8]) -> Double {
    var se = 0.0, n = 0
    for i in 0..<min(a.count, b.count) where i % 4 != 3 {
        let d = Double(Int(a[i]) - Int(b[i])); se += d * d; n += 1
    }
    return se == 0 ? .infinity : 10 * log10(255 * 255 / (se / Double(max(1, n))))
}
