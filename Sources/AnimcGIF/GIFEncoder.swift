import AnimcColour
import AnimcPixels
/// A streaming animated-GIF writer with frame optimisation.
///
/// Memory is bounded: it keeps the canvas currently on screen (RGBA, one frame) and one pending
/// frame, held back so that (1) identical consecutive frames merge by adding their delays and
/// (2) the pending frame's disposal can depend on the next frame (see `GIFEncoder+Emit.swift`).
/// Bytes come out as soon as they are final: `add` returns what can be appended to the file.
public struct GIFEncoder: Sendable {
    public let width: Int
    public let height: Int
    public let loop: GIFLoop
    /// A pixel within this many levels (every channel) of what is on screen is left as it is.
    public let lossy: Int

    var started = false
    var global: Palette?
    var globalBits = 1
    /// What decoders show after the last emitted frame and its disposal: 0 = transparent,
    /// otherwise 0xFF000000 | rgb. Compared by colour, not by index, so palettes may differ per frame.
    var canvas: [UInt32]
    var pending: IndexedImage?
    var pendingDelay = 0
    /// Transparent pixels of the first frame (nil when it has none), so that the last frame can be
    /// disposed where the first frame is transparent when the animation loops.
    var firstTransparent: [UInt8]?

    public init(width: Int, height: Int, loop: GIFLoop, lossy: Int = 2) {
        precondition(width >= 1 && height >= 1 && width <= 65535 && height <= 65535)
        self.lossy = max(0, lossy)
        self.width = width
        self.height = height
        self.loop = loop
        canvas = [UInt32](repeating: 0, count: width * height)
    }

    /// Queues a frame (of the encoder's size; indices < its palette's colour count) and returns the
    /// bytes now ready to append to the file (possibly none).
    public mutating func add(_ frame: IndexedImage, delayCentiseconds: Int) -> [UInt8] {
        precondition(frame.width == width && frame.height == height, "frame size differs from the GIF size")
        let delay = max(0, min(65535, delayCentiseconds))
        guard let p = pending else {
            pending = frame
            pendingDelay = delay
            return []
        }
        if pendingDelay + delay <= 65535 && Self.sameAppearance(p, frame) {
            pendingDelay += delay
            return []
        }
        let bytes = emit(p, delay: pendingDelay, nextTransparent: Self.transparencyMask(frame))
        pending = frame
        pendingDelay = delay
        return bytes
    }

    /// Flushes the pending frame and writes the trailer.
    public mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        if let p = pending {
            out = emit(p, delay: pendingDelay, nextTransparent: loop == .none ? nil : firstTransparent)
            pending = nil
        } else if !started {
            GIFBlocks.appendHeader(width: width, height: height, global: nil, globalBits: 1, loop: loop, &out)
            started = true
        }
        out.append(0x3B)
        return out
    }

    /// Encodes a whole animation in memory (frames with delays in centiseconds).
    public static func encode(frames: [(IndexedImage, Int)], width: Int, height: Int, loop: GIFLoop,
                              lossy: Int = 2) -> [UInt8] {
        var encoder = GIFEncoder(width: width, height: height, loop: loop, lossy: lossy)
        var out: [UInt8] = []
        for (frame, delay) in frames { out += encoder.add(frame, delayCentiseconds: delay) }
        out += encoder.finish()
        return out
    }

    /// Colour of each index as shown: 0 for the transparent index, 0xFF000000 | rgb otherwise
    /// (indices beyond the palette read as black, like the zero padding of the colour table).
    static func lookupTable(_ palette: Palette) -> [UInt32] {
        var lut = [UInt32](repeating: 0xFF00_0000, count: 256)
        for (i, c) in palette.colors.enumerated() {
            lut[i] = 0xFF00_0000 | UInt32(c.r) << 16 | UInt32(c.g) << 8 | UInt32(c.b)
        }
        if let t = palette.transparentIndex, t >= 0, t < 256 { lut[t] = 0 }
        return lut
    }

    /// Whether two frames look the same (by colour and transparency, whatever their palettes).
    static func sameAppearance(_ a: IndexedImage, _ b: IndexedImage) -> Bool {
        if a.palette == b.palette && a.indices == b.indices { return true }
        let la = lookupTable(a.palette), lb = lookupTable(b.palette)
        return la.withUnsafeBufferPointer { la in
            lb.withUnsafeBufferPointer { lb in
                a.indices.withUnsafeBufferPointer { ia in
                    b.indices.withUnsafeBufferPointer { ib in
                        for i in 0..<ia.count where la[Int(ia[i])] != lb[Int(ib[i])] { return false }
                        return true
                    }
                }
            }
        }
    }

    /// 1 where the frame is transparent; nil when it has no transparent pixel.
    static func transparencyMask(_ frame: IndexedImage) -> [UInt8]? {
        guard let t = frame.palette.transparentIndex, t >= 0, t < 256 else { return nil }
        let ti = UInt8(t)
        var any = false
        var mask = [UInt8](repeating: 0, count: frame.indices.count)
        frame.indices.withUnsafeBufferPointer { src in
            mask.withUnsafeMutableBufferPointer { m in
                for i in 0..<src.count where src[i] == ti { m[i] = 1; any = true }
            }
        }
        return any ? mask : nil
    }
}
