import AnimcBasics

/// One entry of the top-level `atlases:` section: a texture atlas (one PNG and one JSON) of the
/// frames of some animations, for game engines.
public struct AtlasSpec: Sendable, Equatable {
    public enum DataFormat: String, Sendable, CaseIterable { case jsonHash = "json-hash", jsonArray = "json-array" }

    public var name: String
    public var location: SourceLocation
    /// As written, relative to the manifest's folder (`.png`), and where.
    public var image: String
    public var imageLocation: SourceLocation
    /// As written (`.json`), and where.
    public var data: String
    public var dataLocation: SourceLocation
    /// Animation names, in the order their frames are listed; each existing.
    public var animations: [String]
    public var format: DataFormat = .jsonHash
    public var padding = 0
    public var extrude = 0
    public var trim = false
    public var maxSize = 4096
    public var powerOfTwo = false

    public init(name: String, location: SourceLocation, image: String, imageLocation: SourceLocation,
                data: String, dataLocation: SourceLocation, animations: [String]) {
        self.name = name; self.location = location; self.image = image; self.imageLocation = imageLocation
        self.data = data; self.dataLocation = dataLocation; self.animations = animations
    }

    /// The two files it writes, with where each is named.
    public var files: [(path: String, location: SourceLocation)] { [(image, imageLocation), (data, dataLocation)] }
}
