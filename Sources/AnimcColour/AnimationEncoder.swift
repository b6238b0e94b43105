import AnimcPixels

/// A frame as an encoder takes it: palette indices (GIF, palette APNG) or RGBA (WebP, lossless APNG).
public enum EncoderFrame {
    case indexed(IndexedImage)
    case rgba(RGBAImage)
}

public struct EncoderError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One container format, behind the interface the executor drives without knowing the format: frames
/// go in one at a time, in play order, with their delays (centiseconds for GIF, milliseconds otherwise),
/// and bytes come out as soon as the format can give them.
public protocol AnimationEncoder: AnyObject {
    /// Adds one frame; returns the bytes to append to the file (possibly none yet).
    func add(_ frame: EncoderFrame, delay: Int) throws(EncoderError) -> [UInt8]
    /// The rest of the file.
    func finish() throws(EncoderError) -> [UInt8]
}
