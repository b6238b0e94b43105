import AnimcColour
import AnimcPixels
import CWebP

public struct WebPError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// An animated WebP made with libwebp's `WebPAnimEncoder`: frames go in one at a time (each is
/// encoded as it is added, so decoded frames are never held), and the file comes out at the end.
/// libwebp keeps the *encoded* frames until then, so memory grows with the output's size (the bytes
/// of the WebP), not with the frames'.
public final class WebPAnimationEncoder {
    public let width: Int
    public let height: Int
    let settings: WebPSettings
    private var encoder: OpaquePointer?
    private var config = WebPConfig()
    private var timestampMs = 0
    private var previous: [UInt8]?

    /// libwebp's version ("1.2.4"): part of a WebP encode step's key.
    public static var libraryVersion: String {
        let v = WebPGetEncoderVersion()
        return "\(v >> 16).\((v >> 8) & 0xFF).\(v & 0xFF)"
    }

    /// `loop`: 0 plays forever, N plays N times. `background`: ARGB shown behind the first frame.
    public init(width: Int, height: Int, loop: Int, background: UInt32 = 0, settings: WebPSettings) throws(WebPError) {
        precondition(width > 0 && height > 0 && width <= 16383 && height <= 16383)
        self.width = width
        self.height = height
        self.settings = settings
        var options = WebPAnimEncoderOptions()
        guard WebPAnimEncoderOptionsInit(&options) != 0 else { throw WebPError(description: "libwebp: incompatible version") }
        options.anim_params.loop_count = Int32(clamping: loop)
        options.anim_params.bgcolor = background
        options.allow_mixed = settings.allowMixed ? 1 : 0
        options.minimize_size = settings.minimizeSize ? 1 : 0
        encoder = WebPAnimEncoderNew(Int32(width), Int32(height), &options)
        guard encoder != nil else { throw WebPError(description: "libwebp: cannot create the animation encoder") }
        guard WebPConfigInit(&config) != 0 else { throw WebPError(description: "libwebp: incompatible version") }
        if settings.lossless {
            // The lossless preset sets method and quality together for an effort level 0–9.
            _ = WebPConfigLosslessPreset(&config, Int32(max(0, min(9, settings.method * 9 / 6))))
            config.quality = Float(settings.quality)
            config.exact = 1  // keep RGB under transparent pixels as it is: lossless means lossless
        } else {
            config.lossless = 0
            config.quality = Float(max(0, min(100, settings.quality)))
            config.method = Int32(max(0, min(6, settings.method)))
            config.use_sharp_yuv = settings.sharpYUV ? 1 : 0
            config.alpha_quality = 100
        }
        guard WebPValidateConfig(&config) != 0 else { throw WebPError(description: "libwebp: invalid settings") }
    }

    deinit { if let encoder { WebPAnimEncoderDelete(encoder) } }

    /// Adds a frame shown for `durationMs`.
    public func add(_ image: RGBAImage, durationMs: Int) throws(WebPError) {
        precondition(image.width == width && image.height == height)
        var pixels = image.pixels
        if !settings.lossless, settings.stillTolerance > 0, let previous {
            WebPAnimationEncoder.keepStill(&pixels, previous: previous, tolerance: settings.stillTolerance)
        }
        var picture = WebPPicture()
        guard WebPPictureInit(&picture) != 0 else { throw WebPError(description: "libwebp: incompatible version") }
        picture.use_argb = 1
        picture.width = Int32(width)
        picture.height = Int32(height)
        defer { WebPPictureFree(&picture) }
        let imported = pixels.withUnsafeBufferPointer { WebPPictureImportRGBA(&picture, $0.baseAddress, Int32(width * 4)) }
        guard imported != 0 else { throw WebPError(description: "libwebp: out of memory importing a frame") }
        guard WebPAnimEncoderAdd(encoder, &picture, Int32(clamping: timestampMs), &config) != 0 else {
            throw WebPError(description: "libwebp: \(String(cString: WebPAnimEncoderGetError(encoder)))")
        }
        timestampMs += max(0, durationMs)
        previous = settings.stillTolerance > 0 ? pixels : nil
    }

