import AnimcBasics
import AnimcManifest
import AnimcPlan
import Foundation

/// How many frames a build keeps in flight, sized by bytes rather than by count.
///
/// Encoding an animation runs `workers` threads that each decode, transform and quantize one frame at
/// a time (`workingBytes` each at their peak), into a window of `window` frames; the main thread
/// encodes the previous window meanwhile, so at most two windows of finished frames (`resultBytes`
/// each) are alive, besides the encoder's canvas. Peak ≈ workers × working + 2 × window × result
/// (+ the canvas), which `sizing` keeps within the budget: fewer workers and smaller windows for big frames, the old `jobs × 4` window for small ones.
/// Outputs never depend on the sizing (frames are encoded in order; histograms merge in order).
public enum MemoryBudget {
    /// 256 MiB: enough that frames up to 1920×1080 keep every worker of an 8-core machine busy
    /// (about 30 MiB each, see `estimate`), small enough for a CI runner or a laptop running an IDE.
    /// A 3840×2160 frame gets 2 workers; an 8192×8192 frame (256 MiB decoded) gets one worker and
    /// one-frame windows, which exceeds the budget, since one frame must be made.
    public static let defaultBytes: Int64 = 256 << 20

    public struct Sizing: Sendable, Equatable {
        /// Threads decoding and quantizing at once (1 ... jobs).
        public var workers: Int
        /// Frames per window (1 ... max(2, jobs × 4)).
        public var window: Int
    }

    /// The sizing for frames that need `workingBytes` while being made and `resultBytes` once quantized.
    /// Always at least one worker and one frame per window, even when one frame is over the budget.
    public static func sizing(workingBytes: Int, resultBytes: Int, jobs: Int, budget: Int64) -> Sizing {
        let jobs = max(1, jobs)
        let maxWindow = max(2, jobs * 4)  // what a window was before it was sized by bytes
        // Clamped far above any real frame (refused at 64 Mpixel anyway), so the sums below cannot overflow.
        let working = Int64(min(max(1, workingBytes), 1 << 50)), result = Int64(min(max(1, resultBytes), 1 << 50))
        let budget = max(0, budget)
        // Each worker needs its working memory and, so that it has a frame to make, two window slots.
        let workers = Int(max(1, min(Int64(jobs), budget / (working + 2 * result))))
        // The rest goes to the two windows, up to the unbudgeted size.
        let left = max(0, budget - Int64(workers) * working)
        let window = Int(max(Int64(workers), min(Int64(maxWindow), left / (2 * result))))
        return Sizing(workers: workers, window: max(1, window))
    }

    /// Peak bytes to make one frame from a `source` image: the decoded RGBA source, the tile or crop
    /// copy, the resize filter's intermediate (output width × cropped height, 4 floats a pixel) and
    /// output, one more output-sized buffer (flatten) and the quantized indices. Summed, though some
    /// are freed before others are made, so it errs high. Saturates instead of overflowing.
    public static func estimate(source: (width: Int, height: Int), tile: TileRect?, crop: CropRect?,
                                resize: ResizeSpec?) -> (working: Int, result: Int) {
        func bytes(_ w: Int, _ h: Int, _ per: Int) -> Int {
            let (p, o1) = max(0, w).multipliedReportingOverflow(by: max(0, h))
            let (b, o2) = p.multipliedReportingOverflow(by: per)
            return o1 || o2 ? Int.max / 8 : b
        }
        var (w, h) = source
        var working = bytes(w, h, 4)
        if let t = tile { (w, h) = (t.width, t.height); working += bytes(w, h, 4) }
        if let c = crop { (w, h) = (c.width, c.height); working += bytes(w, h, 4) }
        if let r = resize {
            let size = r.size(forWidth: w, height: h)
            if r.filter != .nearest { working += bytes(size.width, h, 16) }
            (w, h) = size
            working += bytes(w, h, 4)
        }
        working += bytes(w, h, 4) + bytes(w, h, 1)
        return (working, bytes(w, h, 1) + 1024)
    }

    /// Width and height from a PNG's IHDR (the first 24 bytes), without decoding; nil if not a PNG.
    static func pngSize(atPath path: String) -> (width: Int, height: Int)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 24), data.count == 24 else { return nil }
        let b = [UInt8](data)
        guard b[0] == 0x89, b[1] == 0x50, b[2] == 0x4E, b[3] == 0x47, b[12...15] == [0x49, 0x48, 0x44, 0x52] else { return nil }
        func be32(_ i: Int) -> Int { b[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

extension AnimationExecutor {
    /// The sizing for one animation, from the source headers of up to 8 of its frames (the largest
    /// estimate wins). Without a readable header it falls back to the unbudgeted window.
    /// With `rgba`, each finished frame also holds its RGBA (an output takes it).
    func memorySizing(_ a: AnimationPlan, rgba: Bool = false) -> MemoryBudget.Sizing {
        let frames = a.frames
        var working = 0, result = 0, sheet = 0
        let n = min(8, frames.count)
        let samples = Set((0..<n).map { n == 1 ? 0 : $0 * (frames.count - 1) / (n - 1) })
        for i in samples.sorted() {
            guard let step = project.plan.frames[frames[i].frameKey],
                  var size = sources.pictureSize(step) else { continue }
            if let t = step.tile {
                // A sheet is decoded once and shared by the workers (`SheetStore`): one copy, apart
                // from each worker's tile.
                sheet = max(sheet, min(Int(clamping: options.memoryBudget / 4), size.width.saturatingTimes(size.height * 4)))
                size = (t.width, t.height)
            }
            let e = MemoryBudget.estimate(source: size, tile: nil, crop: step.crop, resize: step.resize)
            working = max(working, e.working)
            result = max(result, rgba ? e.result * 5 : e.result)
        }
        if working == 0 { return MemoryBudget.Sizing(workers: options.jobs, window: max(2, options.jobs * 4)) }
        // The GIF encoder's canvas (4 bytes a pixel) and pending frame (1) live for the whole encode.
        // (A header may claim any size up to 2³¹ a side; such a frame is refused when decoded, and the
        // sizing must not overflow before that.)
        let encoder = Int64(min(result, 1 << 40)) * 5
        return MemoryBudget.sizing(workingBytes: working, resultBytes: result, jobs: options.jobs,
                                   budget: max(0, options.memoryBudget - encoder - Int64(sheet) - Int64(decoded.bytes)))
    }

    /// Whether all `count` distinct frames of the animation fit, decoded, in what `DecodedFrames` may hold
    /// (judged from the source headers of up to 8 frames, as `memorySizing` does); false when unknown.
    func holdsAllFrames(_ a: AnimationPlan, count: Int) -> Bool {
        let frames = a.frames
        let n = min(8, frames.count)
        var largest = 0
        for i in Set((0..<n).map { n == 1 ? 0 : $0 * (frames.count - 1) / (n - 1) }) {
            guard let step = project.plan.frames[frames[i].frameKey], var size = sources.pictureSize(step) else { return false }
            if let t = step.tile { size = (t.width, t.height) }
            let e = MemoryBudget.estimate(source: size, tile: nil, crop: step.crop, resize: step.resize)
            largest = max(largest, (e.result - 1024).saturatingTimes(4))
        }
        return largest > 0 && largest.saturatingTimes(count) <= decoded.capBytes
    }
}

extension Int {
    /// `self × other`, or `Int.max / 8` when it overflows (a header may claim any size).
    func saturatingTimes(_ other: Int) -> Int {
        let (p, o) = multipliedReportingOverflow(by: other)
        return o || p < 0 ? Int.max / 8 : p
    }

}
