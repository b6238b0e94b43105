import AnimcAseprite
import AnimcBasics
import AnimcManifest
import AnimcPixels
import AnimcPlan

/// Reads the picture a frame step names from its source file, before the animation's transforms.
/// One per executor, shared by its workers: the home of whatever a kind of source keeps between
/// frames (a decoded sheet, an open video stream, a parsed Aseprite file). Each kind of
/// `FrameOrigin` has its reader here.
final class SourceReaders: Sendable {
    let directory: String
    /// Decoded sprite sheets, each decoded once and cut in memory.
    let sheets: SheetStore
    /// Aseprite files parsed in this build (or the failure to), by path: each behind its own lock, so
    /// that it is parsed once (see `SourceReaders+Aseprite`).
    let asepriteFiles = Locked<[String: Locked<Result<ParsedAseprite, FrameFailure>?>]>([:])
    /// Videos' listings, and one decoding stream per video (`SourceReaders+Video`).
    let videos: VideoProbes?
    let videoStreams = Locked<[Digest: Locked<VideoDecoding>]>([:])

    init(directory: String, sheets: SheetStore, videos: VideoProbes? = nil) {
        self.directory = directory
        self.sheets = sheets
        self.videos = videos
    }

    /// The picture of `step`'s origin. `fail` makes the error that names the frame's file.
    func picture(_ step: FrameStep, fail: (String) -> FrameFailure) throws(FrameFailure) -> RGBAImage {
        switch step.origin {
        case .image:
            return try png(step, fail: fail)
        case .tile(let t):
            let image = try sheets.sheet(SheetStore.Key(path: step.path, digest: step.sourceDigest)) { () throws(FrameFailure) in
                try png(step, fail: fail)
            }
            guard t.x >= 0, t.y >= 0, t.width >= 0, t.height >= 0, t.x <= image.width, t.y <= image.height,
                  t.width <= image.width - t.x, t.height <= image.height - t.y else {
                throw fail("sprite tile \(t.width)×\(t.height) at \(t.x),\(t.y) lies outside the sheet (\(image.width)×\(image.height))")
            }
            return image.cropped(x: t.x, y: t.y, width: t.width, height: t.height)
        case let .aseprite(frame, layers):
            return try aseprite(step, frame: frame, layers: layers, fail: fail)
        case .video(let v):
            return try videoFrame(step, v, fail: fail)
        }
    }

    /// The size of the picture before transforms, from the file's header; nil when unreadable.
    /// (The memory budget's estimate; the decode checks everything again.)
    func pictureSize(_ step: FrameStep) -> (width: Int, height: Int)? {
        switch step.origin {
        case .image, .tile:
            return MemoryBudget.pngSize(atPath: Paths.join(directory, step.path))
        case .aseprite:
            return AsepriteFile.canvasSize(atPath: Paths.join(directory, step.path))
        case .video(let v):
            return (v.width, v.height)
        }
    }

    /// The PNG file's pixels, checked against the digest the plan was made from.
    private func png(_ step: FrameStep, fail: (String) -> FrameFailure) throws(FrameFailure) -> RGBAImage {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(Paths.join(directory, step.path)) } catch { throw fail(error.reason) }
        // The digest the plan was made from must still hold, or the cache would be keyed by other content.
        guard Digest.of(bytes) == step.sourceDigest else { throw fail("file changed during the build; run the build again") }
        do { return try PNGCodec.decode(bytes) } catch { throw fail(error.message) }
    }
}

extension SourceInspector {
    /// The inspector of real files, for the build and `clean`.
    static let files = SourceInspector(imageSize: { abs in
        let info = try PNGCodec.readInfo(try FileSystem.read(abs))
        return (info.width, info.height)
    }, aseprite: { abs in try AsepriteFile(bytes: try FileSystem.read(abs)).summary })
}
