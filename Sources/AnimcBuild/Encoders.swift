import AnimcAPNG
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan
import AnimcWebP

/// The one place that knows the formats: it makes the encoder for an output's encode step. The
/// executor only drives `AnimationEncoder`s.
enum Encoders {
    /// The version of the library behind each format's bytes (part of their encode steps' keys).
    static let versions: [OutputFormat: String] = [
        .webp: WebPAnimationEncoder.libraryVersion,
        .apng: APNGEncoder.zlibVersion,
    ]

    static func make(_ step: EncodeStep, width: Int, height: Int, palette: Palette?) throws(EncoderError) -> AnimationEncoder {
        switch step.format {
        case .gif:
            return GIFAnimationEncoder(width: width, height: height, loop: GIFLoop(step.loop), lossy: step.options.lossy)
        case .apng:
            let plays = Planner.totalPlays(step.loop)
            return APNGAnimationEncoder(width: width, height: height, frameCount: step.frames.count,
                                        loop: plays == 0 ? .forever : .plays(plays),
                                        palette: step.options.paletteColors == nil ? nil : palette)
        case .webp:
            let o = step.options.webp ?? Planner.webpDefaults
            let plays = Planner.totalPlays(step.loop)
            func make(_ lossless: Bool, mixed: Bool) throws(EncoderError) -> WebPAnimationEncoder {
                let settings = WebPSettings(lossless: lossless, quality: o.quality, method: o.method, sharpYUV: o.sharpYUV,
                                            allowMixed: mixed, minimizeSize: false, stillTolerance: lossless ? 0 : o.stillTolerance)
                do { return try WebPAnimationEncoder(width: width, height: height, loop: plays, settings: settings) } catch {
                    throw EncoderError(error.description)
                }
            }
            guard o.choose else { return try make(o.lossless, mixed: false) }
            do {
                return try WebPChoosingEncoder { lossless throws(WebPError) in
                    let settings = WebPSettings(lossless: lossless, quality: o.quality, method: o.method, sharpYUV: o.sharpYUV,
                                                allowMixed: !lossless, minimizeSize: false,
                                                stillTolerance: lossless ? 0 : o.stillTolerance)
                    return try WebPAnimationEncoder(width: width, height: height, loop: plays, settings: settings)
                }
            } catch { throw EncoderError(error.description) }
        }
    }
}
