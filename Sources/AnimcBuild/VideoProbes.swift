import AnimcBasics
import AnimcCache
import AnimcManifest
import AnimcVideo

/// What the build knows of its videos: each one's frame listing (ffprobe's), keyed by the video's digest
/// and kept in the build record with the decoder's version, so that a build whose videos did not change
/// (or were only touched) runs neither ffprobe nor ffmpeg. The digest comes from the stat cache, as for
/// PNG frames. The version of the installed ffmpeg is recorded under its files' identity (path, size,
/// times), so it is asked again only when ffmpeg changed; when ffmpeg is missing, recorded listings
/// still serve, and only a frame that must really be decoded asks for it.
final class VideoProbes: Sendable {
    let directory: String
    private let recorded: Locked<BuildRecord?>
    private let loadRecord: @Sendable () -> BuildRecord
    /// Entries learnt or used by this build, to keep in its record.
    let entries = Locked<[String: String]>([:])
    private let probes = Locked<[Digest: VideoProbe]>([:])
    /// The stat records of the videos hashed to list them, so the source hashing that follows reads none again.
    let hashed = Locked<[String: BuildRecord.FileRecord]>([:])
    private let tools = Locked<Result<(FFmpegTools, String), VideoError>?>(nil)

    init(directory: String, loadRecord: @escaping @Sendable () -> BuildRecord) {
        self.directory = directory
        self.loadRecord = loadRecord
        recorded = Locked(nil)
    }

    /// The last build's record, if listing a video needed it (the loader then reads it only once).
    var loadedRecord: BuildRecord? { recorded.current }

    private var record: BuildRecord {
        recorded.withLock { r in
            if r == nil { r = loadRecord() }
            return r!
        }
    }

    /// The inspector the resolver asks; also reads sprite sheets' sizes.
    var inspector: SourceInspector {
        SourceInspector(imageSize: SourceInspector.files.imageSize, aseprite: SourceInspector.files.aseprite, video: { [self] abs in try timeline(abs) })
    }

    /// The installed ffmpeg and its version, found once per build.
    func installed() throws(VideoError) -> (FFmpegTools, String) {
        let found = tools.withLock { t -> Result<(FFmpegTools, String), VideoError> in
            if let t { return t }
            let r = Result { () throws(VideoError) -> (FFmpegTools, String) in
                let tools = try FFmpegTools.locate()
                let key = "decoder \(tools.identity)"
                if let v = record.videos[key] {
                    entries.withLock { $0[key] = v }
                    return (tools, v)
                }
                let v = try tools.version()
                entries.withLock { $0[key] = v }
                return (tools, v)
            }
            t = r
            return r
        }
        return try found.get()
    }

    /// The listing of the video at `abs`, from the record when its digest and decoder match.
    func timeline(_ abs: String) throws(VideoError) -> VideoTimeline {
        let rel = abs.hasPrefix(directory + "/") ? String(abs.dropFirst(directory.count + 1)) : abs
        let digest: Digest
        switch SourceHashing.fileDigest(rel, in: directory, record: record.files[rel]) {
        case .success(let (rec, fresh)):
            digest = rec.digest
            if fresh { hashed.withLock { $0[rel] = rec } }
        case .failure(let e): throw VideoError(e.reason)
        }
        let key = "probe \(digest.hex)"
        let cached = entries.current[key] ?? record.videos[key]
        let (version, probe) = try listing(abs, key: key, cached: cached)
        probes.withLock { $0[digest] = probe }
        return VideoTimeline(width: probe.width, height: probe.height, timeBaseNum: probe.timeBaseNum,
                             timeBaseDen: probe.timeBaseDen, timestamps: probe.timestamps,
                             lastDuration: probe.lastDuration, decoder: version)
    }

    private func listing(_ abs: String, key: String, cached: String?) throws(VideoError) -> (String, VideoProbe) {
        var old: (String, VideoProbe)?
        if let cached, let tab = cached.firstIndex(of: "\t"),
           let p = VideoProbe(serialized: String(cached[cached.index(after: tab)...])) {
            old = (String(cached[..<tab]), p)
        }
        let current: (FFmpegTools, String)
        do {
            current = try installed()
        } catch {
            // No ffmpeg: a recorded listing still names the frames, whose results may all be cached.
            guard let old else { throw error }
            entries.withLock { $0[key] = cached! }
            return old
        }
        if let old, old.0 == current.1 {
            entries.withLock { $0[key] = cached! }
            return old
        }
        let probe = try VideoProbe.probe(abs, tools: current.0)
        entries.withLock { $0[key] = current.1 + "\t" + probe.serialized }
        return (current.1, probe)
    }

    /// The listing of a video this build resolved, by its digest.
    func probe(_ digest: Digest) -> VideoProbe? {
        probes.withLock { $0[digest] }
    }
}
