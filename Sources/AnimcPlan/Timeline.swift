/// GIF delays are whole centiseconds. Rounding each delay alone would turn 30 fps (33.3 ms) into 30 ms
/// per frame and make the animation 10% fast; instead, frame ends are rounded on the running total, so the
/// error never accumulates (30 fps becomes 3, 3, 4, 3, 3, 4… centiseconds).
public enum Timeline {
    /// GIF delays: whole centiseconds.
    public static func centiseconds(fromMilliseconds delays: [Double]) -> [Int] {
        wholeUnits(delays, unitMs: 10)
    }

    /// WebP and APNG delays: whole milliseconds, rounded the same way.
    public static func milliseconds(fromMilliseconds delays: [Double]) -> [Int] {
        wholeUnits(delays, unitMs: 1)
    }

    /// Each delay in whole units of `unitMs`, frame ends rounded on the running total.
    static func wholeUnits(_ delays: [Double], unitMs: Double) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(delays.count)
        var elapsedMs = 0.0
        var emitted = 0
        for d in delays {
            elapsedMs += d
            let end = Int((elapsedMs / unitMs).rounded(.toNearestOrAwayFromZero))
            out.append(end - emitted)
            emitted = end
        }
        return out
    }

    /// A GIF delay is 16 bits of centiseconds (655.35 s); the encoder clamps longer ones.
    public static let maxCentiseconds = 65535

    /// Browsers show delays of 0 or 1 centisecond as 10; below 20 ms a GIF plays slower than asked.
    public static let slowestReliableDelayMs = 20.0
}
