import AnimcBasics
import Foundation

/// What `ffprobe` says of a video's first video stream: its size, its time base, and every frame's
/// timestamp in presentation order (integers in the time base, exactly as the container has them).
public struct VideoProbe: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Seconds per timestamp unit: `timeBaseNum / timeBaseDen`.
    public var timeBaseNum: Int64
    public var timeBaseDen: Int64
    /// Each frame's best-effort timestamp, strictly increasing.
    public var timestamps: [Int64]
    /// How long the last frame lasts, in the time base.
    public var lastDuration: Int64
    /// The container's start time in microseconds (what `ffmpeg -ss` counts from).
    public var startMicros: Int64
    /// Pixel format, colour matrix and range as tagged (for messages and the record).
    public var colour: String

    public init(width: Int, height: Int, timeBaseNum: Int64, timeBaseDen: Int64, timestamps: [Int64],
                lastDuration: Int64, startMicros: Int64, colour: String) {
        self.width = width; self.height = height; self.timeBaseNum = timeBaseNum; self.timeBaseDen = timeBaseDen
        self.timestamps = timestamps; self.lastDuration = lastDuration; self.startMicros = startMicros
        self.colour = colour
    }

    /// Most frames a listing may hold (a day at 60 fps is 5.2 million; refuse a hostile file's billions).
    public static let maxFrames = 1_000_000

    /// Runs ffprobe on `path`. The error says why the file is not a video animc can use.
    public static func probe(_ path: String, tools: FFmpegTools) throws(VideoError) -> VideoProbe {
        let args = ["-v", "error", "-select_streams", "v:0",
                    "-show_entries", "stream=width,height,time_base,pix_fmt,color_space,color_range,nb_frames:frame=best_effort_timestamp,pkt_duration,duration:format=start_time",
                    "-of", "compact", "--", path]
        let child = try ChildProcess(executable: tools.ffprobe, arguments: args)
        let out: [UInt8]
        do { out = try child.readAll(limit: 200 << 20) } catch { child.stop(); throw error }
        let status = child.wait()
        if status != 0 {
            let why = child.errorText()
            throw VideoError("is not a video ffprobe can read" + (why.isEmpty ? " (exit \(status))" : ": \(why)"))
        }
        let probe = try parse(String(decoding: out, as: UTF8.self))
        // A container that says how many frames it holds (MP4, MOV) and decodes fewer is cut short; so is
        // one whose demuxer reports a partial file.
        let text = String(decoding: out, as: UTF8.self)
        if let declared = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("stream|") })?
            .split(separator: "|").first(where: { $0.hasPrefix("nb_frames=") }).flatMap({ Int($0.dropFirst(10)) }),
           declared > probe.timestamps.count {
            throw VideoError("is truncated or damaged: \(probe.timestamps.count) of its \(declared) frames decode")
        }
        let why = child.errorText()
        if why.contains("partial file") || why.contains("Invalid data") {
            throw VideoError("is truncated or damaged: \(why)")
        }
        return probe
    }

    /// Reads ffprobe's compact listing (`section|key=value|...` lines).
    static func parse(_ text: String) throws(VideoError) -> VideoProbe {
        var stream: [Substring: Substring]?
        var start: Substring?
        var stamps: [Int64] = []
        var lastDuration: Int64?
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: "|")
            guard let section = fields.first else { continue }
            var kv: [Substring: Substring] = [:]
            for f in fields.dropFirst() {
                guard let eq = f.firstIndex(of: "=") else { continue }
                kv[f[..<eq]] = f[f.index(after: eq)...]
            }
            switch section {
            case "frame":
                guard let t = kv["best_effort_timestamp"].flatMap({ Int64($0) }) else {
                    throw VideoError("frame \(stamps.count + 1) has no timestamp")
                }
                if let last = stamps.last, t <= last {
                    throw VideoError("frame \(stamps.count + 1)'s timestamp \(t) does not come after the one before (\(last))")
                }
                stamps.append(t)
                guard stamps.count <= maxFrames else { throw VideoError("has more than \(maxFrames) frames") }
                lastDuration = (kv["duration"] ?? kv["pkt_duration"]).flatMap { Int64($0) }
            case "stream": stream = kv
            case "format": start = kv["start_time"]
            default: continue
            }
        }
        guard let stream else { throw VideoError("has no video stream") }
        guard let w = stream["width"].flatMap({ Int($0) }), let h = stream["height"].flatMap({ Int($0) }), w > 0, h > 0 else {
            throw VideoError("has a video stream without a picture size")
        }
        let tb = stream["time_base"]?.split(separator: "/") ?? []
        guard tb.count == 2, let num = Int64(tb[0]), let den = Int64(tb[1]), num > 0, den > 0 else {
            throw VideoError("has a video stream without a time base")
        }
        guard !stamps.isEmpty else { throw VideoError("has no frames that decode (empty or truncated)") }
        // The last frame lasts its own duration; failing that, the gap before it; a single frame, 1/10 s.
        var last = lastDuration ?? 0
        if last <= 0 { last = stamps.count > 1 ? stamps[stamps.count - 1] - stamps[stamps.count - 2] : max(1, den / (10 * num)) }
        let colour = ["pix_fmt", "color_space", "color_range"].map { String(stream[Substring($0)] ?? "unknown") }.joined(separator: " ")
        return VideoProbe(width: w, height: h, timeBaseNum: num, timeBaseDen: den, timestamps: stamps,
                          lastDuration: last, startMicros: start.flatMap(micros) ?? 0, colour: colour)
    }

    /// "1.500000" seconds → 1 500 000 (ffprobe prints microseconds exactly, with six decimals).
    static func micros(_ s: Substring) -> Int64? {
        let negative = s.hasPrefix("-")
        let body = negative ? s.dropFirst() : s
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
        var frac: Int64 = 0
        if parts.count == 2 {
            let digits = String(parts[1].prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
            guard let f = Int64(digits) else { return nil }
            frac = f
        }
        let v = whole * 1_000_000 + frac
        return negative ? -v : v
    }
}

extension VideoProbe {
    /// One line of text, for the build record: `w h num den start last colour|t1,t2,...`.
    public var serialized: String {
        "\(width) \(height) \(timeBaseNum) \(timeBaseDen) \(startMicros) \(lastDuration) \(colour.replacingOccurrences(of: "|", with: "/"))|"
            + timestamps.map(String.init).joined(separator: ",")
    }

    public init?(serialized text: String) {
        let halves = text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2 else { return nil }
        let head = halves[0].split(separator: " ", maxSplits: 6)
        guard head.count == 7, let w = Int(head[0]), let h = Int(head[1]), let num = Int64(head[2]), let den = Int64(head[3]),
              let start = Int64(head[4]), let last = Int64(head[5]), w > 0, h > 0, num > 0, den > 0 else { return nil }
        var stamps: [Int64] = []
        for t in halves[1].split(separator: ",") {
            guard let v = Int64(t), stamps.last.map({ v > $0 }) ?? true else { return nil }
            stamps.append(v)
        }
        guard !stamps.isEmpty else { return nil }
        self.init(width: w, height: h, timeBaseNum: num, timeBaseDen: den, timestamps: stamps,
                  lastDuration: last, startMicros: start, colour: String(head[6]))
    }
}
