import AnimcBasics
import AnimcPixels
import AnimcPlan

/// Decoded frames held between the passes over one animation, so that a frame is decoded once where
/// memory allows: `scope: auto`'s sample frames (its two passes, then the histogram pass), and with a
/// shared palette every frame, from the histogram pass to the quantize pass that maps it.
///
/// Held frames never exceed `capBytes` (a quarter of the memory budget, like `SheetStore`): a frame that
/// would go over is not held, and is decoded again when needed. The histogram pass holds frames only
/// when all of the animation's frames fit (`AnimationExecutor.holdsAllFrames`), so a long animation holds
/// none and its memory stays flat with its length. The executor clears the store after each animation.
/// Holding changes only what is decoded twice, never a result: a held frame is the same image.
final class DecodedFrames: Sendable {
    let capBytes: Int
    private let state = Locked<(bytes: Int, images: [Digest: RGBAImage])>((0, [:]))

    init(capBytes: Int) { self.capBytes = max(0, capBytes) }

    static func capBytes(budget: Int64) -> Int { Int(clamping: max(0, budget) / 4) }

    /// Holds `image` as frame `key`'s picture if it fits; false when it does not (nothing is held).
    @discardableResult
    func hold(_ key: Digest, _ image: RGBAImage) -> Bool {
        state.withLock { s in
            if s.images[key] != nil { return true }
            guard s.bytes + image.pixels.count <= capBytes else { return false }
            s.bytes += image.pixels.count
            s.images[key] = image
            return true
        }
    }

    /// The held picture of frame `key`, which stays held.
    func peek(_ key: Digest) -> RGBAImage? { state.withLock { $0.images[key] } }

    /// The held picture of frame `key`, no longer held.
    func take(_ key: Digest) -> RGBAImage? {
        state.withLock { s in
            guard let image = s.images.removeValue(forKey: key) else { return nil }
            s.bytes -= image.pixels.count
            return image
        }
    }

    /// Bytes held now.
    var bytes: Int { state.withLock { $0.bytes } }

    func clear() { state.withLock { $0 = (0, [:]) } }
}

extension AnimationExecutor {
    /// Frame `key`'s picture: the one held, else decoded now (and held when `hold`). A held picture
    /// counts as the progress step of the decode it saves, so progress still ends at its total.
    /// `take` lets go of the held picture (its last use).
    func heldOrDecoded(_ key: Digest, listedAt: SourceLocation, take: Bool = false, hold: Bool = false)
        throws(FrameFailure) -> RGBAImage {
        if let image = take ? decoded.take(key) : decoded.peek(key) {
            builder.step("decode \(project.plan.frames[key]!.path) (held)")
            return image
        }
        let image = try frame(key, listedAt: listedAt)
        if hold { decoded.hold(key, image) }
        return image
    }
}
