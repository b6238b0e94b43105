/// What the resolver must know of a video to list its frames: timestamps exactly as the container has
/// them (integers in the time base), and what a reader needs to find a frame again.
public struct VideoTimeline: Sendable, Hashable {
    public var width: Int
    public var height: Int
    /// Seconds per timestamp unit: `timeBaseNum / timeBaseDen`.
    public var timeBaseNum: Int64
    public var timeBaseDen: Int64
    /// Every frame's timestamp, strictly increasing.
    public var timestamps: [Int64]
    /// How long the last frame lasts, in the time base.
    public var lastDuration: Int64
    /// The decoder (`ffmpeg -version`'s first line): part of every frame's key.
    public var decoder: String

    public init(width: Int, height: Int, timeBaseNum: Int64, timeBaseDen: Int64, timestamps: [Int64],
                lastDuration: Int64, decoder: String) {
        self.width = width; self.height = height; self.timeBaseNum = timeBaseNum; self.timeBaseDen = timeBaseDen
        self.timestamps = timestamps; self.lastDuration = lastDuration; self.decoder = decoder
    }

    /// Milliseconds from the first frame to timestamp `t`.
    public func ms(_ t: Int64) -> Double {
        Double(t - timestamps[0]) * Double(timeBaseNum) * 1000 / Double(timeBaseDen)
    }

    /// Milliseconds from the first frame to the end of the last.
    public var durationMs: Double { ms(timestamps[timestamps.count - 1] + lastDuration) }
}

/// One frame of a video: which (its index in presentation order and its exact timestamp), and the
/// decoder and size the reader needs. Its key takes the timestamp, time base and decoder, not the trims.
public struct VideoFrameRef: Sendable, Hashable {
    public var index: Int
    public var timestamp: Int64
    public var timeBaseNum: Int64
    public var timeBaseDen: Int64
    public var decoder: String
    public var width: Int
    public var height: Int

    public init(index: Int, timestamp: Int64, timeBaseNum: Int64, timeBaseDen: Int64, decoder: String, width: Int, height: Int) {
        self.index = index; self.timestamp = timestamp; self.timeBaseNum = timeBaseNum; self.timeBaseDen = timeBaseDen
        self.decoder = decoder; self.width = width; self.height = height
    }
}
