import AnimcBasics

/// A `video:` source's frames: which frames the trims keep, and how long each shows.
extension ManifestResolver.Run {
    mutating func video(_ spec: VideoSpec, _ source: FrameSource, animation: Animation) -> [ResolvedFrame] {
        let settings = animation.settings
        let loc = source.location
        guard let rel = existing([spec.path], loc).first else { return [] }
        guard let read = inspector.video else {
            error("cannot read video '\(spec.path)' here", at: loc)
            return []
        }
        let tl: VideoTimeline
        do {
            tl = try read(absolutePath(rel))
        } catch {
            self.error("cannot read video '\(spec.path)': \(error)", at: loc)
            return []
        }
        guard ManifestLimits.fits(width: tl.width, height: tl.height) else {
            error("video '\(spec.path)' is \(tl.width)×\(tl.height) pixels, over animc's limit of \(ManifestLimits.maxSide) on a side and \(ManifestLimits.maxPixels) pixels in all", at: loc)
            return []
        }
        let times = tl.timestamps.map(tl.ms)
        let duration = tl.durationMs
        let start = spec.startMs ?? 0, end = spec.endMs ?? duration
        let long = "\(seconds(duration)) long"
        if start >= duration {
            error("'start' (\(seconds(start))) is past the end of video '\(spec.path)' (\(long))", at: loc)
            return []
        }
        // A millisecond of slack: an `end` written as the video's length in whole milliseconds is its end.
        if end > duration + 1 {
            error("'end' (\(seconds(end))) is past the end of video '\(spec.path)' (\(long))", at: loc)
            return []
        }
        func ref(_ i: Int) -> FrameOrigin {
            .video(VideoFrameRef(index: i, timestamp: tl.timestamps[i], timeBaseNum: tl.timeBaseNum,
                                 timeBaseDen: tl.timeBaseDen, decoder: tl.decoder, width: tl.width, height: tl.height))
        }
        /// The frame on screen at `t`: the last one that starts at or before it.
        func onScreen(_ t: Double) -> Int {
            var lo = 0, hi = times.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if times[mid] <= t { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
        let first = onScreen(start)
        var frames: [ResolvedFrame] = []
        if source.delayMs == nil, animation.setsTiming, case .fps(let fps) = settings.timing {
            // Resampled: the frame on screen at each tick, as ffmpeg's fps filter picks them.
            let step = 1000 / fps
            let ticks = Int(((end - start) / step).rounded(.up))
            guard ticks <= ManifestLimits.maxSourceFrames else {
                error("video '\(spec.path)' at \(ManifestParser.format(fps)) fps gives \(ticks) frames, over the limit of \(ManifestLimits.maxSourceFrames); trim it", at: loc)
                return []
            }
            for k in 0..<max(1, ticks) {
                frames.append(ResolvedFrame(path: rel, origin: ref(onScreen(start + Double(k) * step)), delayMs: step,
                                            sourceLocation: loc))
            }
            return frames
        }
        let fixed: Double? = source.delayMs ?? (animation.setsTiming ? settings.timing.frameDelayMs : nil)
        var i = first
        while i < times.count, i == first || times[i] < end {
            // The video's own timing: a frame shows until the next one starts (the last, for its duration),
            // within the trims.
            let shownFrom = max(times[i], start)
            let shownTo = min(i + 1 < times.count ? times[i + 1] : duration, end)
            frames.append(ResolvedFrame(path: rel, origin: ref(i), delayMs: fixed ?? (shownTo - shownFrom), sourceLocation: loc))
            i += 1
        }
        return frames
    }

    private func seconds(_ ms: Double) -> String {
        ManifestParser.format((ms / 1000 * 1000).rounded() / 1000) + "s"
    }
}
