import AnimcBasics

/// The `video:` frame source.
extension ManifestParser {
    /// Longest trim accepted: a day of video.
    static let maxTrimMs = 86_400_000.0

    mutating func video(_ node: YAMLNode, _ f: Fields) -> FrameSource.Kind? {
        let p = path("video", node)
        var ok = p != nil
        var start: Double?, end: Double?
        if let n = f["start"] { start = trim("start", n, allowZero: true); ok = ok && start != nil }
        if let n = f["end"] { end = trim("end", n, allowZero: false); ok = ok && end != nil }
        if let s = start, let e = end, s >= e {
            error("'end' (\(Self.format(e / 1000))s) must come after 'start' (\(Self.format(s / 1000))s): the trim would hold no frames", at: f["end"]!)
            ok = false
        }
        guard ok, let p else { return nil }
        return .video(VideoSpec(path: p, startMs: start, endMs: end))
    }

    /// A point in a video, as a duration (`1.5s`, `90ms`, a bare number of milliseconds), up to a day.
    mutating func trim(_ name: String, _ node: YAMLNode, allowZero: Bool) -> Double? {
        var ms: Double?
        if let n = node.numberValue { ms = n } else if let text = node.scalarText, !node.isNull { ms = ManifestUnits.parseDuration(text) }
        guard let ms, ms.isFinite, allowZero ? ms >= 0 : ms > 0, ms <= Self.maxTrimMs else {
            error("'\(name)' must be a time in the video such as 1.5s or 800ms, \(allowZero ? "0" : "over 0") to 24h, got \(node.scalarText ?? node.typeName)", at: node)
            return nil
        }
        return ms
    }
}
