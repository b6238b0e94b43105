import AnimcManifest

extension FrameOrigin {
    /// What a frame step's key takes from the origin, beside the source file's digest. The whole image
    /// adds nothing, so PNG frames keep the keys they always had.
    var keyParams: [String: String] {
        switch self {
        case .image: return [:]
        case .tile(let t): return ["tile": "\(t.x),\(t.y),\(t.width),\(t.height)"]
        // The exact timestamp and the decoder, never the trims: a new `end` keeps the frames it keeps.
        case .video(let v): return ["video-time": "\(v.timestamp)*\(v.timeBaseNum)/\(v.timeBaseDen)", "decoder": v.decoder]
        }
    }

    /// What the step's id adds to `frame <path>`, so that two pictures of one file are told apart.
    var idSuffix: String {
        switch self {
        case .image: return ""
        case .tile(let t): return "@\(t.x),\(t.y)"
        case .video(let v): return "@\(v.timestamp)"
        }
    }
}
