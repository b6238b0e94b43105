import AnimcManifest

extension FrameOrigin {
    /// What a frame step's key takes from the origin, beside the source file's digest. The whole image
    /// adds nothing, so PNG frames keep the keys they always had.
    var keyParams: [String: String] {
        switch self {
        case .image: return [:]
        case .tile(let t): return ["tile": "\(t.x),\(t.y),\(t.width),\(t.height)"]
        case let .aseprite(frame, layers):
            var p = ["aseprite-frame": "\(frame)", "aseprite-compositor": "\(FrameOrigin.asepriteCompositorVersion)"]
            if let layers { p["aseprite-layers"] = layers.map { "\($0.utf8.count):\($0)" }.joined() }
            return p
        // The exact timestamp and the decoder, never the trims: a new `end` keeps the frames it keeps.
        case .video(let v): return ["video-time": "\(v.timestamp)*\(v.timeBaseNum)/\(v.timeBaseDen)", "decoder": v.decoder]
        }
    }

    /// What the step's id adds to `frame <path>`, so that two pictures of one file are told apart.
    var idSuffix: String {
        switch self {
        case .image: return ""
        case .tile(let t): return "@\(t.x),\(t.y)"
        case let .aseprite(frame, layers): return "#\(frame)" + (layers.map { "[\($0.joined(separator: ","))]" } ?? "")
        case .video(let v): return "@\(v.timestamp)"
        }
    }
}

/// One picture of one source file: what `Planner.plan`'s `pictureDigests` are keyed by.
public struct PictureID: Sendable, Hashable {
    public var path: String
    public var origin: FrameOrigin
    public init(path: String, origin: FrameOrigin) { self.path = path; self.origin = origin }
}

extension FrameOrigin {
    /// The version of the Aseprite compositor (AnimcAseprite's `AsepriteFile.compositorVersion`,
    /// which a test keeps equal): in the key of every frame read from an Aseprite file.
    public static let asepriteCompositorVersion = 1
}
