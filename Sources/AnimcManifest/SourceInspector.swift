/// What the resolver may ask of source files to list an animation's frames (absolute paths in).
/// The build passes readers of real files; tests pass their own answers. A kind of source that must
/// look inside its file to list its frames (a video's timestamps, an Aseprite file's frames) adds
/// its question here.
public struct SourceInspector: Sendable {
    /// A sprite sheet's size in pixels.
    public var imageSize: @Sendable (String) throws -> (width: Int, height: Int)
    /// An Aseprite file's frames, tags and layers.
    public var aseprite: @Sendable (String) throws -> AsepriteSummary

    /// A video's frame timestamps and size (`VideoTimeline`); nil where videos cannot be read.
    public var video: (@Sendable (String) throws -> VideoTimeline)?

    public init(imageSize: @escaping @Sendable (String) throws -> (width: Int, height: Int),
                aseprite: @escaping @Sendable (String) throws -> AsepriteSummary = { _ in throw AsepriteSummary.Unavailable() },
                video: (@Sendable (String) throws -> VideoTimeline)? = nil) {
        self.imageSize = imageSize
        self.aseprite = aseprite
        self.video = video
    }
}
