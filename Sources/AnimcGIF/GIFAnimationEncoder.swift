import AnimcPixels
import AnimcColour

/// GIF through `GIFEncoder`.
public final class GIFAnimationEncoder: AnimationEncoder {
    private var encoder: GIFEncoder

    public init(width: Int, height: Int, loop: GIFLoop, lossy: Int) {
        encoder = GIFEncoder(width: width, height: height, loop: loop, lossy: lossy)
    }

    public func add(_ frame: EncoderFrame, delay: Int) throws(EncoderError) -> [UInt8] {
        guard case .indexed(let image) = frame else { throw EncoderError("a GIF takes palette frames") }
        return encoder.add(image, delayCentiseconds: delay)
    }

    public func finish() throws(EncoderError) -> [UInt8] { encoder.finish() }
}
