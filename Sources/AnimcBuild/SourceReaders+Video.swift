import AnimcBasics
import AnimcManifest
import AnimcPixels
import AnimcPlan
import AnimcVideo

/// One video's decoding during a build: up to two ffmpeg streams read forward (workers take frames in
/// windows: each window reads on in its own stream), and the last frames they gave (for a worker that
/// asks slightly out of order). Going back, or far forward, starts a stream at a seek; the stream used
/// least recently is closed to make room. Held under its video's lock.
final class VideoDecoding {
    /// Least recently used first.
    var streams: [VideoStream] = []
    var recent: [(index: Int, image: RGBAImage)] = []
    var checked = false
    /// At most this many streams (ffmpeg children) per video at once.
    static let maxStreams = 2
    /// Frames kept for workers that ask slightly out of order.
    static let keep = 6
    /// A forward jump longer than this seeks rather than decoding the frames between.
    static let seekAhead = 120
}

extension SourceReaders {
    /// Frame `v.index` of the video `step` names, decoded now (or just before, by another worker).
    func videoFrame(_ step: FrameStep, _ v: VideoFrameRef, fail: (String) -> FrameFailure) throws(FrameFailure) -> RGBAImage {
        guard let videos, let probe = videos.probe(step.sourceDigest) else {
            throw fail("video was not listed by this build")
        }
        let decoding = videoStreams.withLock { d in
            if let existing = d[step.sourceDigest] { return existing }
            let new = Locked(VideoDecoding())
            d[step.sourceDigest] = new
            return new
        }
        let abs = Paths.join(directory, step.path)
        let result = decoding.withLock { (d: inout VideoDecoding) -> Result<RGBAImage, VideoError> in
            Result { () throws(VideoError) -> RGBAImage in
                try Self.decode(v, of: abs, probe: probe, digest: step.sourceDigest, videos: videos, into: &d)
            }
        }
        switch result {
        case .success(let image): return image
        case .failure(let e): throw fail(e.message)
        }
    }

    private static func decode(_ v: VideoFrameRef, of abs: String, probe: VideoProbe, digest: Digest,
                               videos: VideoProbes, into d: inout VideoDecoding) throws(VideoError) -> RGBAImage {
        if let hit = d.recent.first(where: { $0.index == v.index }) { return hit.image }
        guard v.index < probe.timestamps.count, probe.timestamps[v.index] == v.timestamp else {
            throw VideoError("frame at \(v.timestamp) is not in the video's listing (the file changed; run the build again)")
        }
        let usable = d.streams.indices.filter { i in
            let next = d.streams[i].nextIndex
            return next <= v.index && v.index - next <= VideoDecoding.seekAhead
        }
        let stream: VideoStream
        if let i = usable.max(by: { d.streams[$0].nextIndex < d.streams[$1].nextIndex }) {
            stream = d.streams.remove(at: i)
        } else {
            let (tools, version) = try videos.installed()
            guard version == v.decoder else {
                throw VideoError("ffmpeg changed during the build (\(version), planned with \(v.decoder)); run the build again")
            }
            if !d.checked {
                // The digest the plan was made from must still hold, or the cache would be keyed by other content.
                let now: Digest
                do { now = try FileSystem.digest(abs) } catch { throw VideoError(error.reason) }
                guard now == digest else { throw VideoError("file changed during the build; run the build again") }
                d.checked = true
            }
            if d.streams.count >= VideoDecoding.maxStreams { d.streams.removeFirst().close() }
            stream = try VideoStream(path: abs, probe: probe, tools: tools, from: v.index)
        }
        var image: RGBAImage
        repeat {
            image = try stream.next()
            d.recent.append((stream.nextIndex - 1, image))
            if d.recent.count > VideoDecoding.keep { d.recent.removeFirst() }
        } while stream.nextIndex <= v.index
        if stream.nextIndex == probe.timestamps.count {
            try stream.finish()
        } else {
            d.streams.append(stream)
        }
        return image
    }
}
