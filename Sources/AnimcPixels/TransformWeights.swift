import Foundation

/// Precomputed filter taps for one axis: for each destination index, the first source
/// index, the number of taps, and normalised weights (at most `stride` per index).
struct ResampleWeights {
    let starts: [Int]
    let counts: [Int]
    let weights: [Float]
    let stride: Int

    init(source: Int, destination: Int, filter: ResampleFilter) {
        precondition(source > 0 && destination > 0)
        let scale = Double(source) / Double(destination)
        // When downscaling, stretch the filter over the source so it averages (anti-aliasing).
        let stretch = max(scale, 1)
        let radius: Double = filter == .lanczos ? 3 : 1
        let support = radius * stretch
        let stride = Int((2 * support).rounded(.up)) + 2
        var starts = [Int](repeating: 0, count: destination)
        var counts = [Int](repeating: 0, count: destination)
        var weights = [Float](repeating: 0, count: destination * stride)
        var scratch = [Double](repeating: 0, count: stride)
        for d in 0..<destination {
            let center = (Double(d) + 0.5) * scale
            let first = max(0, Int((center - support).rounded(.down)))
            let last = min(source - 1, Int((center + support).rounded(.up)))
            var total = 0.0
            var n = 0
            if last >= first {
                for s in first...last where n < stride {
                    let w = Self.kernel((Double(s) + 0.5 - center) / stretch, filter: filter)
                    scratch[n] = w
                    total += w
                    n += 1
                }
            }
            // Trim zero-weight taps at both ends.
            var lo = 0, hi = n
            while lo < hi && scratch[lo] == 0 { lo += 1 }
            while hi > lo && scratch[hi - 1] == 0 { hi -= 1 }
            if hi == lo || total == 0 {
                // Cannot happen for these kernels, but fall back to the nearest source pixel.
                starts[d] = min(source - 1, max(0, Int(center)))
                counts[d] = 1
                weights[d * stride] = 1
                continue
            }
            starts[d] = first + lo
            counts[d] = hi - lo
            for k in lo..<hi { weights[d * stride + k - lo] = Float(scratch[k] / total) }
        }
        self.starts = starts
        self.counts = counts
        self.weights = weights
        self.stride = stride
    }

    static func kernel(_ x: Double, filter: ResampleFilter) -> Double {
        let ax = abs(x)
        switch filter {
        case .nearest, .bilinear:
            return ax < 1 ? 1 - ax : 0
        case .lanczos:
            if ax < 1e-9 { return 1 }
            if ax >= 3 { return 0 }
            let px = Double.pi * x
            return 3 * sin(px) * sin(px / 3) / (px * px)
        }
    }

    /// Runs `body` with raw pointers to the tables (for hot loops).
    @inline(__always)
    func withTables<R>(
        _ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Float>, Int) -> R
    ) -> R {
        starts.withUnsafeBufferPointer { s in
            counts.withUnsafeBufferPointer { c in
                weights.withUnsafeBufferPointer { w in body(s, c, w, stride) }
            }
        }
    }

    /// Filters one premultiplied RGBA row (`source` pixels) into `destination` pixels of `out`.
    @inline(__always)
    func apply(_ row: UnsafeMutableBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>, offset: Int) {
        withTables { starts, counts, weights, stride in
            for d in 0..<starts.count {
                var r: Float = 0, g: Float = 0, b: Float = 0, a: Float = 0
                let start = starts[d]
                // Taps lie inside the row (start + counts[d] <= source width), so offsets from the tap
                // row's start need no overflow checks.
                let ws = weights.baseAddress! + d * stride
                let px = row.baseAddress! + start * 4
                for k in 0..<counts[d] {
                    let w = ws[k], p = k &* 4
                    r += w * px[p]; g += w * px[p &+ 1]; b += w * px[p &+ 2]; a += w * px[p &+ 3]
                }
                let o = offset + d * 4
                out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = a
            }
        }
    }
}
