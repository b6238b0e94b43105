import AnimcManifest

extension FrameOrigin {
    /// What a frame step's key takes from the origin, beside the source file's digest. The whole image
    /// adds nothing, so PNG frames keep the keys they always had.
    var keyParams: [String: String] {
        switch self {
        case .image: return [:]
        case .tile(let t): return ["tile": "\(t.x),\(t.y),\(t.width),\(t.height)"]
        }
    }

    /// What the step's id adds to `frame <path>`, so that two pictures of one file are told apart.
    var idSuffix: String {
        switch self {
        case .image: return ""
        case .tile(let t): return "@\(t.x),\(t.y)"
        }
    }
}

/// One picture of one source file: what `Planner.plan`'s `pictureDigests` are keyed by.
public struct PictureID: Sendable, Hashable {
    public var path: String
    public var origin: FrameOrigin
    public init(path: String, origin: FrameOrigin) { self.path = path; self.origin = origin }
}
