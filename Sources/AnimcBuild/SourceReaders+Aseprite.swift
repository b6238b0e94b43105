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
    /// One frame of an Aseprite file, composited. The file is read and parsed once per build (the
    /// first frame that needs it; two workers starting on it together may both parse it) and its
    /// frames composited from that, each decompressing only its own cels.
    func aseprite(_ step: FrameStep, frame: Int, layers: [String]?, fail: (String) -> FrameFailure) throws(FrameFailure) -> RGBAImage {
        let parsed: ParsedAseprite
        if let known = asepriteFiles.withLock({ $0[step.path] }), known.digest == step.sourceDigest {
            parsed = known
        } else {
            let bytes: [UInt8]
            do { bytes = try FileSystem.read(Paths.join(directory, step.path)) } catch { throw fail(error.reason) }
            guard Digest.of(bytes) == step.sourceDigest else { throw fail("file changed during the build; run the build again") }
            do { parsed = ParsedAseprite(digest: step.sourceDigest, file: try AsepriteFile(bytes: bytes)) } catch {
                throw fail("not a readable Aseprite file: \(error)")
            }
            asepriteFiles.withLock { $0[step.path] = parsed }
        }
        do { return try parsed.file.render(frame: frame, layers: layers) } catch {
            throw fail("cannot composite frame \(frame) of this Aseprite file: \(error)")
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
