import AnimcAseprite
import AnimcBasics
import AnimcManifest
import AnimcPixels
import AnimcPlan

/// An Aseprite file as parsed for a build, with the digest of the bytes it was parsed from.
struct ParsedAseprite: Sendable {
    let digest: Digest
    let file: AsepriteFile
}

extension SourceReaders {
    /// One frame of an Aseprite file, composited. The file is read and parsed once per build, by
    /// the first worker that needs it (others wanting the same file wait for it, as they would need
    /// the same work done), and every frame is composited from that, decompressing only its own cels.
    func aseprite(_ step: FrameStep, frame: Int, layers: [String]?, fail: (String) -> FrameFailure) throws(FrameFailure) -> RGBAImage {
        let cell = asepriteFiles.withLock { files in
            if let cell = files[step.path] { return cell }
            let cell = Locked<Result<ParsedAseprite, FrameFailure>?>(nil)
            files[step.path] = cell
            return cell
        }
        let outcome: Result<ParsedAseprite, FrameFailure> = cell.withLock { known in
            // A success is kept; a failure is tried again by the next frame (and named there too).
            if let known, case .success = known { return known }
            let parsed = parse(step, fail: fail)
            known = parsed
            return parsed
        }
        let parsed: ParsedAseprite
        switch outcome {
        case .success(let p): parsed = p
        case .failure(let f): throw f
        }
        // The plan was made from this content; a file that changed since must not key other pixels.
        guard parsed.digest == step.sourceDigest else { throw fail("file changed during the build; run the build again") }
        do { return try parsed.file.render(frame: frame, layers: layers) } catch {
            throw fail("cannot composite frame \(frame) of this Aseprite file: \(error)")
        }
    }

    private func parse(_ step: FrameStep, fail: (String) -> FrameFailure) -> Result<ParsedAseprite, FrameFailure> {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(Paths.join(directory, step.path)) } catch { return .failure(fail(error.reason)) }
        guard Digest.of(bytes) == step.sourceDigest else { return .failure(fail("file changed during the build; run the build again")) }
        do { return .success(ParsedAseprite(digest: step.sourceDigest, file: try AsepriteFile(bytes: bytes))) } catch {
            return .failure(fail("not a readable Aseprite file: \(error)"))
        }
    }
}

extension AsepriteFile {
    /// What the manifest resolver asks of the file.
    var summary: AsepriteSummary {
        AsepriteSummary(durationsMs: frames.map(\.durationMs),
                        tags: tags.map { .init(name: $0.name, frames: $0.playOrder, direction: $0.direction.name) },
                        layerNames: layers.map(\.name))
    }
}

/// `animc aseprite-frame`: one composited frame of an Aseprite file as a PNG (for checking animc's
/// compositor against Aseprite's own renderings; see scripts/aseprite-conformance).
public enum AsepriteFrameExport {
    /// The PNG of frame `frame` of the file at `path`; the error names the problem.
    public static func png(path: String, frame: Int, layers: [String]?) throws -> [UInt8] {
        let file = try AsepriteFile(bytes: try FileSystem.read(path))
        return try PNGCodec.encode(try file.render(frame: frame, layers: layers))
    }
}