    /// The whole file.
    public func finishFile() throws(WebPError) -> [UInt8] {
        guard WebPAnimEncoderAdd(encoder, nil, Int32(clamping: timestampMs), nil) != 0 else {
            throw WebPError(description: "libwebp: \(String(cString: WebPAnimEncoderGetError(encoder)))")
        }
        var data = WebPData()
        defer { WebPDataClear(&data) }
        guard WebPAnimEncoderAssemble(encoder, &data) != 0, let bytes = data.bytes else {
            throw WebPError(description: "libwebp: \(String(cString: WebPAnimEncoderGetError(encoder)))")
        }
        return Array(UnsafeBufferPointer(start: bytes, count: data.size))
    }

    /// Copies the previous frame's pixel wherever every channel is within `tolerance` of it (alpha equal).
    static func keepStill(_ pixels: inout [UInt8], previous: [UInt8], tolerance: Int) {
        pixels.withUnsafeMutableBufferPointer { cur in
            previous.withUnsafeBufferPointer { old in
                var i = 0
                while i < cur.count {
                    if cur[i + 3] == old[i + 3],
                       abs(Int(cur[i]) - Int(old[i])) <= tolerance,
                       abs(Int(cur[i + 1]) - Int(old[i + 1])) <= tolerance,
                       abs(Int(cur[i + 2]) - Int(old[i + 2])) <= tolerance {
                        cur[i] = old[i]; cur[i + 1] = old[i + 1]; cur[i + 2] = old[i + 2]
                    }
                    i += 4
                }
            }
        }
    }
}

extension WebPAnimationEncoder: AnimationEncoder {
    /// Frames are encoded as they come; the file comes out at `finish`.
    public func add(_ frame: EncoderFrame, delay: Int) throws(EncoderError) -> [UInt8] {
        guard case .rgba(let image) = frame else { throw EncoderError("a WebP takes RGBA frames") }
        do { try add(image, durationMs: delay) } catch { throw EncoderError(error.description) }
        return []
    }

    public func finish() throws(EncoderError) -> [UInt8] {
        do { return try finishFile() } catch { throw EncoderError(error.description) }
    }
}

/// animc's default WebP: lossless when that is at most 5% larger than lossy (exact, and often the
/// smaller), decided on the first `probeFrames` frames. Until then both modes encode every frame, and
/// so does a second pair that is assembled only to measure them; the losing mode is then dropped, so
/// only a short prefix is encoded twice over and no frame is held. With fewer frames than the probe,
/// both whole files are compared.
public final class WebPChoosingEncoder: AnimationEncoder {
    public static let probeFrames = 8
    private var lossless: WebPAnimationEncoder?
    private var lossy: WebPAnimationEncoder?
    private var probes: (lossless: WebPAnimationEncoder, lossy: WebPAnimationEncoder)?
    private var added = 0

    /// `make(lossless)` makes an encoder of one mode; it is called four times.
    public init(make: (Bool) throws(WebPError) -> WebPAnimationEncoder) throws(WebPError) {
        lossless = try make(true)
        lossy = try make(false)
        probes = (try make(true), try make(false))
    }

    public func add(_ frame: EncoderFrame, delay: Int) throws(EncoderError) -> [UInt8] {
        if let probes {
            _ = try probes.lossless.add(frame, delay: delay)
            _ = try probes.lossy.add(frame, delay: delay)
        }
        if let lossless { _ = try lossless.add(frame, delay: delay) }
        if let lossy { _ = try lossy.add(frame, delay: delay) }
        added += 1
        if added == Self.probeFrames, let probes {
            let keepLossless = Self.prefersLossless(try probes.lossless.finish(), try probes.lossy.finish())
            self.probes = nil
            if keepLossless { lossy = nil } else { lossless = nil }
        }
        return []
    }

    public func finish() throws(EncoderError) -> [UInt8] {
        probes = nil
        switch (lossless, lossy) {
        case let (l?, y?):
            let exact = try l.finish(), small = try y.finish()
            return Self.prefersLossless(exact, small) ? exact : small
        case let (l?, nil): return try l.finish()
        case let (nil, y?): return try y.finish()
        case (nil, nil): throw EncoderError("no WebP encoder left")
        }
    }

    static func prefersLossless(_ exact: [UInt8], _ small: [UInt8]) -> Bool {
        exact.count <= small.count + small.count / 20
    }
}
